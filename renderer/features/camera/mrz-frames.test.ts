import { describe, expect, it } from 'vitest';
import type { MrzFrameReader, MrzReading } from '../../../core/vision/mrz';
import { createMrzFrames } from './mrz-frames';
import type { FromDecodeWorker } from './worker-protocol';

const LINES = ['P<SENNDIAYE<<MAMADOU<<<<<<<<<<<<<<<<<<<<<<<<', 'LP04512789SEN9803145M2609016<<<<<<<<<<<<<<<2'];
const image = { width: 2, height: 2, data: new Uint8Array(4) };

/** A reader returning the scripted readings in order and taking `costMs` of the fake clock each. */
function setup(script: MrzReading[], costMs = 200, policy = {}) {
  let clock = 0;
  const posted: FromDecodeWorker[] = [];
  let best: MrzReading | null = null;
  let resets = 0;
  let calls = 0;
  const seen = new Map<string, number>();
  const reader: MrzFrameReader = {
    readFrame() {
      const reading = script[Math.min(calls, script.length - 1)] as MrzReading;
      calls += 1;
      clock += costMs;
      if (reading.found && (!best || !best.valid)) best = reading;
      if (!reading.accepted) return { reading, accepted: false };
      const key = reading.lines.join('\n');
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      return { reading, accepted: n >= 2 };
    },
    best: () => best,
    reset: () => {
      resets += 1;
      best = null;
      seen.clear();
    },
  };
  const frames = createMrzFrames({ reader, now: () => clock, post: (m) => posted.push(m) }, policy);
  return {
    frames,
    posted,
    advance: (ms: number) => (clock += ms),
    calls: () => calls,
    resets: () => resets,
  };
}

const sure = { confidence: [1, 1], uncertain: [] };
const valid: MrzReading = { found: true, format: 'TD3', lines: LINES, checksPass: true, valid: true, accepted: true, ...sure, repairs: [] };
const invalid: MrzReading = {
  found: true,
  format: 'TD3',
  lines: [LINES[0] as string, 'LP04512789SEN9803145M2609016<<<<<<<<<<<<<<<7'],
  checksPass: false,
  valid: false,
  accepted: false,
  ...sure,
  repairs: [],
};
const none: MrzReading = {
  found: false,
  format: null,
  lines: [],
  checksPass: false,
  valid: false,
  accepted: false,
  confidence: [],
  uncertain: [],
  repairs: [],
};

