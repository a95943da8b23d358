/**
 * Receipts through the IPC dispatcher, as the desk calls them: who may print what, refusals
 * without a recorded fact, the content of the PDFs (pdftotext) in French and Arabic, DUPLICATA on
 * reprints, the 80 mm page, and silent printing through the printer port.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it, vi } from 'vitest';
import type { Pv } from '../../core/departure/pv';
import { samplePv } from '../../core/departure/testing';
import { createIpc } from '../ipc/index';
import { createTestPinHasher } from '../testing/pin-hasher';
import { boardingPassFor, mrzFor } from '../testing/passage-fixtures';
import { createAppServices } from './app-services';
import type { ReceiptPrinter } from './receipt-service';
import { createManualClock } from './runtime';
import type { Logger } from './runtime';
import { seedDemo } from '../demo/demo-seed';

// 2026-06-15 10:00 UTC, 11:00 in Casablanca (UTC+1 outside Ramadan).
const NOW = Date.parse('2026-06-15T10:00:00Z');

/** A signature as the pad draws it: a dark stroke on white, 300x100. */
function signaturePng(): string {
  const png = new PNG({ width: 300, height: 100 });
  png.data.fill(255);
  for (let x = 20; x < 280; x++) {
    const y = Math.round(50 + 30 * Math.sin(x / 20));
    for (let dy = -2; dy <= 2; dy++) {
      const i = ((y + dy) * 300 + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = 20;
    }
  }
  return PNG.sync.write(png).toString('base64');
}

async function post(options: { printer?: ReceiptPrinter; printerName?: string; paper?: string } = {}) {
  const clock = createManualClock(NOW);
  const lines: string[] = [];
  const logger: Logger = {
    info: (event, fields) => lines.push(JSON.stringify({ event, ...fields })),
    warn: (event, fields) => lines.push(JSON.stringify({ event, ...fields })),
    error: (event, fields) => lines.push(JSON.stringify({ event, ...fields })),
  };
  const services = await createAppServices({
    dataDir: ':memory:',
    mode: 'browser',
    version: 'test',
    seed: seedDemo,
    clock,
    logger,
    pinHasher: createTestPinHasher(),
    receiptPrinter: options.printer,
  });
  if (options.printerName) services.db.prepare("INSERT INTO post_settings VALUES ('receipts.printer', ?, 0)").run(options.printerName);
  if (options.paper) services.db.prepare("INSERT INTO post_settings VALUES ('receipts.paper', ?, 0)").run(options.paper);
  const ipc = createIpc(services);
  const call = async (client: string, key: string, input: unknown) => ipc.dispatch(key, input, client);
  for (const [client, username, pin] of [
    ['escort', 'escorte', '2345'],
    ['officer', 'officier', '1234'],
    ['supervisor', 'superviseur', '3456'],
  ] as const) {
    expect((await call(client, 'auth.login', { username, pin })).ok).toBe(true);
  }
  const pv = samplePv();
  expect(await call('supervisor', 'pvs.import', { format: 'json', content: JSON.stringify({ version: 1, pvs: [pv] }) })).toMatchObject({
    ok: true,
  });
  const verify = async (client: string, p: Pv = pv) => {
    const r = await call(client, 'departures.verify', {
      scans: [
        { source: 'wedge', raw: mrzFor(p) },
        { source: 'wedge', raw: boardingPassFor(p) },
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return (r.value as { passageId: string }).passageId;
  };
  const pay = async (passageId: string) =>
    call('escort', 'perDiem.pay', { passageId, receiptNumber: 'R-2026-0042', formsSigned: true, signaturePng: signaturePng() });
  return { services, call, verify, pay, pv, lines, clock };
}

interface ReceiptOut {
  copy: number;
  duplicate: boolean;
  fileName: string;
  contentBase64: string;
  printedOn: string | null;
  printError: string | null;
  recordId: string;
}

async function receipt(call: (c: string, k: string, i: unknown) => Promise<unknown>, client: string, key: string, input: unknown) {
  const r = (await call(client, key, input)) as { ok: boolean; value?: ReceiptOut; error?: unknown };
  if (!r.ok || !r.value) throw new Error(JSON.stringify(r));
  return r.value;
}

const dir = process.env.RVA_RECEIPTS_OUT ?? mkdtempSync(join(tmpdir(), 'rva-receipts-'));
let fileNo = 0;
/** Writes the PDF and returns its text (pdftotext, layout kept) and page info. */
function pdfText(out: ReceiptOut): { text: string; info: string; file: string } {
  const file = join(dir, `${++fileNo}-${out.fileName}`);
  writeFileSync(file, Buffer.from(out.contentBase64, 'base64'));
  return {
    text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }),
    info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }),
    file,
  };
}

