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

/**
 * Opens the post database with the settings money needs: WAL, synchronous=FULL, foreign keys,
 * and brings the schema to the latest version. `':memory:'` for tests.
 */
export function openDatabase(file: string, options: { migrations?: readonly Migration[] } = {}): Db {
  const db = new Database(file);
  try {
    configure(db, file);
    migrate(db, options.migrations ?? allMigrations);
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
