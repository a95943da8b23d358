import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { qwertyAsAzerty } from './keyboard-layout';
import { createWedgeDetector, wedgeScanToEvent, type WedgeDetector, type WedgeKeystroke, type WedgeScan } from './wedge';

interface TypeOptions {
  gapMs: number | (() => number);
  manual?: boolean;
  /** Shift keydown before uppercase letters, as a scanner emulating a keyboard does. */
  shift?: boolean;
}

/** Keystrokes for text; '\n' becomes Enter, '\t' Tab. */
function keys(text: string, startAt: number, opts: TypeOptions): WedgeKeystroke[] {
  const out: WedgeKeystroke[] = [];
  let at = startAt;
  const gap = typeof opts.gapMs === 'number' ? () => opts.gapMs as number : opts.gapMs;
  for (const ch of text) {
    const key = ch === '\n' ? 'Enter' : ch === '\t' ? 'Tab' : ch;
    if (opts.shift && /[A-Z]/.test(ch)) {
      out.push({ key: 'Shift', at: at - 1, targetIsManualEntry: !!opts.manual });
    }
    out.push({ key, at, targetIsManualEntry: !!opts.manual });
    at += gap();
  }
  return out;
}

function run(detector: WedgeDetector, strokes: WedgeKeystroke[], endAt?: number) {
  const scans: WedgeScan[] = [];
  const consumed: string[] = [];
  for (const k of strokes) {
    const r = detector.feed(k);
    scans.push(...r.scans);
    if (r.consumed) consumed.push(k.key);
  }
  const last = strokes[strokes.length - 1]?.at ?? 0;
  scans.push(...detector.poll(endAt ?? last + 1000));
  return { scans, consumed };
}

const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

