import type { Migration } from '../migration';

/**
 * Pseudonymisation of departure facts after the retention period (main/services/retention-service.ts).
 *
 * `passages`, `checkins` and `per_diem_payments` are append-only, but they hold personal data: the
 * parsed scans of a passage (names, document number, birth date, PNR, seat) and the rule outcomes
 * that quote them, the boarding pass of a check-in, the signature image of a per diem payment. Each
 * row gets a `pseudonymised_at` marker, and the triggers allow exactly one update per row, and only
 * this one: the marker goes from NULL to a time, the personal columns get their pseudonymised value
 * (a JSON object marked `"pseudonymised": true`, or an empty signature), every other column stays as
 * it was. A pseudonymised row is never updated again; a row is never inserted already marked;
 * deletes stay refused. A passage is
 * pseudonymised only once it is closed.
 */

const unchanged = (columns: string[]): string => columns.map((c) => `NEW.${c} IS OLD.${c}`).join(' AND ');

const marked = (column: string): string => `json_valid(NEW.${column}) AND json_extract(NEW.${column}, '$.pseudonymised') IS 1`;

const pseudonymising = (fixed: string[], personal: string): string =>
  `(OLD.pseudonymised_at IS NULL AND NEW.pseudonymised_at IS NOT NULL AND ${unchanged(fixed)} AND ${personal})`;

const PASSAGE_FIXED = [
  'id',
  'at',
  'post_code',
  'device_id',
  'actor_id',
  'actor_role',
  'pv_number',
  'pv_source',
  'verdict',
  'status',
  'closed_at',
  'updated_at',
];
const CHECKIN_FIXED = ['id', 'pv_number', 'generation', 'bag_count', 'actor_id', 'post_code', 'at'];
const PER_DIEM_FIXED = [
  'id',
  'pv_number',
  'generation',
  'amount_cents',
  'currency',
  'period',
  'receipt_number',
  'forms_signed',
  'actor_id',
  'post_code',
  'device_id',
  'at',
];

const passagePseudonymising = pseudonymising(
  PASSAGE_FIXED,
  `OLD.closed_at IS NOT NULL AND ${marked('scans')} AND json_valid(NEW.rules) AND json_type(NEW.rules) = 'array'`,
);
const checkinPseudonymising = pseudonymising(CHECKIN_FIXED, marked('boarding_pass'));
const perDiemPseudonymising = pseudonymising(PER_DIEM_FIXED, `typeof(NEW.signature_png) = 'blob' AND length(NEW.signature_png) = 0`);

/** A row is written with its personal data: the marker is set by the one update only. */
const bornClear = (table: string): string => `
      CREATE TRIGGER ${table}_born_clear BEFORE INSERT ON ${table} WHEN NEW.pseudonymised_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, '${table}: a row is pseudonymised by its one update, not written so'); END;`;

export const m0009Retention: Migration = {
  version: 9,
  name: '0009_retention',
  up(db) {
    db.exec(`
      ALTER TABLE passages ADD COLUMN pseudonymised_at INTEGER;
      ALTER TABLE checkins ADD COLUMN pseudonymised_at INTEGER;
      ALTER TABLE per_diem_payments ADD COLUMN pseudonymised_at INTEGER;

      DROP TRIGGER passages_closed_no_update;
      CREATE TRIGGER passages_closed_no_update BEFORE UPDATE ON passages
        WHEN OLD.closed_at IS NOT NULL AND NOT ${passagePseudonymising}
        BEGIN SELECT RAISE(ABORT, 'passages: a closed passage is not edited (its personal columns are pseudonymised once)'); END;
      CREATE TRIGGER passages_pseudonymised_once BEFORE UPDATE ON passages
        WHEN NEW.pseudonymised_at IS NOT OLD.pseudonymised_at AND NOT ${passagePseudonymising}
        BEGIN SELECT RAISE(ABORT, 'passages: pseudonymised once, when closed, personal columns only'); END;

      DROP TRIGGER checkins_no_update;
      CREATE TRIGGER checkins_no_update BEFORE UPDATE ON checkins
        WHEN NOT ${checkinPseudonymising}
        BEGIN SELECT RAISE(ABORT, 'checkins is append-only (its personal columns are pseudonymised once)'); END;

      DROP TRIGGER per_diem_payments_no_update;
      CREATE TRIGGER per_diem_payments_no_update BEFORE UPDATE ON per_diem_payments
        WHEN NOT ${perDiemPseudonymising}
        BEGIN SELECT RAISE(ABORT, 'per_diem_payments is append-only (its personal columns are pseudonymised once)'); END;
${['passages', 'checkins', 'per_diem_payments'].map(bornClear).join('\n')}
    `);
  },
};
