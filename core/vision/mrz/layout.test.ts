import { describe, expect, it } from 'vitest';
import { allChecksPass, checkDigit, MRZ_LAYOUTS } from './layout';

// ICAO 9303 part 4 and part 5 specimens.
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

describe('check digits', () => {
  it('computes ICAO 7-3-1 check digits', () => {
    expect(checkDigit('L898902C3')).toBe('6');
    expect(checkDigit('740812')).toBe('2');
    expect(checkDigit('120415')).toBe('9');
    expect(checkDigit('ZE184226B<<<<<')).toBe('1');
    expect(checkDigit('D23145890')).toBe('7');
  });

  it('accepts the specimens and rejects a one-character change', () => {
    expect(allChecksPass(TD3, MRZ_LAYOUTS.TD3)).toBe(true);
    expect(allChecksPass(TD1, MRZ_LAYOUTS.TD1)).toBe(true);
    const bad = [TD3[0] as string, (TD3[1] as string).replace('7408122', '7408182')];
    expect(allChecksPass(bad, MRZ_LAYOUTS.TD3)).toBe(false);
    const badTd1 = [(TD1[0] as string).replace('D231', 'D281'), TD1[1] as string, TD1[2] as string];
    expect(allChecksPass(badTd1, MRZ_LAYOUTS.TD1)).toBe(false);
  });
});
