import type { Migration } from '../migration';
import { appendOnly } from './append-only';

/**
 * The PV cache and the facts of departure day. Facts are append-only (triggers); a mistake is
 * corrected by a row in `voids`. "Once per PV" is a UNIQUE constraint on (pv_number, generation),
 * where generation counts the voided earlier facts of that kind for the PV: two concurrent
 * attempts compute the same generation and the second one fails on the constraint.
 */
export const m0002Departures: Migration = {
  version: 2,
  name: '0002_departures',
  up(db) {
    db.exec(`
      CREATE TABLE pvs (
        pv_number TEXT PRIMARY KEY,
        revision INTEGER NOT NULL CHECK (revision >= 0),
        status TEXT NOT NULL CHECK (status IN ('active', 'revoked', 'used')),
        document_number TEXT NOT NULL,
        nationality TEXT NOT NULL,
        valid_from INTEGER NOT NULL,
        valid_until INTEGER NOT NULL,
        body TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('import', 'sync', 'qr')),
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX pvs_by_document ON pvs(document_number, nationality);

      CREATE TABLE passages (
        id TEXT PRIMARY KEY,
        at INTEGER NOT NULL,
        post_code TEXT NOT NULL,
        device_id TEXT NOT NULL,
        actor_id TEXT NOT NULL REFERENCES users(id),
        actor_role TEXT NOT NULL,
        pv_number TEXT,
        pv_source TEXT CHECK (pv_source IN ('cache', 'qr')),
        verdict TEXT NOT NULL CHECK (verdict IN ('ALLOW', 'REFER', 'DENY')),
        rules TEXT NOT NULL,
        scans TEXT NOT NULL
      ) STRICT;
      CREATE INDEX passages_by_pv ON passages(pv_number, at);
      CREATE INDEX passages_by_time ON passages(at);

      CREATE TABLE referral_settlements (
        id TEXT PRIMARY KEY,
        passage_id TEXT NOT NULL UNIQUE REFERENCES passages(id),
        decision TEXT NOT NULL CHECK (decision IN ('allow', 'deny')),
        reason TEXT NOT NULL CHECK (length(reason) >= 3),
        actor_id TEXT NOT NULL REFERENCES users(id),
        at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE checkins (
        id TEXT PRIMARY KEY,
        pv_number TEXT NOT NULL REFERENCES pvs(pv_number),
        generation INTEGER NOT NULL,
        bag_count INTEGER NOT NULL CHECK (bag_count BETWEEN 0 AND 20),
        boarding_pass TEXT NOT NULL,
        actor_id TEXT NOT NULL REFERENCES users(id),
        post_code TEXT NOT NULL,
        at INTEGER NOT NULL,
        UNIQUE (pv_number, generation)
      ) STRICT;

      CREATE TABLE exchanges (
        id TEXT PRIMARY KEY,
        pv_number TEXT NOT NULL REFERENCES pvs(pv_number),
        generation INTEGER NOT NULL,
        mad_given_cents INTEGER NOT NULL CHECK (mad_given_cents > 0),
        currency TEXT NOT NULL CHECK (length(currency) = 3),
        amount_received_cents INTEGER NOT NULL CHECK (amount_received_cents > 0),
        rate TEXT NOT NULL,
        receipt_number TEXT NOT NULL,
        actor_id TEXT NOT NULL REFERENCES users(id),
        post_code TEXT NOT NULL,
        at INTEGER NOT NULL,
        UNIQUE (pv_number, generation)
      ) STRICT;

      CREATE TABLE per_diem_payments (
        id TEXT PRIMARY KEY,
        pv_number TEXT NOT NULL REFERENCES pvs(pv_number),
        generation INTEGER NOT NULL,
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        currency TEXT NOT NULL CHECK (currency = 'USD'),
        period TEXT NOT NULL,
        receipt_number TEXT NOT NULL,
        forms_signed INTEGER NOT NULL CHECK (forms_signed IN (0, 1)),
        signature_png BLOB NOT NULL,
        actor_id TEXT NOT NULL REFERENCES users(id),
        post_code TEXT NOT NULL,
        device_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        UNIQUE (pv_number, generation)
      ) STRICT;

      CREATE TABLE stamps (
        id TEXT PRIMARY KEY,
        pv_number TEXT NOT NULL REFERENCES pvs(pv_number),
        generation INTEGER NOT NULL,
        passage_id TEXT NOT NULL REFERENCES passages(id),
        stamp_number TEXT NOT NULL,
        actor_id TEXT NOT NULL REFERENCES users(id),
        post_code TEXT NOT NULL,
        device_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        UNIQUE (pv_number, generation)
      ) STRICT;

      CREATE TABLE voids (
        id TEXT PRIMARY KEY,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('checkin', 'exchange', 'perDiem', 'stamp')),
        target_id TEXT NOT NULL UNIQUE,
        reason TEXT NOT NULL CHECK (length(reason) >= 3),
        actor_id TEXT NOT NULL REFERENCES users(id),
        at INTEGER NOT NULL
      ) STRICT;

      ${appendOnly('passages')}
      ${appendOnly('referral_settlements')}
      ${appendOnly('checkins')}
      ${appendOnly('exchanges')}
      ${appendOnly('per_diem_payments')}
      ${appendOnly('stamps')}
      ${appendOnly('voids')}
    `);
  },
};
