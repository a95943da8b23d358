import type { Migration } from '../migration';
import { appendOnly } from './append-only';

/**
 * Departure day by flight (docs/flights.md). A flight is the key of its tickets
 * (`AIR:AT535:2026-06-15`, `LAND:<route>:<date>`, core/flights/board.ts); the PVs are the list.
 * - `flight_departures`: the scheduled departure a supervisor set (the PV only carries the date);
 *   the latest row of a flight counts.
 * - `flight_no_shows`: a beneficiary who did not leave on the flight, with the reason; once per
 *   PV and flight. Sent to the centre as `flight.noShow` so the PV can be re-scheduled.
 * - `flight_closings`: the supervisor closed the flight; once per flight.
 * All append-only. `pvs_by_ticket_date` serves the board (today's PVs).
 */
export const m0008Flights: Migration = {
  version: 8,
  name: '0008_flights',
  up(db) {
    db.exec(`
      CREATE TABLE flight_departures (
        id TEXT PRIMARY KEY,
        flight_key TEXT NOT NULL,
        departure_at INTEGER NOT NULL,
        actor_id TEXT NOT NULL REFERENCES users(id),
        post_code TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX flight_departures_by_flight ON flight_departures(flight_key, at);

      CREATE TABLE flight_no_shows (
        id TEXT PRIMARY KEY,
        flight_key TEXT NOT NULL,
        pv_number TEXT NOT NULL REFERENCES pvs(pv_number),
        reason TEXT NOT NULL CHECK (reason IN ('didNotCome', 'withdrew', 'medical', 'other')),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
        actor_id TEXT NOT NULL REFERENCES users(id),
        post_code TEXT NOT NULL,
        at INTEGER NOT NULL,
        UNIQUE (flight_key, pv_number),
        CHECK (reason <> 'other' OR length(trim(note)) >= 3)
      ) STRICT;

      CREATE TABLE flight_closings (
        id TEXT PRIMARY KEY,
        flight_key TEXT NOT NULL UNIQUE,
        no_show_count INTEGER NOT NULL CHECK (no_show_count >= 0),
        actor_id TEXT NOT NULL REFERENCES users(id),
        post_code TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX pvs_by_ticket_date ON pvs(json_extract(body, '$.ticket.date'));

      ${appendOnly('flight_departures')}
      ${appendOnly('flight_no_shows')}
      ${appendOnly('flight_closings')}
    `);
  },
};
