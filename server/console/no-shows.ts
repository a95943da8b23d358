/**
 * The console's no-shows (docs/console.md): what the posts reported (`flight.noShow` events kept
 * in `no_shows`, server migration 4), without those a post cleared, with who marked them and
 * whether an administrator marked the PV for re-scheduling (`no_show_reschedules`, migration 7).
 */
import type { NoShowRow } from '../../core/console/contract';
import type { Storage } from '../storage';
import { NO_SHOW_CLEARED } from '../store';

/** A no-show as the console lists it (core/console/contract.ts). */
export type ConsoleNoShow = NoShowRow;

export function createNoShowFollowUp(storage: Storage, clock: { now(): number }) {
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
      }>(
        `SELECT n.event_id, n.post_code, n.flight_key, n.pv_number, n.reason, n.note, n.at::text,
                COALESCE(u.body->>'displayName', e.actor_role) AS marked_by, r.rescheduled_by, r.at::text AS rescheduled_at
         FROM no_shows n JOIN events e ON e.device_id = n.device_id AND e.id = n.event_id
         LEFT JOIN users u ON u.id = e.actor_id
         LEFT JOIN no_show_reschedules r ON r.event_id = n.event_id
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
        rescheduled: r.rescheduled_at !== null ? { at: Number(r.rescheduled_at), by: r.rescheduled_by ?? '' } : null,
      }));
    },

    /**
     * Marks the PV of a no-show for re-scheduling, once. 'unknown': no such no-show (or the post
     * cleared it); 'already': it was marked before.
     */
    async reschedule(id: string, username: string): Promise<{ ok: true; pvNumber: string } | { ok: false; reason: 'unknown' | 'already' }> {
      return storage.transaction(async (tx) => {
        const found = await tx.query<{ device_id: string; pv_number: string }>(
          `SELECT n.device_id, n.pv_number FROM no_shows n WHERE n.event_id = $1 AND NOT ${NO_SHOW_CLEARED}`,
          [id],
        );
        const n = found.rows[0];
        if (!n) return { ok: false, reason: 'unknown' };
        const inserted = await tx.query(
          `INSERT INTO no_show_reschedules (event_id, device_id, pv_number, rescheduled_by, at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
          [id, n.device_id, n.pv_number, username, clock.now()],
        );
        return inserted.rows.length === 0 ? { ok: false, reason: 'already' } : { ok: true, pvNumber: n.pv_number };
      });
    },
  };
}
