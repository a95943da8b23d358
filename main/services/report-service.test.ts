import { describe, expect, it } from 'vitest';
import { periodBounds } from './report-service';
import { pvFor, supervisorPost } from '../demo/supervisor-fixtures';

/**
 * 21 departures counted by hand: GIN 4, CIV 3, SEN 3, CMR 2, MLI 2, then one each for COD, COG,
 * GHA, GMB, NGA, PHL, SDN. Top ten (count desc, then code): GIN CIV SEN CMR MLI COD COG GHA GMB
 * NGA; "Autres" = PHL + SDN = 2. Percent = count / 21, two decimals.
 */
const PLAN: [string, number][] = [
  ['GIN', 4],
  ['CIV', 3],
  ['SEN', 3],
  ['CMR', 2],
  ['MLI', 2],
  ['NGA', 1],
  ['COG', 1],
  ['COD', 1],
  ['GMB', 1],
  ['PHL', 1],
  ['GHA', 1],
  ['SDN', 1],
];
const EXPECTED_TOP = [
  ['GIN', 'Guinée Conakry', 4, 19.05],
  ['CIV', "Côte d'Ivoire", 3, 14.29],
  ['SEN', 'Sénégal', 3, 14.29],
  ['CMR', 'Cameroun', 2, 9.52],
  ['MLI', 'Mali', 2, 9.52],
  ['COD', 'Congo RDC', 1, 4.76],
  ['COG', 'Congo Brazzaville', 1, 4.76],
  ['GHA', 'Ghana', 1, 4.76],
  ['GMB', 'Gambie', 1, 4.76],
  ['NGA', 'Nigéria', 1, 4.76],
];

async function fixture() {
  const post = await supervisorPost();
  const { steps, clock } = post;
  const pvs = PLAN.flatMap(([nat, n]) => Array.from({ length: n }, (_, i) => pvFor(nat, `Nom${nat}${i}`, 'Prenom')));
  const extraCiv = pvFor('CIV', 'Annule', 'Tampon');
  const arabic = pvFor('SDN', 'عبد الله', 'محمد');
  const minor = pvFor('MLI', 'Traore', 'Seydou', { flags: { minor: { mnaReference: 'TPI-CASA-2026-12' } } });
  steps.importPvs([...pvs, extraCiv, arabic, minor]);
  const departed = pvs.map((pv) => {
    const d = steps.depart(pv);
    clock.advance(20 * 60_000);
    return d;
  });
  // A departure whose stamp is voided does not count; a voided payment is counted apart.
  const voided = steps.depart(extraCiv);
  post.services.departures.voidRecord(
    { passageId: voided.officerPassageId, kind: 'stamp', recordId: voided.stampId, reason: 'Tampon saisi sur le mauvais PV' },
    steps.supervisor,
  );
  steps.voidPerDiem(voided.escortPassageId, voided.paymentId, 'Pécule saisi deux fois');
  const denied = steps.verify(arabic);
  const referred = steps.verify(minor);
  steps.settle(referred.passageId, 'deny', 'Ordonnance du juge absente');
  return { ...post, departed, denied, referred };
}

