import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../connection';
import type { Migration } from '../migration';
import { m0001Base } from './0001_base';
import { m0002Departures } from './0002_departures';
import { m0004Shifts } from './0004_shifts';

/** Version 3 belongs to the sync schema; these tables do not depend on it. */
const placeholder3: Migration = { version: 3, name: 'placeholder', up() {} };

function freshDb() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [m0001Base, m0002Departures, placeholder3, m0004Shifts]);
  db.prepare(
    "INSERT INTO users (id, username, display_name, role, pin_hash, created_at) VALUES ('s1', 'sup', 'Sup', 'supervisor', 'h', 0)",
  ).run();
  for (const seq of [1, 2, 3])
    db.prepare(
      "INSERT INTO audit_log (seq, id, device_id, post_code, at, action, details, prev_hash, hash) VALUES (?, ?, 'd', 'CMN', 0, 'x', '{}', 'p', ?)",
    ).run(seq, `a${seq}`, `h${seq}`);
  db.prepare(
    "INSERT INTO shifts (id, post_code, device_id, opened_by, opened_at, opening_usd_cents, opening_mad_cents, open_seq) VALUES ('sh1', 'CMN', 'd', 's1', 0, 50000, 100000, 1)",
  ).run();
  return db;
}

const close = (db: Database.Database, v: { counted: number; expected: number; variance: number; reason: string | null; seq?: number }) =>
  db
    .prepare(
      `INSERT INTO shift_closings (id, shift_id, closed_by, closed_at, counted_usd_cents, counted_mad_cents, expected_usd_cents, expected_mad_cents,
        per_diem_count, per_diem_cents, variance_usd_cents, variance_mad_cents, reason, close_seq)
       VALUES ('c' || ?, 'sh1', 's1', 1, ?, 0, ?, 0, 0, 0, ?, 0, ?, ?)`,
    )
    .run(v.seq ?? 2, v.counted, v.expected, v.variance, v.reason, v.seq ?? 2);

describe('0004_shifts', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = freshDb();
  });

  it('creates three strict tables at user_version 4', () => {
    const names = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'shift%' ORDER BY name").all() as {
      name: string;
      sql: string;
    }[];
    expect(names.map((t) => t.name)).toEqual(['shift_closings', 'shift_handovers', 'shifts']);
    for (const t of names) expect(t.sql).toMatch(/STRICT$/);
    expect(db.pragma('user_version', { simple: true })).toBe(4);
  });

  it('requires a reason when the counted cash differs from the expected cash', () => {
    expect(() => close(db, { counted: 40000, expected: 41000, variance: -1000, reason: null })).toThrow(/CHECK constraint/);
    expect(() => close(db, { counted: 40000, expected: 41000, variance: -1000, reason: '  ' })).toThrow(/CHECK constraint/);
    expect(() => close(db, { counted: 40000, expected: 41000, variance: -1000, reason: 'Billet de 10 USD manquant' })).not.toThrow();
  });

  it('accepts a balanced closing without a reason, and keeps the variance arithmetic honest', () => {
    expect(() => close(db, { counted: 40000, expected: 41000, variance: 0, reason: 'wrong sum' })).toThrow(/CHECK constraint/);
    expect(() => close(db, { counted: 40000, expected: 40000, variance: 0, reason: null })).not.toThrow();
  });

  it('closes a shift once', () => {
    close(db, { counted: 1, expected: 1, variance: 0, reason: null });
    expect(() => close(db, { counted: 1, expected: 1, variance: 0, reason: null, seq: 3 })).toThrow(/UNIQUE/);
  });

  it('makes shifts, closings and hand-overs append-only', () => {
    close(db, { counted: 1, expected: 1, variance: 0, reason: null });
    db.prepare("INSERT INTO shift_handovers (id, from_shift_id, from_user_id, to_user_id, at) VALUES ('h1', 'sh1', 's1', 's1', 2)").run();
    for (const table of ['shifts', 'shift_closings', 'shift_handovers']) {
      expect(() => db.prepare(`UPDATE ${table} SET id = id`).run()).toThrow(/append-only/);
      expect(() => db.prepare(`DELETE FROM ${table}`).run()).toThrow(/append-only/);
    }
  });

  it('refuses negative opening cash and a shift without its audit row', () => {
    expect(() =>
      db
        .prepare(
          "INSERT INTO shifts (id, post_code, device_id, opened_by, opened_at, opening_usd_cents, opening_mad_cents, open_seq) VALUES ('x', 'CMN', 'd', 's1', 0, -1, 0, 2)",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO shifts (id, post_code, device_id, opened_by, opened_at, opening_usd_cents, opening_mad_cents, open_seq) VALUES ('y', 'CMN', 'd', 's1', 0, 0, 0, 99)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
