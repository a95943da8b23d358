import type { Migration } from '../migration';

/**
 * One row per passage, updated as its scans come in, with its state explicit:
 * - `status`: `draft` while a scan is still expected, `complete` once none is (the verdict stands).
 *   Reports and referral queues count `complete` passages only.
 * - `closed_at`: set when an action is taken in the passage (a fact recorded, a referral settled)
 *   or a new passage is started at its desk; a closed passage is never edited again.
 * - `updated_at`: when its scans last changed.
 * Rows written before this migration were one per verification: they are closed as they stand.
 */
export const m0007PassageState: Migration = {
  version: 7,
  name: '0007_passage_state',
  up(db) {
    db.exec(`
      ALTER TABLE passages ADD COLUMN status TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('draft', 'complete'));
      ALTER TABLE passages ADD COLUMN closed_at INTEGER;
      ALTER TABLE passages ADD COLUMN updated_at INTEGER;
      DROP TRIGGER passages_no_update;
      UPDATE passages SET
        status = CASE WHEN json_array_length(scans, '$.pending') > 0 THEN 'draft' ELSE 'complete' END,
        closed_at = at,
        updated_at = at;
      CREATE TRIGGER passages_closed_no_update BEFORE UPDATE ON passages WHEN OLD.closed_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'passages: a closed passage is not edited'); END;
      CREATE TRIGGER passages_fixed_columns BEFORE UPDATE ON passages
        WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.post_code IS NOT OLD.post_code
          OR NEW.device_id IS NOT OLD.device_id OR NEW.actor_id IS NOT OLD.actor_id
        BEGIN SELECT RAISE(ABORT, 'passages: who, where and when a passage started are fixed'); END;
      CREATE INDEX passages_by_status ON passages(status, at);
    `);
  },
};
