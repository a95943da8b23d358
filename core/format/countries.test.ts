import { describe, expect, it } from 'vitest';
import { iso3166Alpha3 } from '../documents/states';
import { alpha2, countryName } from './countries';

describe('country names', () => {
  it('knows the alpha-2 code of every ISO alpha-3 code', () => {
    expect(iso3166Alpha3.filter((c) => alpha2(c) === null)).toEqual([]);
    expect(new Set(iso3166Alpha3.map(alpha2)).size).toBe(iso3166Alpha3.length);
  });

  it('names the programme countries in French as its tables do, and in Arabic and English from Unicode data', () => {
    expect(countryName('GIN', 'fr')).toBe('Guinée Conakry');
    expect(countryName('COD', 'fr')).toBe('Congo RDC');
    expect(countryName('GIN', 'ar')).toBe('غينيا');
    expect(countryName('CIV', 'en')).toBe('Côte d’Ivoire');
    expect(countryName('SEN', 'ar')).toBe('السنغال');
    expect(countryName('TCD', 'fr')).toBe('Tchad');
    expect(countryName('D', 'en')).toBe('Germany');
  });

  it('shows an unknown code as the code', () => {
    expect(countryName('XXA', 'ar')).toBe('XXA');
    expect(countryName('', 'fr')).toBe('');
  });
});
