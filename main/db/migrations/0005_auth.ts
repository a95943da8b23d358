import type { Migration } from '../migration';

/**
 * Wrong-PIN counts per submitted name (known or not, so the answers never tell whether a user
 * exists), reserved before the hash is checked; and the flag that forces a PIN change at the next
 * sign-in (a one-time PIN issued by the centre), with the centre's last hash so a PIN the user
 * chose on the post survives later pulls of the same record. The counters in `users` are carried over and no
 * longer used.
 */
export const m0005Auth: Migration = {
  version: 5,
  name: '0005_auth',
  up(db) {
    db.exec(`
      CREATE TABLE login_attempts (
        username TEXT PRIMARY KEY COLLATE NOCASE,
        failed_attempts INTEGER NOT NULL CHECK (failed_attempts >= 0),
        locked_until INTEGER,
        updated_at INTEGER NOT NULL
      ) STRICT;
      INSERT INTO login_attempts (username, failed_attempts, locked_until, updated_at)
        SELECT username, failed_attempts, locked_until, created_at FROM users
        WHERE failed_attempts > 0 OR locked_until IS NOT NULL;

      ALTER TABLE users ADD COLUMN must_change_pin INTEGER NOT NULL DEFAULT 0 CHECK (must_change_pin IN (0, 1));
      -- The PIN hash the centre last sent: a later pull replaces the local PIN only when it differs.
      ALTER TABLE users ADD COLUMN centre_pin_hash TEXT;
    `);
  },
};
