import type { Pv } from '../../../core/departure/pv';
import type { BeneficiaryFacts, BoardPassage, NoShowReason, StepFact } from '../../../core/flights/board';
import type { Db } from '../connection';

/** A fact of a PV as the flight report lists it: its time, who recorded it, and the amount of a payment. */
export interface FlightFactRow {
  pvNumber: string;
  at: number;
  actorName: string;
  amountCents: number | null;
}

export interface NoShowRow {
  id: string;
  flightKey: string;
  pvNumber: string;
  reason: NoShowReason;
  note: string;
  actorName: string;
  at: number;
}

type Kind = 'checkin' | 'exchange' | 'perDiem' | 'stamp';
const TABLE: Record<Kind, string> = { checkin: 'checkins', exchange: 'exchanges', perDiem: 'per_diem_payments', stamp: 'stamps' };

/** PVs whose ticket is for this date (the index `pvs_by_ticket_date` of migration 0008). */
const PVS_OF_DATE = "SELECT pv_number FROM pvs WHERE json_extract(body, '$.ticket.date') = @date";

/** All SQL of the flight board: the day's PVs and what was recorded for them, no-shows, closings and departure times. */
export function createFlightRepository(db: Db) {
  const pvsOfDate = db.prepare<{ date: string }, { body: string }>(
    `SELECT body FROM pvs WHERE json_extract(body, '$.ticket.date') = @date AND status <> 'revoked'`,
  );
  const passages = db.prepare<
    { date: string; post: string },
    {
      pv_number: string;
      at: number;
      verdict: BoardPassage['verdict'];
      status: BoardPassage['status'];
      actor_name: string;
      rules: string;
      decision: 'allow' | 'deny' | null;
      settled_at: number | null;
      settled_by: string | null;
    }
  >(
    `SELECT p.pv_number, p.at, p.verdict, p.status, u.display_name AS actor_name, p.rules,
            s.decision, s.at AS settled_at, su.display_name AS settled_by
     FROM passages p JOIN users u ON u.id = p.actor_id
     LEFT JOIN referral_settlements s ON s.passage_id = p.id LEFT JOIN users su ON su.id = s.actor_id
     WHERE p.post_code = @post AND p.pv_number IN (${PVS_OF_DATE}) ORDER BY p.at`,
  );
  const facts = (kind: Kind) =>
    db.prepare<{ date: string }, { pv_number: string; at: number; actor_name: string; amount_cents: number | null }>(
      `SELECT f.pv_number, f.at, u.display_name AS actor_name, ${kind === 'perDiem' ? 'f.amount_cents' : 'NULL'} AS amount_cents
       FROM ${TABLE[kind]} f JOIN users u ON u.id = f.actor_id LEFT JOIN voids v ON v.target_id = f.id
       WHERE v.id IS NULL AND f.pv_number IN (${PVS_OF_DATE}) ORDER BY f.generation`,
    );
  const factQueries = {
    checkin: facts('checkin'),
    exchange: facts('exchange'),
    perDiem: facts('perDiem'),
    stamp: facts('stamp'),
  };
  const noShowsOfDate = db.prepare<
    { date: string },
    { id: string; flight_key: string; pv_number: string; reason: NoShowReason; note: string; actor_name: string; at: number }
  >(
    `SELECT n.id, n.flight_key, n.pv_number, n.reason, n.note, u.display_name AS actor_name, n.at
     FROM flight_no_shows n JOIN users u ON u.id = n.actor_id
     LEFT JOIN flight_no_show_clearings x ON x.no_show_id = n.id
     WHERE x.id IS NULL AND n.flight_key LIKE '%:' || @date ORDER BY n.at`,
  );
  const closingsOfDate = db.prepare<{ date: string }, { flight_key: string; at: number; actor_name: string }>(
    `SELECT c.flight_key, c.at, u.display_name AS actor_name FROM flight_closings c JOIN users u ON u.id = c.actor_id
     LEFT JOIN flight_reopenings r ON r.closing_id = c.id
     WHERE r.id IS NULL AND c.flight_key LIKE '%:' || @date`,
  );
  const departuresOfDate = db.prepare<{ date: string }, { flight_key: string; departure_at: number }>(
    `SELECT flight_key, departure_at FROM flight_departures WHERE flight_key LIKE '%:' || @date ORDER BY at, rowid`,
  );
  const closing = db.prepare<[string], { id: string }>(
    `SELECT c.id FROM flight_closings c LEFT JOIN flight_reopenings r ON r.closing_id = c.id WHERE r.id IS NULL AND c.flight_key = ?`,
  );
  const currentNoShow = db.prepare<[string, string], { id: string }>(
    `SELECT n.id FROM flight_no_shows n LEFT JOIN flight_no_show_clearings x ON x.no_show_id = n.id
     WHERE x.id IS NULL AND n.flight_key = ? AND n.pv_number = ?`,
  );
  const reopenings = db.prepare<[string], { at: number; actor_name: string; reason: string }>(
    `SELECT r.at, u.display_name AS actor_name, r.reason FROM flight_reopenings r JOIN users u ON u.id = r.actor_id
     WHERE r.flight_key = ? ORDER BY r.at, r.rowid`,
  );
  const insertClearing = db.prepare(
    `INSERT INTO flight_no_show_clearings (id, no_show_id, actor_id, post_code, at) VALUES (@id, @noShowId, @actorId, @postCode, @at)`,
  );
  const insertReopening = db.prepare(
    `INSERT INTO flight_reopenings (id, closing_id, flight_key, reason, actor_id, post_code, at)
     VALUES (@id, @closingId, @flightKey, @reason, @actorId, @postCode, @at)`,
  );
  const insertNoShow = db.prepare(
    `INSERT INTO flight_no_shows (id, flight_key, pv_number, reason, note, actor_id, post_code, at)
     VALUES (@id, @flightKey, @pvNumber, @reason, @note, @actorId, @postCode, @at)`,
  );
  const insertClosing = db.prepare(
    `INSERT INTO flight_closings (id, flight_key, no_show_count, actor_id, post_code, at)
     VALUES (@id, @flightKey, @noShowCount, @actorId, @postCode, @at)`,
  );
  const insertDeparture = db.prepare(
    `INSERT INTO flight_departures (id, flight_key, departure_at, actor_id, post_code, at)
     VALUES (@id, @flightKey, @departureAt, @actorId, @postCode, @at)`,
  );

  const pvByNumber = db.prepare<[string], { body: string }>(`SELECT body FROM pvs WHERE pv_number = ? AND status <> 'revoked'`);

  return {
    /** PVs by number, whatever their date (revoked ones and unknown numbers left out). */
    pvsByNumber(numbers: readonly string[]): Pv[] {
      return numbers.flatMap((n) => pvByNumber.all(n).map((r) => JSON.parse(r.body) as Pv));
    },

    /** PVs flying on this date (any post; revoked ones left out). */
    pvsOfDate(date: string): Pv[] {
      return pvsOfDate.all({ date }).map((r) => JSON.parse(r.body) as Pv);
    },

    /**
     * What the post recorded for the PVs of this date, by PV: passages at this post with their
     * settlement, and the current (not voided) facts, no-shows included.
     */
    factsOfDate(date: string, postCode: string): Map<string, BeneficiaryFacts> {
      const out = new Map<string, BeneficiaryFacts>();
      const of = (pv: string): BeneficiaryFacts => {
        let f = out.get(pv);
        if (!f) {
          f = { passages: [], checkin: null, exchange: null, perDiem: null, stamp: null, noShow: null };
          out.set(pv, f);
        }
        return f;
      };
      for (const r of passages.all({ date, post: postCode })) {
        (of(r.pv_number).passages as BoardPassage[]).push({
          at: r.at,
          verdict: r.verdict,
          status: r.status,
          actorName: r.actor_name,
          failedRules: (JSON.parse(r.rules) as { id: string; status: string }[]).filter((x) => x.status === 'failed').map((x) => x.id),
          settlement:
            r.decision && r.settled_at !== null ? { decision: r.decision, at: r.settled_at, actorName: r.settled_by ?? '' } : null,
        });
      }
      for (const kind of ['checkin', 'exchange', 'stamp'] as const) {
        for (const r of factQueries[kind].all({ date })) of(r.pv_number)[kind] = { at: r.at, actorName: r.actor_name } satisfies StepFact;
      }
      for (const r of factQueries.perDiem.all({ date })) {
        of(r.pv_number).perDiem = { at: r.at, actorName: r.actor_name, amountCents: r.amount_cents ?? 0 };
      }
      return out;
    },

    noShowsOfDate(date: string): NoShowRow[] {
      return noShowsOfDate.all({ date }).map((r) => ({
        id: r.id,
        flightKey: r.flight_key,
        pvNumber: r.pv_number,
        reason: r.reason,
        note: r.note,
        actorName: r.actor_name,
        at: r.at,
      }));
    },

    closingsOfDate(date: string): Map<string, StepFact> {
      return new Map(closingsOfDate.all({ date }).map((r) => [r.flight_key, { at: r.at, actorName: r.actor_name }]));
    },

    /** The latest scheduled departure of each flight of the date. */
    departuresOfDate(date: string): Map<string, number> {
      return new Map(departuresOfDate.all({ date }).map((r) => [r.flight_key, r.departure_at]));
    },

    isClosed(flightKey: string): boolean {
      return closing.get(flightKey) !== undefined;
    },

    /** The closing that stands (not reopened), or null. */
    currentClosing(flightKey: string): string | null {
      return closing.get(flightKey)?.id ?? null;
    },

    /** The no-show of this PV on this flight that stands (not cleared), or null. */
    currentNoShow(flightKey: string, pvNumber: string): string | null {
      return currentNoShow.get(flightKey, pvNumber)?.id ?? null;
    },

    /** Every reopening of the flight, oldest first. */
    reopeningsOf(flightKey: string): (StepFact & { reason: string })[] {
      return reopenings.all(flightKey).map((r) => ({ at: r.at, actorName: r.actor_name, reason: r.reason }));
    },

    insertClearing(r: { id: string; noShowId: string; actorId: string; postCode: string; at: number }): void {
      insertClearing.run(r);
    },

    insertReopening(r: {
      id: string;
      closingId: string;
      flightKey: string;
      reason: string;
      actorId: string;
      postCode: string;
      at: number;
    }): void {
      insertReopening.run(r);
    },

    insertNoShow(r: {
      id: string;
      flightKey: string;
      pvNumber: string;
      reason: NoShowReason;
      note: string;
      actorId: string;
      postCode: string;
      at: number;
    }): void {
      insertNoShow.run(r);
    },

    insertClosing(r: { id: string; flightKey: string; noShowCount: number; actorId: string; postCode: string; at: number }): void {
      insertClosing.run(r);
    },

    insertDeparture(r: { id: string; flightKey: string; departureAt: number; actorId: string; postCode: string; at: number }): void {
      insertDeparture.run(r);
    },
  };
}
export type FlightRepository = ReturnType<typeof createFlightRepository>;
