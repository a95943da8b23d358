import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, migrate, openDatabase } from './connection';
import type { Migration } from './migration';
import { migrations } from './migrations/index';

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rva-db-'));
  dirs.push(dir);
  return join(dir, 'post.sqlite');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('uses WAL, synchronous=FULL and foreign keys on a file database', () => {
    const db = openDatabase(tempFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  it('refuses a database written by a newer app, with a clear message, and leaves it untouched', () => {
    const file = tempFile();
    const db = openDatabase(file);
    db.pragma(`user_version = ${migrations.length + 3}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer than this app supports/);
    const again = openDatabase(file, { migrations: [...migrations, ...extra(3)] });
    expect(again.pragma('user_version', { simple: true })).toBe(migrations.length + 3);
    again.close();
  });

  it('is idempotent: reopening applies nothing twice', () => {
    const file = tempFile();
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });
});

function extra(n: number): Migration[] {
  return Array.from({ length: n }, (_, i) => ({ version: migrations.length + i + 1, name: `extra${i}`, up: () => {} }));
}

describe('migrate', () => {
  it('rolls back a failing migration whole and keeps the previous version', () => {
    const db = openDatabase(':memory:');
    const failing: Migration = {
      version: migrations.length + 1,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...migrations, failing])).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
  });

  it('rejects a migration list with a gap', () => {
    const db = openDatabase(':memory:');
    expect(() => migrate(db, [...migrations, { version: migrations.length + 2, name: 'gap', up: () => {} }])).toThrow(/gap or duplicate/);
  });
});
