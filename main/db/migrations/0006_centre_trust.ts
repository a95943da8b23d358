import type { Migration } from '../migration';

/**
 * What the post trusts of its centre, set at enrolment: its https address, the SHA-256 fingerprint
 * of its certificate (pinned), its Ed25519 signing key (every answer is checked with it), and
 * whether it is a demo centre.
 */
export const m0006CentreTrust: Migration = {
  version: 6,
  name: '0006_centre_trust',
  up(db) {
    db.exec(`
      ALTER TABLE sync_state ADD COLUMN centre_url TEXT;
      ALTER TABLE sync_state ADD COLUMN centre_fingerprint TEXT;
      ALTER TABLE sync_state ADD COLUMN centre_key TEXT;
      ALTER TABLE sync_state ADD COLUMN centre_demo INTEGER NOT NULL DEFAULT 0 CHECK (centre_demo IN (0, 1));
    `);
  },
};