describe('MRZ on camera frames', () => {
  it('reads at most every max(minGap, cost * (1 - share) / share) ms, leaving the rest to barcode frames', () => {
    const t = setup([none], 200, { minGapMs: 100, share: 0.4 });
    expect(t.frames.afterFrame(image, 0, false)).toBe(true);
    // 200 ms read at a 40 % share: 300 ms pause before the next read.
    t.advance(290);
    expect(t.frames.afterFrame(image, 0, false)).toBe(false);
    t.advance(10);
    expect(t.frames.afterFrame(image, 0, false)).toBe(true);
    expect(t.calls()).toBe(2);
  });

  it('stays quiet while a barcode is in view and for a while after it, except on stills', () => {
    const t = setup([none], 200, { minGapMs: 100, quietAfterCodeMs: 1500 });
    expect(t.frames.afterFrame(image, 1, false)).toBe(false);
    t.advance(1000);
    expect(t.frames.afterFrame(image, 0, false)).toBe(false);
    expect(t.frames.afterFrame(image, 0, true)).toBe(true);
    t.advance(1600);
    expect(t.frames.afterFrame(image, 0, false)).toBe(true);
    expect(t.calls()).toBe(2);
  });

  it('posts a valid reading as accepted only once two frames agree on it', () => {
    const t = setup([valid], 200, { minGapMs: 0 });
    t.frames.afterFrame(image, 0, false);
    t.advance(1000);
    t.frames.afterFrame(image, 0, false);
    const mrz = t.posted.filter((m) => m.type === 'mrz');
    expect(mrz.map((m) => m.accepted)).toEqual([false, true]);
    expect(mrz[1]).toMatchObject({
      found: true,
      accepted: true,
      candidate: { format: 'TD3', lines: LINES, checksPass: true, valid: true, repairs: 0, uncertain: [] },
      ms: 200,
      reads: 2,
    });
  });

  it('says how many ways up each frame was read', () => {
    const t = setup([{ ...invalid, ways: 2 }, { ...invalid, ways: 1, turned: false }, none], 100, { minGapMs: 0 });
    for (let i = 0; i < 3; i += 1) {
      t.frames.afterFrame(image, 0, false);
      t.advance(1000);
    }
    expect(t.posted.filter((m) => m.type === 'mrz').map((m) => m.ways)).toEqual([2, 1, 1]);
  });

  it('says when glyphs reach past the edge of the frame, so the officer brings the page back into it', () => {
    const cut: MrzReading = { ...valid, valid: false, accepted: false, cutByEdge: true, uncertain: [{ line: 1, position: 0 }] };
    const t = setup([cut, invalid], 100, { minGapMs: 0 });
    for (let i = 0; i < 2; i += 1) {
      t.frames.afterFrame(image, 0, false);
      t.advance(1000);
    }
    const mrz = t.posted.filter((m) => m.type === 'mrz');
    expect(mrz.map((m) => m.accepted)).toEqual([false, false]);
    expect(mrz[0]?.candidate).toMatchObject({ cutByEdge: true, uncertain: [{ line: 1, position: 0 }] });
    expect(mrz[1]?.candidate?.cutByEdge).toBeUndefined();
  });

  it('says when glare lies on the MRZ, so the officer tilts the page or moves the lamp', () => {
    const glared: MrzReading = { ...valid, valid: false, accepted: false, glare: true, uncertain: [{ line: 0, position: 12 }] };
    const t = setup([glared, invalid], 100, { minGapMs: 0 });
    for (let i = 0; i < 2; i += 1) {
      t.frames.afterFrame(image, 0, false);
      t.advance(1000);
    }
    const mrz = t.posted.filter((m) => m.type === 'mrz');
    expect(mrz.map((m) => m.accepted)).toEqual([false, false]);
    expect(mrz[0]?.candidate).toMatchObject({ glare: true, uncertain: [{ line: 0, position: 12 }] });
    expect(mrz[1]?.candidate?.glare).toBeUndefined();
    // Each frame says whether its own reading found glare, whatever reading is offered.
    expect(mrz.map((m) => m.glare)).toEqual([true, undefined]);
  });

  it('offers the best reading so far when the checks fail, and forgets it once the MRZ is gone', () => {
    const t = setup([invalid, invalid, none, none, none], 100, { minGapMs: 0 });
    for (let i = 0; i < 5; i += 1) {
      t.frames.afterFrame(image, 0, false);
      t.advance(1000);
    }
    const mrz = t.posted.filter((m) => m.type === 'mrz');
    expect(mrz.map((m) => m.accepted)).toEqual([false, false, false, false, false]);
    expect(mrz[0]?.candidate).toEqual({ format: 'TD3', lines: invalid.lines, checksPass: false, valid: false, repairs: 0, uncertain: [] });
    // One miss keeps the candidate; two in a row reset the reader.
    expect(mrz[2]?.candidate?.lines).toEqual(invalid.lines);
    expect(mrz[3]?.candidate).toBeUndefined();
    expect(t.resets()).toBeGreaterThan(0);
  });
});

describe('MRZ acceptance guard', () => {
  it('does not accept a valid reading the policy leaves to the officer, but offers it with its uncertain characters', () => {
    const repaired: MrzReading = {
      ...valid,
      accepted: false,
      confidence: [1, 0],
      uncertain: [{ line: 1, position: 3 }],
      repairs: Array.from({ length: 5 }, (_, i) => ({ line: 1, position: i, from: 'O', to: '0' })),
    };
    const t = setup([repaired], 100, { minGapMs: 0 });
    for (let i = 0; i < 3; i += 1) {
      t.frames.afterFrame(image, 0, false);
      t.advance(1000);
    }
    const mrz = t.posted.filter((m) => m.type === 'mrz');
    expect(mrz.map((m) => m.accepted)).toEqual([false, false, false]);
    expect(mrz[2]?.candidate).toEqual({
      format: 'TD3',
      lines: LINES,
      checksPass: true,
      valid: true,
      repairs: 5,
      uncertain: [{ line: 1, position: 3 }],
    });
  });

  it('offers a reading whose checks pass but whose confidence is low as passing its checks, and not valid', () => {
    const unsure: MrzReading = { ...valid, valid: false, accepted: false, confidence: [0.2, 1], uncertain: [{ line: 0, position: 8 }] };
    const t = setup([unsure], 100, { minGapMs: 0 });
    t.frames.afterFrame(image, 0, false);
    const mrz = t.posted.filter((m) => m.type === 'mrz');
    expect(mrz[0]?.accepted).toBe(false);
    expect(mrz[0]?.candidate).toMatchObject({ checksPass: true, valid: false, uncertain: [{ line: 0, position: 8 }] });
  });
});
