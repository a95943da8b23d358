/**
 * The flight board of a post (docs/flights.md): the day's flights from the PV cache with each
 * beneficiary's progress (core/flights/board.ts), the scheduled departure a supervisor sets,
 * closing a flight with its no-shows, and the data of the flight report. No-shows, closings and
 * departure times are written with their audit-chain rows in one transaction: the chain is what
 * the centre receives (`flight.noShow` carries the PV number, so the PV can be re-scheduled).
 */
import { pvAuthorisesPost } from '../../core/departure/pv';
import type { BeneficiaryFacts, BoardPv, FlightGroup, StepFact } from '../../core/flights/board';
import { NO_FACTS, flightKey, groupFlights, ticketOfKey } from '../../core/flights/board';
import { localIsoDate, zonedTime } from '../../core/format/format';
import type { Board, FlightView } from '../../core/ipc/flights-contract';
import type { Result } from '../../core/ipc/result';
import { err, ok } from '../../core/ipc/result';
import type { NoShowReason } from '../../core/flights/board';
import type { Db } from '../db/connection';
import type { AuditRepository } from '../db/repositories/audit-repository';
import type { FlightRepository, NoShowRow } from '../db/repositories/flight-repository';
import { isUniqueViolation } from '../db/repositories/departure-repository';
import type { Actor } from './departure-service';
import type { PostContext } from './post-context';
import type { Clock, Logger } from './runtime';
import { newId } from './runtime';

export interface FlightDeps {
  db: Db;
  repo: FlightRepository;
  audit: AuditRepository;
  clock: Clock;
  logger: Logger;
  post: PostContext;
  timeZone: () => string;
}

/** One step of a beneficiary in the flight report. */
export interface ReportStep {
  step: 'arrived' | 'checkin' | 'exchange' | 'perDiem' | 'referred' | 'refused' | 'settled' | 'stamp' | 'noShow';
  at: number;
  actorName: string;
  /** The per diem amount; a settlement's decision; a no-show's reason and note. */
  amountCents?: number;
  decision?: 'allow' | 'deny';
  reason?: NoShowReason;
  note?: string;
}

export interface FlightReport {
  post: PostContext['post'];
  timeZone: string;
  generatedAt: number;
  flight: FlightView;
  steps: Record<string, ReportStep[]>;
  noShows: NoShowRow[];
  /** Each time a supervisor reopened the flight after closing it, with the reason. */
  reopenings: (StepFact & { reason: string })[];
}

/** The steps of one beneficiary, in time order. */
export function reportSteps(f: BeneficiaryFacts): ReportStep[] {
  const steps: ReportStep[] = [];
  const first = f.passages[0];
  if (first) steps.push({ step: 'arrived', at: first.at, actorName: first.actorName });
  for (const p of f.passages) {
    if (p.status !== 'complete') continue;
    if (p.verdict === 'REFER') steps.push({ step: 'referred', at: p.at, actorName: p.actorName });
    if (p.verdict === 'DENY') steps.push({ step: 'refused', at: p.at, actorName: p.actorName });
    if (p.settlement)
      steps.push({ step: 'settled', at: p.settlement.at, actorName: p.settlement.actorName, decision: p.settlement.decision });
  }
  const fact = (step: ReportStep['step'], s: StepFact | null) => s && steps.push({ step, at: s.at, actorName: s.actorName });
  fact('checkin', f.checkin);
  fact('exchange', f.exchange);
  if (f.perDiem) steps.push({ step: 'perDiem', at: f.perDiem.at, actorName: f.perDiem.actorName, amountCents: f.perDiem.amountCents });
  fact('stamp', f.stamp);
  if (f.noShow)
    steps.push({ step: 'noShow', at: f.noShow.at, actorName: f.noShow.actorName, reason: f.noShow.reason, note: f.noShow.note });
  return steps.sort((a, b) => a.at - b.at);
}

/** Two supervisors at once: a constraint or trigger found the no-show or closing already standing. */
const alreadyStands = (error: unknown) => isUniqueViolation(error) || (error instanceof Error && /^UNIQUE: flight_/.test(error.message));

const SUPERVISOR_ONLY = 'flights.errors.supervisorOnly';

/** The date of a flight key (its last part). */
const dateOf = (key: string) => key.slice(-10);

class FlightClosedError extends Error {}

