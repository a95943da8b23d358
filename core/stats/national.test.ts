import { describe, expect, it } from 'vitest';
import type { StatsDeparture, StatsPayment } from './national';
import { computeNationalStats, nationalityTable, percentOf, statsCsv } from './national';

const ZONE = 'Africa/Casablanca';
const at = (iso: string) => Date.parse(iso);

/** The programme's 2017 table (seed presentation): the top ten as printed, "Autres" 59 spread over five codes. */
const TABLE_2017: Array<[string, number]> = [
  ['GIN', 556],
  ['CIV', 382],
  ['SEN', 205],
  ['CMR', 144],
  ['COG', 122],
  ['MLI', 121],
  ['NGA', 70],
  ['LBR', 30],
  ['BFA', 27],
  ['COD', 17],
  ['TGO', 15],
  ['BEN', 14],
  ['NER', 12],
  ['TCD', 10],
  ['SLE', 8],
];

function departures2017(): StatsDeparture[] {
  const out: StatsDeparture[] = [];
  let i = 0;
  for (const [nationality, n] of TABLE_2017)
    for (let k = 0; k < n; k++, i++)
      out.push({ at: at('2017-01-01T12:00:00Z') + (i % 360) * 86_400_000, postCode: 'CMN', nationality, mode: 'air' });
  return out;
}

describe('national statistics', () => {
  it('gives the programme’s 2017 table: top ten with the printed percentages, Autres, Total général', () => {
    const stats = computeNationalStats({ departures: departures2017(), payments: [], year: 2017, month: null, timeZone: ZONE });
    const t = stats.byNationality;
    expect(t.top.map((r) => [r.code, r.count, r.percent])).toEqual([
      ['GIN', 556, 32.08],
      ['CIV', 382, 22.04],
      ['SEN', 205, 11.83],
      ['CMR', 144, 8.31],
      ['COG', 122, 7.04],
      ['MLI', 121, 6.98],
      ['NGA', 70, 4.04],
      ['LBR', 30, 1.73],
      ['BFA', 27, 1.56],
      ['COD', 17, 0.98],
    ]);
    expect(t.others).toEqual({ count: 59, percent: 3.4, codes: ['TGO', 'BEN', 'NER', 'TCD', 'SLE'] });
    expect(t.total).toEqual({ count: 1733, percent: 100 });
    expect(stats.total).toBe(1733);
  });

  it('counts a small year by hand: months in the post’s zone, posts, air and land, per diem', () => {
    const departures: StatsDeparture[] = [
      // 31 Dec 23:30 UTC is 1 January 00:30 in Casablanca (UTC+1): January 2026, not 2025.
      { at: at('2025-12-31T23:30:00Z'), postCode: 'CMN', nationality: 'SEN', mode: 'air' },
      { at: at('2026-01-15T10:00:00Z'), postCode: 'CMN', nationality: 'SEN', mode: 'air' },
      { at: at('2026-01-20T10:00:00Z'), postCode: 'OUD', nationality: 'MLI', mode: 'land' },
      { at: at('2026-03-02T10:00:00Z'), postCode: 'RAK', nationality: 'GIN', mode: 'air' },
      // 31 Dec 2026 23:30 UTC is already 2027 locally: left out.
      { at: at('2026-12-31T23:30:00Z'), postCode: 'CMN', nationality: 'CIV', mode: 'air' },
      // 2025 locally: left out.
      { at: at('2025-12-31T22:30:00Z'), postCode: 'CMN', nationality: 'CIV', mode: 'air' },
    ];
    const payments: StatsPayment[] = [
      { at: at('2026-01-15T10:00:00Z'), postCode: 'CMN', amountCents: 10_000, currency: 'USD' },
      { at: at('2026-01-20T10:00:00Z'), postCode: 'OUD', amountCents: 10_000, currency: 'USD' },
      { at: at('2026-03-02T10:00:00Z'), postCode: 'RAK', amountCents: 10_000, currency: 'USD' },
      { at: at('2027-01-02T10:00:00Z'), postCode: 'RAK', amountCents: 10_000, currency: 'USD' },
    ];
    const stats = computeNationalStats({ departures, payments, year: 2026, month: null, timeZone: ZONE });
    expect(stats.total).toBe(4);
    expect(stats.byNationality.top.map((r) => [r.code, r.count, r.percent])).toEqual([
      ['SEN', 2, 50],
      ['GIN', 1, 25],
      ['MLI', 1, 25],
    ]);
    expect(stats.byMonth.map((m) => m.count)).toEqual([3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(stats.byMonth[0]?.byNationality.top.map((r) => [r.code, r.count, r.percent])).toEqual([
      ['SEN', 2, 66.67],
      ['MLI', 1, 33.33],
    ]);
    expect(stats.byPost).toEqual([
      { postCode: 'CMN', count: 2, percent: 50, perDiemCount: 1, perDiemCents: 10_000 },
      { postCode: 'OUD', count: 1, percent: 25, perDiemCount: 1, perDiemCents: 10_000 },
      { postCode: 'RAK', count: 1, percent: 25, perDiemCount: 1, perDiemCents: 10_000 },
    ]);
    expect(stats.byMode).toEqual({ air: { count: 3, percent: 75 }, land: { count: 1, percent: 25 } });
    expect(stats.perDiem).toEqual({ count: 3, totals: [{ currency: 'USD', cents: 30_000 }] });

    const march = computeNationalStats({ departures, payments, year: 2026, month: 3, timeZone: ZONE });
    expect(march.total).toBe(1);
    expect(march.byNationality.top).toEqual([{ code: 'GIN', count: 1, percent: 100 }]);
    expect(march.perDiem).toEqual({ count: 1, totals: [{ currency: 'USD', cents: 10_000 }] });
    expect(march.byMonth).toHaveLength(12);
  });

  it('answers zeros for an empty period, never NaN', () => {
    const stats = computeNationalStats({ departures: [], payments: [], year: 2026, month: 5, timeZone: ZONE });
    expect(stats.byNationality).toEqual({ top: [], others: { count: 0, percent: 0, codes: [] }, total: { count: 0, percent: 0 } });
    expect(stats.byMode).toEqual({ air: { count: 0, percent: 0 }, land: { count: 0, percent: 0 } });
    expect(percentOf(1, 0)).toBe(0);
  });

  it('orders equal counts by code, so the table is the same on every run', () => {
    const t = nationalityTable(
      new Map([
        ['SEN', 1],
        ['CIV', 1],
        ['GIN', 2],
      ]),
    );
    expect(t.top.map((r) => r.code)).toEqual(['GIN', 'CIV', 'SEN']);
  });

  it('writes the CSV with the labels given, one row per line of the table', () => {
    const stats = computeNationalStats({ departures: departures2017(), payments: [], year: 2017, month: null, timeZone: ZONE });
    const csv = statsCsv(stats, {
      country: (code) => (code === 'GIN' ? 'Guinée Conakry' : code),
      others: 'Autres',
      total: 'Total général',
      headers: { section: 'section', key: 'clé', label: 'libellé', count: 'nombre', percent: '%', amount: 'montant' },
      sections: { nationality: 'nationalité', month: 'mois', post: 'poste', mode: 'voie', perDiem: 'pécule' },
      modes: { air: 'aérienne', land: 'terrestre' },
      month: (m) => String(m),
    });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,clé,libellé,nombre,%,montant');
    expect(lines[1]).toBe('nationalité,GIN,Guinée Conakry,556,32.08,');
    expect(lines).toContain('nationalité,,Autres,59,3.40,');
    expect(lines).toContain('nationalité,,Total général,1733,100.00,');
  });
});
