import { consoleMigration } from './console/migration';
import { consoleNotesMigration } from './console/migration-5';
import type { Storage } from './storage';

export interface ServerMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The centre's schema. Additive only: add a new entry at the end, never edit a released one.
 *
 * The change feed (`changes`, `change_counter`) is what posts pull; see `emitChanges` in
 * store.ts for why its sequence can never be skipped by a reader.
 */
export const serverMigrations: readonly ServerMigration[] = [
  {
    version: 1,
    name: '0001_base',
    sql: `
      CREATE TABLE posts (
        code text PRIMARY KEY,
        created_at bigint NOT NULL
      );

      -- One-time enrolment codes, stored hashed, used_at and device_id set once consumed.
      CREATE TABLE enrol_codes (
        code_sha256 text PRIMARY KEY,
        post_code text NOT NULL REFERENCES posts(code),
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        used_at bigint,
        device_id text
      );

      -- last_seq/last_hash: the head of the device's audit chain as accepted by the centre.
      CREATE TABLE devices (
        id text PRIMARY KEY,
        post_code text NOT NULL REFERENCES posts(code),
        public_key text NOT NULL,
        enrolled_at bigint NOT NULL,
        revoked_at bigint,
        last_seq bigint NOT NULL DEFAULT 0,
        last_hash text NOT NULL
      );

      -- Nonces of signed requests seen within the accepted clock window.
      CREATE TABLE request_nonces (
        device_id text NOT NULL REFERENCES devices(id),
        nonce text NOT NULL,
        expires_at bigint NOT NULL,
        PRIMARY KEY (device_id, nonce)
      );

      -- Every audit record of every post, exactly once: the id is unique forever.
      CREATE TABLE events (
        id text PRIMARY KEY,
        device_id text NOT NULL REFERENCES devices(id),
        post_code text NOT NULL,
        seq bigint NOT NULL,
        at bigint NOT NULL,
        actor_id text,
        actor_role text,
        action text NOT NULL,
        subject text,
        details jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        body_sha256 text NOT NULL,
        received_at bigint NOT NULL,
        UNIQUE (device_id, seq)
      );
      CREATE INDEX events_post ON events (post_code, device_id, seq);

      -- Refused events, kept for investigation (a record with a known id and another body, a
      -- broken chain ...). No content, only what identifies it.
      CREATE TABLE rejected_events (
        id bigserial PRIMARY KEY,
        event_id text,
        device_id text NOT NULL,
        reason text NOT NULL,
        body_sha256 text,
        received_at bigint NOT NULL
      );

      CREATE TABLE pvs (
        pv_number text PRIMARY KEY,
        body jsonb NOT NULL,
        content_sha256 text NOT NULL,
        revision integer NOT NULL,
        updated_at bigint NOT NULL
      );

      CREATE TABLE users (
        id text PRIMARY KEY,
        post_code text NOT NULL REFERENCES posts(code),
        body jsonb NOT NULL,
        content_sha256 text NOT NULL,
        updated_at bigint NOT NULL
      );

      CREATE TABLE settings (
        id integer PRIMARY KEY CHECK (id = 1),
        body jsonb NOT NULL,
        content_sha256 text NOT NULL,
        updated_at bigint NOT NULL
      );

      -- Uses of a PV that must happen once (payment, exit stamp), from pushed events.
      CREATE TABLE pv_uses (
        pv_number text NOT NULL,
        kind text NOT NULL,
        event_id text NOT NULL REFERENCES events(id),
        device_id text NOT NULL,
        post_code text NOT NULL,
        PRIMARY KEY (pv_number, kind, event_id)
      );
      -- One row per (PV, kind), locked while a use is recorded, so two posts pushing the same PV at
      -- the same moment are serialised and the second always sees the first.
      CREATE TABLE pv_use_heads (
        pv_number text NOT NULL,
        kind text NOT NULL,
        uses integer NOT NULL,
        PRIMARY KEY (pv_number, kind)
      );

      CREATE TABLE conflict_cases (
        id text PRIMARY KEY,
        pv_number text NOT NULL,
        kind text NOT NULL,
        body jsonb NOT NULL,
        revision integer NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        UNIQUE (pv_number, kind)
      );

      -- The change feed posts pull. scope: a post code, or '*' for every post.
      CREATE TABLE change_counter (
        id integer PRIMARY KEY CHECK (id = 1),
        last bigint NOT NULL
      );
      INSERT INTO change_counter (id, last) VALUES (1, 0);
      CREATE TABLE changes (
        seq bigint PRIMARY KEY,
        scope text NOT NULL,
        body jsonb NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE INDEX changes_scope ON changes (scope, seq);
    `,
  },
  {
    version: 2,
    name: '0002_trust',
    sql: `
      -- Record ids are unique per device: a device pushing an id another device used is answered
      -- exactly as for a new id, so it cannot learn which ids exist elsewhere.
      ALTER TABLE pv_uses DROP CONSTRAINT pv_uses_event_id_fkey;
      ALTER TABLE pv_uses DROP CONSTRAINT pv_uses_pkey;
      ALTER TABLE pv_uses ADD PRIMARY KEY (pv_number, kind, device_id, event_id);
      ALTER TABLE events DROP CONSTRAINT events_pkey;
      ALTER TABLE events ADD PRIMARY KEY (device_id, id);
      ALTER TABLE pv_uses ADD FOREIGN KEY (device_id, event_id) REFERENCES events (device_id, id);
      CREATE INDEX events_id ON events (id);

      -- The centre's Ed25519 signing keys (raw 32-byte keys, base64): pull pages and push
      -- answers are signed with the current one; posts pin its public half at enrolment.
      CREATE TABLE centre_keys (
        id text PRIMARY KEY,
        public_key text NOT NULL,
        private_key text NOT NULL,
        created_at bigint NOT NULL,
        retired_at bigint
      );

      -- PV signing keys the posts trust (key id, Ed25519 public key), sent to every post.
      CREATE TABLE pv_keys (
        key_id text PRIMARY KEY,
        public_key text NOT NULL,
        added_at bigint NOT NULL,
        revoked_at bigint
      );

      -- Where a device stands: the enrolment code it used and when it was last seen.
      ALTER TABLE devices ADD COLUMN last_seen_at bigint;
    `,
  },
  consoleMigration,
  {
    version: 4,
    name: '0004_no_shows',
    sql: `
      -- Beneficiaries who did not leave on their flight (a post's flight.noShow events), so the
      -- programme can re-schedule the PV. One row per accepted event, inserted with it by the push
      -- and never updated (a correction is a new event).
      CREATE TABLE no_shows (
        device_id text NOT NULL,
        event_id text NOT NULL,
        post_code text NOT NULL,
        pv_number text NOT NULL,
        flight_key text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('didNotCome', 'withdrew', 'medical', 'other')),
        note text NOT NULL DEFAULT '',
        at bigint NOT NULL,
        received_at bigint NOT NULL,
        PRIMARY KEY (device_id, event_id),
        FOREIGN KEY (device_id, event_id) REFERENCES events (device_id, id)
      );
      CREATE INDEX no_shows_pv ON no_shows (pv_number, at)
    `,
  },
  consoleNotesMigration,
  {
    version: 6,
    name: '0006_device_report',
    sql: `
      -- What a device reported with its last signed pull: its app version and the audit records
      -- waiting on the post when it pulled, and when (last_seen_at is any signed request).
      ALTER TABLE devices ADD COLUMN app_version text;
      ALTER TABLE devices ADD COLUMN sync_backlog bigint;
      ALTER TABLE devices ADD COLUMN reported_at bigint;

      -- The signed PV QR text (RVAPV1:...) the issuing authority made for a PV, attached by an
      -- administrator after checking it against the trusted PV keys and the PV's current fields.
      -- The centre holds no PV signing key: it prints these, it never makes them.
      CREATE TABLE pv_signed_qrs (
        pv_number text PRIMARY KEY REFERENCES pvs(pv_number),
        qr text NOT NULL,
        key_id text NOT NULL,
        revision integer NOT NULL,
        added_at bigint NOT NULL
      )
    `,
  },
  {
    version: 7,
    name: '0007_no_show_follow_up',
    sql: `
      -- A post cleared a no-show before closing the flight (flight.noShowCleared: the beneficiary
      -- came after all). no_show_id is the post's id of the no-show (the details id of its
      -- flight.noShow event). One row per accepted event, never updated.
      CREATE TABLE no_show_clearings (
        device_id text NOT NULL,
        event_id text NOT NULL,
        post_code text NOT NULL,
        no_show_id text NOT NULL,
        pv_number text NOT NULL,
        flight_key text NOT NULL,
        at bigint NOT NULL,
        received_at bigint NOT NULL,
        PRIMARY KEY (device_id, event_id),
        FOREIGN KEY (device_id, event_id) REFERENCES events (device_id, id)
      );
      CREATE INDEX no_show_clearings_by_no_show ON no_show_clearings (post_code, no_show_id);

      -- An administrator marked the PV of a no-show for re-scheduling from the console; once per
      -- no-show, never updated.
      CREATE TABLE no_show_reschedules (
        event_id text PRIMARY KEY,
        device_id text NOT NULL,
        pv_number text NOT NULL,
        rescheduled_by text NOT NULL,
        at bigint NOT NULL,
        FOREIGN KEY (device_id, event_id) REFERENCES no_shows (device_id, event_id)
      )
    `,
  },
  {
    version: 8,
    name: '0008_centre_rotation',
    sql: `
      -- A signing key made by a rotation is used from not_before on (null: from its creation).
      ALTER TABLE centre_keys ADD COLUMN not_before bigint;

      -- Signed trust records (core/sync/centre-trust.ts): key rotations, certificate announcements.
      -- The latest are sent with every signed answer; never updated.
      CREATE TABLE centre_trust_records (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL,
        body text NOT NULL,
        created_at bigint NOT NULL
      )
    `,
  },
  {
    version: 9,
    name: '0009_no_show_departures',
    sql: `
      -- An administrator gave a no-show's PV its new departure from the console: the PV's ticket
      -- before and after (carrier, flight, date or route, date; no personal data), the PV revision
      -- it made, who and when. Once per no-show, never updated.
      CREATE TABLE no_show_departures (
        event_id text PRIMARY KEY,
        device_id text NOT NULL,
        pv_number text NOT NULL,
        previous jsonb NOT NULL,
        departure jsonb NOT NULL,
        pv_revision integer NOT NULL,
        rescheduled_by text NOT NULL,
        at bigint NOT NULL,
        FOREIGN KEY (device_id, event_id) REFERENCES no_shows (device_id, event_id)
      )
    `,
  },
  {
    version: 10,
    name: '0010_device_replacement',
    sql: `
      -- A revoked machine enrolled again with a new code: the new device replaces the revoked one
      -- and continues its audit chain (records keep the chain's device id; chain_id names it).
      ALTER TABLE devices ADD COLUMN replaces text REFERENCES devices(id);
      ALTER TABLE devices ADD COLUMN chain_id text REFERENCES devices(id);
      CREATE INDEX devices_replaces ON devices (replaces) WHERE replaces IS NOT NULL;
      -- Which device pushed each record: its own, or the device that replaced it.
      ALTER TABLE events ADD COLUMN pushed_by text REFERENCES devices(id);
      UPDATE events SET pushed_by = device_id;
    `,
  },
  {
    version: 11,
    name: '0011_centre_recovery',
    sql: `
      -- The public half of the centre's offline recovery key (server init-recovery-key): the posts
      -- pin it at enrolment; only a revocation signed by its private half replaces a signing key.
      CREATE TABLE centre_recovery (
        id integer PRIMARY KEY CHECK (id = 1),
        public_key text NOT NULL,
        created_at bigint NOT NULL
      );
      -- A signing key the recovery key revoked (its private key is wiped): never used again, and a
      -- rotation to it that had not started yet is no longer sent to the posts.
      ALTER TABLE centre_keys ADD COLUMN revoked_at bigint
    `,
  },
  {
    version: 12,
    name: '0012_post_settings',
    sql: `
      -- One post's own settings (time zone, idle logout), set from the console and sent to that
      -- post only (a change scoped to its code). No row: the post keeps its defaults.
      CREATE TABLE post_settings (
        post_code text PRIMARY KEY REFERENCES posts(code),
        body jsonb NOT NULL,
        content_sha256 text NOT NULL,
        updated_at bigint NOT NULL
      )
    `,
  },
];

/** Applies the migrations not yet applied, each in its own transaction; refuses a newer schema. */
export async function migrateServer(
  storage: Storage,
  migrations: readonly ServerMigration[] = serverMigrations,
): Promise<{ from: number; to: number }> {
  await storage.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
  );
  const { rows } = await storage.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  const from = Number(rows[0]?.v ?? 0);
  const latest = migrations.length === 0 ? 0 : Math.max(...migrations.map((m) => m.version));
  if (from > latest) throw new Error(`server database schema ${from} is newer than this server (${latest})`);
  // Every migration not recorded yet, not only those above the highest: numbers are handed out to
  // changes made side by side, so a lower one (10) can arrive after a higher one (11) was applied.
  const applied = new Set(
    (await storage.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)),
  );
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    await storage.transaction(async (tx) => {
      // Two servers starting on one database: the second waits, then finds the version applied.
      await tx.query('LOCK TABLE schema_migrations IN EXCLUSIVE MODE');
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (done.rows.length > 0) return;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
    });
  }
  return { from, to: latest };
}

/** Comments removed first; the migrations hold no semicolons inside literals or bodies, so splitting on `;` is exact. */
function splitStatements(sql: string): string[] {
  return sql
    .replace(/^\s*--.*$/gm, '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