describe('keyboard wedge: scanner or person', () => {
  it('turns a fast burst ended by Enter into one scan', () => {
    const d = createWedgeDetector();
    const { scans, consumed } = run(d, keys('RVA2026000123\n', 1000, { gapMs: 8, shift: true }));
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ raw: 'RVA2026000123', startedAt: 1000, endedAt: 1000 + 13 * 8, lines: 1, layout: 'ok' });
    // the terminating Enter is consumed so it does not submit a form
    expect(consumed[consumed.length - 1]).toBe('Enter');
  });

  it('ignores the same text typed by a person', () => {
    const d = createWedgeDetector();
    let i = 0;
    const humanGaps = [120, 95, 180, 140, 60, 210, 110, 85, 150, 130, 100, 170, 90];
    const { scans, consumed } = run(d, keys('RVA2026000123\n', 1000, { gapMs: () => humanGaps[i++ % humanGaps.length]! }));
    expect(scans).toEqual([]);
    expect(consumed).toEqual([]);
  });

  it('does not consume a person rolling two keys quickly', () => {
    const d = createWedgeDetector();
    const strokes = [...keys('ab', 0, { gapMs: 20 }), ...keys('cd\n', 200, { gapMs: 150 })];
    const { scans, consumed } = run(d, strokes);
    expect(scans).toEqual([]);
    expect(consumed).toEqual([]);
  });

  it('respects a configured threshold', () => {
    const strokes = keys('ABCDEFGH\n', 0, { gapMs: 50 });
    expect(run(createWedgeDetector(), strokes).scans).toHaveLength(0);
    expect(run(createWedgeDetector({ maxInterKeyMs: 60 }), strokes).scans).toHaveLength(1);
  });

  it('requires the minimum length', () => {
    expect(run(createWedgeDetector({ minLength: 6 }), keys('ABCDE\n', 0, { gapMs: 5 })).scans).toHaveLength(0);
    expect(run(createWedgeDetector({ minLength: 5 }), keys('ABCDE\n', 0, { gapMs: 5 })).scans).toHaveLength(1);
  });

  it('accepts Tab as terminator, or only the configured ones', () => {
    expect(run(createWedgeDetector(), keys('ABCDEFGH\t', 0, { gapMs: 5 })).scans[0]?.raw).toBe('ABCDEFGH');
    const enterOnly = createWedgeDetector({ terminators: ['Enter'], acceptUnterminated: false });
    expect(run(enterOnly, keys('ABCDEFGH\t', 0, { gapMs: 5 })).scans).toHaveLength(0);
  });

  it('accepts an unterminated burst after the pause unless told not to', () => {
    expect(run(createWedgeDetector(), keys('ABCDEFGH', 0, { gapMs: 5 })).scans[0]?.raw).toBe('ABCDEFGH');
    expect(run(createWedgeDetector({ acceptUnterminated: false }), keys('ABCDEFGH', 0, { gapMs: 5 })).scans).toHaveLength(0);
  });

  it('strips a prefix and ignores bursts without it', () => {
    const d = createWedgeDetector({ prefix: '~' });
    expect(run(d, keys('~ABCDEFGH\n', 0, { gapMs: 5 })).scans[0]?.raw).toBe('ABCDEFGH');
    expect(run(d, keys('ABCDEFGH\n', 5000, { gapMs: 5 })).scans).toHaveLength(0);
  });

  it('ends the scan at a suffix without waiting for the pause', () => {
    const d = createWedgeDetector({ suffix: '#' });
    const strokes = keys('ABCDEFGH#', 0, { gapMs: 5 });
    const scans: WedgeScan[] = [];
    for (const k of strokes) scans.push(...d.feed(k).scans);
    expect(scans.map((s) => s.raw)).toEqual(['ABCDEFGH']);
    expect(d.nextDeadline()).toBeNull();
  });

  it('ignores keystrokes aimed at a manual-entry field', () => {
    const d = createWedgeDetector();
    const { scans, consumed } = run(d, keys('RVA2026000123\n', 0, { gapMs: 5, manual: true }));
    expect(scans).toEqual([]);
    expect(consumed).toEqual([]);
  });

  it('drops a burst when focus moves to a manual-entry field midway', () => {
    const d = createWedgeDetector();
    const strokes = keys('RVA2026000123\n', 0, { gapMs: 5 });
    strokes.splice(6, 0, { key: 'X', at: 27, targetIsManualEntry: true });
    expect(run(d, strokes).scans.map((s) => s.raw)).not.toContain('RVA2026000123');
  });

  it('ignores auto-repeat of a held key', () => {
    const d = createWedgeDetector();
    const strokes: WedgeKeystroke[] = Array.from({ length: 20 }, (_, i) => ({
      key: 'a',
      at: i * 33,
      targetIsManualEntry: false,
      repeat: i > 0,
    }));
    expect(run(d, strokes).scans).toEqual([]);
  });

  it('treats Backspace as a person at the keyboard', () => {
    const d = createWedgeDetector();
    const strokes = keys('ABCD', 0, { gapMs: 5 });
    strokes.push({ key: 'Backspace', at: 25, targetIsManualEntry: false });
    strokes.push(...keys('EF\n', 30, { gapMs: 5 }));
    expect(run(d, strokes).scans).toEqual([]);
  });

  it('keeps two scans apart when a pause separates them', () => {
    const d = createWedgeDetector();
    const strokes = [...keys('AAAAAA1\n', 0, { gapMs: 5 }), ...keys('BBBBBB2\n', 400, { gapMs: 5 })];
    expect(run(d, strokes).scans.map((s) => s.raw)).toEqual(['AAAAAA1', 'BBBBBB2']);
  });

  it('tells scanner from person over random timings', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z0-9<]{6,40}$/),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 41, maxLength: 41 }),
        fc.array(fc.integer({ min: 60, max: 400 }), { minLength: 41, maxLength: 41 }),
        (text, fast, slow) => {
          let i = 0;
          const scanner = run(createWedgeDetector(), keys(text + '\n', 0, { gapMs: () => fast[i++]!, shift: true }));
          expect(scanner.scans.map((s) => s.raw)).toEqual([text]);
          let j = 0;
          const person = run(createWedgeDetector(), keys(text + '\n', 0, { gapMs: () => slow[j++]! }));
          expect(person.scans).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('keyboard wedge: multi-line MRZ from a document reader', () => {
  it('joins lines separated by Enter within the burst into one scan', () => {
    const d = createWedgeDetector();
    const { scans } = run(d, keys(TD1.join('\n') + '\n', 0, { gapMs: 4, shift: true }));
    expect(scans).toHaveLength(1);
    expect(scans[0]?.raw).toBe(TD1.join('\n'));
    expect(scans[0]?.lines).toBe(3);
  });

  it('waits through a short inter-line delay but closes on a longer pause', () => {
    const d = createWedgeDetector({ maxInterKeyMs: 35, lineGapMs: 80 });
    const strokes = [
      ...keys(TD1[0] + '\n', 0, { gapMs: 4 }),
      ...keys(TD1[1] + '\n', 124 + 60, { gapMs: 4 }),
      ...keys(TD1[2] + '\n', 2000, { gapMs: 4 }),
    ];
    const { scans } = run(d, strokes);
    expect(scans.map((s) => s.lines)).toEqual([2, 1]);
    expect(scans[0]?.raw).toBe(`${TD1[0]}\n${TD1[1]}`);
  });

  it('waits longer for the rest of an MRZ whose first lines came alone', () => {
    // A loaded desk PC delivers the second line of a passport 600 ms after the first: the
    // ordinary line gap (250 ms) would make each line a scan of its own.
    const d = createWedgeDetector({ maxInterKeyMs: 250, lineGapMs: 250, incompleteMrzGapMs: 1500 });
    const td3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
    const strokes = [...keys(td3[0] + '\n', 0, { gapMs: 4 }), ...keys(td3[1] + '\n', 176 + 600, { gapMs: 4 })];
    const { scans } = run(d, strokes);
    expect(scans.map((s) => s.raw)).toEqual([td3.join('\n')]);
    // Three TD1 lines, each after a long stall, still make one scan.
    const e = createWedgeDetector({ maxInterKeyMs: 250, lineGapMs: 250, incompleteMrzGapMs: 1500 });
    const td1 = [
      ...keys(TD1[0] + '\n', 0, { gapMs: 4 }),
      ...keys(TD1[1] + '\n', 1200, { gapMs: 4 }),
      ...keys(TD1[2] + '\n', 2400, { gapMs: 4 }),
    ];
    expect(run(e, td1).scans.map((s) => s.lines)).toEqual([3]);
  });

  it('keeps the ordinary line gap once the MRZ is complete, and for anything else', () => {
    const d = createWedgeDetector({ maxInterKeyMs: 250, lineGapMs: 250, incompleteMrzGapMs: 1500 });
    const complete = keys(TD1.join('\n') + '\n', 0, { gapMs: 4 });
    for (const k of complete) d.feed(k);
    const last = complete[complete.length - 1]!.at;
    expect(d.nextDeadline()).toBe(last + 251);
    // A boarding pass line followed by Enter is not an MRZ line: no longer wait.
    const e = createWedgeDetector({ maxInterKeyMs: 250, lineGapMs: 250, incompleteMrzGapMs: 1500 });
    const pass = keys('M1ERIKSSON/ANNA MARIA   EABC123 CMNDSSAT 0545 123Y012A0001 100\n', 0, { gapMs: 4 });
    for (const k of pass) e.feed(k);
    expect(e.nextDeadline()).toBe(pass[pass.length - 1]!.at + 251);
  });

  it('does not emit before the closing pause, then emits on poll at the deadline', () => {
    const d = createWedgeDetector();
    const strokes = keys(TD1.join('\n') + '\n', 0, { gapMs: 4 });
    for (const k of strokes) expect(d.feed(k).scans).toEqual([]);
    const deadline = d.nextDeadline();
    expect(deadline).not.toBeNull();
    expect(d.poll(deadline! - 2)).toEqual([]);
    expect(d.poll(deadline!).map((s) => s.lines)).toEqual([3]);
    expect(d.nextDeadline()).toBeNull();
  });

  it('ignores an empty line (reader sending two Enters)', () => {
    const d = createWedgeDetector();
    const { scans } = run(d, keys(`${TD1[0]}\n\n${TD1[1]}\n\n${TD1[2]}\n`, 0, { gapMs: 4 }));
    expect(scans[0]?.raw.split('\n')).toEqual(TD1);
  });

  it('repairs an MRZ typed through an AZERTY layout and reports it', () => {
    const d = createWedgeDetector();
    const typed = qwertyAsAzerty(TD1.join('\n'));
    const { scans } = run(d, keys(typed + '\n', 0, { gapMs: 4 }));
    expect(scans[0]).toMatchObject({ raw: TD1.join('\n'), layout: 'fixed', typed });
  });

  it('flags an ambiguous layout with the message key', () => {
    const d = createWedgeDetector();
    const strokes = keys('ABC', 0, { gapMs: 4 });
    strokes.push({ key: 'Dead', at: 12, targetIsManualEntry: false });
    strokes.push(...keys('DEF123\n', 16, { gapMs: 4 }));
    const { scans } = run(d, strokes);
    expect(scans[0]).toMatchObject({ layout: 'ambiguous', messageKey: 'devices.layoutMismatch' });
  });

  it('leaves layout alone when the repair is off', () => {
    const d = createWedgeDetector({ fixLayout: false });
    const typed = qwertyAsAzerty(TD1.join('\n'));
    expect(run(d, keys(typed + '\n', 0, { gapMs: 4 })).scans[0]).toMatchObject({ raw: typed, layout: 'ok' });
  });

  it('converts to the common scan event', () => {
    const d = createWedgeDetector();
    const { scans } = run(d, keys('RVA2026000123\n', 50, { gapMs: 4 }));
    expect(wedgeScanToEvent(scans[0]!, 'wedge:desk')).toEqual({
      source: 'wedge',
      deviceId: 'wedge:desk',
      raw: 'RVA2026000123',
      at: 50,
    });
  });
});
