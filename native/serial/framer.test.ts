import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SerialFraming } from '../../core/devices/ports';
import { parseHexReports } from '../hid-pos/report-assembler';
import { createLineFramer, createRecordAssembler, type FramerItem } from './framer';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'serial');
const chunks = (name: string) => parseHexReports(readFileSync(join(fixtures, name), 'utf8'));
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

function frame(framing: SerialFraming, parts: Array<string | Uint8Array>): FramerItem[] {
  const f = createLineFramer(framing);
  return parts.flatMap((p) => f.push(typeof p === 'string' ? bytes(p) : p));
}
const texts = (items: FramerItem[]) => items.map((i) => i.text);

describe('serial line framing', () => {
  it('splits on CR and drops stray LF', () => {
    expect(texts(frame('cr', ['AB\rCD\r\nEF\r']))).toEqual(['AB', 'CD', 'EF']);
  });

  it('splits on LF and drops CR', () => {
    expect(texts(frame('lf', ['AB\nCD\r\nEF']))).toEqual(['AB', 'CD']);
  });

  it('splits on CRLF only', () => {
    expect(texts(frame('crlf', ['AB\r\nCD\rX\r\n']))).toEqual(['AB', 'CDX']);
  });

  it('treats CR, LF and CRLF alike in any-eol, even when CRLF is split across chunks', () => {
    expect(texts(frame('any-eol', ['AB\r', '\nCD\nEF\r', 'GH\r\n\r\n']))).toEqual(['AB', 'CD', 'EF', 'GH', '']);
  });

  it('reassembles lines split across chunks and decodes UTF-8 split mid-character', () => {
    const e = new TextEncoder().encode('É1\r');
    expect(texts(frame('cr', [e.subarray(0, 1), e.subarray(1)]))).toEqual(['É1']);
  });

  it('reads STX/ETX frames, ignoring bytes outside, keeping inner lines', () => {
    const items = frame('stx-etx', ['noise\x02AB\r\nCD\r\n\x03junk\x02EF', 'GH\x03']);
    expect(items).toEqual([
      { kind: 'frame', text: 'AB\nCD' },
      { kind: 'frame', text: 'EFGH' },
    ]);
  });

  it('reports a partial line', () => {
    const f = createLineFramer('cr');
    f.push(bytes('ABC'));
    expect(f.hasPartial()).toBe(true);
    f.push(bytes('\r'));
    expect(f.hasPartial()).toBe(false);
  });

  it('reads the recorded document-reader chunks', () => {
    expect(texts(frame('any-eol', chunks('reader-td1-crlf.hex')))).toEqual([...TD1, '']);
    expect(texts(frame('stx-etx', chunks('reader-td1-stx-etx.hex')))).toEqual([TD1.join('\n')]);
  });
});

function manualTimers() {
  let pending: { cb: () => void; ms: number } | null = null;
  return {
    timers: {
      setTimeout: (cb: () => void, ms: number) => ((pending = { cb, ms }), 1),
      clearTimeout: () => (pending = null),
    },
    fire() {
      const p = pending;
      pending = null;
      p?.cb();
    },
    get pending() {
      return pending;
    },
  };
}

describe('record assembly', () => {
  const line = (text: string): FramerItem => ({ kind: 'line', text });

  it('joins MRZ lines until a blank line', () => {
    const t = manualTimers();
    const out: string[] = [];
    const r = createRecordAssembler({ multiLine: true, lineTimeoutMs: 250, timers: t.timers, onRecord: (x) => out.push(x) });
    r.accept(line('LINE-ONE'));
    r.accept(line('LINE-TWO'));
    expect(out).toEqual([]);
    r.accept(line(''));
    expect(out).toEqual(['LINE-ONE\nLINE-TWO']);
    expect(t.pending).toBeNull();
  });

  it('closes a record on the timeout', () => {
    const t = manualTimers();
    const out: string[] = [];
    const r = createRecordAssembler({ multiLine: true, lineTimeoutMs: 250, timers: t.timers, onRecord: (x) => out.push(x) });
    r.accept(line('RVA2026000123'));
    expect(t.pending?.ms).toBe(250);
    t.fire();
    expect(out).toEqual(['RVA2026000123']);
  });

  it('closes at once when the lines form a complete MRZ', () => {
    const t = manualTimers();
    const out: string[] = [];
    const r = createRecordAssembler({ multiLine: true, lineTimeoutMs: 250, timers: t.timers, onRecord: (x) => out.push(x) });
    for (const l of TD1) r.accept(line(l));
    expect(out).toEqual([TD1.join('\n')]);
    expect(r.hasPartial()).toBe(false);
  });

  it('emits each line when multi-line is off', () => {
    const t = manualTimers();
    const out: string[] = [];
    const r = createRecordAssembler({ multiLine: false, lineTimeoutMs: 250, timers: t.timers, onRecord: (x) => out.push(x) });
    r.accept(line('A1'));
    r.accept(line(''));
    r.accept(line('B2 '));
    expect(out).toEqual(['A1', 'B2']);
  });

  it('drops pending lines on reset', () => {
    const t = manualTimers();
    const out: string[] = [];
    const r = createRecordAssembler({ multiLine: true, lineTimeoutMs: 250, timers: t.timers, onRecord: (x) => out.push(x) });
    r.accept(line(TD1[0]!));
    expect(r.hasPartial()).toBe(true);
    r.reset();
    t.fire();
    expect(out).toEqual([]);
  });
});
