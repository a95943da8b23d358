import { generateKeyPairSync } from 'node:crypto';
import type { CentralSettings, ConflictCase } from '../../core/sync/protocol';
import type { Db } from '../db/connection';

export interface DeviceCredentials {
  deviceId: string;
  postCode: string;
  /** PKCS#8 DER, base64. */
  privateKey: string;
}

interface StateRow {
  device_id: string | null;
  post_code: string | null;
  public_key: string | null;
  private_key: string | null;
  cursor: string;
  last_success_at: number | null;
  last_error: string | null;
}

/** The sync_state, sync_conflicts and sync_settings tables (migration 0003). */
export function createSyncStateRepository(db: Db) {
  const read = db.prepare<[], StateRow>(
    'SELECT device_id, post_code, public_key, private_key, cursor, last_success_at, last_error FROM sync_state WHERE id = 1',
  );
  const outboxCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox');
  const row = () => {
    const r = read.get();
    if (!r) throw new Error('sync_state row missing: migration 0003 not applied');
    return r;
  };
  return {
    credentials(): DeviceCredentials | null {
      const r = row();
      return r.device_id && r.post_code && r.private_key
        ? { deviceId: r.device_id, postCode: r.post_code, privateKey: r.private_key }
        : null;
    },
    /** A key pair for enrolment: made once, kept until enrolment succeeds (so a retried enrolment sends the same key). */
    pendingPublicKey(): string {
      const r = row();
      if (r.public_key && r.private_key) return r.public_key;
      const pair = generateKeyPairSync('ed25519');
      const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
      const privateKey = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
      db.prepare('UPDATE sync_state SET public_key = ?, private_key = ? WHERE id = 1').run(publicKey, privateKey);
      return publicKey;
    },
    saveEnrolment(deviceId: string, postCode: string, now: number): void {
      db.prepare('UPDATE sync_state SET device_id = ?, post_code = ?, enrolled_at = ?, cursor = ?, last_error = NULL WHERE id = 1').run(
        deviceId,
        postCode,
        now,
        '0',
      );
    },
    cursor(): string {
      return row().cursor;
    },
    setCursor(cursor: string): void {
      db.prepare('UPDATE sync_state SET cursor = ? WHERE id = 1').run(cursor);
    },
    lastSuccessAt(): number | null {
      return row().last_success_at;
    },
    markSuccess(now: number): void {
      db.prepare('UPDATE sync_state SET last_success_at = ?, last_error = NULL WHERE id = 1').run(now);
    },
    markError(code: string): void {
      db.prepare('UPDATE sync_state SET last_error = ? WHERE id = 1').run(code);
    },
    queueLength(): number {
      return outboxCount.get()?.n ?? 0;
    },
    /** Keeps the highest revision of each case. */
    saveConflict(conflict: ConflictCase, now: number): void {
      db.prepare(
        `INSERT INTO sync_conflicts (id, pv_number, kind, body, revision, received_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, revision = excluded.revision, received_at = excluded.received_at
         WHERE excluded.revision > sync_conflicts.revision`,
      ).run(conflict.id, conflict.pvNumber, conflict.kind, JSON.stringify(conflict), conflict.revision, now);
    },
    conflicts(): ConflictCase[] {
      return db
        .prepare<[], { body: string }>('SELECT body FROM sync_conflicts ORDER BY pv_number, kind')
        .all()
        .map((r) => JSON.parse(r.body) as ConflictCase);
    },
    saveSettings(settings: CentralSettings, now: number): void {
      db.prepare(
        'INSERT INTO sync_settings (id, body, received_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body, received_at = excluded.received_at',
      ).run(JSON.stringify(settings), now);
    },
    settings(): CentralSettings | null {
      const r = db.prepare<[], { body: string }>('SELECT body FROM sync_settings WHERE id = 1').get();
      return r ? (JSON.parse(r.body) as CentralSettings) : null;
    },
  };
}

export type SyncStateRepository = ReturnType<typeof createSyncStateRepository>;
