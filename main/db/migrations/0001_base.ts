import type { Migration } from '../migration';

/** Users, sessions, post settings, the hash-chained audit log and its outbox. */
export const m0001Base: Migration = {
  version: 1,
  name: '0001_base',
  up(db) {
    db.exec(`
      CREATE TABLE post_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('officer', 'escort', 'supervisor')),
        pin_hash TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_until INTEGER,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        client_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        ended_at INTEGER,
        end_reason TEXT CHECK (end_reason IN ('logout', 'idle', 'replaced', 'shutdown'))
      ) STRICT;
      CREATE INDEX sessions_open ON sessions(client_id) WHERE ended_at IS NULL;

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        device_id TEXT NOT NULL,
        post_code TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor_id TEXT,
        actor_role TEXT,
        action TEXT NOT NULL,
        subject TEXT,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      -- Audit records not yet acknowledged by the centre; written in the same transaction as the
      -- record, deleted when the centre answers accepted or duplicate.
      CREATE TABLE outbox (
        audit_seq INTEGER PRIMARY KEY REFERENCES audit_log(seq),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      ) STRICT;
    `);
  },
};
