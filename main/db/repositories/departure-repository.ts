import { z } from 'zod';
import type { Pv } from '../../../core/departure/pv';
import type { Db } from '../connection';
import { PSEUDONYM } from './retention-repository';

export type FactKind = 'checkin' | 'exchange' | 'perDiem' | 'stamp';

const FACT_TABLE: Record<FactKind, string> = {
  checkin: 'checkins',
  exchange: 'exchanges',
  perDiem: 'per_diem_payments',
  stamp: 'stamps',
};

export interface PassageRow {
  id: string;
  at: number;
  postCode: string;
  deviceId: string;
  actorId: string;
  actorRole: string;
  pvNumber: string | null;
  pvSource: 'cache' | 'qr' | null;
  verdict: 'ALLOW' | 'REFER' | 'DENY';
  rules: unknown;
  scans: unknown;
  /** `draft` while a scan is still expected, `complete` once none is (migration 0007). */
  status: 'draft' | 'complete';
  /** When an action or a new passage ended it; null while scans may still come in. */
  closedAt: number | null;
  updatedAt: number;
}

export interface FactHeader {
  id: string;
  pvNumber: string;
  actorId: string;
  actorName: string;
  postCode: string;
  at: number;
}

export interface CheckinFact extends FactHeader {
  bagCount: number;
}
export interface ExchangeFact extends FactHeader {
  madGivenCents: number;
  currency: string;
  amountReceivedCents: number;
  rate: string;
  receiptNumber: string;
}
export interface PerDiemFact extends FactHeader {
  amountCents: number;
  currency: string;
  period: string;
  receiptNumber: string;
  formsSigned: boolean;
}
export interface StampFact extends FactHeader {
  stampNumber: string;
  passageId: string;
}

export interface Settlement {
  id: string;
  passageId: string;
  decision: 'allow' | 'deny';
  reason: string;
  actorId: string;
  at: number;
}

interface PassageDbRow {
  id: string;
  at: number;
  post_code: string;
  device_id: string;
  actor_id: string;
  actor_role: string;
  pv_number: string | null;
  pv_source: 'cache' | 'qr' | null;
  verdict: 'ALLOW' | 'REFER' | 'DENY';
  rules: string;
  scans: string;
  status: 'draft' | 'complete';
  closed_at: number | null;
  updated_at: number | null;
}

const storedRulesSchema = z.array(z.object({ id: z.string(), status: z.string() }));

const toPassage = (r: PassageDbRow): PassageRow => ({
  id: r.id,
  at: r.at,
  postCode: r.post_code,
  deviceId: r.device_id,
  actorId: r.actor_id,
  actorRole: r.actor_role,
  pvNumber: r.pv_number,
  pvSource: r.pv_source,
  verdict: r.verdict,
  rules: JSON.parse(r.rules) as unknown,
  scans: JSON.parse(r.scans) as unknown,
  status: r.status,
  closedAt: r.closed_at,
  updatedAt: r.updated_at ?? r.at,
});

