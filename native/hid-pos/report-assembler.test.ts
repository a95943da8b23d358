import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HID_FIXTURE_PAYLOADS } from '../fixtures/hid-pos/payloads';
import { createHidPosAssembler, encodeHidPosReports, parseHexReports } from './report-assembler';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hid-pos');
const fixture = (name: string) => parseHexReports(readFileSync(join(fixtures, `${name}.hex`), 'utf8'));

function feedAll(reports: Uint8Array[], layout = {}) {
  const a = createHidPosAssembler(layout);
  const out = [];
  for (const r of reports) {
    const p = a.push(r);
    if (p) out.push(p);
  }
  return { out, assembler: a };
}

describe('HID POS report assembly', () => {
  it('reads a single-report symbol with its AIM symbology id', () => {
    const { out } = feedAll(fixture('code128-single'));
    expect(out).toEqual([{ raw: 'RVA2026000123', symbology: ']C0', reports: 1 }]);
  });

  it('joins a boarding pass spread over three reports using the continuation bit', () => {
    const reports = fixture('bcbp-pdf417');
    expect(reports).toHaveLength(3);
    expect(reports.map((r) => r[63])).toEqual([1, 1, 0]);
    const { out } = feedAll(reports);
    expect(out).toHaveLength(1);
    expect(out[0]?.reports).toBe(3);
    expect(out[0]?.symbology).toBe(']L2');
    expect(out[0]?.raw).toBe(HID_FIXTURE_PAYLOADS['bcbp-pdf417'].text);
  });

  it('emits nothing until the last report arrives', () => {
    const reports = fixture('bcbp-pdf417');
    const a = createHidPosAssembler();
    expect(a.push(reports[0]!)).toBeNull();
    expect(a.hasPartial()).toBe(true);
    expect(a.push(reports[1]!)).toBeNull();
    expect(a.push(reports[2]!)?.raw.endsWith(' N')).toBe(true);
    expect(a.hasPartial()).toBe(false);
  });

  it('keeps MRZ line breaks and reports no symbology when the id bytes are zero', () => {
    const { out } = feedAll(fixture('mrz-td3-cr'));
    expect(out[0]?.symbology).toBeUndefined();
    expect(out[0]?.raw.split('\r').filter(Boolean)).toEqual([
      'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
      'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
    ]);
  });

  it('ignores other report ids between the reports of one symbol', () => {
    const { out } = feedAll(fixture('two-symbols-with-status'));
    expect(out.map((p) => p.raw.slice(0, 6))).toEqual(['M1ERIK', 'RVA202']);
  });

  it('never reads the flag byte as data even if the length byte overstates', () => {
    const r = new Uint8Array(16);
    r.set([0x02, 0xff, 0x5d, 0x45, 0x30]);
    r.set([0x41, 0x42, 0x43], 5);
    r[15] = 0x00;
    const { out } = feedAll([r]);
    expect(out[0]?.raw).toBe('ABC' + '\0'.repeat(7));
  });

  it('supports layouts without symbology bytes', () => {
    const r = new Uint8Array(64);
    r.set([0x02, 4, 0x54, 0x45, 0x53, 0x54]);
    const { out } = feedAll([r], { symbologyBytes: 0 });
    expect(out[0]).toEqual({ raw: 'TEST', reports: 1 });
  });

  it('round-trips payloads of any length through the encoder', () => {
    const enc = new TextEncoder();
    for (const n of [1, 55, 56, 57, 112, 113, 500]) {
      const text = 'X'.repeat(n - 1) + 'Z';
      const { out } = feedAll(encodeHidPosReports(enc.encode(text)));
      expect(out[0]?.raw).toBe(text);
      expect(out[0]?.reports).toBe(Math.ceil(n / 56));
    }
  });

  it('rejects malformed fixture lines', () => {
    expect(() => parseHexReports('02 3')).toThrow(/bad hex/);
  });
});
