/**
 * The flight board, as pure functions: which flight a PV belongs to (air: carrier + flight +
 * date; land: route + date), each beneficiary's progress derived from what the post already
 * recorded (passages, facts, settlements, no-shows), the stage shown on the board, the counts of a
 * flight and the time left before it leaves. Main reads the rows; this file decides.
 */
import type { PvTicket } from '../departure/pv';
import { coveringSettlement } from '../departure/settlement';

/** A fact recorded for the PV: when and by whom. */
export interface StepFact {
  at: number;
  actorName: string;
}

/** One passage of the PV at this post, with the supervisor's decision on it (if any). */
export interface BoardPassage {
  at: number;
  verdict: 'ALLOW' | 'REFER' | 'DENY';
  status: 'draft' | 'complete';
  actorName: string;
  /** The rules it failed: a settlement covers a later passage that failed no other rule. */
  failedRules: readonly string[];
  /** The supervisor's decision on this very passage. */
  settlement: (StepFact & { decision: 'allow' | 'deny' }) | null;
}

export const NO_SHOW_REASONS = ['didNotCome', 'withdrew', 'medical', 'other'] as const;
export type NoShowReason = (typeof NO_SHOW_REASONS)[number];

/** Everything the post recorded for one PV (current facts only: voided ones are left out by main). */
export interface BeneficiaryFacts {
  passages: readonly BoardPassage[];
  checkin: StepFact | null;
  exchange: StepFact | null;
  perDiem: (StepFact & { amountCents: number }) | null;
  stamp: StepFact | null;
  noShow: (StepFact & { reason: NoShowReason; note: string }) | null;
}

export const NO_FACTS: BeneficiaryFacts = {
  passages: [],
  checkin: null,
  exchange: null,
  perDiem: null,
  stamp: null,
  noShow: null,
};

export interface Progress {
  /** Seen at a desk of this post (a passage, or any fact). */
  arrived: boolean;
  checkedIn: boolean;
  exchanged: boolean;
  paid: boolean;
  stamped: boolean;
  /** The latest finished passage was referred and no supervisor has decided yet. */
  referred: boolean;
  /** The latest finished passage was refused (DENY, or a referral the supervisor refused), and no stamp. */
  refused: boolean;
  noShow: boolean;
}

/** The latest passage whose verdict stands (complete), or null. */
function latestComplete(passages: readonly BoardPassage[]): BoardPassage | null {
  let latest: BoardPassage | null = null;
  for (const p of passages) if (p.status === 'complete' && (!latest || p.at >= latest.at)) latest = p;
  return latest;
}

/** The newest settlement of any passage of the PV, with the rules that passage failed. */
function newestSettlement(passages: readonly BoardPassage[]) {
  let newest: { decision: 'allow' | 'deny'; at: number; failedRules: readonly string[] } | null = null;
  for (const p of passages)
    if (p.settlement && (!newest || p.settlement.at >= newest.at)) newest = { ...p.settlement, failedRules: p.failedRules };
  return newest;
}

export function progressOf(f: BeneficiaryFacts): Progress {
  const stamped = f.stamp !== null;
  const last = latestComplete(f.passages);
  // The decision that covers it: its own, or an earlier one on the same concerns (as the desk sees it).
  const settled = last && coveringSettlement(last, last.settlement, newestSettlement(f.passages));
  const refusedNow = last !== null && (last.verdict === 'DENY' || settled?.decision === 'deny');
  const referredNow = last !== null && last.verdict === 'REFER' && !settled;
  return {
    arrived: f.passages.length > 0 || f.checkin !== null || f.exchange !== null || f.perDiem !== null || stamped,
    checkedIn: f.checkin !== null,
    exchanged: f.exchange !== null,
    paid: f.perDiem !== null,
    stamped,
    referred: !stamped && referredNow,
    refused: !stamped && refusedNow,
    noShow: !stamped && f.noShow !== null,
  };
}

export const STAGES = ['stamped', 'noShow', 'refused', 'referred', 'paid', 'exchanged', 'checkedIn', 'arrived', 'expected'] as const;
export type Stage = (typeof STAGES)[number];

/** The one word the board shows for a beneficiary: the furthest step, or what stopped them. */
export function stageOf(p: Progress): Stage {
  if (p.stamped) return 'stamped';
  if (p.noShow) return 'noShow';
  if (p.refused) return 'refused';
  if (p.referred) return 'referred';
  if (p.paid) return 'paid';
  if (p.exchanged) return 'exchanged';
  if (p.checkedIn) return 'checkedIn';
  if (p.arrived) return 'arrived';
  return 'expected';
}

export interface FlightCounts {
  total: number;
  arrived: number;
  checkedIn: number;
  exchanged: number;
  paid: number;
  stamped: number;
  referred: number;
  refused: number;
  noShow: number;
  /** Not seen at any desk yet, not marked as a no-show: the ones the supervisor is waiting for. */
  missing: number;
}

export function countsOf(progress: readonly Progress[]): FlightCounts {
  const c: FlightCounts = {
    total: progress.length,
    arrived: 0,
    checkedIn: 0,
    exchanged: 0,
    paid: 0,
    stamped: 0,
    referred: 0,
    refused: 0,
    noShow: 0,
    missing: 0,
  };
  for (const p of progress) {
    if (p.arrived) c.arrived++;
    if (p.checkedIn) c.checkedIn++;
    if (p.exchanged) c.exchanged++;
    if (p.paid) c.paid++;
    if (p.stamped) c.stamped++;
    if (p.referred) c.referred++;
    if (p.refused) c.refused++;
    if (p.noShow) c.noShow++;
    if (!p.arrived && !p.noShow) c.missing++;
  }
  return c;
}

