/** Encryption at rest of the post database (SQLCipher through SQLite3 Multiple Ciphers). */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseKeyError, isClearDatabase, openDatabase } from './connection';
import { migrations } from './migrations/index';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rva-enc-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const NAME = 'OUEDRAOGO-SECRET-NAME';
const mode = (path: string) => statSync(path).mode & 0o777;

/** Every byte the post keeps on disk for this database: the file, its WAL and shared memory. */
const onDisk = (file: string) =>
  Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));

describe('encrypted post database', () => {
  it('keeps no clear header and no clear content on disk, WAL included, and reopens with the key', () => {
    const file = join(tempDir(), 'post.sqlite');
    const key = randomBytes(32);
    const db = openDatabase(file, { key });
    db.prepare("INSERT INTO post_settings (key, value, updated_at) VALUES ('probe', ?, 0)").run(NAME);
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(onDisk(file).includes(NAME)).toBe(false);
    expect(onDisk(file).includes('SQLite format 3')).toBe(false);
    db.close();
    expect(isClearDatabase(file)).toBe(false);
    const again = openDatabase(file, { key });
    expect(again.prepare("SELECT value FROM post_settings WHERE key = 'probe'").get()).toEqual({ value: NAME });
    expect(again.pragma('user_version', { simple: true })).toBe(migrations.length);
    again.close();
  });

  it('refuses a wrong key and plain SQLite with a clear error, and leaves the file as it was', () => {
    const file = join(tempDir(), 'post.sqlite');
    openDatabase(file, { key: randomBytes(32) }).close();
    const before = readFileSync(file);
    expect(() => openDatabase(file, { key: randomBytes(32) })).toThrow(DatabaseKeyError);
    const plain = new Database(file);
    expect(() => plain.prepare('SELECT * FROM sqlite_master').all()).toThrow(/not a database/);
    plain.close();
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('makes the database, WAL and shared-memory files 0600', () => {
    const file = join(tempDir(), 'post.sqlite');
    const db = openDatabase(file, { key: randomBytes(32) });
    db.prepare("INSERT INTO post_settings (key, value, updated_at) VALUES ('x', 'y', 0)").run();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f), f).toBe(0o600);
    db.close();
  });

  it('encrypts a clear database of an earlier release in place: data kept, no clear copy left', () => {
    const dir = tempDir();
    const file = join(dir, 'post.sqlite');
    const clear = openDatabase(file);
    clear.prepare("INSERT INTO post_settings (key, value, updated_at) VALUES ('probe', ?, 0)").run(NAME);
    expect(isClearDatabase(file)).toBe(true);
    expect(readFileSync(file).includes(NAME) || readFileSync(`${file}-wal`).includes(NAME)).toBe(true);
    clear.close();

    const key = randomBytes(32);
    const db = openDatabase(file, { key });
    expect(db.prepare("SELECT value FROM post_settings WHERE key = 'probe'").get()).toEqual({ value: NAME });
    db.close();
    expect(isClearDatabase(file)).toBe(false);
    expect(onDisk(file).includes(NAME)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['post.sqlite']);
    expect(mode(file)).toBe(0o600);
  });

  it('a migration interrupted before its rename leaves the clear original, and the next start finishes it', () => {
    const dir = tempDir();
    const file = join(dir, 'post.sqlite');
    const clear = openDatabase(file);
    clear.prepare("INSERT INTO post_settings (key, value, updated_at) VALUES ('probe', ?, 0)").run(NAME);
    clear.close();
    // What a crash during the copy leaves: a half-written work file beside the intact original.
    writeFileSync(`${file}.encrypting`, readFileSync(file).subarray(0, 1000));
    const key = randomBytes(32);
    const db = openDatabase(file, { key });
    expect(db.prepare("SELECT value FROM post_settings WHERE key = 'probe'").get()).toEqual({ value: NAME });
    db.close();
    expect(readdirSync(dir).sort()).toEqual(['post.sqlite']);
  });
});
