import { describe, expect, it } from 'vitest';
import { samplePv } from '../departure/testing';
import type { BeneficiaryFacts, BoardPassage, BoardPv } from './board';
import { NO_FACTS, countsOf, flightKey, groupFlights, minutesToDeparture, progressOf, stageOf, ticketOfKey } from './board';

const at = (minute: number) => Date.parse('2026-06-15T08:00:00Z') + minute * 60_000;
const fact = (minute: number) => ({ at: at(minute), actorName: 'Escort One' });
const passage = (minute: number, verdict: BoardPassage['verdict'], extra: Partial<BoardPassage> = {}): BoardPassage => ({
  at: at(minute),
  verdict,
  status: 'complete',
  actorName: 'Officer One',
  failedRules: verdict === 'ALLOW' ? [] : ['flags'],
  settlement: null,
  ...extra,
});
const facts = (over: Partial<BeneficiaryFacts>): BeneficiaryFacts => ({ ...NO_FACTS, ...over });

function boardPv(pvNumber: string, surname: string, ticket = samplePv().ticket): BoardPv {
  return { pvNumber, surname, givenNames: 'Awa', nationality: 'SEN', documentNumber: `D${pvNumber}`, iomCaseNumber: 'MA-1', ticket };
}

describe('ticketOfKey', () => {
  it('gives back the flight of a key flightKey made, IATA or ICAO carrier, or the keyed land route', () => {
    const tickets = [
      { mode: 'air', carrier: 'AT', flightNumber: '535', date: '2026-06-15' },
      { mode: 'air', carrier: '9W', flightNumber: '1001', date: '2026-06-15' },
      { mode: 'air', carrier: 'RAM', flightNumber: '12A', date: '2026-06-15' },
      { mode: 'air', carrier: 'AT', flightNumber: '9', date: '2026-06-15' },
    ] as const;
    for (const ticket of tickets) expect(ticketOfKey(flightKey(ticket))).toEqual(ticket);
    expect(ticketOfKey(flightKey({ mode: 'air', carrier: 'AT', flightNumber: '0535', date: '2026-06-15' }))).toMatchObject({
      flightNumber: '535',
    });
    const land = ticketOfKey(flightKey({ mode: 'land', route: 'Tanger Med – Algésiras', operator: 'FRS', date: '2026-06-16' }));
    expect(land).toEqual({ mode: 'land', route: 'TANGER MED ALGESIRAS', operator: '', date: '2026-06-16' });
    expect(flightKey(land!)).toBe('LAND:TANGER MED ALGESIRAS:2026-06-16');
    for (const bad of ['AIR:A1:2026-06-15', 'SEA:X:2026-06-15', 'AIR:AT535:15/06/2026', 'LAND::2026-06-15'])
      expect(ticketOfKey(bad)).toBeNull();
  });
});

describe('flightKey', () => {
  it('keys an air ticket by carrier, flight number without leading zeros, and date', () => {
    expect(flightKey({ mode: 'air', carrier: 'AT', flightNumber: '0535', date: '2026-06-15' })).toBe('AIR:AT535:2026-06-15');
    expect(flightKey({ mode: 'air', carrier: 'AT', flightNumber: '535', date: '2026-06-15' })).toBe('AIR:AT535:2026-06-15');
    expect(flightKey({ mode: 'air', carrier: 'AT', flightNumber: '535', date: '2026-06-16' })).not.toBe('AIR:AT535:2026-06-15');
  });
  it('keys a land ticket by its route (case, accents and punctuation folded) and date', () => {
    const a = flightKey({ mode: 'land', route: 'Tanger Med – Algésiras', operator: 'FRS', date: '2026-06-15' });
    const b = flightKey({ mode: 'land', route: 'TANGER MED ALGESIRAS', operator: 'Other', date: '2026-06-15' });
    expect(a).toBe('LAND:TANGER MED ALGESIRAS:2026-06-15');
    expect(b).toBe(a);
  });
});

