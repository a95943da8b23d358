/**
 * The acceptance policy on classifier rankings built from the failure cases seen on real
 * specimens: a wrong reading is never `valid` by repair alone, and never `accepted`.
 */
import { describe, expect, it } from 'vitest';
import { checkDigitChar as cd, MRZ_ALPHABET, MRZ_READER_LAYOUTS, MRZ_VISA_READER_LAYOUTS } from '../../documents/mrz-layout';
import type { CellRanking } from './glyph-table';
import { repairMrz } from './repair';

interface Cell {
  /** The classifier's best glyph (default: the printed character). */
  best?: string;
  /** Other glyphs and their score gap above the best. */
  alts?: Record<string, number>;
}

/** Rankings where every printed character wins by a wide margin, except where `cells` says otherwise. */
function rankings(lines: string[], cells: Record<string, Cell> = {}, far = 0.3): CellRanking[][] {
  return lines.map((line, li) =>
    [...line].map((ch, pi) => {
      const cell = cells[`${li}:${pi}`] ?? {};
      const scores = new Float32Array(MRZ_ALPHABET.length).fill(0.1 + far);
      scores[MRZ_ALPHABET.indexOf(cell.best ?? ch)] = 0.1;
      for (const [alt, gap] of Object.entries(cell.alts ?? {})) scores[MRZ_ALPHABET.indexOf(alt)] = 0.1 + gap;
      return { scores };
    }),
  );
}

function td3(number: string, birth = '740812', nationality = 'UTO'): string[] {
  const doc = number.padEnd(9, '<');
  const a = `${doc}${cd(doc)}${nationality}${birth}${cd(birth)}F120415${cd('120415')}ZE184226B<<<<<${cd('ZE184226B<<<<<')}`;
  const composite = cd(a.slice(0, 10) + a.slice(13, 20) + a.slice(21, 43));
  return ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', a + composite];
}