/** All SQL of the PV cache and departure facts. */
export function createDepartureRepository(db: Db) {
  const pvByNumber = db.prepare<[string], { body: string; revision: number; source: string }>(
    'SELECT body, revision, source FROM pvs WHERE pv_number = ?',
  );
  const pvByDocument = db.prepare<[string, string], { body: string }>(
    "SELECT body FROM pvs WHERE document_number = ? AND nationality = ? ORDER BY (status = 'active') DESC, revision DESC LIMIT 1",
  );
  const pvUpsert = db.prepare(
    `INSERT INTO pvs (pv_number, revision, status, document_number, nationality, valid_from, valid_until, body, source, updated_at)
     VALUES (@pvNumber, @revision, @status, @documentNumber, @nationality, @validFrom, @validUntil, @body, @source, @now)
     ON CONFLICT(pv_number) DO UPDATE SET revision = excluded.revision, status = excluded.status,
       document_number = excluded.document_number, nationality = excluded.nationality,
       valid_from = excluded.valid_from, valid_until = excluded.valid_until, body = excluded.body,
       source = excluded.source, updated_at = excluded.updated_at
     WHERE (excluded.revision > pvs.revision OR (pvs.source = 'qr' AND excluded.source <> 'qr'))
       AND json_extract(pvs.body, '$.beneficiary.surname') <> '${PSEUDONYM}'`,
  );
  const pvCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM pvs');

  const insertPassage = db.prepare(
    `INSERT INTO passages (id, at, post_code, device_id, actor_id, actor_role, pv_number, pv_source, verdict, rules, scans, status, closed_at, updated_at)
     VALUES (@id, @at, @postCode, @deviceId, @actorId, @actorRole, @pvNumber, @pvSource, @verdict, @rules, @scans, @status, @closedAt, @updatedAt)`,
  );
  const updatePassage = db.prepare(
    `UPDATE passages SET actor_role = @actorRole, pv_number = @pvNumber, pv_source = @pvSource, verdict = @verdict, rules = @rules,
       scans = @scans, status = @status, updated_at = @updatedAt
     WHERE id = @id AND closed_at IS NULL`,
  );
  // The scans as the desk gave them are kept only while the passage may be taken up again.
  const closePassage = db.prepare<[number, string]>(
    "UPDATE passages SET closed_at = ?, scans = json_remove(scans, '$.draft') WHERE id = ? AND closed_at IS NULL",
  );
  const passageById = db.prepare<[string], PassageDbRow>('SELECT * FROM passages WHERE id = ?');
  // Served by the partial index of migration 0012 (open passages by who started them).
  const resumablePassage = db.prepare<{ actorId: string; postCode: string; deviceId: string; since: number; held: string }, PassageDbRow>(
    `SELECT * FROM passages
     WHERE closed_at IS NULL AND actor_id = @actorId AND updated_at >= @since
       AND post_code = @postCode AND device_id = @deviceId
       AND json_type(scans, '$.draft') = 'object'
       AND id NOT IN (SELECT value FROM json_each(@held))
     ORDER BY updated_at DESC, rowid DESC LIMIT 1`,
  );
  const openReferrals = db.prepare<[string], PassageDbRow>(
    `SELECT p.* FROM passages p LEFT JOIN referral_settlements s ON s.passage_id = p.id
     WHERE p.verdict = 'REFER' AND p.status = 'complete' AND s.id IS NULL AND p.post_code = ? ORDER BY p.at`,
  );
  const insertSettlement = db.prepare(
    'INSERT INTO referral_settlements (id, passage_id, decision, reason, actor_id, at) VALUES (@id, @passageId, @decision, @reason, @actorId, @at)',
  );
  const settlementByPassage = db.prepare<
    [string],
    { id: string; passage_id: string; decision: 'allow' | 'deny'; reason: string; actor_id: string; at: number }
  >('SELECT * FROM referral_settlements WHERE passage_id = ?');

  const settlementsForPv = db.prepare<
    [string],
    { id: string; passage_id: string; decision: 'allow' | 'deny'; reason: string; actor_id: string; at: number; rules: string }
  >(
    `SELECT s.*, p.rules FROM referral_settlements s JOIN passages p ON p.id = s.passage_id
     WHERE p.pv_number = ? ORDER BY s.at DESC, s.id DESC`,
  );
  const settlementWithActor = db.prepare<[string], { at: number; actor_name: string }>(
    'SELECT s.at, u.display_name AS actor_name FROM referral_settlements s JOIN users u ON u.id = s.actor_id WHERE s.passage_id = ?',
  );
  const voidWithActor = db.prepare<[string], { at: number; actor_name: string }>(
    'SELECT v.at, u.display_name AS actor_name FROM voids v JOIN users u ON u.id = v.actor_id WHERE v.target_id = ?',
  );

  const generation = (kind: FactKind) =>
    db.prepare<[string], { n: number }>(
      `SELECT count(*) AS n FROM ${FACT_TABLE[kind]} f JOIN voids v ON v.target_id = f.id WHERE f.pv_number = ?`,
    );
  const generations = Object.fromEntries((Object.keys(FACT_TABLE) as FactKind[]).map((k) => [k, generation(k)])) as Record<
    FactKind,
    ReturnType<typeof generation>
  >;

  const current = (kind: FactKind) =>
    db.prepare<[string], Record<string, unknown>>(
      `SELECT f.*, u.display_name AS actor_name FROM ${FACT_TABLE[kind]} f
       JOIN users u ON u.id = f.actor_id
       LEFT JOIN voids v ON v.target_id = f.id
       WHERE f.pv_number = ? AND v.id IS NULL ORDER BY f.generation DESC LIMIT 1`,
    );
  const currents = Object.fromEntries((Object.keys(FACT_TABLE) as FactKind[]).map((k) => [k, current(k)])) as Record<
    FactKind,
    ReturnType<typeof current>
  >;
  const factById = (kind: FactKind) =>
    db.prepare<[string], { id: string; pv_number: string }>(`SELECT id, pv_number FROM ${FACT_TABLE[kind]} WHERE id = ?`);
  const factsById = Object.fromEntries((Object.keys(FACT_TABLE) as FactKind[]).map((k) => [k, factById(k)])) as Record<
    FactKind,
    ReturnType<typeof factById>
  >;

  const insertCheckin = db.prepare(
    `INSERT INTO checkins (id, pv_number, generation, bag_count, boarding_pass, actor_id, post_code, at)
     VALUES (@id, @pvNumber, @generation, @bagCount, @boardingPass, @actorId, @postCode, @at)`,
  );
  const insertExchange = db.prepare(
    `INSERT INTO exchanges (id, pv_number, generation, mad_given_cents, currency, amount_received_cents, rate, receipt_number, actor_id, post_code, at)
     VALUES (@id, @pvNumber, @generation, @madGivenCents, @currency, @amountReceivedCents, @rate, @receiptNumber, @actorId, @postCode, @at)`,
  );
  const insertPerDiem = db.prepare(
    `INSERT INTO per_diem_payments (id, pv_number, generation, amount_cents, currency, period, receipt_number, forms_signed, signature_png, actor_id, post_code, device_id, at)
     VALUES (@id, @pvNumber, @generation, @amountCents, @currency, @period, @receiptNumber, @formsSigned, @signaturePng, @actorId, @postCode, @deviceId, @at)`,
  );
  const insertStamp = db.prepare(
    `INSERT INTO stamps (id, pv_number, generation, passage_id, stamp_number, actor_id, post_code, device_id, at)
     VALUES (@id, @pvNumber, @generation, @passageId, @stampNumber, @actorId, @postCode, @deviceId, @at)`,
  );
  const insertVoid = db.prepare(
    'INSERT INTO voids (id, target_kind, target_id, reason, actor_id, at) VALUES (@id, @kind, @targetId, @reason, @actorId, @at)',
  );

  const header = (r: Record<string, unknown>): FactHeader => ({
    id: r.id as string,
    pvNumber: r.pv_number as string,
    actorId: r.actor_id as string,
    actorName: r.actor_name as string,
    postCode: r.post_code as string,
    at: r.at as number,
  });

  return {
    pvCount: () => pvCount.get()?.n ?? 0,
    findPv(pvNumber: string): Pv | null {
      const row = pvByNumber.get(pvNumber);
      return row ? (JSON.parse(row.body) as Pv) : null;
    },
    findPvByDocument(documentNumber: string, nationality: string): Pv | null {
      const row = pvByDocument.get(documentNumber, nationality);
      return row ? (JSON.parse(row.body) as Pv) : null;
    },
    /** Stores a PV unless the cache holds the same or a newer revision. Returns true when written. */
    upsertPv(pv: Pv, documentNumber: string, source: 'import' | 'sync' | 'qr', now: number): boolean {
      return (
        pvUpsert.run({
          pvNumber: pv.pvNumber,
          revision: pv.revision,
          status: pv.status,
          documentNumber,
          nationality: pv.beneficiary.nationality,
          validFrom: pv.validFrom,
          validUntil: pv.validUntil,
          body: JSON.stringify(pv),
          source,
          now,
        }).changes === 1
      );
    },
    insertPassage(p: PassageRow): void {
      insertPassage.run({ ...p, rules: JSON.stringify(p.rules), scans: JSON.stringify(p.scans) });
    },
    /** Replaces the scans and verdict of a passage still open; false when it is closed (or gone). */
    updatePassage(p: PassageRow): boolean {
      const { id, actorRole, pvNumber, pvSource, verdict, status, updatedAt } = p;
      const params = { id, actorRole, pvNumber, pvSource, verdict, status, updatedAt };
      return updatePassage.run({ ...params, rules: JSON.stringify(p.rules), scans: JSON.stringify(p.scans) }).changes === 1;
    },
    /** Ends a passage: the next scan at its desk starts another. Idempotent. */
    closePassage(id: string, at: number): void {
      closePassage.run(at, id);
    },
    findPassage(id: string): PassageRow | null {
      const r = passageById.get(id);
      return r ? toPassage(r) : null;
    },
    /**
     * The passage this user left open at this device most recently, changed at or after `since`,
     * holding the scans the desk gave (rows from before they were kept are not), and not one of
     * `held` (passages open at a desk right now).
     */
    resumablePassage(q: {
      actorId: string;
      postCode: string;
      deviceId: string;
      since: number;
      held: readonly string[];
    }): PassageRow | null {
      const r = resumablePassage.get({ ...q, held: JSON.stringify(q.held) });
      return r ? toPassage(r) : null;
    },
    openReferrals(postCode: string): PassageRow[] {
      return openReferrals.all(postCode).map(toPassage);
    },
    insertSettlement(s: Settlement): void {
      insertSettlement.run(s);
    },
    findSettlement(passageId: string): Settlement | null {
      const r = settlementByPassage.get(passageId);
      return r ? { id: r.id, passageId: r.passage_id, decision: r.decision, reason: r.reason, actorId: r.actor_id, at: r.at } : null;
    },
    /** Settlements of every passage of a PV, newest first, with the failed rules each settled. */
    settlementsForPv(pvNumber: string): (Settlement & { failedRules: string[] })[] {
      return settlementsForPv.all(pvNumber).map((r) => ({
        id: r.id,
        passageId: r.passage_id,
        decision: r.decision,
        reason: r.reason,
        actorId: r.actor_id,
        at: r.at,
        failedRules: storedRulesSchema
          .parse(JSON.parse(r.rules))
          .filter((x) => x.status === 'failed')
          .map((x) => x.id),
      }));
    },
    /** Who settled a passage and when (for "already settled" answers). */
    settledBy(passageId: string): { at: number; actorName: string } | null {
      const r = settlementWithActor.get(passageId);
      return r ? { at: r.at, actorName: r.actor_name } : null;
    },
    /** Who voided a record and when. */
    voidedBy(recordId: string): { at: number; actorName: string } | null {
      const r = voidWithActor.get(recordId);
      return r ? { at: r.at, actorName: r.actor_name } : null;
    },
    /** How many facts of this kind were voided for the PV: the generation of the next one. */
    nextGeneration(kind: FactKind, pvNumber: string): number {
      return generations[kind].get(pvNumber)?.n ?? 0;
    },
    findFact(kind: FactKind, id: string): { id: string; pvNumber: string } | null {
      const r = factsById[kind].get(id);
      return r ? { id: r.id, pvNumber: r.pv_number } : null;
    },
    currentCheckin(pvNumber: string): CheckinFact | null {
      const r = currents.checkin.get(pvNumber);
      return r ? { ...header(r), bagCount: r.bag_count as number } : null;
    },
    currentExchange(pvNumber: string): ExchangeFact | null {
      const r = currents.exchange.get(pvNumber);
      return r
        ? {
            ...header(r),
            madGivenCents: r.mad_given_cents as number,
            currency: r.currency as string,
            amountReceivedCents: r.amount_received_cents as number,
            rate: r.rate as string,
            receiptNumber: r.receipt_number as string,
          }
        : null;
    },
    currentPerDiem(pvNumber: string): PerDiemFact | null {
      const r = currents.perDiem.get(pvNumber);
      return r
        ? {
            ...header(r),
            amountCents: r.amount_cents as number,
            currency: r.currency as string,
            period: r.period as string,
            receiptNumber: r.receipt_number as string,
            formsSigned: r.forms_signed === 1,
          }
        : null;
    },
    currentStamp(pvNumber: string): StampFact | null {
      const r = currents.stamp.get(pvNumber);
      return r ? { ...header(r), stampNumber: r.stamp_number as string, passageId: r.passage_id as string } : null;
    },
    insertCheckin(f: {
      id: string;
      pvNumber: string;
      generation: number;
      bagCount: number;
      boardingPass: string;
      actorId: string;
      postCode: string;
      at: number;
    }): void {
      insertCheckin.run(f);
    },
    insertExchange(f: {
      id: string;
      pvNumber: string;
      generation: number;
      madGivenCents: number;
      currency: string;
      amountReceivedCents: number;
      rate: string;
      receiptNumber: string;
      actorId: string;
      postCode: string;
      at: number;
    }): void {
      insertExchange.run(f);
    },
    insertPerDiem(f: {
      id: string;
      pvNumber: string;
      generation: number;
      amountCents: number;
      currency: 'USD';
      period: string;
      receiptNumber: string;
      formsSigned: boolean;
      signaturePng: Buffer;
      actorId: string;
      postCode: string;
      deviceId: string;
      at: number;
    }): void {
      insertPerDiem.run({ ...f, formsSigned: f.formsSigned ? 1 : 0 });
    },
    insertStamp(f: {
      id: string;
      pvNumber: string;
      generation: number;
      passageId: string;
      stampNumber: string;
      actorId: string;
      postCode: string;
      deviceId: string;
      at: number;
    }): void {
      insertStamp.run(f);
    },
    insertVoid(v: { id: string; kind: FactKind; targetId: string; reason: string; actorId: string; at: number }): void {
      insertVoid.run(v);
    },
  };
}
export type DepartureRepository = ReturnType<typeof createDepartureRepository>;

/** True when the error is SQLite refusing a duplicate (the once-per-PV guard). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
