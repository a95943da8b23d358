import { PSEUDONYM } from '../../../core/departure/retention';
import type { Db } from '../connection';
import { PVS_CLEAR_CONDITION } from '../migrations/0013_retention_expiry';

/** Marks a PV body whose personal fields were replaced (see main/services/retention-service.ts). */
export { PSEUDONYM };

export interface RetentionCandidate {
  pvNumber: string;
  body: string;
  /** The PV body itself still holds its personal fields. */
  pvDue: boolean;
}

export interface DueFacts {
  passages: { id: string; scans: string; rules: string }[];
  checkins: { id: string; boardingPass: string }[];
  perDiem: { id: string; signature: Buffer }[];
}

/**
 * The PVs due for pseudonymisation: the departure is complete (a stamp that was not voided,
 * recorded at or before the cutoff), everything the post recorded about the PV has reached the
 * centre (none of its audit records is still in the outbox), and the PV body or one of its facts
 * older than the cutoff (a closed passage, a check-in, a per diem payment) was not done already.
 */
export function createRetentionRepository(db: Db) {
  const due = db.prepare<{ cutoff: number; marker: string; limit: number }, { pvNumber: string; body: string; pvDue: number }>(
    // Driven by the stamps (a few per day), not by the PV cache (tens of thousands of bodies whose
    // JSON would be read at every start).
    `SELECT p.pv_number AS pvNumber, p.body, json_extract(p.body, '$.beneficiary.surname') IS NOT @marker AS pvDue FROM pvs p
     WHERE p.pv_number IN (SELECT s.pv_number FROM stamps s WHERE s.at <= @cutoff
                           AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.target_id = s.id))
       AND (json_extract(p.body, '$.beneficiary.surname') IS NOT @marker
            OR EXISTS (SELECT 1 FROM passages x WHERE x.pv_number = p.pv_number AND x.closed_at <= @cutoff AND x.pseudonymised_at IS NULL)
            OR EXISTS (SELECT 1 FROM checkins c WHERE c.pv_number = p.pv_number AND c.at <= @cutoff AND c.pseudonymised_at IS NULL)
            OR EXISTS (SELECT 1 FROM per_diem_payments d WHERE d.pv_number = p.pv_number AND d.at <= @cutoff AND d.pseudonymised_at IS NULL))
       AND NOT EXISTS (SELECT 1 FROM outbox o JOIN audit_log a ON a.seq = o.audit_seq WHERE a.subject = p.pv_number)
     LIMIT @limit`,
  );
  // PVs that never departed here (no stamp, or only voided ones) whose validity ended before the
  // cutoff, still holding personal fields, everything about them at the centre. The index holds only
  // PVs whose body is still clear (migration 0013); INDEXED BY makes a query that stops matching it fail.
  const dueExpired = db.prepare<{ cutoff: number; limit: number }, { pvNumber: string; body: string }>(
    `SELECT p.pv_number AS pvNumber, p.body FROM pvs p INDEXED BY pvs_clear_by_validity
     WHERE p.valid_until <= @cutoff AND ${PVS_CLEAR_CONDITION}
       AND NOT EXISTS (SELECT 1 FROM stamps s WHERE s.pv_number = p.pv_number
                       AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.target_id = s.id))
       AND NOT EXISTS (SELECT 1 FROM outbox o JOIN audit_log a ON a.seq = o.audit_seq WHERE a.subject = p.pv_number)
     LIMIT @limit`,
  );
  // Closed passages no PV of this post stands behind any more: none was found (a document the post
  // has no PV for), or the PV's own fields were pseudonymised before this passage (a later scan).
  const dueLoosePassages = db.prepare<{ cutoff: number; limit: number }, DueFacts['passages'][number]>(
    `SELECT x.id, x.scans, x.rules FROM passages x INDEXED BY passages_clear_by_close
     WHERE x.closed_at <= @cutoff AND x.pseudonymised_at IS NULL
       AND (x.pv_number IS NULL OR EXISTS (SELECT 1 FROM pvs p WHERE p.pv_number = x.pv_number
                                           AND json_extract(p.body, '$.beneficiary.surname') IS '${PSEUDONYM}'))
       AND NOT EXISTS (SELECT 1 FROM outbox o JOIN audit_log a ON a.seq = o.audit_seq WHERE a.subject IN (x.id, x.pv_number))
     ORDER BY x.closed_at LIMIT @limit`,
  );
  const replace = db.prepare<{ pvNumber: string; body: string; documentNumber: string; now: number }>(
    'UPDATE pvs SET body = @body, document_number = @documentNumber, updated_at = @now WHERE pv_number = @pvNumber',
  );
  const duePassages = db.prepare<{ pvNumber: string; cutoff: number }, DueFacts['passages'][number]>(
    `SELECT id, scans, rules FROM passages
     WHERE pv_number = @pvNumber AND closed_at <= @cutoff AND pseudonymised_at IS NULL ORDER BY at`,
  );
  const dueCheckins = db.prepare<{ pvNumber: string; cutoff: number }, DueFacts['checkins'][number]>(
    `SELECT id, boarding_pass AS boardingPass FROM checkins
     WHERE pv_number = @pvNumber AND at <= @cutoff AND pseudonymised_at IS NULL ORDER BY at`,
  );
  const duePerDiem = db.prepare<{ pvNumber: string; cutoff: number }, DueFacts['perDiem'][number]>(
    `SELECT id, signature_png AS signature FROM per_diem_payments
     WHERE pv_number = @pvNumber AND at <= @cutoff AND pseudonymised_at IS NULL ORDER BY at`,
  );
  const passage = db.prepare<{ id: string; scans: string; rules: string; now: number }>(
    'UPDATE passages SET scans = @scans, rules = @rules, pseudonymised_at = @now WHERE id = @id AND pseudonymised_at IS NULL',
  );
  const checkin = db.prepare<{ id: string; boardingPass: string; now: number }>(
    'UPDATE checkins SET boarding_pass = @boardingPass, pseudonymised_at = @now WHERE id = @id AND pseudonymised_at IS NULL',
  );
  const perDiem = db.prepare<{ id: string; now: number }>(
    "UPDATE per_diem_payments SET signature_png = X'', pseudonymised_at = @now WHERE id = @id AND pseudonymised_at IS NULL",
  );
  return {
    due(cutoff: number, limit: number): RetentionCandidate[] {
      return due.all({ cutoff, marker: PSEUDONYM, limit }).map((r) => ({ pvNumber: r.pvNumber, body: r.body, pvDue: r.pvDue === 1 }));
    },
    /** PVs never departed here whose validity ended before the cutoff, still holding personal fields. */
    dueExpired(cutoff: number, limit: number): { pvNumber: string; body: string }[] {
      return dueExpired.all({ cutoff, limit });
    },
    /** Closed passages with no PV behind them any more (none found, or the PV already pseudonymised). */
    dueLoosePassages(cutoff: number, limit: number): DueFacts['passages'] {
      return dueLoosePassages.all({ cutoff, limit });
    },
    replace(pvNumber: string, body: string, documentNumber: string, now: number): void {
      replace.run({ pvNumber, body, documentNumber, now });
    },
    /** The PV's facts recorded at or before the cutoff (closed passages) that still hold personal data. */
    dueFacts(pvNumber: string, cutoff: number): DueFacts {
      return {
        passages: duePassages.all({ pvNumber, cutoff }),
        checkins: dueCheckins.all({ pvNumber, cutoff }),
        perDiem: duePerDiem.all({ pvNumber, cutoff }),
      };
    },
    /** The one update migration 0009 allows on each of these rows. */
    pseudonymisePassage(id: string, scans: string, rules: string, now: number): void {
      passage.run({ id, scans, rules, now });
    },
    pseudonymiseCheckin(id: string, boardingPass: string, now: number): void {
      checkin.run({ id, boardingPass, now });
    },
    pseudonymisePerDiem(id: string, now: number): void {
      perDiem.run({ id, now });
    },
  };
}
export type RetentionRepository = ReturnType<typeof createRetentionRepository>;