function td1(optional1: string, nationality = 'UTO', optional2 = '<<<<<<<<<<<'): string[] {
  const l1 = `I<UTOD23145890${cd('D23145890')}${optional1.padEnd(15, '<')}`;
  const l2a = `740812${cd('740812')}F120415${cd('120415')}${nationality}${optional2}`;
  const composite = cd(l1.slice(5, 30) + l2a.slice(0, 7) + l2a.slice(8, 15) + l2a.slice(18, 29));
  return [l1, l2a + composite, 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
}

function td2(optional: string): string[] {
  const a = `D23145890${cd('D23145890')}UTO740812${cd('740812')}F120415${cd('120415')}${optional.padEnd(7, '<')}`;
  return ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', a + cd(a.slice(0, 10) + a.slice(13, 20) + a.slice(21, 35))];
}

/** The same MRZ with the digit at `line:pos` printed as another digit. */
function misprinted(lines: string[], line: number, pos: number, digit: string): string[] {
  return lines.map((l, i) => (i === line ? l.slice(0, pos) + digit + l.slice(pos + 1) : l));
}

const TD3 = td3('L898902C3');

describe('MRZ acceptance policy', () => {
  it('accepts a clean, confident, plausible reading', () => {
    const r = repairMrz(rankings(TD3), MRZ_READER_LAYOUTS.TD3);
    expect(r).toMatchObject({ lines: TD3, valid: true, accepted: true, repairs: [] });
    expect(r.confidence).toEqual([1, 1]);
  });

  it('repairs a character whose right glyph was a close second, and accepts one such repair', () => {
    const r = repairMrz(rankings(TD3, { '1:13': { best: '1', alts: { '7': 0.02 } } }), MRZ_READER_LAYOUTS.TD3);
    expect(r).toMatchObject({ lines: TD3, valid: true, accepted: true });
    expect(r.repairs).toEqual([{ line: 1, position: 13, from: '1', to: '7' }]);
  });

  it('an O read over a 0 by a small margin in a document number is uncertain: a repair elsewhere under the same check digit is not accepted', () => {
    // Seen at 6-7 px: the printed 0 of "X2T07W" read as O (the 0 0.036 behind), and the T beside
    // it with 1 a close second. T→1 (-28 x 1) cancels 0→O (+24 x 7), so the document number check
    // and the composite both pass on the wrong "X21O7W". In OCR-B O and 0 differ by a hair; both
    // are allowed in a document number, so a margin that would settle any other pair does not
    // settle them.
    const truth = td3('X2T07W');
    const cells: Record<string, Cell> = { '1:2': { best: 'T', alts: { '1': 0.021 } }, '1:3': { best: 'O', alts: { '0': 0.036 } } };
    const r = repairMrz(rankings(truth, cells), MRZ_READER_LAYOUTS.TD3);
    expect(r.lines[1]?.slice(0, 6)).toBe('X21O7W');
    expect(r.accepted).toBe(false);
    expect(r.uncertain).toEqual(
      expect.arrayContaining([
        { line: 1, position: 2 },
        { line: 1, position: 3 },
      ]),
    );
  });

  it('a twin alone under its check digit is highlighted but accepted: the check digit sees an O/0 swap', () => {
    const truth = td3('X2T07W');
    const r = repairMrz(rankings(truth, { '1:3': { best: '0', alts: { O: 0.04 } } }), MRZ_READER_LAYOUTS.TD3);
    expect(r).toMatchObject({ lines: truth, valid: true, accepted: true, uncertain: [{ line: 1, position: 3 }] });
  });

  it('a 0 read with a clear margin over O stays certain', () => {
    const truth = td3('X2T07W');
    const r = repairMrz(rankings(truth, { '1:3': { best: '0', alts: { O: 0.07 } } }), MRZ_READER_LAYOUTS.TD3);
    expect(r).toMatchObject({ lines: truth, valid: true, accepted: true, uncertain: [] });
  });

  it('S998527 read as 5998527 with no close alternative: never repaired into another number', () => {
    const truth = td3('S998527');
    const cells: Record<string, Cell> = { '1:0': { best: '5', alts: { S: 0.12 } } };
    // Every other position has distant runners-up (a confident read), as a printer's 5/S would give.
    const r = repairMrz(rankings(truth, cells, 0.09), MRZ_READER_LAYOUTS.TD3);
    expect(r.lines[1]?.slice(0, 7)).toBe('5998527');
    expect(r.valid).toBe(false);
    expect(r.accepted).toBe(false);
    expect(r.repairs).toEqual([]);
  });

  it('leaves TD1 optional data after a filler run as printed', () => {
    const truth = td1('AB<<<12345');
    const r = repairMrz(rankings(truth), MRZ_READER_LAYOUTS.TD1);
    expect(r.lines).toEqual(truth);
    expect(r.valid).toBe(true);
    expect(r.repairs).toEqual([]);
  });

  it('a nationality printed in digits stays digits and is not valid', () => {
    const truth = td1('', '132');
    const r = repairMrz(rankings(truth), MRZ_READER_LAYOUTS.TD1);
    expect(r.lines[1]?.slice(15, 18)).toBe('132');
    expect(r.valid).toBe(false);
    expect(r.accepted).toBe(false);
  });

  it('a printed wrong check digit comes back invalid with the printed characters', () => {
    const good = td3('L898902C3');
    const line2 = good[1] as string;
    const wrong = String((Number(line2[19]) + 3) % 10);
    const printed = [good[0] as string, line2.slice(0, 19) + wrong + line2.slice(20)];
    const r = repairMrz(rankings(printed, {}, 0.09), MRZ_READER_LAYOUTS.TD3);
    expect(r.lines).toEqual(printed);
    expect(r.valid).toBe(false);
    expect(r.repairs).toEqual([]);
  });

  it('noise (every glyph nearly as likely as the next) is never valid', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let validCount = 0;
    for (let trial = 0; trial < 12; trial++) {
      const noise = [0, 1, 2].map(() =>
        Array.from({ length: 30 }, () => ({
          scores: new Float32Array(MRZ_ALPHABET.length).map(() => 0.3 + 0.06 * rnd()),
        })),
      );
      const r = repairMrz(noise, MRZ_READER_LAYOUTS.TD1);
      if (r.valid) validCount++;
      expect(r.accepted).toBe(false);
    }
    expect(validCount).toBe(0);
  });

  it('checks that pass do not make implausible fields valid', () => {
    for (const lines of [td3('L898902C3', '741312'), td3('L898902C3', '740812', 'QQQ')]) {
      const r = repairMrz(rankings(lines), MRZ_READER_LAYOUTS.TD3);
      expect(r.lines).toEqual(lines);
      expect(r.valid).toBe(false);
    }
    const badType = [`Q${(TD3[0] as string).slice(1)}`, TD3[1] as string];
    expect(repairMrz(rankings(badType), MRZ_READER_LAYOUTS.TD3).valid).toBe(false);
    const sexQ = [TD3[0] as string, (TD3[1] as string).replace('F120415', 'Q120415')];
    expect(repairMrz(rankings(sexQ), MRZ_READER_LAYOUTS.TD3).valid).toBe(false);
  });

  it('an uncertain letter in the names (no check digit): the checks pass, but the reading is not valid', () => {
    const r = repairMrz(rankings(TD3, { '0:8': { alts: { O: 0.01 } } }), MRZ_READER_LAYOUTS.TD3);
    expect(r.checksPass).toBe(true);
    expect(r.valid).toBe(false);
    expect(r.accepted).toBe(false);
    expect(r.uncertain).toContainEqual({ line: 0, position: 8 });
    expect(r.confidence[0]).toBeLessThan(0.5);
    expect(r.confidence[1]).toBe(1);
  });

  it('two uncertain characters under one check digit, or a same-value alternative (G/Q), are neither valid nor accepted', () => {
    const two = repairMrz(rankings(TD3, { '1:2': { alts: { '6': 0.01 } }, '1:4': { alts: { '8': 0.01 } } }), MRZ_READER_LAYOUTS.TD3);
    expect(two).toMatchObject({ checksPass: true, valid: false, accepted: false });
    // C (12) and M (22) weigh the same in a check digit: the check cannot tell them apart.
    const same = repairMrz(rankings(TD3, { '1:7': { alts: { M: 0.01 } } }), MRZ_READER_LAYOUTS.TD3);
    expect(same.lines).toEqual(TD3);
    expect(same).toMatchObject({ checksPass: true, valid: false, accepted: false });
  });

  it('a wrong letter whose check-digit value equals the printed one passes every check but is not valid', () => {
    // Seen at 6 px: a document number printed KW076093 read AW076093, A 0.006 ahead of K. K (20)
    // and A (10) weigh the same modulo 10, so every check digit passes on the wrong number.
    const truth = td3('KW076093');
    const r = repairMrz(rankings(truth, { '1:0': { best: 'A', alts: { K: 0.006 } } }), MRZ_READER_LAYOUTS.TD3);
    expect(r.lines[1]?.slice(0, 8)).toBe('AW076093');
    expect(r).toMatchObject({ checksPass: true, valid: false, accepted: false });
    expect(r.uncertain).toContainEqual({ line: 1, position: 0 });
  });

  it('one uncertain character that its check digit sees, or one repair under each check digit, stays valid', () => {
    const one = repairMrz(rankings(TD3, { '1:2': { alts: { '6': 0.01 } } }), MRZ_READER_LAYOUTS.TD3);
    expect(one).toMatchObject({ checksPass: true, valid: true, accepted: true });
    const repaired = repairMrz(
      rankings(TD3, { '1:14': { best: '8', alts: { '4': 0.02 } }, '1:22': { best: '7', alts: { '2': 0.02 } } }),
      MRZ_READER_LAYOUTS.TD3,
    );
    expect(repaired).toMatchObject({ lines: TD3, checksPass: true, valid: true });
  });

  it('more than three repairs is never accepted', () => {
    const cells: Record<string, Cell> = {
      '1:14': { best: '8', alts: { '4': 0.02 } },
      '1:22': { best: '7', alts: { '2': 0.02 } },
      '1:1': { best: '6', alts: { '8': 0.02 } },
      '1:31': { best: '3', alts: { '8': 0.02 } },
    };
    const r = repairMrz(rankings(TD3, cells), MRZ_READER_LAYOUTS.TD3);
    expect(r.lines).toEqual(TD3);
    expect(r.repairs.length).toBe(4);
    expect(r.accepted).toBe(false);
  });

  describe('characters that only the composite check digit covers', () => {
    it('a wrongly printed composite is not "repaired" into acceptance by a close call in TD1 optional data', () => {
      // Optional data T (29) at line 0 position 23 has X (33) as a close runner-up. T→X at weight 7
      // moves the composite by 28: a composite printed 8 too high passes after that one repair.
      const truth = td1('AB123456T');
      expect(truth[0]?.[23]).toBe('T');
      const composite = truth[1]?.[29] as string;
      const printed = misprinted(truth, 1, 29, String((Number(composite) + 8) % 10));
      const r = repairMrz(rankings(printed, { '0:23': { alts: { X: 0.02 } } }), MRZ_READER_LAYOUTS.TD1);
      expect(r.repairs).toEqual([{ line: 0, position: 23, from: 'T', to: 'X' }]);
      expect(r.accepted).toBe(false);
      expect(r.uncertain).toContainEqual({ line: 0, position: 23 });
    });

    it('a misread in TD1 optional data repaired by the composite goes to the officer, highlighted', () => {
      const truth = td1('', 'UTO', '0AB<<<<<<<<');
      const r = repairMrz(rankings(truth, { '1:18': { best: 'O', alts: { '0': 0.02 } } }), MRZ_READER_LAYOUTS.TD1);
      expect(r.lines).toEqual(truth);
      expect(r.valid).toBe(true);
      expect(r.accepted).toBe(false);
      expect(r.repairs).toEqual([{ line: 1, position: 18, from: 'O', to: '0' }]);
      expect(r.uncertain).toContainEqual({ line: 1, position: 18 });
    });

    it('the same holds for TD2 optional data', () => {
      const truth = td2('AB1');
      const r = repairMrz(rankings(truth, { '1:30': { best: '8', alts: { '1': 0.02 } } }), MRZ_READER_LAYOUTS.TD2);
      expect(r.lines).toEqual(truth);
      expect(r.valid).toBe(true);
      expect(r.repairs).toEqual([{ line: 1, position: 30, from: '8', to: '1' }]);
      expect(r.accepted).toBe(false);
    });

    it('a repaired composite digit itself is not accepted, on TD1, TD2 and TD3', () => {
      const cases = [
        { lines: td1('AB1234T'), layout: MRZ_READER_LAYOUTS.TD1, line: 1, pos: 29 },
        { lines: td2('AB1'), layout: MRZ_READER_LAYOUTS.TD2, line: 1, pos: 35 },
        { lines: TD3, layout: MRZ_READER_LAYOUTS.TD3, line: 1, pos: 43 },
      ];
      for (const c of cases) {
        const printed = c.lines[c.line]?.[c.pos] as string;
        const other = String((Number(printed) + 5) % 10);
        const r = repairMrz(rankings(c.lines, { [`${c.line}:${c.pos}`]: { best: other, alts: { [printed]: 0.02 } } }), c.layout);
        expect(r.lines).toEqual(c.lines);
        expect(r.repairs).toEqual([{ line: c.line, position: c.pos, from: other, to: printed }]);
        expect(r.valid).toBe(true);
        expect(r.accepted).toBe(false);
      }
    });

    it("a repair under a field's own check digit is still accepted (TD1 document number, TD3 personal number)", () => {
      const card = td1('AB1234T');
      const r1 = repairMrz(rankings(card, { '0:11': { best: '6', alts: { '8': 0.02 } } }), MRZ_READER_LAYOUTS.TD1);
      expect(r1).toMatchObject({ lines: card, valid: true, accepted: true });
      const r3 = repairMrz(rankings(TD3, { '1:31': { best: 'B', alts: { '8': 0.02 } } }), MRZ_READER_LAYOUTS.TD3);
      expect(r3).toMatchObject({ lines: TD3, valid: true, accepted: true });
      expect(r3.repairs).toEqual([{ line: 1, position: 31, from: 'B', to: '8' }]);
    });
  });
  describe('a repair the composite cannot tell from a wrongly printed check digit', () => {
    it('TD1: birth-date digit 4→1 fixes a birth check digit printed 1 too high, and the composite passes either way', () => {
      // Birth-date position 1 weighs 3 in its own check and 1 in the composite, whose weight for the
      // birth check digit is 3: a change d there and a check digit printed 3d too high move the
      // composite by d + 9d = 10d, nothing. The reading is valid; the officer decides.
      const truth = td1('AB123456T');
      const printed = misprinted(truth, 1, 6, String((Number(truth[1]?.[6]) + 1) % 10));
      expect(truth[1]?.[1]).toBe('4');
      const r = repairMrz(rankings(printed, { '1:1': { alts: { '1': 0.02 } } }), MRZ_READER_LAYOUTS.TD1);
      expect(r.repairs).toEqual([{ line: 1, position: 1, from: '4', to: '1' }]);
      expect(r.valid).toBe(true);
      expect(r.accepted).toBe(false);
      expect(r.uncertain).toContainEqual({ line: 1, position: 1 });
    });

    it('TD3: the same for a birth-date digit (line 2 position 15)', () => {
      const r = repairMrz(rankings(TD3, { '1:15': { best: '3', alts: { '0': 0.02 } } }), MRZ_READER_LAYOUTS.TD3);
      expect(r).toMatchObject({ lines: TD3, valid: true, accepted: false });
      expect(r.repairs).toEqual([{ line: 1, position: 15, from: '3', to: '0' }]);
    });

    it('TD1: a 3/8 confusion (d = 5) in the document number, whose combined weight is even, is not accepted', () => {
      // Position 7: weight 1 in both checks, 7 for the document check digit in the composite: 1 + 7 = 8, and 5 x 8 = 40.
      const card = td1('AB123456T');
      const r = repairMrz(rankings(card, { '0:7': { best: '8', alts: { '3': 0.02 } } }), MRZ_READER_LAYOUTS.TD1);
      expect(r).toMatchObject({ lines: card, valid: true, accepted: false });
    });

    it('a repaired check digit of a field is never accepted: the composite was computed with the right one', () => {
      const at = { line: 1, pos: 19 };
      const right = TD3[1]?.[19] as string;
      const read = String((Number(right) + 5) % 10);
      const r = repairMrz(rankings(TD3, { [`${at.line}:${at.pos}`]: { best: read, alts: { [right]: 0.02 } } }), MRZ_READER_LAYOUTS.TD3);
      expect(r).toMatchObject({ lines: TD3, valid: true, accepted: false });
      expect(r.repairs).toEqual([{ line: 1, position: 19, from: read, to: right }]);
    });

    it('a repair the composite does tell apart is still accepted, and a letter forced to a digit is no alternative', () => {
      // Document number position 3 (weight 7 in both checks, composite weight 7 for its check
      // digit): a misprinted check digit would move the composite by 56d, not a multiple of 10 for d = 2.
      expect(TD3[1]?.[3]).toBe('8');
      const r = repairMrz(rankings(TD3, { '1:3': { best: '6', alts: { '8': 0.02 } } }), MRZ_READER_LAYOUTS.TD3);
      expect(r).toMatchObject({ lines: TD3, valid: true, accepted: true });
      // An O read in a date: no printed date holds an O, so only the digit is a reading.
      const o = repairMrz(rankings(TD3, { '1:15': { best: 'O', alts: { '0': 0.02 } } }), MRZ_READER_LAYOUTS.TD3);
      expect(o).toMatchObject({ lines: TD3, valid: true, accepted: true });
    });
  });

  describe('visas (MRV-A, MRV-B): no composite check digit', () => {
    function mrva(number: string, optional = 'ZE184226B'): string[] {
      const doc = number.padEnd(9, '<');
      return [
        'V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
        `${doc}${cd(doc)}UTO740812${cd('740812')}F120415${cd('120415')}${optional.padEnd(16, '<')}`,
      ];
    }
    const MRVB = [
      'V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<',
      `L8988901C${cd('L8988901C')}XXX400907${cd('400907')}M961210${cd('961210')}<<<<<<<<`,
    ];

    it('accepts a clean visa of either shape; the passport layout never finds it valid', () => {
      for (const [lines, visa, passport] of [
        [mrva('L8988901C'), MRZ_VISA_READER_LAYOUTS.TD3, MRZ_READER_LAYOUTS.TD3],
        [MRVB, MRZ_VISA_READER_LAYOUTS.TD2, MRZ_READER_LAYOUTS.TD2],
      ] as const) {
        expect(repairMrz(rankings([...lines]), visa)).toMatchObject({ lines, valid: true, accepted: true, repairs: [] });
        expect(repairMrz(rankings([...lines]), passport).valid).toBe(false);
      }
    });

    it('a repair is valid but never accepted: no composite tells it from a wrongly printed check digit', () => {
      const truth = mrva('L8988901C');
      const r = repairMrz(rankings(truth, { '1:13': { best: '1', alts: { '7': 0.02 } } }), MRZ_VISA_READER_LAYOUTS.TD3);
      expect(r).toMatchObject({ lines: truth, valid: true, accepted: false });
      expect(r.repairs).toEqual([{ line: 1, position: 13, from: '1', to: '7' }]);
    });

    it('a wrongly printed check digit comes back as printed and invalid', () => {
      const printed = misprinted(mrva('L8988901C'), 1, 19, String((Number(cd('740812')) + 1) % 10));
      const r = repairMrz(rankings(printed), MRZ_VISA_READER_LAYOUTS.TD3);
      expect(r).toMatchObject({ lines: printed, valid: false, accepted: false });
    });

    it('an uncertain character in the optional data, which no check digit covers, goes to the officer', () => {
      const truth = mrva('L8988901C');
      const r = repairMrz(rankings(truth, { '1:29': { best: 'E', alts: { F: 0.01 } } }), MRZ_VISA_READER_LAYOUTS.TD3);
      expect(r).toMatchObject({ lines: truth, checksPass: true, valid: false, accepted: false, uncertain: [{ line: 1, position: 29 }] });
    });
  });
});
