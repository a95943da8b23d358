import type { Db } from '../connection';

/** Marks a PV body whose personal fields were replaced (see main/services/retention-service.ts). */
export const PSEUDONYM = 'PSEUDONYME';

export interface RetentionCandidate {
  pvNumber: string;
  body: string;
}

/**
 * The PV cache rows due for pseudonymisation: the departure is complete (a stamp that was not
 * voided, recorded at or before the cutoff), everything the post recorded about the PV has reached
 * the centre (none of its audit records is still in the outbox), and it was not done already.
 */
export function createRetentionRepository(db: Db) {
  const due = db.prepare<{ cutoff: number; marker: string; limit: number }, RetentionCandidate>(
    // Driven by the stamps (a few per day), not by the PV cache (tens of thousands of bodies whose
    // JSON would be read at every start).
    `SELECT p.pv_number AS pvNumber, p.body FROM pvs p
     WHERE p.pv_number IN (SELECT s.pv_number FROM stamps s WHERE s.at <= @cutoff
                           AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.target_id = s.id))
       AND json_extract(p.body, '$.beneficiary.surname') <> @marker
       AND NOT EXISTS (SELECT 1 FROM outbox o JOIN audit_log a ON a.seq = o.audit_seq WHERE a.subject = p.pv_number)
     LIMIT @limit`,
  );
  const replace = db.prepare<{ pvNumber: string; body: string; documentNumber: string; now: number }>(
    'UPDATE pvs SET body = @body, document_number = @documentNumber, updated_at = @now WHERE pv_number = @pvNumber',
  );
  return {
    due(cutoff: number, limit: number): RetentionCandidate[] {
      return due.all({ cutoff, marker: PSEUDONYM, limit });
    },
    replace(pvNumber: string, body: string, documentNumber: string, now: number): void {
      replace.run({ pvNumber, body, documentNumber, now });
    },
  };
}
export type RetentionRepository = ReturnType<typeof createRetentionRepository>;
