import type Database from 'better-sqlite3';

/** One schema step. `version` is its position (1, 2, ...); `up` runs inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
