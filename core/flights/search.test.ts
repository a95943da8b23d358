import { describe, expect, it } from 'vitest';
import { searchBeneficiaries } from './search';

const people = [
  { pvNumber: 'PV-CMN-2026-000123', documentNumber: 'LP0451278', surname: "N'Diaye", givenNames: 'Mamadou Aliou' },
  { pvNumber: 'PV-CMN-2026-000124', documentNumber: 'LP0451279', surname: 'Koné', givenNames: 'Mohamed' },
  { pvNumber: 'PV-CMN-2026-000200', documentNumber: 'AB1234567', surname: 'Camara', givenNames: 'Fatoumata Binta' },
  { pvNumber: 'PV-RAK-2026-000001', documentNumber: 'ZZ9', surname: 'Ouattara', givenNames: 'Cheikh' },
];
const found = (q: string) => searchBeneficiaries(q, people).map((p) => p.surname);

describe('searchBeneficiaries', () => {
  it('finds names without accents or apostrophes, in any order, by prefix', () => {
    expect(found('ndiaye')).toEqual(["N'Diaye"]);
    expect(found('KONE')).toEqual(['Koné']);
    expect(found('aliou ndia')).toEqual(["N'Diaye"]);
    expect(found('fatou cam')).toEqual(['Camara']);
  });
  it('finds transliterated and variant spellings', () => {
    expect(found('Muhammad')).toEqual(['Koné']);
    expect(found('Fatumata')).toEqual(['Camara']);
    expect(found('Watara')).toEqual(['Ouattara']);
    expect(found('Kamara')).toEqual(['Camara']);
  });
  it('finds names typed in Arabic script', () => {
    expect(found('محمد')).toEqual(['Koné']);
    expect(found('كمارا')).toEqual(['Camara']);
    expect(found('شيخ')).toEqual(['Ouattara']);
    expect(found('نجاي')).toEqual([]);
  });
  it('finds PV numbers and document numbers, with or without separators', () => {
    expect(found('000124')).toEqual(['Koné']);
    expect(found('pv cmn 2026 000200')).toEqual(['Camara']);
    expect(found('LP0451278')).toEqual(["N'Diaye"]);
    expect(found('lp 045127')).toEqual(["N'Diaye", 'Koné']);
  });
  it('an empty query keeps everyone; an unknown one nobody', () => {
    expect(found('  ')).toHaveLength(4);
    expect(found('Smith')).toEqual([]);
    expect(found('12')).toEqual([]);
  });
});
