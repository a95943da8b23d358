import { normalizeFingerprint } from '../../core/post/provisioning';
import { generateKeyPairSync } from 'node:crypto';
import type { CentreTrust, RecoveryTrust } from '../../core/sync/centre-trust';
import type { CentralSettings, ConflictCase } from '../../core/sync/protocol';
import type { Db } from '../db/connection';

export interface DeviceCredentials {
  deviceId: string;
  postCode: string;
  /** PKCS#8 DER, base64. */
  privateKey: string;
  /** The centre's Ed25519 key pinned at enrolment (raw, base64); null for a post enrolled before it existed. */
  centreKey: string | null;
}

/** The centre this post enrolled with. */
export interface CentreIdentity {
  url: string;
  fingerprint256: string;
  demo: boolean;
}

interface StateRow {
  device_id: string | null;
  post_code: string | null;
  public_key: string | null;
  private_key: string | null;
  cursor: string;
  last_success_at: number | null;
  last_error: string | null;
  centre_url: string | null;
  centre_fingerprint: string | null;
  centre_key: string | null;
  centre_demo: number;
  centre_next_key: string | null;
  centre_key_until: number | null;
  centre_next_fingerprint: string | null;
}

/**
 * The centre's recovery key the post pinned, the last revocation applied and the keys revoked
 * (core/sync/centre-trust.ts), as JSON in post_settings: kept and forgotten with the rest of the
 * centre's trust, in the same transactions.
 */
const RECOVERY_SETTING = 'centre.recovery';

function parseRecovery(value: string | undefined): RecoveryTrust | null {
  if (!value) return null;
  const parsed = JSON.parse(value) as RecoveryTrust;
  return { key: parsed.key, seq: parsed.seq, revoked: parsed.revoked.map((r) => ({ key: r.key, at: r.at })) };
}

/** The sync_state, sync_conflicts and sync_settings tables (migration 0003). */
export function createSyncStateRepository(db: Db) {
  const readRecovery = db.prepare<[string], { value: string }>('SELECT value FROM post_settings WHERE key = ?');
  const putRecovery = db.prepare(
    'INSERT INTO post_settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const dropRecovery = db.prepare('DELETE FROM post_settings WHERE key = ?');
  const writeRecovery = (recovery: RecoveryTrust | null | undefined, now: number) => {
    if (recovery) putRecovery.run(RECOVERY_SETTING, JSON.stringify(recovery), now);
    else dropRecovery.run(RECOVERY_SETTING);
  };
  const read = db.prepare<[], StateRow>(
    `SELECT device_id, post_code, public_key, private_key, cursor, last_success_at, last_error,
            centre_url, centre_fingerprint, centre_key, centre_demo, centre_next_key, centre_key_until, centre_next_fingerprint
     FROM sync_state WHERE id = 1`,
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
        ? { deviceId: r.device_id, postCode: r.post_code, privateKey: r.private_key, centreKey: r.centre_key }
        : null;
    },
    centre(): CentreIdentity | null {
      const r = row();
      return r.centre_url && r.centre_fingerprint
        ? { url: r.centre_url, fingerprint256: r.centre_fingerprint, demo: r.centre_demo === 1 }
        : null;
    },
    /** The centre keys and certificate this post trusts (null before enrolment or without a pin). */
    trust(): CentreTrust | null {
      const r = row();
      if (!r.centre_key || !r.centre_fingerprint) return null;
      return {
        key: r.centre_key,
        nextKey: r.centre_next_key,
        keyUntil: r.centre_key_until,
        fingerprint: normalizeFingerprint(r.centre_fingerprint),
        nextFingerprint: r.centre_next_fingerprint,
        recovery: parseRecovery(readRecovery.get(RECOVERY_SETTING)?.value),
      };
    },
    /** Keeps what a verified trust record or a connection with the announced certificate changed. */
    saveTrust(trust: CentreTrust, now: number): void {
      db.transaction(() => {
        db.prepare(
          `UPDATE sync_state SET centre_key = ?, centre_next_key = ?, centre_key_until = ?, centre_fingerprint = ?,
           centre_next_fingerprint = ? WHERE id = 1`,
        ).run(trust.key, trust.nextKey, trust.keyUntil, trust.fingerprint, trust.nextFingerprint);
        writeRecovery(trust.recovery, now);
      })();
    },
    /**
     * Forgets the centre and the enrolment (a post moving to another centre): a new key pair is made
     * at the next enrolment; the cursor starts again. Audit records and the outbox are kept.
     */
    forgetCentre(): void {
      db.transaction(() => {
        dropRecovery.run(RECOVERY_SETTING);
        db.prepare(
          `UPDATE sync_state SET device_id = NULL, post_code = NULL, public_key = NULL, private_key = NULL, enrolled_at = NULL,
           cursor = '0', last_success_at = NULL, last_error = NULL, centre_url = NULL, centre_fingerprint = NULL, centre_key = NULL,
           centre_demo = 0, centre_next_key = NULL, centre_key_until = NULL, centre_next_fingerprint = NULL WHERE id = 1`,
        ).run();
      })();
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
    saveEnrolment(
      deviceId: string,
      postCode: string,
      now: number,
      centre: {
        centreKey: string;
        url?: string | undefined;
        fingerprint256?: string | undefined;
        demo?: boolean | undefined;
        /** The centre's recovery key and last revocation, from the enrolment answer. */
        recovery?: { key: string; seq: number } | undefined;
      },
    ): void {
      db.transaction(() => {
        db.prepare(
          `UPDATE sync_state SET device_id = ?, post_code = ?, enrolled_at = ?, cursor = ?, last_error = NULL,
           centre_key = ?, centre_url = ?, centre_fingerprint = ?, centre_demo = ?, centre_next_key = NULL, centre_key_until = NULL,
           centre_next_fingerprint = NULL WHERE id = 1`,
        ).run(deviceId, postCode, now, '0', centre.centreKey, centre.url ?? null, centre.fingerprint256 ?? null, centre.demo ? 1 : 0);
        writeRecovery(centre.recovery ? { key: centre.recovery.key, seq: centre.recovery.seq, revoked: [] } : null, now);
      })();
    },
    /**
     * The machine enrolled again after the centre revoked it: its new device id and key pair
     * replace the revoked ones. The centre, its trust, the cursor and the outbox stay.
     */
    replaceDevice(deviceId: string, keys: { publicKey: string; privateKey: string }, now: number): void {
      db.prepare(
        'UPDATE sync_state SET device_id = ?, public_key = ?, private_key = ?, enrolled_at = ?, last_error = NULL WHERE id = 1',
      ).run(deviceId, keys.publicKey, keys.privateKey, now);
    },
    /** The failure of the last sync cycle (`revoked`, `offline`...), null after a success. */
    lastError(): string | null {
      return row().last_error;
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