/** pdftotext gives shaped Arabic as presentation forms: fold them back for comparison. */
const fold = (s: string) => s.normalize('NFKC');

describe('who may print what', () => {
  it('serves per diem and exchange receipts to escorts and supervisors, attestations to officers too', async () => {
    const { call, verify } = await post();
    const passageId = await verify('officer');
    for (const key of ['receipts.perDiem', 'receipts.exchange']) {
      expect(await call('officer', key, { passageId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // Allowed for the officer, refused for lack of a stamp (not forbidden).
    expect(await call('officer', 'receipts.exitAttestation', { passageId })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: 'receipts.errors.noStamp' },
    });
  });

  it('refuses a receipt for a payment, an exchange or a stamp that was not recorded, and prints nothing', async () => {
    const { call, verify, services } = await post();
    const passageId = await verify('escort');
    expect(await call('escort', 'receipts.perDiem', { passageId })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: 'receipts.errors.noPerDiem' },
    });
    expect(await call('supervisor', 'receipts.exchange', { passageId })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: 'receipts.errors.noExchange' },
    });
    expect(await call('escort', 'receipts.perDiem', { passageId: 'nope' })).toMatchObject({ ok: false, error: { code: 'notFound' } });
    expect(services.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'receipt.printed'").get()).toEqual({ n: 0 });
  });

  it('refuses the receipt of a voided payment', async () => {
    const { call, verify, pay } = await post();
    const passageId = await verify('escort');
    const paid = (await pay(passageId)) as { value: { timeline: { perDiem: { id: string } } } };
    const voided = await call('supervisor', 'record.void', {
      passageId,
      kind: 'perDiem',
      recordId: paid.value.timeline.perDiem.id,
      reason: 'paid to the wrong person',
    });
    expect(voided.ok).toBe(true);
    expect(await call('escort', 'receipts.perDiem', { passageId })).toMatchObject({ ok: false, error: { code: 'refused' } });
  });

  it('refuses a paper size it does not know', async () => {
    const { call, verify, pay } = await post();
    const passageId = await verify('escort');
    await pay(passageId);
    expect(await call('escort', 'receipts.perDiem', { passageId, paper: 'letter' })).toMatchObject({
      ok: false,
      error: { code: 'badInput' },
    });
  });
});