/** A route as a key part: capitals, one space, no accents. */
const routeKey = (route: string) =>
  route
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();

/** The flight (or land departure) a ticket belongs to: `AIR:AT535:2026-06-15`, `LAND:TANGER MED ALGESIRAS:2026-06-15`. */
export function flightKey(ticket: PvTicket): string {
  if (ticket.mode === 'air') return `AIR:${ticket.carrier}${ticket.flightNumber.replace(/^0+(?=\d)/, '')}:${ticket.date}`;
  return `LAND:${routeKey(ticket.route)}:${ticket.date}`;
}

/**
 * The ticket a flight key stands for, for a PV that has since left that flight (re-scheduled by
 * the centre) and still belongs on its board and report as a no-show: the carrier is IATA (two
 * capitals or digits) or ICAO (three capitals); a land route is as keyed (capitals, no accents)
 * with no operator. Null for what flightKey never makes.
 */
export function ticketOfKey(key: string): PvTicket | null {
  const air = /^AIR:([A-Z0-9]{2}|[A-Z]{3})(\d{1,4}[A-Z]?):(\d{4}-\d{2}-\d{2})$/.exec(key);
  if (air) return { mode: 'air', carrier: air[1]!, flightNumber: air[2]!, date: air[3]! };
  const land = /^LAND:([A-Z0-9 ]+):(\d{4}-\d{2}-\d{2})$/.exec(key);
  if (land) return { mode: 'land', route: land[1]!, operator: '', date: land[2]! };
  return null;
}

export type FlightIdentity =
  { mode: 'air'; carrier: string; flightNumber: string; date: string } | { mode: 'land'; route: string; operator: string; date: string };

export function flightIdentity(ticket: PvTicket): FlightIdentity {
  return ticket.mode === 'air'
    ? { mode: 'air', carrier: ticket.carrier, flightNumber: ticket.flightNumber.replace(/^0+(?=\d)/, ''), date: ticket.date }
    : { mode: 'land', route: ticket.route, operator: ticket.operator, date: ticket.date };
}

/** What the board needs of a PV. */
export interface BoardPv {
  pvNumber: string;
  surname: string;
  givenNames: string;
  nationality: string;
  documentNumber: string;
  iomCaseNumber: string;
  ticket: PvTicket;
}

export interface BoardBeneficiary extends Omit<BoardPv, 'ticket'> {
  progress: Progress;
  stage: Stage;
}

export interface FlightGroup {
  key: string;
  identity: FlightIdentity;
  /** Scheduled departure (epoch ms) when the supervisor set it; null: only the date is known. */
  departureAt: number | null;
  closed: StepFact | null;
  counts: FlightCounts;
  perDiemTotalCents: number;
  beneficiaries: BoardBeneficiary[];
}

const byName = (a: BoardPv, b: BoardPv) =>
  a.surname.localeCompare(b.surname, 'fr') || a.givenNames.localeCompare(b.givenNames, 'fr') || a.pvNumber.localeCompare(b.pvNumber);

/**
 * The board: PVs grouped by flight, beneficiaries by name, flights by scheduled departure (those
 * without a time last, then by key).
 */
export function groupFlights(
  pvs: readonly BoardPv[],
  /** What was recorded for a PV, for this flight (a PV's no-show belongs to one flight). */
  factsOf: (pvNumber: string, flightKey: string) => BeneficiaryFacts,
  flight: (key: string) => { departureAt: number | null; closed: StepFact | null },
): FlightGroup[] {
  const groups = new Map<string, BoardPv[]>();
  for (const pv of pvs) {
    const key = flightKey(pv.ticket);
    const list = groups.get(key);
    if (list) list.push(pv);
    else groups.set(key, [pv]);
  }
  const flights: FlightGroup[] = [];
  for (const [key, list] of groups) {
    list.sort(byName);
    let perDiemTotalCents = 0;
    const beneficiaries = list.map(({ ticket: _ticket, ...pv }) => {
      const facts = factsOf(pv.pvNumber, key);
      if (facts.perDiem) perDiemTotalCents += facts.perDiem.amountCents;
      const progress = progressOf(facts);
      return { ...pv, progress, stage: stageOf(progress) };
    });
    const first = list[0] as BoardPv;
    flights.push({
      key,
      identity: flightIdentity(first.ticket),
      ...flight(key),
      counts: countsOf(beneficiaries.map((b) => b.progress)),
      perDiemTotalCents,
      beneficiaries,
    });
  }
  return flights.sort(
    (a, b) =>
      (a.departureAt ?? Number.MAX_SAFE_INTEGER) - (b.departureAt ?? Number.MAX_SAFE_INTEGER) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** Whole minutes from now to the departure (negative once it has left); null when no time is set. */
export function minutesToDeparture(now: number, departureAt: number | null): number | null {
  if (departureAt === null) return null;
  const ms = departureAt - now;
  return ms >= 0 ? Math.floor(ms / 60_000) : -Math.floor(-ms / 60_000);
}
