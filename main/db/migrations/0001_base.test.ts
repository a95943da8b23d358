import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../connection';
import { m0001Base } from './0001_base';

describe('0001_base', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [m0001Base]);

  it('creates strict tables', () => {
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
      sql: string;
    }[];
    expect(tables.map((t) => t.name)).toEqual(['audit_log', 'outbox', 'post_settings', 'sessions', 'users']);
    for (const t of tables) expect(t.sql).toMatch(/STRICT$/);
  });

  it('limits roles to officer, escort and supervisor', () => {
    const insert = db.prepare("INSERT INTO users (id, username, display_name, role, pin_hash, created_at) VALUES (?, ?, 'x', ?, 'h', 0)");
    insert.run('u1', 'a', 'officer');
    expect(() => insert.run('u2', 'b', 'admin')).toThrow(/CHECK constraint/);
    expect(() => insert.run('u3', 'A', 'escort')).toThrow(/UNIQUE/);
  });

  it('makes the audit log append-only', () => {
    db.prepare(
      "INSERT INTO audit_log (seq, id, device_id, post_code, at, action, details, prev_hash, hash) VALUES (1, 'a', 'd', 'CMN', 0, 'x', '{}', 'p', 'h')",
    ).run();
    expect(() => db.prepare("UPDATE audit_log SET action = 'y'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('refuses an outbox row for a missing audit record', () => {
    expect(() => db.prepare('INSERT INTO outbox (audit_seq) VALUES (999)').run()).toThrow(/FOREIGN KEY/);
  });
});
