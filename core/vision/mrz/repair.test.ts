import { describe, expect, it } from 'vitest';
import type { CellRanking } from './glyph-table';
import {
  checkDigitChar as checkDigit,
  MRZ_ALPHABET,
  MRZ_READER_LAYOUTS as MRZ_LAYOUTS,
  MRZ_VISA_READER_LAYOUTS as MRZ_VISA_LAYOUTS,
} from '../../documents/mrz-layout';
import { agreesWhereUnchecked, repairMrz } from './repair';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

/** Rankings where `truth` wins everywhere except at `confusions`, where `wrong` wins and `truth` is second. */
function rankings(lines: string[], confusions: Array<{ line: number; pos: number; wrong: string }>): CellRanking[][] {
  return lines.map((line, li) =>
    [...line].map((ch, pi) => {
      const scores = new Float32Array(MRZ_ALPHABET.length).fill(0.6);
      const c = confusions.find((x) => x.line === li && x.pos === pi);
      if (c) {
        scores[MRZ_ALPHABET.indexOf(c.wrong)] = 0.1;
        scores[MRZ_ALPHABET.indexOf(ch)] = 0.14;
      } else {
        scores[MRZ_ALPHABET.indexOf(ch)] = 0.1;
      }
      return { scores };
    }),
  );
}

