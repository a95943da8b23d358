/**
 * The console's no-shows (docs/console.md): what the posts reported (`flight.noShow` events kept
 * in `no_shows`, server migration 4), without those a post cleared, with who marked them, and the
 * PV's re-scheduling: the new departure an administrator gave it (`no_show_departures`, migration
 * 9), or the bare mark "to reschedule" of before (`no_show_reschedules`, migration 7).
 */
import type { NoShowRow, RescheduleRequest, RescheduledDeparture } from '../../core/console/contract';
import type { Pv, PvTicket } from '../../core/departure/pv';
import { flightKey } from '../../core/flights/board';
import { DEFAULT_TIME_ZONE, zonedDayStart } from '../../core/format/format';
import type { Store } from '../store';
import { NO_SHOW_CLEARED } from '../store';

/** Why a re-scheduling was refused; 'unknown' is a 404, the others 409. */
export type RescheduleRefusal =
  'unknown' | 'already' | 'pvUnknown' | 'revoked' | 'departed' | 'otherMode' | 'sameDeparture' | 'afterValidity';

/** The departure fields of a ticket (what the console shows; no booking reference). */
function departureOf(ticket: PvTicket): RescheduledDeparture {
  return ticket.mode === 'air'
    ? { mode: 'air', carrier: ticket.carrier, flightNumber: ticket.flightNumber, date: ticket.date }
    : { mode: 'land', route: ticket.route, date: ticket.date };
}

/**
 * The PV's ticket with the new departure: air keeps nothing of the old booking (a PNR or e-ticket
 * of the old flight would not match the new boarding pass), only the new one's when given; land
 * keeps its operator.
 */
function newTicket(ticket: PvTicket, to: RescheduleRequest): PvTicket | null {
  if (ticket.mode !== to.mode) return null;
  if (to.mode === 'land') return { ...ticket, mode: 'land', route: to.route, date: to.date } as PvTicket;
  return {
    mode: 'air',
    carrier: to.carrier,
    flightNumber: to.flightNumber,
    date: to.date,
    ...(to.pnr ? { pnr: to.pnr } : {}),
    ...(to.eticket ? { eticket: to.eticket } : {}),
  };
}

/** A no-show as the console lists it (core/console/contract.ts). */
export type ConsoleNoShow = NoShowRow;