export function createFlightService(deps: FlightDeps) {
  const { db, repo, audit, clock, logger, post } = deps;
  const device = { deviceId: post.deviceId, postCode: post.post.code };

  const appendAudit = (actor: Actor, action: string, subject: string, details: Record<string, unknown>) =>
    audit.append({ id: newId(clock), at: clock.now(), actorId: actor.userId, actorRole: actor.role, action, subject, details }, device);

  /** What was recorded for a PV, with the no-show it has on one flight (a re-scheduled PV has one on its old flight only). */
  type FactsOf = (pvNumber: string, key: string) => BeneficiaryFacts;

  /** The day at this post: flights of PVs that authorise it, with what was recorded for them. */
  function day(date: string): { flights: FlightGroup[]; factsOf: FactsOf; noShows: NoShowRow[] } {
    const noShows = repo.noShowsOfDate(date);
    const ofDate = repo.pvsOfDate(date);
    // A PV the centre re-scheduled after its no-show flies on another flight now (another day, or
    // later the same day): it stays on the flight it missed as that flight's no-show, on the board
    // and in the report, with that flight's ticket (another PV's on it, else read from the key).
    const keyNow = new Map(ofDate.map((pv) => [pv.pvNumber, flightKey(pv.ticket)]));
    const ticketOn = new Map(ofDate.map((pv) => [flightKey(pv.ticket), pv.ticket]));
    const left = noShows.filter((n) => keyNow.get(n.pvNumber) !== n.flightKey);
    const moved = repo.pvsByNumber([...new Set(left.map((n) => n.pvNumber))]).flatMap((pv) =>
      left.flatMap((n) => {
        const ticket = n.pvNumber === pv.pvNumber ? (ticketOn.get(n.flightKey) ?? ticketOfKey(n.flightKey)) : null;
        return ticket ? [{ ...pv, ticket }] : [];
      }),
    );
    const pvs: BoardPv[] = [...ofDate, ...moved]
      .filter((pv) => pvAuthorisesPost(pv, post.post.code))
      .map((pv) => ({
        pvNumber: pv.pvNumber,
        surname: pv.beneficiary.surname,
        givenNames: pv.beneficiary.givenNames,
        nationality: pv.beneficiary.nationality,
        documentNumber: pv.travelDocument.number,
        iomCaseNumber: pv.beneficiary.iomCaseNumber ?? '',
        ticket: pv.ticket,
      }));
    const facts = repo.factsOfDate(date, post.post.code);
    const noShowOn = new Map(
      noShows.map((n) => [`${n.pvNumber}\n${n.flightKey}`, { at: n.at, actorName: n.actorName, reason: n.reason, note: n.note }]),
    );
    // On the flight it missed, a moved PV shows its no-show alone: what was recorded for it is
    // not kept by flight, and its passages and stamp belong to the flight it has now.
    const missed = new Set(moved.map((pv) => `${pv.pvNumber}\n${flightKey(pv.ticket)}`));
    const factsOf: FactsOf = (pvNumber, key) => ({
      ...(missed.has(`${pvNumber}\n${key}`) ? NO_FACTS : (facts.get(pvNumber) ?? NO_FACTS)),
      noShow: noShowOn.get(`${pvNumber}\n${key}`) ?? null,
    });
    const closings = repo.closingsOfDate(date);
    const departures = repo.departuresOfDate(date);
    const flights = groupFlights(pvs, factsOf, (key) => ({
      departureAt: departures.get(key) ?? null,
      closed: closings.get(key) ?? null,
    }));
    return { flights, factsOf, noShows };
  }

  function toView(flight: FlightGroup, factsOf: FactsOf): FlightView {
    return {
      ...flight,
      beneficiaries: flight.beneficiaries.map((b) => ({ ...b, noShow: factsOf(b.pvNumber, flight.key).noShow })),
    };
  }

  function flight(key: string): { view: FlightView; facts: (pvNumber: string) => BeneficiaryFacts; noShows: NoShowRow[] } | null {
    const d = day(dateOf(key));
    const found = d.flights.find((f) => f.key === key);
    return found
      ? { view: toView(found, d.factsOf), facts: (pv) => d.factsOf(pv, key), noShows: d.noShows.filter((n) => n.flightKey === key) }
      : null;
  }

  return {
    board(date?: string): Board {
      const now = clock.now();
      const shown = date ?? localIsoDate(now, deps.timeZone());
      const d = day(shown);
      return { date: shown, generatedAt: now, flights: d.flights.map((f) => toView(f, d.factsOf)) };
    },

    setDeparture(input: { flightKey: string; time: string }, actor: Actor): Result<FlightView> {
      if (!flight(input.flightKey)) return err('notFound', 'flights.errors.flightNotFound');
      const departureAt = zonedTime(dateOf(input.flightKey), input.time, deps.timeZone());
      db.transaction(() => {
        const at = clock.now();
        repo.insertDeparture({
          id: newId(clock),
          flightKey: input.flightKey,
          departureAt,
          actorId: actor.userId,
          postCode: post.post.code,
          at,
        });
        appendAudit(actor, 'flight.departureSet', input.flightKey, { flightKey: input.flightKey, departureAt });
      }).immediate();
      return ok((flight(input.flightKey) as NonNullable<ReturnType<typeof flight>>).view);
    },

    /**
     * Closes a flight with its no-shows, all or nothing: refused for a flight already closed, a PV
     * not on it (or listed twice), or a beneficiary who was stamped out.
     */
    close(
      input: { flightKey: string; noShows: { pvNumber: string; reason: NoShowReason; note: string }[] },
      actor: Actor,
    ): Result<FlightView> {
      const found = flight(input.flightKey);
      if (!found) return err('notFound', 'flights.errors.flightNotFound');
      if (found.view.closed)
        return err('alreadyDone', 'flights.errors.alreadyClosed', { by: found.view.closed.actorName, at: found.view.closed.at });
      const onFlight = new Map(found.view.beneficiaries.map((b) => [b.pvNumber, b]));
      const seen = new Set<string>();
      for (const n of input.noShows) {
        const b = onFlight.get(n.pvNumber);
        if (!b) return err('badInput', 'flights.errors.notOnFlight', { pvNumber: n.pvNumber });
        if (seen.has(n.pvNumber)) return err('badInput', 'flights.errors.listedTwice', { pvNumber: n.pvNumber });
        seen.add(n.pvNumber);
        if (b.progress.stamped) return err('refused', 'flights.errors.alreadyStamped', { pvNumber: n.pvNumber });
      }
      try {
        db.transaction(() => {
          const at = clock.now();
          for (const n of input.noShows) {
            if (onFlight.get(n.pvNumber)?.noShow) continue;
            const id = newId(clock);
            repo.insertNoShow({ id, flightKey: input.flightKey, ...n, actorId: actor.userId, postCode: post.post.code, at });
            appendAudit(actor, 'flight.noShow', n.pvNumber, {
              id,
              flightKey: input.flightKey,
              pvNumber: n.pvNumber,
              reason: n.reason,
              note: n.note,
            });
          }
          const id = newId(clock);
          const noShowCount = found.view.counts.noShow + input.noShows.filter((n) => !onFlight.get(n.pvNumber)?.noShow).length;
          repo.insertClosing({ id, flightKey: input.flightKey, noShowCount, actorId: actor.userId, postCode: post.post.code, at });
          appendAudit(actor, 'flight.closed', input.flightKey, {
            id,
            flightKey: input.flightKey,
            beneficiaries: found.view.counts.total,
            stamped: found.view.counts.stamped,
            noShows: noShowCount,
            perDiemCents: found.view.perDiemTotalCents,
          });
        }).immediate();
      } catch (error) {
        if (alreadyStands(error)) return err('alreadyDone', 'flights.errors.alreadyClosed');
        throw error;
      }
      logger.info('flight.closed', { noShows: input.noShows.length });
      return ok((flight(input.flightKey) as NonNullable<ReturnType<typeof flight>>).view);
    },

    /**
     * Marks one beneficiary as a no-show before the flight is closed (supervisor). Refused on a
     * closed flight, for a PV not on it, a beneficiary already stamped or already marked.
     */
    markNoShow(input: { flightKey: string; pvNumber: string; reason: NoShowReason; note: string }, actor: Actor): Result<FlightView> {
      if (actor.role !== 'supervisor') return err('forbidden', SUPERVISOR_ONLY);
      const found = flight(input.flightKey);
      if (!found) return err('notFound', 'flights.errors.flightNotFound');
      if (found.view.closed) return err('refused', 'flights.errors.closed');
      const b = found.view.beneficiaries.find((x) => x.pvNumber === input.pvNumber);
      if (!b) return err('badInput', 'flights.errors.notOnFlight', { pvNumber: input.pvNumber });
      if (b.progress.stamped) return err('refused', 'flights.errors.alreadyStamped', { pvNumber: input.pvNumber });
      if (b.noShow) return err('alreadyDone', 'flights.errors.alreadyNoShow', { pvNumber: input.pvNumber });
      try {
        db.transaction(() => {
          if (repo.isClosed(input.flightKey)) throw new FlightClosedError();
          const id = newId(clock);
          const { flightKey, pvNumber, reason, note } = input;
          repo.insertNoShow({ id, flightKey, pvNumber, reason, note, actorId: actor.userId, postCode: post.post.code, at: clock.now() });
          appendAudit(actor, 'flight.noShow', pvNumber, { id, flightKey, pvNumber, reason, note });
        }).immediate();
      } catch (error) {
        if (error instanceof FlightClosedError) return err('refused', 'flights.errors.closed');
        if (alreadyStands(error)) return err('alreadyDone', 'flights.errors.alreadyNoShow', { pvNumber: input.pvNumber });
        throw error;
      }
      logger.info('flight.noShow', { noShows: 1 });
      return ok((flight(input.flightKey) as NonNullable<ReturnType<typeof flight>>).view);
    },

    /** Clears a beneficiary's no-show before the flight is closed (supervisor): they came after all. */
    clearNoShow(input: { flightKey: string; pvNumber: string }, actor: Actor): Result<FlightView> {
      if (actor.role !== 'supervisor') return err('forbidden', SUPERVISOR_ONLY);
      if (!flight(input.flightKey)) return err('notFound', 'flights.errors.flightNotFound');
      const outcome = db
        .transaction((): 'closed' | 'none' | 'done' => {
          if (repo.isClosed(input.flightKey)) return 'closed';
          const noShowId = repo.currentNoShow(input.flightKey, input.pvNumber);
          if (!noShowId) return 'none';
          const id = newId(clock);
          repo.insertClearing({ id, noShowId, actorId: actor.userId, postCode: post.post.code, at: clock.now() });
          appendAudit(actor, 'flight.noShowCleared', input.pvNumber, {
            id,
            noShowId,
            flightKey: input.flightKey,
            pvNumber: input.pvNumber,
          });
          return 'done';
        })
        .immediate();
      if (outcome === 'closed') return err('refused', 'flights.errors.closed');
      if (outcome === 'none') return err('notFound', 'flights.errors.noNoShow', { pvNumber: input.pvNumber });
      logger.info('flight.noShowCleared', { noShows: 1 });
      return ok((flight(input.flightKey) as NonNullable<ReturnType<typeof flight>>).view);
    },

    /**
     * Reopens a closed flight (supervisor), with the reason: its no-shows stand until cleared, and
     * the next report says it was reopened. Refused for a flight that is not closed.
     */
    reopen(input: { flightKey: string; reason: string }, actor: Actor): Result<FlightView> {
      if (actor.role !== 'supervisor') return err('forbidden', SUPERVISOR_ONLY);
      if (!flight(input.flightKey)) return err('notFound', 'flights.errors.flightNotFound');
      const reopened = db
        .transaction((): boolean => {
          const closingId = repo.currentClosing(input.flightKey);
          if (!closingId) return false;
          const id = newId(clock);
          const { flightKey, reason } = input;
          repo.insertReopening({ id, closingId, flightKey, reason, actorId: actor.userId, postCode: post.post.code, at: clock.now() });
          appendAudit(actor, 'flight.reopened', flightKey, { id, closingId, flightKey, reason });
          return true;
        })
        .immediate();
      if (!reopened) return err('refused', 'flights.errors.notClosed');
      logger.info('flight.reopened', {});
      return ok((flight(input.flightKey) as NonNullable<ReturnType<typeof flight>>).view);
    },

    /** What the flight report lists (null: no such flight at this post). */
    report(flightKey: string): FlightReport | null {
      const found = flight(flightKey);
      if (!found) return null;
      const steps: Record<string, ReportStep[]> = {};
      for (const b of found.view.beneficiaries) steps[b.pvNumber] = reportSteps(found.facts(b.pvNumber));
      return {
        post: post.post,
        timeZone: deps.timeZone(),
        generatedAt: clock.now(),
        flight: found.view,
        steps,
        noShows: found.noShows,
        reopenings: repo.reopeningsOf(flightKey),
      };
    },
  };
}
export type FlightService = ReturnType<typeof createFlightService>;
