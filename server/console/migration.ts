import type { ServerMigration } from '../migrations';

/** The centre console: administrators (password + TOTP), their sessions and the audit of their actions. */
export const consoleMigration: ServerMigration = {
  version: 3,
  name: '0003_console',
  sql: `
    -- role: administrator (may act) or analyst (read only). password_hash: scrypt (password.ts).
    -- totp_last_step: the last TOTP time step accepted, so a code is never accepted twice.
    CREATE TABLE console_admins (
      id text PRIMARY KEY,
      username text NOT NULL UNIQUE,
      role text NOT NULL CHECK (role IN ('administrator', 'analyst')),
      password_hash text NOT NULL,
      totp_secret text NOT NULL,
      totp_last_step bigint NOT NULL DEFAULT 0,
      failed_attempts integer NOT NULL DEFAULT 0,
      locked_until bigint,
      created_at bigint NOT NULL,
      disabled_at bigint
    );

    -- The cookie carries a random id; only its SHA-256 is stored.
    CREATE TABLE console_sessions (
      id_sha256 text PRIMARY KEY,
      admin_id text NOT NULL REFERENCES console_admins(id),
      csrf_token text NOT NULL,
      created_at bigint NOT NULL,
      last_seen_at bigint NOT NULL,
      ended_at bigint
    );
    CREATE INDEX console_sessions_admin ON console_sessions (admin_id);

    -- Every administrator action, allowed or refused, and every sign-in attempt. Append only.
    CREATE TABLE console_audit (
      id bigserial PRIMARY KEY,
      at bigint NOT NULL,
      admin_id text,
      username text,
      action text NOT NULL,
      outcome text NOT NULL,
      subject text,
      details jsonb NOT NULL DEFAULT '{}'
    );
  `,
};
