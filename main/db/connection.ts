import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations as allMigrations } from './migrations/index';
import type { Migration } from './migration';

export type Db = Database.Database;

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `database schema version ${found} is newer than this app supports (${supported}); install the newer RVA Départ release that wrote it`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export class DatabaseKeyError extends Error {
  constructor() {
    super('the database key does not open the post database (wrong or missing key file): nothing was changed');
    this.name = 'DatabaseKeyError';
  }
}

/** Files the post writes: owner read/write only; folders owner only. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Keys a connection with SQLCipher 4 (AES-256, HMAC-SHA512 per page; SQLite3 Multiple Ciphers) and a
 * raw 256-bit key, so no passphrase derivation runs at each open.
 */
export function applyKey(db: Db, key: Buffer, pragma: 'key' | 'rekey' = 'key'): void {
  if (key.length !== 32) throw new Error('the database key must be 32 bytes');
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma(`${pragma} = "x'${key.toString('hex')}'"`);
}

/** A file that starts with SQLite's clear header: a database written before encryption at rest. */
export function isClearDatabase(file: string): boolean {
  if (!existsSync(file) || statSync(file).size < SQLITE_HEADER.length) return false;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    readSync(fd, head, 0, head.length, 0);
    return head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Encrypts a clear database in place, atomically: its WAL is checkpointed into it, a copy is
 * encrypted (rekey) and checked, then renamed over the original. A crash before the rename leaves
 * the clear original untouched (the half-made copy is removed at the next start); after it, the
 * encrypted file. No clear copy is left behind.
 */
export function encryptInPlace(file: string, key: Buffer): void {
  const work = `${file}.encrypting`;
  rmSync(work, { force: true });
  const clear = new Database(file);
  try {
    clear.pragma('wal_checkpoint(TRUNCATE)');
    clear.pragma('journal_mode = DELETE');
  } finally {
    clear.close();
  }
  copyFileSync(file, work);
  chmodSync(work, PRIVATE_FILE_MODE);
  try {
    const db = new Database(work);
    try {
      applyKey(db, key, 'rekey');
    } finally {
      db.close();
    }
    const check = new Database(work, { readonly: true });
    try {
      applyKey(check, key);
      if (check.pragma('quick_check', { simple: true }) !== 'ok') throw new Error('the encrypted copy failed its check');
    } finally {
      check.close();
    }
    fsyncPath(work);
    renameSync(work, file);
    fsyncPath(dirname(file));
  } finally {
    rmSync(work, { force: true });
  }
  for (const leftover of ['-wal', '-shm', '-journal']) rmSync(file + leftover, { force: true });
}

/**
 * Opens the post database with the settings money needs: WAL, synchronous=FULL, foreign keys,
 * and brings the schema to the latest version. `':memory:'` for tests.
 *
 * With a `key`, the file is encrypted at rest (a clear database from an earlier release is
 * encrypted in place first), and the database, its WAL and shared-memory files are 0600.
 */
export function openDatabase(file: string, options: { migrations?: readonly Migration[]; key?: Buffer | null } = {}): Db {
  const key = file === ':memory:' ? null : (options.key ?? null);
  if (key) {
    rmSync(`${file}.encrypting`, { force: true });
    if (isClearDatabase(file)) encryptInPlace(file, key);
    // SQLite creates the WAL and shared-memory files with the database file's mode.
    if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
    chmodSync(file, PRIVATE_FILE_MODE);
  }
  const db = new Database(file);
  try {
    if (key) {
      applyKey(db, key);
      try {
        db.prepare('SELECT count(*) FROM sqlite_master').get();
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new DatabaseKeyError();
        throw error;
      }
    }
    configure(db, file);
    migrate(db, options.migrations ?? allMigrations);
    if (key) for (const extra of ['-wal', '-shm']) if (existsSync(file + extra)) chmodSync(file + extra, PRIVATE_FILE_MODE);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function configure(db: Db, file: string): void {
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('trusted_schema = OFF');
}

/** Applies every migration above `PRAGMA user_version`, each in its own transaction. */
export function migrate(db: Db, migrations: readonly Migration[]): { from: number; to: number } {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list has a gap or duplicate at ${m.name} (version ${m.version})`);
  });
  const latest = sorted.length;
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > latest) throw new DatabaseTooNewError(from, latest);
  for (const m of sorted) {
    if (m.version <= from) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: latest };
}
