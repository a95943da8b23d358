import type { Migration } from '../migration';
import { appendOnly } from './append-only';

/**
 * Supervisor shifts and their cash. A shift is opened with the cash in the drawer (USD and MAD,
 * in cents), closed once with the counted cash, the cash expected from the per diem payments
 * recorded during the shift, the variance and (when the variance is not zero) a reason. A
 * hand-over names the next supervisor; the next shift links to it. All three tables are
 * append-only; `open_seq` / `close_seq` are the audit-chain rows written with them, so a shift's
 * log is the audit rows between the two.
 */
export const m0004Shifts: Migration = {
  version: 4,
  name: '0004_shifts',
  up(db) {
    db.exec(`
      CREATE TABLE shift_handovers (
        id TEXT PRIMARY KEY,
        from_shift_id TEXT NOT NULL UNIQUE REFERENCES shifts(id),
        from_user_id TEXT NOT NULL REFERENCES users(id),
        to_user_id TEXT NOT NULL REFERENCES users(id),
        at INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500)
      ) STRICT;

      CREATE TABLE shifts (
        id TEXT PRIMARY KEY,
        post_code TEXT NOT NULL,
        device_id TEXT NOT NULL,
        opened_by TEXT NOT NULL REFERENCES users(id),
        opened_at INTEGER NOT NULL,
        opening_usd_cents INTEGER NOT NULL CHECK (opening_usd_cents >= 0),
        opening_mad_cents INTEGER NOT NULL CHECK (opening_mad_cents >= 0),
        handover_id TEXT UNIQUE REFERENCES shift_handovers(id),
        open_seq INTEGER NOT NULL UNIQUE REFERENCES audit_log(seq),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500)
      ) STRICT;
      CREATE INDEX shifts_by_post ON shifts(post_code, opened_at);

      CREATE TABLE shift_closings (
        id TEXT PRIMARY KEY,
        shift_id TEXT NOT NULL UNIQUE REFERENCES shifts(id),
        closed_by TEXT NOT NULL REFERENCES users(id),
        closed_at INTEGER NOT NULL,
        counted_usd_cents INTEGER NOT NULL CHECK (counted_usd_cents >= 0),
        counted_mad_cents INTEGER NOT NULL CHECK (counted_mad_cents >= 0),
        expected_usd_cents INTEGER NOT NULL,
        expected_mad_cents INTEGER NOT NULL,
        per_diem_count INTEGER NOT NULL CHECK (per_diem_count >= 0),
        per_diem_cents INTEGER NOT NULL CHECK (per_diem_cents >= 0),
        variance_usd_cents INTEGER NOT NULL CHECK (variance_usd_cents = counted_usd_cents - expected_usd_cents),
        variance_mad_cents INTEGER NOT NULL CHECK (variance_mad_cents = counted_mad_cents - expected_mad_cents),
        reason TEXT CHECK (reason IS NULL OR length(trim(reason)) BETWEEN 3 AND 500),
        close_seq INTEGER NOT NULL UNIQUE REFERENCES audit_log(seq),
        CHECK ((variance_usd_cents = 0 AND variance_mad_cents = 0) OR reason IS NOT NULL)
      ) STRICT;

      ${appendOnly('shift_handovers')}
      ${appendOnly('shifts')}
      ${appendOnly('shift_closings')}
    `);
  },
};
