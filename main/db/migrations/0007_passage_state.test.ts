import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../connection';
import type { Migration } from '../migration';
import { m0001Base } from './0001_base';
import { m0002Departures } from './0002_departures';
import { m0007PassageState } from './0007_passage_state';

const empty = (version: number): Migration => ({ version, name: `empty_${version}`, up() {} });

function dbWithPassages() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [m0001Base, m0002Departures, empty(3), empty(4), empty(5), empty(6)]);
  db.prepare(
    "INSERT INTO users (id, username, display_name, role, pin_hash, created_at) VALUES ('o1', 'off', 'Off', 'officer', 'h', 0)",
  ).run();
  const insert = db.prepare(
    `INSERT INTO passages (id, at, post_code, device_id, actor_id, actor_role, pv_number, pv_source, verdict, rules, scans)
     VALUES (?, ?, 'CMN', 'd', 'o1', 'officer', NULL, NULL, 'REFER', '[]', ?)`,
  );
  insert.run('half', 10, JSON.stringify({ pending: ['boardingPass'] }));
  insert.run('whole', 20, JSON.stringify({ pending: [] }));
  return db;
}

describe('0007_passage_state', () => {
  it('gives every passage an explicit state; earlier rows are closed as they stand', () => {
    const db = dbWithPassages();
    migrate(db, [m0001Base, m0002Departures, empty(3), empty(4), empty(5), empty(6), m0007PassageState]);
    expect(db.prepare('SELECT id, status, closed_at AS closedAt, updated_at AS updatedAt FROM passages ORDER BY at').all()).toEqual([
      { id: 'half', status: 'draft', closedAt: 10, updatedAt: 10 },
      { id: 'whole', status: 'complete', closedAt: 20, updatedAt: 20 },
    ]);
  });

  it('lets an open passage be updated, never a closed one, and never who, where or when it started', () => {
    const db = dbWithPassages();
    migrate(db, [m0001Base, m0002Departures, empty(3), empty(4), empty(5), empty(6), m0007PassageState]);
    expect(() => db.prepare("UPDATE passages SET verdict = 'ALLOW' WHERE id = 'whole'").run()).toThrow(/closed passage/);
    db.prepare(
      `INSERT INTO passages (id, at, post_code, device_id, actor_id, actor_role, verdict, rules, scans, status)
       VALUES ('open', 30, 'CMN', 'd', 'o1', 'officer', 'REFER', '[]', '{}', 'draft')`,
    ).run();
    db.prepare("UPDATE passages SET verdict = 'ALLOW', status = 'complete' WHERE id = 'open'").run();
    expect(() => db.prepare("UPDATE passages SET post_code = 'RBA' WHERE id = 'open'").run()).toThrow(/fixed/);
    expect(() => db.prepare("UPDATE passages SET status = 'done' WHERE id = 'open'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("DELETE FROM passages WHERE id = 'open'").run()).toThrow(/append-only/);
  });
});