describe('the per diem receipt', () => {
  it('prints name, PV, IOM case, the amount in figures and in French and Arabic words, post time, post, escort and signature', async () => {
    const { call, verify, pay, lines } = await post();
    const passageId = await verify('escort');
    expect((await pay(passageId)).ok).toBe(true);
    const out = await receipt(call, 'escort', 'receipts.perDiem', { passageId, language: 'fr' });
    expect(out).toMatchObject({ copy: 1, duplicate: false, printedOn: null });
    expect(out.fileName).toBe('recu-pecule_PV-CMN-2026-000123_2026-06-15_11-00.pdf');
    const { text, info } = pdfText(out);
    const flat = fold(text).replace(/\s+/g, ' ');
    for (const expected of [
      'Reçu de pécule (per diem)',
      "N'Diaye Mamadou Aliou",
      'Sénégal (SEN)',
      'PV-CMN-2026-000123',
      'MA-RVA-2026-0412',
      'R-2026-0042',
      '100,00 USD',
      'cent dollars américains',
      '15/06/2026 11:00',
      'Casablanca Mohammed V (CMN)',
      'Escorte OIM Démo',
      'Signature du bénéficiaire',
    ]) {
      expect(flat).toContain(expected);
    }
    // The Arabic words, shaped: each word is found once folded back to its letters.
    // (pdftotext gives the lam-alef ligature back in the wrong order, so words with it are not compared.)
    for (const word of ['مائة', 'أمريكي']) expect(flat).toContain(word);
    expect(flat).not.toContain('DUPLICATA');
    // One page, 80 mm wide.
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Page size:\s+226\.77\d x \d+/);
    // The signature image is embedded.
    expect(execFileSync('pdfimages', ['-list', pdfText(out).file], { encoding: 'utf8' })).toMatch(/\n\s*1\s+0\s+image\s+300\s+100/);
    // Logs name the kind and the copy, never the person or the PV.
    const log = lines.filter((l) => l.includes('receipt')).join('\n');
    expect(log).toContain('"kind":"perDiem"');
    expect(log).not.toMatch(/Diaye|Mamadou|PV-CMN|MA-RVA/);
  });

  it('says DUPLICATA on every reprint, numbers the copies and records each print in the audit chain', async () => {
    const { call, verify, pay, services, clock } = await post();
    const passageId = await verify('escort');
    await pay(passageId);
    const first = await receipt(call, 'escort', 'receipts.perDiem', { passageId });
    clock.advance(60_000);
    const second = await receipt(call, 'supervisor', 'receipts.perDiem', { passageId, paper: 'a4' });
    const third = await receipt(call, 'escort', 'receipts.perDiem', { passageId, language: 'ar' });
    expect([first.copy, second.copy, third.copy]).toEqual([1, 2, 3]);
    expect([first.duplicate, second.duplicate, third.duplicate]).toEqual([false, true, true]);
    expect(second.fileName).toMatch(/_duplicata-2\.pdf$/);
    const a4 = pdfText(second);
    expect(a4.text).toContain('DUPLICATA');
    expect(fold(a4.text).replace(/\s+/g, ' ')).toContain('Copie n° 2, imprimée le 15/06/2026 11:01');
    expect(a4.info).toMatch(/Page size:\s+595\.27\d x 841\.89/);
    expect(pdfText(third).text).toContain('DUPLICATA');
    const prints = services.db
      .prepare("SELECT details FROM audit_log WHERE action = 'receipt.printed' ORDER BY seq")
      .all()
      .map((r) => JSON.parse((r as { details: string }).details) as { copy: number; kind: string; recordId: string });
    expect(prints.map((p) => p.copy)).toEqual([1, 2, 3]);
    expect(new Set(prints.map((p) => p.recordId))).toEqual(new Set([first.recordId]));
    expect((await call('supervisor', 'audit.verify', {})).ok).toBe(true);
  });

  it('numbers two prints asked at the same moment 1 and 2', async () => {
    const { call, verify, pay } = await post();
    const passageId = await verify('escort');
    await pay(passageId);
    const both = await Promise.all([
      receipt(call, 'escort', 'receipts.perDiem', { passageId }),
      receipt(call, 'supervisor', 'receipts.perDiem', { passageId }),
    ]);
    expect(both.map((r) => r.copy).sort()).toEqual([1, 2]);
  });

  it('is written in Arabic, right to left, with the amount in both languages', async () => {
    const { call, verify, pay } = await post();
    const passageId = await verify('escort');
    await pay(passageId);
    const out = await receipt(call, 'escort', 'receipts.perDiem', { passageId, language: 'ar', paper: 'a5' });
    const { text, info } = pdfText(out);
    const flat = fold(text);
    for (const word of ['وصل', 'تسلم', 'المنحة', 'المستفيد', 'المحضر', 'مرافق', 'توقيع']) expect(flat).toContain(word);
    expect(flat).toContain('cent dollars américains');
    expect(flat).toContain('100,00 USD');
    expect(flat).toContain('PV-CMN-2026-000123');
    // The nationality in words for the beneficiary, the code beside it.
    expect(flat).toContain('السنغال');
    expect(flat).toContain('SEN');
    expect(info).toMatch(/Page size:\s+419\.52\d x 595\.27\d/);
    // Right to left: each label sits right of its value (pdftotext -layout writes lines left to right).
    const labelLine = fold(text.split('\n').find((l) => fold(l).includes('المستفيد')) ?? '');
    expect(labelLine.indexOf("N'Diaye")).toBeGreaterThanOrEqual(0);
    expect(labelLine.indexOf('المستفيد')).toBeGreaterThan(labelLine.indexOf("N'Diaye") + 20);
  });
});

