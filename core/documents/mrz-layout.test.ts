import { describe, expect, it } from 'vitest';
import {
  allChecksPass,
  checkDigitChar,
  looksLikeMrz,
  MRZ_FIELD_LAYOUTS,
  MRZ_READER_LAYOUTS,
  mrzCharClasses,
  mrzShapeOf,
} from './mrz-layout';

// ICAO 9303 part 4 and part 5 specimens.
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

describe('check digits', () => {
  it('computes ICAO 7-3-1 check digits', () => {
    expect(checkDigitChar('L898902C3')).toBe('6');
    expect(checkDigitChar('740812')).toBe('2');
    expect(checkDigitChar('120415')).toBe('9');
    expect(checkDigitChar('ZE184226B<<<<<')).toBe('1');
    expect(checkDigitChar('D23145890')).toBe('7');
  });

  it('accepts the specimens and rejects a one-character change', () => {
    expect(allChecksPass(TD3, MRZ_FIELD_LAYOUTS.TD3.checks)).toBe(true);
    expect(allChecksPass(TD1, MRZ_FIELD_LAYOUTS.TD1.checks)).toBe(true);
    const bad = [TD3[0] as string, (TD3[1] as string).replace('7408122', '7408182')];
    expect(allChecksPass(bad, MRZ_READER_LAYOUTS.TD3.checks)).toBe(false);
    const badTd1 = [(TD1[0] as string).replace('D231', 'D281'), TD1[1] as string, TD1[2] as string];
    expect(allChecksPass(badTd1, MRZ_READER_LAYOUTS.TD1.checks)).toBe(false);
  });
});

describe('field layouts', () => {
  it('derives the reader classes from the field layout', () => {
    const cls = (format: 'TD1' | 'TD3', line: number) =>
      mrzCharClasses(format)
        [line]?.map((c) => ({ digit: 'N', alpha: 'A', alnum: 'X', sex: 'S', digitOrFiller: 'n' })[c])
        .join('');
    expect(cls('TD3', 0)).toBe('A'.repeat(44));
    expect(cls('TD3', 1)).toBe(`${'X'.repeat(9)}NAAA${'N'.repeat(7)}S${'N'.repeat(7)}${'X'.repeat(14)}nN`);
    expect(cls('TD1', 0)).toBe(`AAAAA${'X'.repeat(9)}N${'X'.repeat(15)}`);
    expect(cls('TD1', 1)).toBe(`${'N'.repeat(7)}S${'N'.repeat(7)}AAA${'X'.repeat(11)}N`);
    expect(MRZ_READER_LAYOUTS.TD1.fillerTail).toEqual([
      { line: 0, start: 15, end: 30 },
      { line: 1, start: 18, end: 29 },
      { line: 2, start: 0, end: 30 },
    ]);
  });

  it('visas have no composite and their optional data runs to the end of line 2', () => {
    expect(MRZ_FIELD_LAYOUTS.MRVA.checks.map((c) => c.name)).toEqual(['documentNumber', 'birthDate', 'expiryDate']);
    expect(MRZ_FIELD_LAYOUTS.MRVB.optionalData).toEqual({ line: 1, start: 28, end: 36 });
  });
});

describe('looksLikeMrz and mrzShapeOf', () => {
  it('tells a well-formed MRZ from text that only could be one', () => {
    expect(mrzShapeOf(TD3)).toBe('TD3');
    expect(mrzShapeOf(TD1)).toBe('TD1');
    expect(mrzShapeOf([TD3[0] as string, (TD3[1] as string).slice(1)])).toBeNull();
    expect(mrzShapeOf([(TD3[0] as string).toLowerCase(), TD3[1] as string])).toBeNull();
    expect(looksLikeMrz([TD3[0] as string, (TD3[1] as string).slice(1)].join('\n'))).toBe(true);
    expect(looksLikeMrz('P<UTO')).toBe(false);
  });
});
