import type { Db } from '../connection';

export interface DepartureRow {
  stampId: string;
  at: number;
  pvNumber: string;
  nationality: string;
}

export interface VerdictRow {
  passageId: string;
  at: number;
  pvNumber: string | null;
  verdict: 'DENY' | 'REFER';
  rules: string;
  scans: string;
  pvBody: string | null;
  settlementDecision: 'allow' | 'deny' | null;
  settlementReason: string | null;
  settlementAt: number | null;
}

export interface VoidRow {
  at: number;
  kind: string;
  recordId: string;
  pvNumber: string | null;
  reason: string;
  actorName: string;
}

/** All SQL of the programme reports. Periods are [from, to) in ms UTC. */
export function createReportRepository(db: Db) {
  const departures = db.prepare<[string, number, number], DepartureRow>(
    `SELECT s.id AS stampId, s.at, s.pv_number AS pvNumber, p.nationality
     FROM stamps s JOIN pvs p ON p.pv_number = s.pv_number LEFT JOIN voids v ON v.target_id = s.id
     WHERE s.post_code = ? AND s.at >= ? AND s.at < ? AND v.id IS NULL ORDER BY s.at`,
  );
  const perDiem = db.prepare<[string, number, number], { voided: number; n: number; cents: number | null }>(
    `SELECT (v.id IS NOT NULL) AS voided, count(*) AS n, sum(p.amount_cents) AS cents
     FROM per_diem_payments p LEFT JOIN voids v ON v.target_id = p.id
     WHERE p.post_code = ? AND p.at >= ? AND p.at < ? GROUP BY (v.id IS NOT NULL)`,
  );
  /**
   * Refused and referred passages, completed ones only, the last state per PV. A passage still
   * waiting for a scan (its `scans.pending` not empty) is a draft, not a decision: it is left out
   * unless a supervisor settled it. Of the completed passages of one PV in the period, only the
   * newest counts (a passage without a PV stands alone). The settlement shown is the newest one of
   * the PV (a settled referral rescanned later stays settled).
   */
  const verdicts = db.prepare<[string, number, number], VerdictRow>(
    `WITH completed AS (
       SELECT p.*, row_number() OVER (PARTITION BY coalesce(p.pv_number, p.id) ORDER BY p.at DESC, p.id DESC) AS rank
       FROM passages p
       WHERE p.post_code = ? AND p.at >= ? AND p.at < ?
         AND (coalesce(json_array_length(p.scans, '$.pending'), 0) = 0
              OR EXISTS (SELECT 1 FROM referral_settlements rs WHERE rs.passage_id = p.id))
     )
     SELECT p.id AS passageId, p.at, p.pv_number AS pvNumber, p.verdict, p.rules, p.scans, pv.body AS pvBody,
       s.decision AS settlementDecision, s.reason AS settlementReason, s.at AS settlementAt
     FROM completed p
       LEFT JOIN pvs pv ON pv.pv_number = p.pv_number
       LEFT JOIN referral_settlements s ON s.id = (
         SELECT s2.id FROM referral_settlements s2 JOIN passages p2 ON p2.id = s2.passage_id
         WHERE p2.id = p.id OR (p.pv_number IS NOT NULL AND p2.pv_number = p.pv_number)
         ORDER BY s2.at DESC, s2.id DESC LIMIT 1)
     WHERE p.rank = 1 AND p.verdict IN ('DENY', 'REFER') ORDER BY p.at`,
  );
  const voids = db.prepare<[string, number, number], VoidRow>(
    `SELECT v.at, v.target_kind AS kind, v.target_id AS recordId, v.reason, u.display_name AS actorName,
       coalesce(c.pv_number, e.pv_number, d.pv_number, s.pv_number) AS pvNumber
     FROM voids v JOIN users u ON u.id = v.actor_id
       LEFT JOIN checkins c ON c.id = v.target_id LEFT JOIN exchanges e ON e.id = v.target_id
       LEFT JOIN per_diem_payments d ON d.id = v.target_id LEFT JOIN stamps s ON s.id = v.target_id
     WHERE coalesce(c.post_code, e.post_code, d.post_code, s.post_code) = ? AND v.at >= ? AND v.at < ? ORDER BY v.at`,
  );
  return {
    departures: (postCode: string, from: number, to: number) => departures.all(postCode, from, to),
    perDiem(postCode: string, from: number, to: number) {
      const rows = perDiem.all(postCode, from, to);
      const paid = rows.find((r) => !r.voided);
      const voided = rows.find((r) => r.voided);
      return { count: paid?.n ?? 0, cents: paid?.cents ?? 0, voidedCount: voided?.n ?? 0, voidedCents: voided?.cents ?? 0 };
    },
    refusedAndReferred: (postCode: string, from: number, to: number) => verdicts.all(postCode, from, to),
    voids: (postCode: string, from: number, to: number) => voids.all(postCode, from, to),
  };
}
export type ReportRepository = ReturnType<typeof createReportRepository>;
