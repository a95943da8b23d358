import type { Migration } from '../migration';

/**
 * The centre's trust changing without a new enrolment (core/sync/centre-trust.ts): the next
 * signing key a verified rotation names, until when the pinned key is still accepted, and the
 * fingerprint of the centre's announced next certificate.
 */
export const m0011CentreRotation: Migration = {
  version: 11,
  name: '0011_centre_rotation',
  up(db) {
    db.exec(`
      ALTER TABLE sync_state ADD COLUMN centre_next_key TEXT;
      ALTER TABLE sync_state ADD COLUMN centre_key_until INTEGER;
      ALTER TABLE sync_state ADD COLUMN centre_next_fingerprint TEXT;
    `);
  },
};
