import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../connection';
import { migrations } from './index';

const KEY = 'AIR:AT535:2026-06-15';

function db(upTo = migrations.length) {
  const d = new Database(':memory:');
  d.pragma('foreign_keys = ON');
  migrate(d, migrations.slice(0, upTo));
  d.prepare(
    "INSERT INTO users (id, username, display_name, role, pin_hash, created_at) VALUES ('s1', 'sup', 'Sup', 'supervisor', 'h', 0)",
  ).run();
  d.prepare(
    `INSERT INTO pvs (pv_number, revision, status, document_number, nationality, valid_from, valid_until, body, source, updated_at)
     VALUES ('PV-1', 1, 'active', 'D1', 'SEN', 0, 1, '{"ticket":{"date":"2026-06-15"}}', 'import', 0)`,
  ).run();
  return d;
}

const noShow = (d: Database.Database, id: string) =>
  d
    .prepare(
      `INSERT INTO flight_no_shows (id, flight_key, pv_number, reason, note, actor_id, post_code, at)
       VALUES (?, '${KEY}', 'PV-1', 'medical', '', 's1', 'CMN', 1)`,
    )
    .run(id);
const close = (d: Database.Database, id: string) =>
  d
    .prepare(`INSERT INTO flight_closings (id, flight_key, no_show_count, actor_id, post_code, at) VALUES (?, '${KEY}', 0, 's1', 'CMN', 2)`)
    .run(id);

describe('0010_flight_reopen', () => {
  it('keeps the no-shows and closings recorded before it', () => {
    const d = db(9);
    noShow(d, 'n1');
    close(d, 'c1');
    migrate(d, migrations);
    expect(d.prepare('SELECT id, reason FROM flight_no_shows').all()).toEqual([{ id: 'n1', reason: 'medical' }]);
    expect(d.prepare('SELECT id FROM flight_closings').all()).toEqual([{ id: 'c1' }]);
  });

  it('marks a PV again only once its no-show is cleared; a cleared no-show is cleared once', () => {
    const d = db();
    noShow(d, 'n1');
    expect(() => noShow(d, 'n2')).toThrow(/UNIQUE/);
    const clear = d.prepare(
      "INSERT INTO flight_no_show_clearings (id, no_show_id, actor_id, post_code, at) VALUES (?, 'n1', 's1', 'CMN', 3)",
    );
    clear.run('x1');
    expect(() => clear.run('x2')).toThrow(/UNIQUE/);
    noShow(d, 'n2');
    expect(() => noShow(d, 'n3')).toThrow(/UNIQUE/);
  });

  it('closes a flight again only once it is reopened, with a reason; everything stays append-only', () => {
    const d = db();
    close(d, 'c1');
    expect(() => close(d, 'c2')).toThrow(/UNIQUE/);
    const reopen = d.prepare(
      `INSERT INTO flight_reopenings (id, closing_id, flight_key, reason, actor_id, post_code, at) VALUES (?, 'c1', '${KEY}', ?, 's1', 'CMN', 3)`,
    );
    expect(() => reopen.run('r1', ' x ')).toThrow(/CHECK/);
    reopen.run('r1', 'Passenger arrived late');
    close(d, 'c2');
    noShow(d, 'n1');
    d.prepare("INSERT INTO flight_no_show_clearings (id, no_show_id, actor_id, post_code, at) VALUES ('x1', 'n1', 's1', 'CMN', 3)").run();
    for (const table of ['flight_no_shows', 'flight_closings', 'flight_no_show_clearings', 'flight_reopenings']) {
      expect(() => d.prepare(`DELETE FROM ${table}`).run()).toThrow(/append-only/);
    }
    expect(() => d.prepare("UPDATE flight_reopenings SET reason = 'other reason'").run()).toThrow(/append-only/);
  });
});