export function createNoShowFollowUp(store: Pick<Store, 'storage' | 'updatePvIn'>, clock: { now(): number }) {
  const { storage } = store;
  return {
    /** Newest first; optionally one post and one flight date. */
    async list(filter: { postCode?: string; date?: string }): Promise<ConsoleNoShow[]> {
      const { rows } = await storage.query<{
        event_id: string;
        post_code: string;
        flight_key: string;
        pv_number: string;
        reason: ConsoleNoShow['reason'];
        note: string;
        at: string;
        marked_by: string | null;
        rescheduled_by: string | null;
        rescheduled_at: string | null;
        departure: RescheduledDeparture | null;
      }>(
        `SELECT n.event_id, n.post_code, n.flight_key, n.pv_number, n.reason, n.note, n.at::text,
                COALESCE(u.body->>'displayName', e.actor_role) AS marked_by,
                COALESCE(d.rescheduled_by, r.rescheduled_by) AS rescheduled_by, COALESCE(d.at, r.at)::text AS rescheduled_at, d.departure
         FROM no_shows n JOIN events e ON e.device_id = n.device_id AND e.id = n.event_id
         LEFT JOIN users u ON u.id = e.actor_id
         LEFT JOIN no_show_reschedules r ON r.event_id = n.event_id
         LEFT JOIN no_show_departures d ON d.event_id = n.event_id
         WHERE NOT ${NO_SHOW_CLEARED}
           AND ($1::text IS NULL OR n.post_code = $1) AND ($2::text IS NULL OR right(n.flight_key, 10) = $2)
         ORDER BY n.at DESC, n.event_id`,
        [filter.postCode ?? null, filter.date ?? null],
      );
      return rows.map((r) => ({
        id: r.event_id,
        postCode: r.post_code,
        flightKey: r.flight_key,
        flightDate: r.flight_key.slice(-10),
        pvNumber: r.pv_number,
        reason: r.reason,
        note: r.note,
        at: Number(r.at),
        markedBy: r.marked_by ?? '',
        rescheduled:
          r.rescheduled_at !== null ? { at: Number(r.rescheduled_at), by: r.rescheduled_by ?? '', departure: r.departure } : null,
      }));
    },

    /**
     * Gives the PV of a no-show its new departure, once, through the PV update every post pulls
     * (new revision). Refused: no such no-show or the post cleared it ('unknown'); re-scheduled
     * before ('already'); a PV the centre does not hold, revoked, or already stamped out at a
     * post; another mode (air/land) than the PV's; the flight it has now; a date after the PV's
     * validity (the post would refuse the passage).
     */
    async reschedule(
      id: string,
      username: string,
      to: RescheduleRequest,
    ): Promise<{ ok: true; pvNumber: string; revision: number } | { ok: false; reason: RescheduleRefusal }> {
      return storage.transaction(async (tx) => {
        const found = await tx.query<{ device_id: string; pv_number: string }>(
          `SELECT n.device_id, n.pv_number FROM no_shows n WHERE n.event_id = $1 AND NOT ${NO_SHOW_CLEARED}`,
          [id],
        );
        const n = found.rows[0];
        if (!n) return { ok: false, reason: 'unknown' };
        // The PV's row is locked before anything is checked: a second administrator at the same
        // moment waits here, then sees the first one's departure and is told 'already'.
        const { rows } = await tx.query<{ body: Pv }>('SELECT body FROM pvs WHERE pv_number = $1 FOR UPDATE', [n.pv_number]);
        const done = await tx.query('SELECT 1 FROM no_show_departures WHERE event_id = $1', [id]);
        if (done.rows.length > 0) return { ok: false, reason: 'already' };
        const pv = rows[0]?.body;
        if (!pv) return { ok: false, reason: 'pvUnknown' };
        if (pv.status === 'revoked') return { ok: false, reason: 'revoked' };
        const stamped = await tx.query(
          `SELECT 1 FROM events e WHERE e.action = 'stamp.recorded' AND e.details->>'pvNumber' = $1
             AND NOT EXISTS (SELECT 1 FROM events v WHERE v.device_id = e.device_id AND v.action = 'record.voided'
               AND v.details->>'kind' = 'stamp' AND v.details->>'recordId' = e.details->>'id')
           LIMIT 1`,
          [n.pv_number],
        );
        if (pv.status === 'used' || stamped.rows.length > 0) return { ok: false, reason: 'departed' };
        const ticket = newTicket(pv.ticket, to);
        if (!ticket) return { ok: false, reason: 'otherMode' };
        if (flightKey(ticket) === flightKey(pv.ticket)) return { ok: false, reason: 'sameDeparture' };
        if (zonedDayStart(ticket.date, DEFAULT_TIME_ZONE) > pv.validUntil) return { ok: false, reason: 'afterValidity' };
        const inserted = await tx.query(
          `INSERT INTO no_show_departures (event_id, device_id, pv_number, previous, departure, pv_revision, rescheduled_by, at)
           VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
          [
            id,
            n.device_id,
            n.pv_number,
            JSON.stringify(departureOf(pv.ticket)),
            JSON.stringify(departureOf(ticket)),
            pv.revision + 1,
            username,
            clock.now(),
          ],
        );
        if (inserted.rows.length === 0) return { ok: false, reason: 'already' };
        // The PV update is the transaction's last write (it ends with the change feed's counter).
        const revision = await store.updatePvIn(tx, { ...pv, ticket });
        // The body's revision is the row's, so the import's path gives the next one; anything else rolls back.
        if (revision !== pv.revision + 1) throw new Error('pv update refused');
        return { ok: true, pvNumber: n.pv_number, revision };
      });
    },
  };
}
