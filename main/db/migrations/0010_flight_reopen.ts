import type { Migration } from '../migration';
import { appendOnly } from './append-only';

/**
 * A flight can be reopened and a no-show cleared (docs/flights.md), both by a new row, never by an
 * edit:
 * - `flight_no_show_clearings`: the no-show it clears (once); the PV may be marked again later.
 * - `flight_reopenings`: the closing it reopens (once), with the supervisor's reason; the flight
 *   may be closed again later.
 * `flight_no_shows` and `flight_closings` are rebuilt without their UNIQUE constraints (rows
 * copied as they stood): "one current no-show per PV and flight" and "one current closing per
 * flight" are now triggers that look past the cleared and reopened rows.
 */
export const m0010FlightReopen: Migration = {
  version: 10,
  name: '0010_flight_reopen',
  up(db) {
    db.exec(`
      DROP TRIGGER flight_no_shows_no_update;
      DROP TRIGGER flight_no_shows_no_delete;
      DROP TRIGGER flight_closings_no_update;
      DROP TRIGGER flight_closings_no_delete;

      CREATE TABLE flight_no_shows_next (
        id TEXT PRIMARY KEY,
        flight_key TEXT NOT NULL,
        pv_number TEXT NOT NULL REFERENCES pvs(pv_number),
        reason TEXT NOT NULL CHECK (reason IN ('didNotCome', 'withdrew', 'medical', 'other')),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
        actor_id TEXT NOT NULL REFERENCES users(id),
        post_code TEXT NOT NULL,
        at INTEGER NOT NULL,
        CHECK (reason <> 'other' OR length(trim(note)) >= 3)
      ) STRICT;
      INSERT INTO flight_no_shows_next SELECT id, flight_key, pv_number, reason, note, actor_id, post_code, at FROM flight_no_shows;
      DROP TABLE flight_no_shows;
      ALTER TABLE flight_no_shows_next RENAME TO flight_no_shows;
      CREATE INDEX flight_no_shows_by_pv ON flight_no_shows(flight_key, pv_number);

      CREATE TABLE flight_closings_next (
        id TEXT PRIMARY KEY,
        flight_key TEXT NOT NULL,
        no_show_count INTEGER NOT NULL CHECK (no_show_count >= 0),
        actor_id TEXT NOT NULL REFERENCES users(id),
        post_code TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      INSERT INTO flight_closings_next SELECT id, flight_key, no_show_count, actor_id, post_code, at FROM flight_closings;
      DROP TABLE flight_closings;
      ALTER TABLE flight_closings_next RENAME TO flight_closings;
      CREATE INDEX flight_closings_by_flight ON flight_closings(flight_key);

      CREATE TABLE flight_no_show_clearings (
        id TEXT PRIMARY KEY,
        no_show_id TEXT NOT NULL UNIQUE REFERENCES flight_no_shows(id),
        actor_id TEXT NOT NULL REFERENCES users(id),
        post_code TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE flight_reopenings (
        id TEXT PRIMARY KEY,
        closing_id TEXT NOT NULL UNIQUE REFERENCES flight_closings(id),
        flight_key TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (length(trim(reason)) >= 3 AND length(reason) <= 500),
        actor_id TEXT NOT NULL REFERENCES users(id),
        post_code TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;

      CREATE TRIGGER flight_no_shows_one_current BEFORE INSERT ON flight_no_shows
        WHEN EXISTS (SELECT 1 FROM flight_no_shows n WHERE n.flight_key = NEW.flight_key AND n.pv_number = NEW.pv_number
                     AND NOT EXISTS (SELECT 1 FROM flight_no_show_clearings c WHERE c.no_show_id = n.id))
        BEGIN SELECT RAISE(ABORT, 'UNIQUE: flight_no_shows has one current no-show per PV and flight'); END;
      CREATE TRIGGER flight_closings_one_current BEFORE INSERT ON flight_closings
        WHEN EXISTS (SELECT 1 FROM flight_closings c WHERE c.flight_key = NEW.flight_key
                     AND NOT EXISTS (SELECT 1 FROM flight_reopenings r WHERE r.closing_id = c.id))
        BEGIN SELECT RAISE(ABORT, 'UNIQUE: flight_closings has one current closing per flight'); END;

      ${appendOnly('flight_no_shows')}
      ${appendOnly('flight_closings')}
      ${appendOnly('flight_no_show_clearings')}
      ${appendOnly('flight_reopenings')}
    `);
  },
};