describe('progressOf and stageOf', () => {
  it('a beneficiary with nothing recorded is expected, not arrived', () => {
    const p = progressOf(NO_FACTS);
    expect(p.arrived).toBe(false);
    expect(stageOf(p)).toBe('expected');
  });
  it('a draft passage means arrived', () => {
    const p = progressOf(facts({ passages: [passage(0, 'REFER', { status: 'draft' })] }));
    expect(p).toMatchObject({ arrived: true, referred: false, refused: false });
    expect(stageOf(p)).toBe('arrived');
  });
  it('follows the facts in order: checked in, exchanged, paid, stamped', () => {
    const base = { passages: [passage(0, 'ALLOW')] };
    expect(stageOf(progressOf(facts({ ...base, checkin: fact(1) })))).toBe('checkedIn');
    expect(stageOf(progressOf(facts({ ...base, checkin: fact(1), exchange: fact(2) })))).toBe('exchanged');
    expect(stageOf(progressOf(facts({ ...base, exchange: fact(2), perDiem: { ...fact(3), amountCents: 10_000 } })))).toBe('paid');
    const stamped = progressOf(facts({ ...base, checkin: fact(1), stamp: fact(4) }));
    expect(stamped).toMatchObject({ stamped: true, checkedIn: true, paid: false });
    expect(stageOf(stamped)).toBe('stamped');
  });
  it('a referral waits until a supervisor decides; a refusal stands; the latest finished passage counts', () => {
    expect(progressOf(facts({ passages: [passage(0, 'REFER')] })).referred).toBe(true);
    const allowed = progressOf(facts({ passages: [passage(0, 'REFER', { settlement: { ...fact(5), decision: 'allow' } })] }));
    expect(allowed).toMatchObject({ referred: false, refused: false });
    const denied = progressOf(facts({ passages: [passage(0, 'REFER', { settlement: { ...fact(5), decision: 'deny' } })] }));
    expect(denied).toMatchObject({ referred: false, refused: true });
    expect(stageOf(denied)).toBe('refused');
    // A DENY, then a passage that cleared: no longer refused.
    expect(progressOf(facts({ passages: [passage(0, 'DENY'), passage(10, 'ALLOW')] })).refused).toBe(false);
    // A later draft does not undo the verdict of the finished passage.
    expect(progressOf(facts({ passages: [passage(0, 'DENY'), passage(10, 'ALLOW', { status: 'draft' })] })).refused).toBe(true);
  });
  it("a referral covered by an earlier passage's settlement is settled, not referred (the desk's covering settlement)", () => {
    const allowedBefore = passage(0, 'REFER', { settlement: { ...fact(5), decision: 'allow' } });
    const covered = progressOf(facts({ passages: [allowedBefore, passage(10, 'REFER')] }));
    expect(covered).toMatchObject({ arrived: true, referred: false, refused: false });
    expect(stageOf(covered)).toBe('arrived');
    const deniedBefore = passage(0, 'REFER', { settlement: { ...fact(5), decision: 'deny' } });
    expect(progressOf(facts({ passages: [deniedBefore, passage(10, 'REFER')] }))).toMatchObject({ referred: false, refused: true });
    // A new concern needs a new decision.
    const newConcern = passage(10, 'REFER', { failedRules: ['flags', 'documentExpiry'] });
    expect(progressOf(facts({ passages: [allowedBefore, newConcern] })).referred).toBe(true);
  });
  it('a no-show is shown as such, and a stamp outranks everything', () => {
    const noShow = { ...fact(30), reason: 'medical' as const, note: '' };
    expect(stageOf(progressOf(facts({ noShow })))).toBe('noShow');
    const p = progressOf(facts({ noShow, stamp: fact(20), passages: [passage(0, 'DENY')] }));
    expect(p).toMatchObject({ noShow: false, refused: false, stamped: true });
  });
});

describe('countsOf', () => {
  it('counts each step, and the missing ones (not arrived, not a no-show)', () => {
    const list = [
      progressOf(NO_FACTS),
      progressOf(facts({ noShow: { ...fact(1), reason: 'didNotCome', note: '' } })),
      progressOf(facts({ passages: [passage(0, 'REFER')] })),
      progressOf(
        facts({ passages: [passage(0, 'ALLOW')], checkin: fact(1), perDiem: { ...fact(2), amountCents: 10_000 }, stamp: fact(3) }),
      ),
      progressOf(facts({ passages: [passage(0, 'DENY')] })),
    ];
    expect(countsOf(list)).toEqual({
      total: 5,
      arrived: 3,
      checkedIn: 1,
      exchanged: 0,
      paid: 1,
      stamped: 1,
      referred: 1,
      refused: 1,
      noShow: 1,
      missing: 1,
    });
  });
});

describe('groupFlights', () => {
  it('groups PVs by flight, sorts names, adds the per diem total and orders flights by departure time', () => {
    const land = { mode: 'land' as const, route: 'Tanger Med - Algésiras', operator: 'FRS', date: '2026-06-15' };
    const pvs = [
      boardPv('PV-3', 'Touré'),
      boardPv('PV-1', 'Diallo'),
      boardPv('PV-9', 'Bamba', land),
      boardPv('PV-2', 'Camara', { mode: 'air', carrier: 'AT', flightNumber: '0535', date: '2026-06-15' }),
    ];
    const paid = facts({ perDiem: { ...fact(1), amountCents: 10_000 }, passages: [passage(0, 'ALLOW')] });
    const flights = groupFlights(
      pvs,
      (pv) => (pv === 'PV-1' || pv === 'PV-2' ? paid : NO_FACTS),
      (key) => ({ departureAt: key.startsWith('LAND') ? at(60) : null, closed: null }),
    );
    expect(flights.map((f) => f.key)).toEqual(['LAND:TANGER MED ALGESIRAS:2026-06-15', 'AIR:AT535:2026-06-15']);
    const air = flights[1]!;
    expect(air.identity).toEqual({ mode: 'air', carrier: 'AT', flightNumber: '535', date: '2026-06-15' });
    expect(air.beneficiaries.map((b) => b.surname)).toEqual(['Camara', 'Diallo', 'Touré']);
    expect(air.perDiemTotalCents).toBe(20_000);
    expect(air.counts).toMatchObject({ total: 3, paid: 2, missing: 1 });
    expect(flights[0]!.departureAt).toBe(at(60));
  });
});

describe('minutesToDeparture', () => {
  it('counts whole minutes, negative once gone, null without a time', () => {
    expect(minutesToDeparture(at(0), at(90) + 59_000)).toBe(90);
    expect(minutesToDeparture(at(0), at(0))).toBe(0);
    expect(minutesToDeparture(at(5) + 1, at(0))).toBe(-5);
    expect(minutesToDeparture(at(0), null)).toBeNull();
  });
});
