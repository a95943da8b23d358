/**
 * Scanner input: keyboard-wedge burst detection (scanner vs person on generated keystroke
 * timings), AZERTY repair on generated documents, HID POS report assembly and serial framing
 * throughput, dedupe cost.
 */
import { createScanDeduper } from '../../../core/devices/scan';
import { createWedgeDetector, detectLayoutMismatch, qwertyAsAzerty, type WedgeKeystroke } from '../../../core/devices/wedge';
import { createHidPosAssembler, encodeHidPosReports } from '../../../native/hid-pos/report-assembler';
import { createLineFramer } from '../../../native/serial/framer';
import type { BenchReport } from '../report';
import type { BenchSuite } from './index';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function randomText(r: () => number, min: number, max: number, alphabet = ALNUM): string {
  const n = min + Math.floor(r() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

function strokes(text: string, start: number, gap: () => number): WedgeKeystroke[] {
  const out: WedgeKeystroke[] = [];
  let at = start;
  for (const ch of text) {
    out.push({ key: ch === '\n' ? 'Enter' : ch, at, targetIsManualEntry: false });
    at += gap();
  }
  return out;
}

function countScans(keys: WedgeKeystroke[]): number {
  const d = createWedgeDetector();
  let n = 0;
  for (const k of keys) n += d.feed(k).scans.length;
  return n + d.poll((keys[keys.length - 1]?.at ?? 0) + 1000).length;
}

/** Human inter-key gaps: log-normal around 150 ms, with occasional fast rollovers. */
function humanGap(r: () => number): number {
  if (r() < 0.08) return 10 + r() * 30; // rollover: two keys nearly together
  const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return Math.max(25, Math.exp(Math.log(150) + 0.45 * z));
}

function wedge(report: BenchReport): void {
  const r = rng(7);
  const N = 2000;
  let scannerHit = 0;
  let personFalse = 0;
  let keysFed = 0;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const text = randomText(r, 6, 90) + '\n';
    // scanner: 2-20 ms per key, 1 in 50 gaps stretched to 30 ms
    const s = strokes(text, 0, () => (r() < 0.02 ? 30 : 2 + r() * 18));
    keysFed += s.length;
    if (countScans(s) === 1) scannerHit += 1;
    const h = strokes(text, 0, () => humanGap(r));
    keysFed += h.length;
    if (countScans(h) > 0) personFalse += 1;
  }
  const ms = performance.now() - t0;
  report.figure('wedge scanner bursts read as one scan', (100 * scannerHit) / N, '%', `${N} bursts, 2-20 ms/key`);
  report.figure('wedge typing taken for a scan', (100 * personFalse) / N, '%', `${N} strings, ~150 ms/key, 8% rollovers`);
  report.figure('wedge detector cost', (1000 * ms) / keysFed, 'us/key');
}

const TD3 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';

function layout(report: BenchReport): void {
  const r = rng(11);
  const N = 2000;
  let fixed = 0;
  let falseFlag = 0;
  const FILL = ALNUM + '<<<<<<<<';
  for (let i = 0; i < N; i++) {
    const mrz =
      i % 2 === 0
        ? `${randomText(r, 44, 44, FILL)}\n${randomText(r, 44, 44, FILL)}`
        : `${randomText(r, 30, 30, FILL)}\n${randomText(r, 30, 30, FILL)}\n${randomText(r, 30, 30, FILL)}`;
    const d = detectLayoutMismatch(qwertyAsAzerty(mrz));
    if (d.kind === 'azerty-as-qwerty' && d.fixed === mrz) fixed += 1;
    if (detectLayoutMismatch(mrz).kind !== 'none') falseFlag += 1;
  }
  report.figure('AZERTY-typed MRZ repaired', (100 * fixed) / N, '%', `${N} random MRZ-shaped payloads`);
  report.figure('correct MRZ flagged as mismatched', (100 * falseFlag) / N, '%');
  const outcome = { fixed: 0, wrong: 0, ambiguous: 0, missed: 0 };
  for (let i = 0; i < N; i++) {
    const code = randomText(r, 8, 20);
    const d = detectLayoutMismatch(qwertyAsAzerty(code));
    if (d.kind === 'azerty-as-qwerty') outcome[d.fixed === code ? 'fixed' : 'wrong'] += 1;
    else outcome[d.kind === 'ambiguous' ? 'ambiguous' : 'missed'] += 1;
  }
  report.figure('AZERTY-typed alphanumeric codes repaired', (100 * outcome.fixed) / N, '%', `${N} random 8-20 char codes`);
  report.figure('  ... flagged ambiguous (message shown)', (100 * outcome.ambiguous) / N, '%');
  report.figure('  ... passed unchanged (code without digits: undetectable)', (100 * outcome.missed) / N, '%');
  report.figure('  ... repaired wrongly', (100 * outcome.wrong) / N, '%');
  let altered = 0;
  for (let i = 0; i < N; i++) {
    const code = randomText(r, 8, 20, ALNUM + '-_/.');
    if (detectLayoutMismatch(code).kind !== 'none') altered += 1;
  }
  report.figure('correct codes with - _ / . flagged or altered', (100 * altered) / N, '%', `${N} random codes`);
  const t0 = performance.now();
  for (let i = 0; i < 20000; i++) detectLayoutMismatch(qwertyAsAzerty(TD3));
  report.figure('layout check on a TD3 MRZ', (1000 * (performance.now() - t0)) / 20000, 'us');
}

function hid(report: BenchReport): void {
  const enc = new TextEncoder();
  const payload = enc.encode('M1ERIKSSON/ANNA MARIA EABC123 CMNCDGAT 0759 335Y012A0012 100'.repeat(3));
  const reports = encodeHidPosReports(payload, { symbology: ']L2' });
  const a = createHidPosAssembler();
  const N = 50000;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) for (const rep of reports) a.push(rep);
  report.figure(
    'HID POS assembly',
    (1000 * (performance.now() - t0)) / N,
    'us/payload',
    `${payload.length} bytes in ${reports.length} reports`,
  );
}

function serial(report: BenchReport): void {
  const line = new TextEncoder().encode(`${'L898902C36UTO7408122F1204159ZE184226B<<<<<10'}\r\n`);
  const f = createLineFramer('any-eol');
  const N = 50000;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) f.push(line);
  const ms = performance.now() - t0;
  report.figure('serial framing', (N * line.length) / 1024 / (ms / 1000) / 1024, 'MiB/s', 'any-eol, 46-byte lines');
}

function dedupe(report: BenchReport): void {
  const d = createScanDeduper();
  const N = 200000;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) d.accept({ raw: `code-${i % 500}`, at: i });
  report.figure('dedupe', (1e6 * (performance.now() - t0)) / N, 'ns/scan', '500 distinct payloads cycling');
}

export const devicesSuite: BenchSuite = {
  name: 'devices',
  async run(report) {
    wedge(report);
    layout(report);
    hid(report);
    serial(report);
    dedupe(report);
  },
};
