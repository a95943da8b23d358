import { describe, expect, it } from 'vitest';
import { classifyScan } from './classify';
import { bcbpFull, bcbpMinimal, bcbpTwoLegs } from './fixtures/bcbp-samples';
import { mrzSpecimens } from './fixtures/mrz-specimens';
import { documentMessageKeys } from './messages';

/** Deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seeds = [
  ...mrzSpecimens.map((s) => s.text),
  bcbpMinimal,
  bcbpFull,
  bcbpTwoLegs,
  '1472123456789',
  'RVA-BADGE:CMN-T1:k.benali:B-000123',
  'RVAPV1:eyJraWQiOiJhIn0.c2ln',
  '{"numero":"GN1","nom":"BAH","nationalite":"GIN","naissance":"2000-01-01"}',
  'NUMERO=GN-0042;NOM=BAH;NATIONALITE=GIN;NAISSANCE=01/01/2000',
];
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<  \n\r\t/>^{}":;=|-.,abcz\u0000\u00e9\u0627\ud83d\ude00\ud800';

function generate(random: () => number, count: number): string[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const char = (): string => pick(alphabet.split(''));
  const out: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const r = random();
    if (r < 0.2) {
      const length = Math.floor(random() * 120);
      let s = '';
      for (let i = 0; i < length; i += 1) s += String.fromCharCode(Math.floor(random() * 128));
      out.push(s);
    } else if (r < 0.3) {
      const length = Math.floor(random() * 60);
      let s = '';
      for (let i = 0; i < length; i += 1) s += String.fromCharCode(Math.floor(random() * 0xffff));
      out.push(s);
    } else if (r < 0.31) {
      out.push(pick(seeds).repeat(1 + Math.floor(random() * 120)));
    } else {
      let s = pick(seeds);
      const mutations = 1 + Math.floor(random() * 4);
      for (let m = 0; m < mutations; m += 1) {
        const at = Math.floor(random() * (s.length + 1));
        const op = random();
        if (op < 0.4) s = s.slice(0, at) + char() + s.slice(at + 1);
        else if (op < 0.6) s = s.slice(0, at) + char() + s.slice(at);
        else if (op < 0.8) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(random() * 3));
        else if (op < 0.9) s = s.slice(0, at);
        else s = s.slice(0, at) + s.slice(Math.floor(random() * s.length));
      }
      out.push(s);
    }
  }
  return out;
}

describe('classifyScan fuzz', () => {
  it('never throws, never hits its safety net, and stays fast on 100,000 random and mutated inputs', () => {
    const inputs = generate(prng(20261130), 100_000);
    const kinds = new Map<string, number>();
    const keys = new Set<string>(documentMessageKeys);
    const slowest: { input: string; ms: number }[] = [];
    const started = performance.now();
    for (const input of inputs) {
      const t0 = performance.now();
      const result = classifyScan(input, { referenceDate: '2025-01-01' });
      const elapsed = performance.now() - t0;
      if (slowest.length < 5 || elapsed > (slowest[slowest.length - 1] as { ms: number }).ms) {
        slowest.push({ input, ms: elapsed });
        slowest.sort((a, b) => b.ms - a.ms);
        slowest.length = Math.min(slowest.length, 5);
      }
      kinds.set(result.kind, (kinds.get(result.kind) ?? 0) + 1);
      for (const entry of [...result.errors, ...result.warnings]) {
        if (entry.code === 'internalError' || !keys.has(entry.message)) {
          throw new Error(`bad issue ${entry.code} for input ${JSON.stringify(input)}`);
        }
      }
      if (result.valid && result.errors.length > 0) throw new Error(`valid with errors: ${JSON.stringify(input)}`);
    }
    const total = performance.now() - started;
    // The slowest inputs, timed again alone (best of 3, so a GC pause or a busy core does not
    // count): the time per input is bounded by the input cap and the repair search limits.
    for (const { input } of slowest) {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i += 1) {
        const t0 = performance.now();
        classifyScan(input, { referenceDate: '2025-01-01' });
        best = Math.min(best, performance.now() - t0);
      }
      expect(best).toBeLessThan(50);
    }
    expect(total).toBeLessThan(20_000);
    for (const kind of ['mrz', 'bcbp', 'lpc', 'eticket', 'badge', 'pv', 'unknown']) {
      expect(kinds.get(kind) ?? 0).toBeGreaterThan(0);
    }
  });
});
