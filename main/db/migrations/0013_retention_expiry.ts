import type { Migration } from '../migration';
import { PSEUDONYM } from '../../../core/departure/retention';

/**
 * Retention of PVs that never departed (main/services/retention-service.ts): once a PV's validity
 * has ended and the retention period has passed, its personal fields go too. The daily run finds
 * them through this index, which holds only PVs whose body still carries the beneficiary's name,
 * so the expired PVs already pseudonymised (they accumulate over the years) are never read again.
 * The retention repository's query repeats this exact condition, so SQLite uses the index.
 * Passages closed and not yet pseudonymised get their own partial index: the run also looks for
 * those no PV stands behind (none found, or the PV pseudonymised before them), and the passages
 * already pseudonymised, most of the table over the years, stay out of it.
 */
export const PVS_CLEAR_CONDITION = `json_extract(body, '$.beneficiary.surname') IS NOT '${PSEUDONYM}'`;

export const m0013RetentionExpiry: Migration = {
  version: 13,
  name: '0013_retention_expiry',
  up(db) {
    db.exec(`
      CREATE INDEX pvs_clear_by_validity ON pvs(valid_until) WHERE ${PVS_CLEAR_CONDITION};
      CREATE INDEX passages_clear_by_close ON passages(closed_at) WHERE pseudonymised_at IS NULL;
    `);
  },
};