describe('the exchange receipt and the exit attestation', () => {
  it('prints the exchange with both amounts and the MAD in words', async () => {
    const { call, verify } = await post();
    const passageId = await verify('escort');
    const exchanged = await call('escort', 'exchange.confirm', {
      passageId,
      madGivenCents: 98_050,
      currency: 'USD',
      amountReceivedCents: 10_000,
      rate: '9.805',
      receiptNumber: 'X-77',
    });
    expect(exchanged.ok).toBe(true);
    const out = await receipt(call, 'escort', 'receipts.exchange', { passageId });
    const flat = fold(pdfText(out).text).replace(/\s+/g, ' ');
    for (const expected of [
      'Reçu de change',
      'X-77',
      '980,50 MAD',
      'neuf cent quatre-vingts dirhams et cinquante centimes',
      '100,00 USD',
      'cent dollars américains',
      '9.805',
    ]) {
      expect(flat).toContain(expected);
    }
  });

  it('attests the departure after the stamp, for the officer, with the stamp time in the post zone', async () => {
    const { call, verify, clock } = await post();
    const passageId = await verify('officer');
    clock.advance(4 * 60_000);
    expect(await call('officer', 'stamp.record', { passageId, stampNumber: 'CMN-0042' })).toMatchObject({ ok: true });
    const out = await receipt(call, 'officer', 'receipts.exitAttestation', { passageId, language: 'fr' });
    const flat = fold(pdfText(out).text).replace(/\s+/g, ' ');
    for (const expected of [
      'Attestation de sortie',
      'a été enregistré',
      "N'Diaye Mamadou Aliou",
      '14/03/1998',
      'LP0451278',
      'AT 535',
      '15/06/2026 11:04',
      'CMN-0042',
    ]) {
      expect(flat).toContain(expected);
    }
    const ar = await receipt(call, 'escort', 'receipts.exitAttestation', { passageId, language: 'ar' });
    expect(fold(pdfText(ar).text)).toContain('المغادرة');
  });
});

describe('silent printing', () => {
  it('sends the PDF to the configured printer and says where it went', async () => {
    const print = vi.fn<ReceiptPrinter['print']>(async () => ({ ok: true }));
    const { call, verify, pay } = await post({ printer: { print }, printerName: 'EPSON TM-T20III', paper: 'thermal80' });
    const passageId = await verify('escort');
    await pay(passageId);
    const out = await receipt(call, 'escort', 'receipts.perDiem', { passageId });
    expect(out.printedOn).toBe('EPSON TM-T20III');
    expect(print).toHaveBeenCalledTimes(1);
    const [pdf, job] = print.mock.calls[0] ?? [];
    expect(job).toMatchObject({ deviceName: 'EPSON TM-T20III', paper: 'thermal80' });
    expect(job?.widthPt).toBeCloseTo(226.77, 1);
    expect(job?.heightPt).toBeGreaterThan(400);
    expect(pdf?.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('gives the PDF and the reason when the printer fails, and does not print without a configured printer', async () => {
    const failing = vi.fn<ReceiptPrinter['print']>(async () => ({ ok: false, reason: 'printerOffline' }));
    const a = await post({ printer: { print: failing }, printerName: 'EPSON' });
    const passageId = await a.verify('escort');
    await a.pay(passageId);
    const out = await receipt(a.call, 'escort', 'receipts.perDiem', { passageId });
    expect(out).toMatchObject({ printedOn: null, printError: 'printerOffline' });
    expect(out.contentBase64.length).toBeGreaterThan(1000);

    const unused = vi.fn<ReceiptPrinter['print']>(async () => ({ ok: true }));
    const b = await post({ printer: { print: unused } });
    const other = await b.verify('escort');
    await b.pay(other);
    expect(await receipt(b.call, 'escort', 'receipts.perDiem', { passageId: other })).toMatchObject({ printedOn: null, printError: null });
    expect(unused).not.toHaveBeenCalled();
  });
});
