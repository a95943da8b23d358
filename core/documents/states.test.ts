import { describe, expect, it } from 'vitest';
import { doc9303ReservedCodes, isKnownStateCode, iso3166Alpha3 } from './states';

describe('state codes', () => {
  it('knows every ISO 3166-1 alpha-3 code once', () => {
    expect(iso3166Alpha3).toHaveLength(249);
    expect(new Set(iso3166Alpha3).size).toBe(249);
  });

  it('knows the ICAO 9303 part 3 codes that are not ISO codes, and the specimen state UTO', () => {
    for (const code of [
      'D',
      'GBD',
      'GBN',
      'GBO',
      'GBP',
      'GBS',
      'UNO',
      'UNA',
      'UNK',
      'EUE',
      'XBA',
      'XIM',
      'XCC',
      'XCE',
      'XCO',
      'XEC',
      'XPO',
      'XES',
      'XMP',
      'XOM',
      'XDC',
      'XXA',
      'XXB',
      'XXC',
      'XXX',
      'UTO',
    ])
      expect(isKnownStateCode(code), code).toBe(true);
    expect(new Set(doc9303ReservedCodes).size).toBe(doc9303ReservedCodes.length);
    expect(doc9303ReservedCodes.filter((c) => iso3166Alpha3.includes(c))).toEqual([]);
  });

  it('does not know made-up or padded codes', () => {
    for (const code of ['QQQ', 'XYZ', 'D<<', 'UT', '', 'uto']) expect(isKnownStateCode(code), code).toBe(false);
  });
});
