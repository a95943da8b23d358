import type { AuditRecord } from '../../../core/audit/chain';
import { GENESIS_HASH, canonicalJson, hashAuditRecord, verifyChain } from '../../../core/audit/chain';
import type { Db } from '../connection';

/** An audit_log row as stored. */
export interface AuditRow {
  seq: number;
  id: string;
  device_id: string;
  post_code: string;
  at: number;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  subject: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export const toAuditRecord = (r: AuditRow): AuditRecord => ({
  id: r.id,
  deviceId: r.device_id,
  postCode: r.post_code,
  seq: r.seq,
  at: r.at,
  actorId: r.actor_id,
  actorRole: r.actor_role,
  action: r.action,
  subject: r.subject,
  details: JSON.parse(r.details) as unknown,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export type NewAuditEntry = Pick<AuditRecord, 'id' | 'at' | 'actorId' | 'actorRole' | 'action' | 'subject' | 'details'>;

export function createAuditRepository(db: Db) {
  const head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, id, device_id, post_code, at, actor_id, actor_role, action, subject, details, prev_hash, hash)
     VALUES (@seq, @id, @deviceId, @postCode, @at, @actorId, @actorRole, @action, @subject, @details, @prevHash, @hash)`,
  );
  const enqueue = db.prepare('INSERT INTO outbox (audit_seq) VALUES (?)');
  const all = db.prepare<[number], AuditRow>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq');
  const outboxBatch = db.prepare<[number], AuditRow>(
    'SELECT a.* FROM outbox o JOIN audit_log a ON a.seq = o.audit_seq ORDER BY o.audit_seq LIMIT ?',
  );
  const acknowledge = db.prepare('DELETE FROM outbox WHERE audit_seq = ?');
  const refuse = db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE audit_seq = ?');
  const bySeqs = db.prepare<[number, number], AuditRow>('SELECT * FROM audit_log WHERE seq >= ? AND seq <= ? ORDER BY seq');
  const appendListeners = new Set<(record: AuditRecord) => void>();

  return {
    /**
     * Appends one record to the chain and queues it for the centre. Must run inside the caller's
     * transaction so the record, its fact and its outbox row commit together.
     */
    append(entry: NewAuditEntry, device: { deviceId: string; postCode: string }): AuditRecord {
      if (!db.inTransaction) throw new Error('audit append must run inside a transaction');
      const last = head.get();
      const base = {
        ...entry,
        deviceId: device.deviceId,
        postCode: device.postCode,
        seq: (last?.seq ?? 0) + 1,
        prevHash: last?.hash ?? GENESIS_HASH,
        details: JSON.parse(canonicalJson(entry.details)) as unknown,
      };
      const record: AuditRecord = { ...base, hash: hashAuditRecord(base) };
      insert.run({ ...record, details: canonicalJson(record.details) });
      enqueue.run(record.seq);
      for (const listener of appendListeners) listener(record);
      return record;
    },
    /**
     * Calls `listener` with each record appended from now on, inside the writer's transaction
     * (which may still roll back): a listener that announces the change defers it (queueMicrotask).
     */
    onAppended(listener: (record: AuditRecord) => void): () => void {
      appendListeners.add(listener);
      return () => appendListeners.delete(listener);
    },
    head(): { seq: number; hash: string } {
      return head.get() ?? { seq: 0, hash: GENESIS_HASH };
    },
    /** The oldest records not yet acknowledged by the centre, in chain order. */
    outbox(limit: number): AuditRecord[] {
      return outboxBatch.all(limit).map(toAuditRecord);
    },
    /** The centre has the record (accepted or duplicate): it leaves the outbox. */
    acknowledge(seq: number): void {
      acknowledge.run(seq);
    },
    /** The centre refused the record: it stays, with the reason and one more attempt counted. */
    markRefused(seq: number, reason: string): void {
      refuse.run(reason, seq);
    },
    range(fromSeq: number, toSeq: number): AuditRecord[] {
      return bySeqs.all(fromSeq, toSeq).map(toAuditRecord);
    },
    /** Reports the first broken row of the whole chain, if any. */
    verify() {
      return verifyChain(
        (function* () {
          for (const row of all.iterate(0)) yield toAuditRecord(row);
        })(),
      );
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
