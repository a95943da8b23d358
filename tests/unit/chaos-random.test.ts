import { describe, expect, it } from 'vitest';
import { chaosSeed, seededRandom } from '../chaos/random';

const take = (random: () => number, n: number) => Array.from({ length: n }, () => random());

describe('chaos tests: seeded randomness', () => {
  it('gives the same sequence for the same seed, so a failure replays', () => {
    expect(take(seededRandom(421), 50)).toEqual(take(seededRandom(421), 50));
  });

  it('gives different sequences for neighbouring seeds', () => {
    const a = take(seededRandom(1), 20);
    const b = take(seededRandom(2), 20);
    expect(a.filter((x, i) => x === b[i])).toEqual([]);
  });

  it('draws in [0, 1), spread over the range like Math.random', () => {
    const xs = take(seededRandom(7), 10_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const buckets = Array.from({ length: 10 }, (_, b) => xs.filter((x) => Math.floor(x * 10) === b).length);
    for (const n of buckets) expect(n).toBeGreaterThan(900);
  });

  it('takes RVA_SEED when set, and refuses one that is not a 32-bit integer', () => {
    expect(chaosSeed({ RVA_SEED: '123456' })).toBe(123456);
    expect(() => chaosSeed({ RVA_SEED: 'abc' })).toThrow(/RVA_SEED/);
    expect(() => chaosSeed({ RVA_SEED: '1.5' })).toThrow(/RVA_SEED/);
    expect(() => chaosSeed({ RVA_SEED: String(2 ** 32) })).toThrow(/RVA_SEED/);
  });

  it('picks a fresh seed when RVA_SEED is not set', () => {
    const seeds = new Set(Array.from({ length: 5 }, () => chaosSeed({})));
    expect(seeds.size).toBeGreaterThan(1);
    for (const s of seeds) expect(Number.isSafeInteger(s)).toBe(true);
  });
});