describe('repairMrz', () => {
  it('keeps a clean reading untouched', () => {
    const r = repairMrz(rankings(TD3, []), MRZ_LAYOUTS.TD3);
    expect(r).toMatchObject({ lines: TD3, valid: true, accepted: true, repairs: [] });
  });

  it('repairs a misread digit using the second-ranked candidate', () => {
    const r = repairMrz(rankings(TD3, [{ line: 1, pos: 15, wrong: '3' }]), MRZ_LAYOUTS.TD3);
    expect(r.valid).toBe(true);
    expect(r.lines).toEqual(TD3);
    expect(r.repairs).toEqual([{ line: 1, position: 15, from: '3', to: '0' }]);
  });

  it('forces the field class (letter O read in a date becomes 0) and fixes two fields at once', () => {
    const r = repairMrz(
      rankings(TD3, [
        { line: 1, pos: 14, wrong: 'O' },
        { line: 1, pos: 2, wrong: '6' },
      ]),
      MRZ_LAYOUTS.TD3,
    );
    expect(r.lines).toEqual(TD3);
    expect(r.valid).toBe(true);
    expect(r.repairs.map((x) => x.position).sort((a, b) => a - b)).toEqual([2, 14]);
  });

  it('reports valid: false when no candidate satisfies the checks', () => {
    // Every position is certain (no alternative at all), except the misread birth-date digit whose
    // candidates do not include the right one.
    const lines = rankings(TD3, []);
    for (const line of lines)
      for (const cell of line) for (let i = 0; i < cell.scores.length; i++) if (cell.scores[i] !== 0.1) cell.scores[i] = Infinity;
    const cell = (lines[1] as CellRanking[])[15] as CellRanking;
    cell.scores.fill(Infinity);
    cell.scores[MRZ_ALPHABET.indexOf('3')] = 0.1;
    for (const d of '1245') cell.scores[MRZ_ALPHABET.indexOf(d)] = 0.2;
    const r = repairMrz(lines, MRZ_LAYOUTS.TD3);
    expect(r.lines[1]?.[15]).not.toBe('0');
    expect(r.valid).toBe(false);
  });

  it('prefers a cheap fix in a field only the composite covers over costly changes elsewhere', () => {
    const line1 = 'I<UTOD231458907<<<<<<<<<<<<<<<';
    const line2a = '7408122F1204159UTO0AB<<<<<<<<';
    const composite = checkDigit(line1.slice(5, 30) + line2a.slice(0, 7) + line2a.slice(8, 15) + line2a.slice(18, 29));
    const td1 = [line1, line2a + composite, 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
    // Optional data reads letter O (best) instead of zero (a close second).
    const r = repairMrz(rankings(td1, [{ line: 1, pos: 18, wrong: 'O' }]), MRZ_LAYOUTS.TD1);
    expect(r.valid).toBe(true);
    expect(r.lines).toEqual(td1);
    expect(r.repairs).toEqual([{ line: 1, position: 18, from: 'O', to: '0' }]);
  });
});

describe('repairMrz and a 36-column MRZ with document code P', () => {
  it("checks it like a card's, and never accepts it: it may be a passport's 44 columns, 8 of them hidden", () => {
    // A passport's first 36 columns, its personal number holding the card composite's digit.
    const cd = checkDigit;
    const head = 'AB12345671UTO8503127F3001019';
    const optional = '1234567';
    const line2 = `${head}${optional}${cd(`${head.slice(0, 10)}${head.slice(13, 20)}${head.slice(21, 28)}${optional}`)}`;
    const passportCut = ['P<UTOOKONKWO<<CHIDIMMA<ADAEZE<NGOZI<', line2];
    const cut = repairMrz(rankings(passportCut, []), MRZ_LAYOUTS.TD2);
    expect(cut).toMatchObject({ lines: passportCut, checksPass: true, valid: true, accepted: false });
    // The same reading with a card's document code is accepted.
    const card = ['I<UTOOKONKWO<<CHIDIMMA<ADAEZE<NGOZI<', line2];
    expect(repairMrz(rankings(card, []), MRZ_LAYOUTS.TD2)).toMatchObject({ lines: card, valid: true, accepted: true });
  });
});

describe('repairMrz and a 36-column visa whose fields may run on past its last column', () => {
  // An MRV-A's first 36 columns are an MRV-B's fields and checks; neither has a composite.
  const cd = checkDigit;
  const head = (doc: string, birth: string, expiry: string): string => `${doc}${cd(doc)}UTO${birth}${cd(birth)}F${expiry}${cd(expiry)}`;
  const line2 = head('L8988901C', '400907', '961210');

  it.each([
    ['a name that fills the field', 'V<UTOVANDERBERGHE<<ANNE<MARIE<CLAUDE', `${line2}<<<<<<<<`],
    ['a name one filler short of it (more given names may follow)', 'V<UTOVANDERBERGHE<<ANNE<MARIE<CLAUD<', `${line2}<<<<<<<<`],
    ['a surname two fillers short of it (the given names may follow)', 'V<UTOVANDERBERGHEVANDERBERGHEMARIE<<', `${line2}<<<<<<<<`],
    ['optional data that fills the field', 'V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', `${line2}ZE184226`],
    [
      'a name whose only two fillers in a row are its last two (the given names may follow)',
      'V<UTOVANDERBERGHE<ANNE<MARIE<CLAUD<<',
      `${line2}<<<<<<<<`,
    ],
  ])('never accepts one with %s: it may be an MRV-A cut by a thumb or glare', (_, line1, l2) => {
    const cut = [line1, l2];
    expect(repairMrz(rankings(cut, []), MRZ_VISA_LAYOUTS.TD2)).toMatchObject({
      lines: cut,
      checksPass: true,
      valid: true,
      accepted: false,
    });
  });

  it("never accepts one read with a card's layout, its optional data ending in a card composite's digit", () => {
    // An MRV-A's optional data whose 8th character is the composite check digit a card would
    // have there passes every check of the card layout, so the visa layout is never tried.
    const optional = 'J3WK5PL';
    const l2 = `${line2}${optional}${cd(`${line2.slice(0, 10)}${line2.slice(13, 20)}${line2.slice(21, 28)}${optional}`)}`;
    const cut = ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', l2];
    expect(repairMrz(rankings(cut, []), MRZ_LAYOUTS.TD2)).toMatchObject({ lines: cut, checksPass: true, valid: true, accepted: false });
  });

  it('accepts one whose fields surely end, and a card whose name fills its field', () => {
    for (const visa of [
      ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', `${line2}<<<<<<<<`],
      ['V<UTOVANDERBERGHE<<ANNE<MARIE<CLA<<<', `${line2}ZE184<<<`],
      // Two fillers after the primary identifier's two close the name; one closes the data.
      ['V<UTOVANDERBERGHE<<ANNE<MARIE<CLAU<<', `${line2}ZE18422<`],
    ])
      expect(repairMrz(rankings(visa, []), MRZ_VISA_LAYOUTS.TD2)).toMatchObject({ lines: visa, valid: true, accepted: true });
    const cardHead = head('D23145890', '740812', '120415');
    const card = [
      'I<UTOVANDERBERGHE<<ANNE<MARIE<CLAUDE',
      `${cardHead}<<<<<<<${cd(`${cardHead.slice(0, 10)}${cardHead.slice(13, 20)}${cardHead.slice(21, 28)}<<<<<<<`)}`,
    ];
    expect(repairMrz(rankings(card, []), MRZ_LAYOUTS.TD2)).toMatchObject({ lines: card, valid: true, accepted: true });
  });
});

describe('repairMrz and state codes', () => {
  it('takes the close alternative that makes a known state code, and never calls it valid', () => {
    // Nationality UTO read UT0 is out of class; read UTQ it is a code no list knows. No check digit
    // covers the nationality: the known code is shown to the officer, marked, never accepted.
    const r = repairMrz(rankings(TD3, [{ line: 1, pos: 12, wrong: 'Q' }]), MRZ_LAYOUTS.TD3);
    expect(r.lines).toEqual(TD3);
    expect(r.repairs).toEqual([{ line: 1, position: 12, from: 'Q', to: 'O' }]);
    expect(r.uncertain).toContainEqual({ line: 1, position: 12 });
    expect(r.valid).toBe(false);
    expect(r.accepted).toBe(false);
  });

  it('keeps an unknown code as read when no close alternative makes a known one', () => {
    const lines = rankings(TD3, [{ line: 0, pos: 3, wrong: 'Q' }]);
    // The truth (T) is no longer close: UQO stays, and the reading is not valid.
    ((lines[0] as CellRanking[])[3] as CellRanking).scores[MRZ_ALPHABET.indexOf('T')] = 0.5;
    const r = repairMrz(lines, MRZ_LAYOUTS.TD3);
    expect(r.lines[0]?.slice(2, 5)).toBe('UQO');
    expect(r.valid).toBe(false);
  });
});

describe('agreesWhereUnchecked', () => {
  it('compares only the characters no check digit covers: names, codes, nationality, sex', () => {
    const layout = MRZ_LAYOUTS.TD3;
    expect(agreesWhereUnchecked(TD3, TD3, layout)).toBe(true);
    // A name letter (line 1) and the sex (line 2, position 20) carry no check digit.
    const name = [(TD3[0] as string).replace('ANNA', 'ANCA'), TD3[1] as string];
    expect(agreesWhereUnchecked(name, TD3, layout)).toBe(false);
    const sex = [TD3[0] as string, `${(TD3[1] as string).slice(0, 20)}M${(TD3[1] as string).slice(21)}`];
    expect(agreesWhereUnchecked(sex, TD3, layout)).toBe(false);
    // The document number (line 2, 0-8) lies under its check digit: a difference there is the
    // check digits' to judge.
    const doc = [TD3[0] as string, `L898902C4${(TD3[1] as string).slice(9)}`];
    expect(agreesWhereUnchecked(doc, TD3, layout)).toBe(true);
    // Another shape never agrees.
    expect(agreesWhereUnchecked(TD3, [TD3[0] as string], layout)).toBe(false);
  });
});

describe('repairMrz and characters of one check-digit value', () => {
  // Line 2 starts with the document number L898902C3. The L (value 21) was read as I (18); V (31)
  // was a close call. Its check digit fixes the value mod 10, which L and V share: V passes.
  function misreadL(lScore: number): CellRanking[][] {
    const r = rankings(TD3, []);
    const cell = (r[1] as CellRanking[])[0] as CellRanking;
    cell.scores.fill(0.6);
    cell.scores[MRZ_ALPHABET.indexOf('I')] = 0.1;
    cell.scores[MRZ_ALPHABET.indexOf('V')] = 0.116;
    cell.scores[MRZ_ALPHABET.indexOf('L')] = lScore;
    return r;
  }

  it('never vouches for a repair when another character of its value is not far behind', () => {
    // L 0.096 behind the best glyph, beyond the close calls: the check digit took V, which counts
    // as L, and the reading was valid and accepted with a wrong document number.
    const r = repairMrz(misreadL(0.196), MRZ_LAYOUTS.TD3);
    expect(r.lines[1]?.slice(0, 9)).toBe('V898902C3');
    expect(r.repairs).toEqual([{ line: 1, position: 0, from: 'I', to: 'V' }]);
    expect(r.checksPass).toBe(true);
    expect(r.uncertain).toContainEqual({ line: 1, position: 0 });
    expect(r.valid).toBe(false);
    expect(r.accepted).toBe(false);
  });

  it('still accepts a repair whose value no other likely character shares', () => {
    const r = repairMrz(misreadL(0.6), MRZ_LAYOUTS.TD3);
    expect(r.repairs).toEqual([{ line: 1, position: 0, from: 'I', to: 'V' }]);
    expect(r.valid).toBe(true);
    expect(r.accepted).toBe(true);
  });
});
