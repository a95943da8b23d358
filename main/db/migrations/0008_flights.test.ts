import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../connection';
import { migrations } from './index';

function db() {
  const d = new Database(':memory:');
  d.pragma('foreign_keys = ON');
  migrate(d, migrations);
  d.prepare(
    "INSERT INTO users (id, username, display_name, role, pin_hash, created_at) VALUES ('s1', 'sup', 'Sup', 'supervisor', 'h', 0)",
  ).run();
  d.prepare(
    `INSERT INTO pvs (pv_number, revision, status, document_number, nationality, valid_from, valid_until, body, source, updated_at)
     VALUES ('PV-1', 1, 'active', 'D1', 'SEN', 0, 1, '{"ticket":{"date":"2026-06-15"}}', 'import', 0)`,
  ).run();
  return d;
}

const noShow = (d: Database.Database, id: string, reason: string, note = '') =>
  d
    .prepare(
      `INSERT INTO flight_no_shows (id, flight_key, pv_number, reason, note, actor_id, post_code, at)
       VALUES (?, 'AIR:AT535:2026-06-15', 'PV-1', ?, ?, 's1', 'CMN', 1)`,
    )
    .run(id, reason, note);

describe('0008_flights', () => {
  it('records a no-show once per PV and flight, with a known reason, and a note for "other"', () => {
    const d = db();
    expect(() => noShow(d, 'a', 'sleeping')).toThrow(/CHECK/);
    expect(() => noShow(d, 'a', 'other', ' x ')).toThrow(/CHECK/);
    noShow(d, 'a', 'other', 'hospital visit');
    expect(() => noShow(d, 'b', 'medical')).toThrow(/UNIQUE/);
  });

  it('keeps no-shows, closings and departure times append-only; a flight closes once', () => {
    const d = db();
    noShow(d, 'a', 'withdrew');
    expect(() => d.prepare("UPDATE flight_no_shows SET reason = 'medical'").run()).toThrow(/append-only/);
    expect(() => d.prepare('DELETE FROM flight_no_shows').run()).toThrow(/append-only/);
    const close = d.prepare(
      "INSERT INTO flight_closings (id, flight_key, no_show_count, actor_id, post_code, at) VALUES (?, 'AIR:AT535:2026-06-15', 1, 's1', 'CMN', 2)",
    );
    close.run('c1');
    expect(() => close.run('c2')).toThrow(/UNIQUE/);
    expect(() => d.prepare('DELETE FROM flight_closings').run()).toThrow(/append-only/);
    d.prepare("INSERT INTO flight_departures VALUES ('d1', 'AIR:AT535:2026-06-15', 5, 's1', 'CMN', 3)").run();
    expect(() => d.prepare('UPDATE flight_departures SET departure_at = 6').run()).toThrow(/append-only/);
  });

  it('finds PVs by ticket date through an index', () => {
    const d = db();
    const plan = d
      .prepare("EXPLAIN QUERY PLAN SELECT pv_number FROM pvs WHERE json_extract(body, '$.ticket.date') = '2026-06-15'")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/pvs_by_ticket_date/);
  });
});
