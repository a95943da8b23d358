import type { Migration } from '../migration';

/**
 * Client-side sync state: the device's enrolment (key pair, post), the pull cursor, last
 * success; the conflict cases and central settings pulled from the centre.
 */
export const m0003Sync: Migration = {
  version: 3,
  name: '0003_sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        device_id TEXT,
        post_code TEXT,
        -- Ed25519 key pair of this device: SPKI and PKCS#8 DER, base64.
        public_key TEXT,
        private_key TEXT,
        enrolled_at INTEGER,
        -- Last change applied from the centre (decimal text of a bigint).
        cursor TEXT NOT NULL DEFAULT '0' CHECK (cursor GLOB '[0-9]*'),
        last_success_at INTEGER,
        last_error TEXT
      ) STRICT;
      INSERT INTO sync_state (id) VALUES (1);

      -- Conflict cases raised by the centre for this post (one PV used at two posts or devices).
      CREATE TABLE sync_conflicts (
        id TEXT PRIMARY KEY,
        pv_number TEXT NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        revision INTEGER NOT NULL,
        received_at INTEGER NOT NULL
      ) STRICT;

      -- The centre's settings (per diem amount and period), as last pulled.
      CREATE TABLE sync_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        body TEXT NOT NULL,
        received_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