describe('departures report', () => {
  it('matches the hand-computed nationality table, in the programme shape', async () => {
    const { desk } = await fixture();
    const r = desk.reports.departures({ from: '2026-06-15', to: '2026-06-15' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.total).toBe(21);
    expect(r.value.byNationality.top.map((n) => [n.code, n.label, n.count, n.percent])).toEqual(EXPECTED_TOP);
    expect(r.value.byNationality.others).toEqual({ count: 2, percent: 9.52, codes: ['PHL', 'SDN'] });
    expect(r.value.byNationality.total).toEqual({ count: 21, percent: 100 });
    expect(r.value.byNationality.top.reduce((s, n) => s + n.count, 0) + r.value.byNationality.others.count).toBe(
      r.value.byNationality.total.count,
    );
  }, 30_000);

  it('counts by local day and hour, and totals the per diem with voids apart', async () => {
    const { desk } = await fixture();
    const r = desk.reports.departures({ from: '2026-06-14', to: '2026-06-16' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.byDay).toEqual([
      { day: '2026-06-14', count: 0 },
      { day: '2026-06-15', count: 21 },
      { day: '2026-06-16', count: 0 },
    ]);
    // 21 departures 20 minutes apart from 11:00 local: three in each hour from 11 to 17.
    expect(r.value.byHour.filter((h) => h.count > 0)).toEqual([11, 12, 13, 14, 15, 16, 17].map((hour) => ({ hour, count: 3 })));
    expect(r.value.perDiem).toEqual({ count: 21, totalCents: 210_000, currency: 'USD', voidedCount: 1, voidedCents: 10_000 });
    expect(r.value.voids.map((v) => [v.kind, v.reason])).toEqual([
      ['stamp', 'Tampon saisi sur le mauvais PV'],
      ['perDiem', 'Pécule saisi deux fois'],
    ]);
  }, 30_000);

  it('lists refused and referred passages with their reasons and the settlement', async () => {
    const { desk, denied, referred } = await fixture();
    const r = desk.reports.departures({ from: '2026-06-15', to: '2026-06-15' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.refused).toHaveLength(1);
    expect(r.value.refused[0]).toMatchObject({ passageId: denied.passageId, name: 'عبد الله محمد', nationality: 'SDN' });
    expect(r.value.refused[0]?.reasons.map((x) => x.id)).toEqual(['identity.name', 'ticket.name']);
    expect(r.value.referred).toEqual([
      expect.objectContaining({
        passageId: referred.passageId,
        settlement: expect.objectContaining({ decision: 'deny', reason: 'Ordonnance du juge absente' }),
      }),
    ]);
    expect(r.value.referred[0]?.reasons.map((x) => x.id)).toContain('flags.minor');
    expect(r.value.reasonCounts).toContainEqual(expect.objectContaining({ verdict: 'REFER', id: 'flags.minor', count: 1 }));
  }, 30_000);

  it('leaves out what falls outside the period and refuses an inverted or too long one', async () => {
    const { desk } = await fixture();
    expect(desk.reports.departures({ from: '2026-06-16', to: '2026-06-20' })).toMatchObject({
      ok: true,
      value: { total: 0, byNationality: { top: [], total: { count: 0, percent: 0 } } },
    });
    expect(desk.reports.departures({ from: '2026-06-16', to: '2026-06-15' })).toMatchObject({ ok: false, error: { code: 'badInput' } });
    expect(desk.reports.departures({ from: '2025-01-01', to: '2026-06-15' })).toMatchObject({
      ok: false,
      error: { message: 'reports.periodTooLong' },
    });
  }, 30_000);

  it('bounds a local day in UTC', () => {
    expect(periodBounds('2026-06-15', '2026-06-15', 'Africa/Casablanca')).toEqual({
      start: Date.parse('2026-06-14T23:00:00Z'),
      end: Date.parse('2026-06-15T23:00:00Z'),
      days: 1,
    });
  });

  it('bounds local days in the zone across the Ramadan change (Casablanca on UTC from 15/02 to 22/03/2026)', () => {
    expect(periodBounds('2026-03-01', '2026-03-01', 'Africa/Casablanca')).toEqual({
      start: Date.parse('2026-03-01T00:00:00Z'),
      end: Date.parse('2026-03-02T00:00:00Z'),
      days: 1,
    });
    // The last day of Ramadan time and the first day back on UTC+1: 23 hours that day, two days.
    expect(periodBounds('2026-03-21', '2026-03-22', 'Africa/Casablanca')).toEqual({
      start: Date.parse('2026-03-21T00:00:00Z'),
      end: Date.parse('2026-03-22T23:00:00Z'),
      days: 2,
    });
    expect(periodBounds('2026-02-30', '2026-03-01', 'Africa/Casablanca').days).toBe(0);
  });
});
