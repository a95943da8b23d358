/**
 * The centre's use cases over `Storage`: enrolment, request authentication, push, pull, and the
 * administrator's PVs, users and settings. Expected failures are results, not throws.
 */
import { normalizeFingerprint } from '../core/post/provisioning';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign as signBytes,
  verify as verifySignature,
} from 'node:crypto';
import { z } from 'zod';
import { GENESIS_HASH, canonicalJson, hashAuditRecord } from '../core/audit/chain';
import type { Pv } from '../core/departure/pv';
import { pvSchema } from '../core/departure/pv';
import { canonicalTimeZone } from '../core/format/format';
import type {
  CentralSettings,
  CentralUser,
  Change,
  ChangeBody,
  ConflictCase,
  EnrolRequest,
  PostSettings,
  PullPage,
  PushResult,
  PvTrustedKey,
  DeviceReport,
  RejectReason,
  WireAuditRecord,
} from '../core/sync/protocol';
import { HASH_PREFIX_LENGTH, REQUEST_MAX_SKEW_MS, conflictKindSchema, reenrolSigningText, wireEventSchema } from '../core/sync/protocol';
import type {
  CertificateAnnouncement,
  Revocation,
  SigningKeyRotation,
  TrustChainPage,
  TrustRecord,
  UnsignedTrustRecord,
} from '../core/sync/centre-trust';
import { MAX_TRUST_RECORDS, TRUST_CHAIN_PAGE, revocationSchema, trustSigningText } from '../core/sync/centre-trust';
import type { SqlClient, Storage } from './storage';

export const ENROL_CODE_TTL_MS = 24 * 3600_000;

export interface Clock {
  now(): number;
}

export interface ServerLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: ServerLogger = { info: () => undefined, warn: () => undefined };

export type EnrolError = 'codeUnknown' | 'codeUsed' | 'codeExpired' | 'deviceExists' | 'badKey' | 'otherPost' | 'notReplaceable';
export type AuthError = 'unknownDevice' | 'revoked' | 'clock' | 'replay' | 'signature';

export interface AuthenticatedDevice {
  id: string;
  postCode: string;
  /**
   * The device id its audit records carry: its own, or for a device that replaced a revoked one,
   * the first device of the chain it continues.
   */
  chainId?: string;
}

export type PvImportResult = { created: number; updated: number; unchanged: number; errors: { index: number; message: string }[] };

/** Checks an Ed25519 signature (base64) with a raw public key (base64). */
function verifyRaw(publicKey: string, text: string, signature: string): boolean {
  try {
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'base64').toString('base64url') },
      format: 'jwk',
    });
    return verifySignature(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

const sha256Hex = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** What a post's `flight.noShow` event carries (main/services/flight-service.ts). */
const noShowDetailsSchema = z.object({
  pvNumber: z.string().min(1).max(40),
  flightKey: z.string().min(1).max(200),
  reason: z.enum(['didNotCome', 'withdrew', 'medical', 'other']),
  note: z.string().max(500).default(''),
});

/** SQL: the no-show `n` was cleared by its post (a flight.noShowCleared naming its flight.noShow's id). */
export const NO_SHOW_CLEARED = `EXISTS (SELECT 1 FROM events e JOIN no_show_clearings c ON c.post_code = e.post_code AND c.no_show_id = e.details->>'id'
  WHERE e.device_id = n.device_id AND e.id = n.event_id)`;

/** What a post's `flight.noShowCleared` event carries. */
const noShowClearedSchema = z.object({
  noShowId: z.string().min(1).max(100),
  pvNumber: z.string().min(1).max(40),
  flightKey: z.string().min(1).max(200),
});

export interface NoShow {
  pvNumber: string;
  postCode: string;
  flightKey: string;
  reason: 'didNotCome' | 'withdrew' | 'medical' | 'other';
  note: string;
  at: number;
  eventId: string;
}

/** Actions whose `details.pvNumber` names a PV that may be used once. */
const ONCE_ACTIONS = new Set<string>(conflictKindSchema.options);

/**
 * Appends rows to the change feed. Must be the LAST statement of a writing transaction.
 *
 * Why a reader never skips a row committed late: the sequence comes from one counter row that
 * this UPDATE locks until the transaction commits. A second writer blocks on that row until the
 * first has committed (or rolled back, which also rolls the counter back), and only then takes
 * the next numbers. So sequence numbers are handed out in commit order, with no gaps: when a
 * reader's snapshot shows change N, every change below N committed before N was even assigned,
 * and is visible to that same snapshot. A plain SEQUENCE would not do: numbers are taken at
 * insert time, and a transaction holding number 5 can commit after another holding 6 has been
 * read, so a cursor at 6 would never see 5. The price is that writers of changes serialise on
 * one row for the few milliseconds between this UPDATE and COMMIT; changes are rare (PV imports,
 * users, settings, conflicts), pushes of ordinary events do not touch the counter.
 */
export async function emitChanges(tx: SqlClient, items: { scope: string; body: ChangeBody }[], now: number): Promise<void> {
  if (items.length === 0) return;
  const { rows } = await tx.query<{ last: string }>(
    'UPDATE change_counter SET last = last + $1 WHERE id = 1 RETURNING last::text AS last',
    [items.length],
  );
  const last = BigInt(rows[0]!.last);
  const first = last - BigInt(items.length) + 1n;
  const payload = items.map((item, i) => ({ seq: (first + BigInt(i)).toString(), scope: item.scope, body: item.body }));
  await tx.query(
    `INSERT INTO changes (seq, scope, body, created_at)
     SELECT (x->>'seq')::bigint, x->>'scope', x->'body', $2 FROM jsonb_array_elements($1::jsonb) AS x`,
    [JSON.stringify(payload), now],
  );
}

export function createStore(storage: Storage, deps: { clock?: Clock; logger?: ServerLogger } = {}) {
  const clock = deps.clock ?? { now: () => Date.now() };
  const log = deps.logger ?? silentLogger;

  /**
   * Creates or updates PVs inside `tx` (the import's path; see importPvs), counting into `result`;
   * ends with emitChanges, so it is the last write of the transaction. The revision each written PV got.
   */
  async function writePvs(tx: SqlClient, valid: Pv[], result: PvImportResult): Promise<Map<string, number>> {
    const now = clock.now();
    const numbers = valid.map((pv) => pv.pvNumber);
    const existing = new Map<string, { revision: number; sha: string }>();
    const { rows } = await tx.query<{ pv_number: string; revision: number; content_sha256: string }>(
      'SELECT pv_number, revision, content_sha256 FROM pvs WHERE pv_number = ANY($1::text[]) FOR UPDATE',
      [numbers],
    );
    const { rows: bodies } = await tx.query<{ pv_number: string; body: Pv }>(
      'SELECT pv_number, body FROM pvs WHERE pv_number = ANY($1::text[])',
      [numbers],
    );
    const previousPosts = new Map(bodies.map((r) => [r.pv_number, r.body.authorisedPosts]));
    for (const r of rows) existing.set(r.pv_number, { revision: Number(r.revision), sha: r.content_sha256 });
    const changes: { scope: string; body: ChangeBody }[] = [];
    const upserts: { pv_number: string; body: Pv; sha: string; revision: number }[] = [];
    for (const pv of valid) {
      const sha = sha256Hex(canonicalJson({ ...pv, revision: 0 }));
      const before = existing.get(pv.pvNumber);
      if (before && before.sha === sha) {
        result.unchanged++;
        continue;
      }
      // Never below the revision the file carries: posts may hold that revision from a local import.
      const revision = Math.max((before?.revision ?? 0) + 1, pv.revision);
      const body: Pv = { ...pv, revision };
      existing.set(pv.pvNumber, { revision, sha });
      if (before) result.updated++;
      else result.created++;
      upserts.push({ pv_number: pv.pvNumber, body, sha, revision });
      changes.push(...pvChanges(body, previousPosts.get(pv.pvNumber) ?? null));
    }
    if (upserts.length > 0) {
      await tx.query(
        `INSERT INTO pvs (pv_number, body, content_sha256, revision, updated_at)
         SELECT x.pv_number, x.body, x.sha, x.revision, $2 FROM jsonb_to_recordset($1::jsonb) AS x(pv_number text, body jsonb, sha text, revision integer)
         ON CONFLICT (pv_number) DO UPDATE SET body = EXCLUDED.body, content_sha256 = EXCLUDED.content_sha256, revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at`,
        [JSON.stringify(upserts), now],
      );
    }
    await emitChanges(tx, changes, clock.now());
    return new Map(upserts.map((u) => [u.pv_number, u.revision]));
  }

  async function ensurePost(tx: SqlClient, code: string): Promise<void> {
    await tx.query('INSERT INTO posts (code, created_at) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING', [code, clock.now()]);
  }

  interface CentreKey {
    publicKey: string;
    /** From when the centre signs with it (a key made by a rotation); 0 for the first key. */
    notBefore: number;
    createdAt: number;
    sign(text: string): string;
  }
  /** The centre's signing keys, read again after KEY_CACHE_MS (another centre process may rotate). */
  let keyCache: { at: number; keys: CentreKey[] } | null = null;
  let trustCache: { at: number; records: TrustRecord[] } | null = null;
  const KEY_CACHE_MS = 5_000;

  async function centreKeys(): Promise<CentreKey[]> {
    if (keyCache && clock.now() - keyCache.at < KEY_CACHE_MS && clock.now() >= keyCache.at) return keyCache.keys;
    const { rows } = await storage.query<{ public_key: string; private_key: string; not_before: string | null; created_at: string }>(
      'SELECT public_key, private_key, not_before::text, created_at::text FROM centre_keys WHERE revoked_at IS NULL ORDER BY created_at, id',
    );
    const keys = rows.map((r) => {
      const key = createPrivateKey({ key: Buffer.from(r.private_key, 'base64'), format: 'der', type: 'pkcs8' });
      return {
        publicKey: r.public_key,
        notBefore: Number(r.not_before ?? 0),
        createdAt: Number(r.created_at),
        sign: (text: string) => signBytes(null, Buffer.from(text, 'utf8'), key).toString('base64'),
      };
    });
    keyCache = { at: clock.now(), keys };
    return keys;
  }

  /** The key in use at `now`: the latest whose not-before has come. */
  const keyInUse = (keys: CentreKey[], now: number): CentreKey | undefined =>
    keys
      .filter((k) => k.notBefore <= now)
      .sort((a, b) => a.notBefore - b.notBefore || a.createdAt - b.createdAt)
      .at(-1);

  /** The centre's current signing key, made once (the first server to start on the database makes it). */
  async function centreSigner(): Promise<{ publicKey: string; sign(text: string): string }> {
    const current = keyInUse(await centreKeys(), clock.now());
    if (current) return current;
    const pair = generateKeyPairSync('ed25519');
    const publicKey = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
    const privateKey = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    await storage.query(
      `INSERT INTO centre_keys (id, public_key, private_key, created_at)
       SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM centre_keys)`,
      [randomBytes(8).toString('hex'), publicKey, privateKey, clock.now()],
    );
    keyCache = null;
    const made = keyInUse(await centreKeys(), clock.now());
    if (!made) throw new Error('no centre signing key');
    return made;
  }

  /**
   * Trust records as sent to the posts: all but the rotations to a key the recovery key revoked
   * before it started (a pending rotation of a compromised key).
   */
  const SENT_RECORDS = `SELECT seq::text, body FROM centre_trust_records r
    WHERE NOT (r.kind = 'signingKey' AND EXISTS (SELECT 1 FROM centre_keys k WHERE k.public_key = r.body::jsonb->>'nextKey'
      AND k.revoked_at IS NOT NULL AND k.revoked_at <= (r.body::jsonb->>'notBefore')::bigint))`;

  /** The latest trust records, oldest first, for the header of every signed answer. */
  async function trustRecords(): Promise<TrustRecord[]> {
    if (trustCache && clock.now() - trustCache.at < KEY_CACHE_MS && clock.now() >= trustCache.at) return trustCache.records;
    const { rows } = await storage.query<{ body: string }>(`${SENT_RECORDS} ORDER BY r.seq DESC LIMIT $1`, [MAX_TRUST_RECORDS]);
    const records = rows.reverse().map((r) => JSON.parse(r.body) as TrustRecord);
    trustCache = { at: clock.now(), records };
    return records;
  }

  /** The whole chain in pages, oldest first: what a post too far behind for the header reads. */
  async function trustChain(after: number): Promise<TrustChainPage> {
    const { rows } = await storage.query<{ seq: string; body: string }>(`${SENT_RECORDS} AND r.seq > $1 ORDER BY r.seq LIMIT $2`, [
      after,
      TRUST_CHAIN_PAGE + 1,
    ]);
    return {
      records: rows.slice(0, TRUST_CHAIN_PAGE).map((r) => ({ seq: Number(r.seq), record: JSON.parse(r.body) as TrustRecord })),
      more: rows.length > TRUST_CHAIN_PAGE,
    };
  }

  /** The recovery key's public half and the number of the last revocation it signed. */
  async function recovery(tx: SqlClient = storage): Promise<{ key: string; seq: number } | null> {
    const { rows } = await tx.query<{ public_key: string; seq: string | null }>(
      `SELECT public_key, (SELECT max((body::jsonb->>'seq')::bigint) FROM centre_trust_records WHERE kind = 'revocation')::text AS seq
       FROM centre_recovery WHERE id = 1`,
    );
    return rows[0] ? { key: rows[0].public_key, seq: Number(rows[0].seq ?? 0) } : null;
  }

  async function addTrustRecords(tx: SqlClient, records: TrustRecord[]): Promise<void> {
    for (const record of records)
      await tx.query('INSERT INTO centre_trust_records (kind, body, created_at) VALUES ($1, $2, $3)', [
        record.kind,
        JSON.stringify(record),
        clock.now(),
      ]);
  }

  function signRecord<T extends UnsignedTrustRecord>(record: T, key: CentreKey): T & { signature: string } {
    return { ...record, signature: key.sign(trustSigningText(record)) };
  }

  /** The newest certificate announcement, re-signed with `key` (kept signed by the newest key). */
  async function reannounce(tx: SqlClient, key: CentreKey): Promise<TrustRecord[]> {
    const { rows } = await tx.query<{ body: string }>(
      "SELECT body FROM centre_trust_records WHERE kind = 'certificate' ORDER BY seq DESC LIMIT 1",
    );
    if (!rows[0]) return [];
    const last = JSON.parse(rows[0].body) as CertificateAnnouncement;
    return [
      signRecord(
        { kind: 'certificate', fingerprint256: last.fingerprint256, announcedAt: last.announcedAt, signingKey: key.publicKey },
        key,
      ),
    ];
  }

  /**
   * Changes the set of trusted PV signing keys in one step: `change` is given every key the
   * centre has known (the retired ones too) under the table's lock, and answers the new active
   * set or a refusal. Keys that stay keep the day they were added; the others are retired; every
   * post receives the new set through its pull.
   */
  async function updatePvKeys<E extends string>(
    change: (known: PvKeyEntry[]) => { ok: true; keys: PvTrustedKey[] } | { ok: false; error: E },
  ): Promise<{ ok: true; changed: boolean } | { ok: false; error: E }> {
    const now = clock.now();
    return storage.transaction(async (tx) => {
      await tx.query('LOCK TABLE pv_keys IN SHARE ROW EXCLUSIVE MODE');
      const known = await pvKeyEntries(tx);
      const decided = change(known);
      if (!decided.ok) return decided;
      const active = known.filter((k) => k.retiredAt === null);
      const sorted = [...decided.keys].sort((a, b) => (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0));
      const same = (a: PvTrustedKey, b: PvTrustedKey) => a.keyId === b.keyId && a.publicKey === b.publicKey;
      if (
        canonicalJson(active.map((k) => ({ keyId: k.keyId, publicKey: k.publicKey }))) ===
        canonicalJson(sorted.map((k) => ({ keyId: k.keyId, publicKey: k.publicKey })))
      )
        return { ok: true, changed: false };
      for (const k of active)
        if (!sorted.some((n) => same(n, k))) await tx.query('UPDATE pv_keys SET revoked_at = $2 WHERE key_id = $1', [k.keyId, now]);
      for (const k of sorted) {
        if (active.some((a) => same(a, k))) continue;
        await tx.query(
          `INSERT INTO pv_keys (key_id, public_key, added_at) VALUES ($1, $2, $3)
           ON CONFLICT (key_id) DO UPDATE SET public_key = EXCLUDED.public_key, added_at = EXCLUDED.added_at, revoked_at = NULL`,
          [k.keyId, k.publicKey, now],
        );
      }
      const keys = sorted.map((k) => ({ keyId: k.keyId, publicKey: k.publicKey }));
      await emitChanges(tx, [{ scope: '*', body: { kind: 'pvKeys', keys } }], now);
      log.info('pv keys replaced', { keys: keys.length });
      return { ok: true, changed: true };
    });
  }

  /**
   * Whether `request` may replace the device it names: a revoked device of the code's post, not
   * replaced yet, whose key signed this request. The replaced row is locked, so its chain head
   * (taken over by the new device) cannot move meanwhile. Refusals say only "another post" or
   * "not replaceable": which of the checks failed is not told.
   */
  async function replaceable(
    tx: SqlClient,
    request: EnrolRequest,
    postCode: string,
  ): Promise<
    { ok: true; value: { chainId: string; lastSeq: string; lastHash: string } } | { ok: false; error: 'otherPost' | 'notReplaceable' }
  > {
    const replaces = request.replaces!;
    const { rows } = await tx.query<{
      post_code: string;
      public_key: string;
      revoked_at: string | null;
      chain_id: string | null;
      last_seq: string;
      last_hash: string;
    }>('SELECT post_code, public_key, revoked_at::text, chain_id, last_seq::text, last_hash FROM devices WHERE id = $1 FOR UPDATE', [
      replaces.deviceId,
    ]);
    const old = rows[0];
    if (!old) return { ok: false, error: 'notReplaceable' };
    let signed: boolean;
    try {
      const key = createPublicKey({ key: Buffer.from(old.public_key, 'base64'), format: 'der', type: 'spki' });
      const text = reenrolSigningText({
        previousDeviceId: replaces.deviceId,
        deviceId: request.deviceId,
        publicKey: request.publicKey,
        code: request.code,
      });
      signed = verifySignature(null, Buffer.from(text, 'utf8'), key, Buffer.from(replaces.signature, 'base64'));
    } catch {
      signed = false;
    }
    if (!signed) return { ok: false, error: 'notReplaceable' };
    if (old.post_code !== postCode) return { ok: false, error: 'otherPost' };
    if (old.revoked_at === null) return { ok: false, error: 'notReplaceable' };
    // One live successor: a replacement revoked before it ever reached the centre (its enrolment
    // answer was lost, say) does not count.
    const successor = await tx.query('SELECT 1 FROM devices WHERE replaces = $1 AND (revoked_at IS NULL OR last_seen_at IS NOT NULL)', [
      replaces.deviceId,
    ]);
    if (successor.rows.length > 0) return { ok: false, error: 'notReplaceable' };
    return { ok: true, value: { chainId: old.chain_id ?? replaces.deviceId, lastSeq: old.last_seq, lastHash: old.last_hash } };
  }

  return {
    storage,
    centreSigner,
    updatePvKeys,
    trustRecords,
    trustChain,
    recovery: () => recovery(),

    /**
     * Keeps the public half of the centre's recovery key (made offline by `server
     * init-recovery-key`) and announces it, signed by the newest signing key, to the posts enrolled
     * before it. Once: a second recovery key is refused.
     */
    async setRecoveryKey(publicKey: string): Promise<{ ok: true } | { ok: false; error: 'exists' }> {
      await centreSigner();
      const keys = await centreKeys();
      const newest = [...keys].sort((a, b) => a.notBefore - b.notBefore || a.createdAt - b.createdAt).at(-1)!;
      const result = await storage.transaction(async (tx) => {
        const inserted = await tx.query(
          'INSERT INTO centre_recovery (id, public_key, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING RETURNING id',
          [publicKey, clock.now()],
        );
        if (inserted.rows.length === 0) return { ok: false as const, error: 'exists' as const };
        const record = signRecord(
          { kind: 'recoveryKey' as const, recoveryKey: publicKey, announcedAt: clock.now(), signingKey: newest.publicKey },
          newest,
        );
        await addTrustRecords(tx, [record]);
        return { ok: true as const };
      });
      trustCache = null;
      if (result.ok) log.info('centre recovery key set', {});
      return result;
    },

    /** What `server revoke-signing-key` signs: the key in use, the next revocation number, the recovery key. */
    async revocationBasis(): Promise<{ keyInUse: string; seq: number; recoveryKey: string | null }> {
      const signer = await centreSigner();
      const current = await recovery();
      return { keyInUse: signer.publicKey, seq: (current?.seq ?? 0) + 1, recoveryKey: current?.key ?? null };
    },

    /**
     * Applies a revocation signed offline by the recovery key: every signing key the centre holds
     * (the revoked one, older ones, one not yet in use) is revoked and its private half wiped; the replacement (whose private half comes
     * with the record) signs from now on; the certificate announcement is signed again with it.
     */
    async revokeSigningKey(input: {
      record: Revocation;
      privateKey: string;
    }): Promise<{ ok: true; record: Revocation } | { ok: false; error: 'noRecoveryKey' | 'badRecord' | 'unknownKey' | 'seq' }> {
      const parsed = revocationSchema.safeParse(input.record);
      if (!parsed.success) return { ok: false, error: 'badRecord' };
      const record = parsed.data;
      let replacement: CentreKey;
      try {
        const key = createPrivateKey({ key: Buffer.from(input.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
        const publicKey = Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x!, 'base64url').toString('base64');
        if (publicKey !== record.replacementKey) return { ok: false, error: 'badRecord' };
        replacement = {
          publicKey,
          notBefore: 0,
          createdAt: clock.now(),
          sign: (text) => signBytes(null, Buffer.from(text, 'utf8'), key).toString('base64'),
        };
      } catch {
        return { ok: false, error: 'badRecord' };
      }
      const result = await storage.transaction(async (tx) => {
        await tx.query('LOCK TABLE centre_keys IN EXCLUSIVE MODE');
        const current = await recovery(tx);
        if (!current) return { ok: false as const, error: 'noRecoveryKey' as const };
        if (record.recoveryKey !== current.key || !verifyRaw(current.key, trustSigningText(record), record.signature))
          return { ok: false as const, error: 'badRecord' as const };
        if (record.seq !== current.seq + 1) return { ok: false as const, error: 'seq' as const };
        const known = await tx.query('SELECT 1 FROM centre_keys WHERE public_key = $1', [record.revokedKey]);
        if (known.rows.length === 0 || record.replacementKey === record.revokedKey)
          return { ok: false as const, error: 'unknownKey' as const };
        const now = clock.now();
        // Whoever took the revoked key took the database with it: no key in it is used again.
        await tx.query(`UPDATE centre_keys SET revoked_at = $1, private_key = '' WHERE revoked_at IS NULL`, [now]);
        await tx.query('INSERT INTO centre_keys (id, public_key, private_key, created_at) VALUES ($1, $2, $3, $4)', [
          randomBytes(8).toString('hex'),
          replacement.publicKey,
          input.privateKey,
          now,
        ]);
        await addTrustRecords(tx, [record, ...(await reannounce(tx, replacement))]);
        return { ok: true as const, record };
      });
      keyCache = null;
      trustCache = null;
      if (result.ok) log.warn('centre signing key revoked', { seq: result.record.seq });
      return result;
    },

    /**
     * Makes the next signing key and publishes its rotation record, signed by the key in use: the
     * centre signs with the new key from `notBefore`; posts accept the old one until
     * `notBefore + overlapMs`. One rotation at a time.
     */
    async rotateSigningKey(options: {
      notBefore: number;
      overlapMs: number;
    }): Promise<{ ok: true; record: SigningKeyRotation } | { ok: false; error: 'pending' | 'past' }> {
      const now = clock.now();
      if (options.notBefore < now - 60_000) return { ok: false, error: 'past' };
      const current = await centreSigner();
      const result = await storage.transaction(async (tx) => {
        await tx.query('LOCK TABLE centre_keys IN EXCLUSIVE MODE');
        const pending = await tx.query('SELECT 1 FROM centre_keys WHERE not_before > $1 AND revoked_at IS NULL', [now]);
        if (pending.rows.length > 0) return { ok: false as const, error: 'pending' as const };
        const pair = generateKeyPairSync('ed25519');
        const nextKey = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
        const privateKey = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
        const notBefore = Math.max(options.notBefore, now);
        const previousUntil = notBefore + Math.max(0, options.overlapMs);
        const record = signRecord(
          { kind: 'signingKey' as const, previousKey: current.publicKey, nextKey, notBefore, previousUntil },
          current as CentreKey,
        );
        await tx.query('INSERT INTO centre_keys (id, public_key, private_key, created_at, not_before) VALUES ($1, $2, $3, $4, $5)', [
          randomBytes(8).toString('hex'),
          nextKey,
          privateKey,
          now,
          notBefore,
        ]);
        await tx.query('UPDATE centre_keys SET retired_at = $1 WHERE public_key = $2', [previousUntil, current.publicKey]);
        const signed = createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });
        const next: CentreKey = {
          publicKey: nextKey,
          notBefore,
          createdAt: now,
          sign: (text) => signBytes(null, Buffer.from(text, 'utf8'), signed).toString('base64'),
        };
        await addTrustRecords(tx, [record, ...(await reannounce(tx, next))]);
        return { ok: true as const, record };
      });
      keyCache = null;
      trustCache = null;
      if (result.ok)
        log.info('centre signing key rotated', { notBefore: result.record.notBefore, previousUntil: result.record.previousUntil });
      return result;
    },

    /** Announces the fingerprint of the centre's next TLS certificate, signed by the newest signing key. */
    async announceCertificate(fingerprint256: string): Promise<CertificateAnnouncement> {
      await centreSigner();
      const keys = await centreKeys();
      const newest = [...keys].sort((a, b) => a.notBefore - b.notBefore || a.createdAt - b.createdAt).at(-1)!;
      const record = signRecord(
        {
          kind: 'certificate' as const,
          fingerprint256: normalizeFingerprint(fingerprint256),
          announcedAt: clock.now(),
          signingKey: newest.publicKey,
        },
        newest,
      );
      await storage.transaction((tx) => addTrustRecords(tx, [record]));
      trustCache = null;
      log.info('next certificate announced', {});
      return record;
    },

    /** The fingerprint last announced (upper-case hex), or null. */
    async announcedCertificate(): Promise<string | null> {
      const { rows } = await storage.query<{ body: string }>(
        "SELECT body FROM centre_trust_records WHERE kind = 'certificate' ORDER BY seq DESC LIMIT 1",
      );
      return rows[0] ? (JSON.parse(rows[0].body) as CertificateAnnouncement).fingerprint256 : null;
    },

    async createEnrolCode(postCode: string): Promise<{ code: string; expiresAt: number }> {
      const bytes = randomBytes(12);
      const chars = Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
      const code = `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
      const now = clock.now();
      const expiresAt = now + ENROL_CODE_TTL_MS;
      await storage.transaction(async (tx) => {
        await ensurePost(tx, postCode);
        await tx.query('INSERT INTO enrol_codes (code_sha256, post_code, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
          sha256Hex(code),
          postCode,
          now,
          expiresAt,
        ]);
      });
      log.info('enrol code issued', { postCode });
      return { code, expiresAt };
    },

    async enrol(request: EnrolRequest): Promise<{ ok: true; value: AuthenticatedDevice } | { ok: false; error: EnrolError }> {
      try {
        const key = createPublicKey({ key: Buffer.from(request.publicKey, 'base64'), format: 'der', type: 'spki' });
        if (key.asymmetricKeyType !== 'ed25519') return { ok: false, error: 'badKey' };
      } catch {
        return { ok: false, error: 'badKey' };
      }
      const now = clock.now();
      const result = await storage.transaction(async (tx) => {
        const { rows } = await tx.query<{ post_code: string; expires_at: string; used_at: string | null }>(
          'SELECT post_code, expires_at::text, used_at::text FROM enrol_codes WHERE code_sha256 = $1 FOR UPDATE',
          [sha256Hex(request.code)],
        );
        const row = rows[0];
        if (!row) return { ok: false as const, error: 'codeUnknown' as const };
        if (row.used_at !== null) return { ok: false as const, error: 'codeUsed' as const };
        if (Number(row.expires_at) < now) return { ok: false as const, error: 'codeExpired' as const };
        const exists = await tx.query('SELECT 1 FROM devices WHERE id = $1', [request.deviceId]);
        if (exists.rows.length > 0) return { ok: false as const, error: 'deviceExists' as const };
        let head = { chainId: null as string | null, lastSeq: '0', lastHash: GENESIS_HASH };
        if (request.replaces) {
          const replaced = await replaceable(tx, request, row.post_code);
          if (!replaced.ok) return replaced;
          head = replaced.value;
        }
        await tx.query(
          `INSERT INTO devices (id, post_code, public_key, enrolled_at, last_seq, last_hash, replaces, chain_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            request.deviceId,
            row.post_code,
            request.publicKey,
            now,
            head.lastSeq,
            head.lastHash,
            request.replaces?.deviceId ?? null,
            head.chainId,
          ],
        );
        await tx.query('UPDATE enrol_codes SET used_at = $2, device_id = $3 WHERE code_sha256 = $1', [
          sha256Hex(request.code),
          now,
          request.deviceId,
        ]);
        return { ok: true as const, value: { id: request.deviceId, postCode: row.post_code } };
      });
      if (result.ok && request.replaces)
        log.info('device re-enrolled', {
          deviceId: request.deviceId,
          replaces: request.replaces.deviceId,
          postCode: result.value.postCode,
        });
      else if (result.ok) log.info('device enrolled', { deviceId: request.deviceId, postCode: result.value.postCode });
      else log.warn('enrolment refused', { reason: result.error });
      return result;
    },

    async revokeDevice(deviceId: string): Promise<boolean> {
      const { rows } = await storage.query('UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [
        deviceId,
        clock.now(),
      ]);
      if (rows.length > 0) log.info('device revoked', { deviceId });
      return rows.length > 0;
    },

    /**
     * Checks a signed request: known, unrevoked device; time within the window (server clock);
     * nonce never seen; Ed25519 signature over `signedText`. The nonce is recorded only when the
     * signature holds, and kept past the window, so the same request cannot run twice.
     */
    async authenticate(input: {
      deviceId: string;
      time: number;
      nonce: string;
      signature: string;
      signedText: string;
    }): Promise<{ ok: true; value: AuthenticatedDevice } | { ok: false; error: AuthError }> {
      const { rows } = await storage.query<{ post_code: string; public_key: string; revoked_at: string | null; chain_id: string | null }>(
        'SELECT post_code, public_key, revoked_at::text, chain_id FROM devices WHERE id = $1',
        [input.deviceId],
      );
      const device = rows[0];
      if (!device) return { ok: false, error: 'unknownDevice' };
      if (device.revoked_at !== null) return { ok: false, error: 'revoked' };
      const now = clock.now();
      if (!Number.isFinite(input.time) || Math.abs(now - input.time) > REQUEST_MAX_SKEW_MS) return { ok: false, error: 'clock' };
      let valid: boolean;
      try {
        const key = createPublicKey({ key: Buffer.from(device.public_key, 'base64'), format: 'der', type: 'spki' });
        valid = verifySignature(null, Buffer.from(input.signedText, 'utf8'), key, Buffer.from(input.signature, 'base64'));
      } catch {
        valid = false;
      }
      if (!valid) return { ok: false, error: 'signature' };
      await storage.query('DELETE FROM request_nonces WHERE device_id = $1 AND expires_at < $2', [input.deviceId, now]);
      const inserted = await storage.query(
        'INSERT INTO request_nonces (device_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING nonce',
        [input.deviceId, input.nonce, input.time + 2 * REQUEST_MAX_SKEW_MS],
      );
      if (inserted.rows.length === 0) return { ok: false, error: 'replay' };
      await storage.query('UPDATE devices SET last_seen_at = $2 WHERE id = $1', [input.deviceId, now]);
      return { ok: true, value: { id: input.deviceId, postCode: device.post_code, chainId: device.chain_id ?? input.deviceId } };
    },

    /**
     * Keeps what an authenticated device reported with a signed pull (its app version, the records
     * waiting on the post). Only called with values taken from the signed request.
     */
    async recordDeviceReport(device: AuthenticatedDevice, report: DeviceReport): Promise<void> {
      await storage.query('UPDATE devices SET app_version = $2, sync_backlog = $3, reported_at = $4 WHERE id = $1', [
        device.id,
        report.appVersion,
        report.backlog,
        clock.now(),
      ]);
    },

    /**
     * Records a batch of one device's audit records, in order, in one transaction, and answers per
     * record. The device row is locked for the whole batch so concurrent pushes of one device
     * (a retry racing its original) are serialised.
     */
    async push(device: AuthenticatedDevice, events: unknown[]): Promise<PushResult[]> {
      // Wire events: audit records without prevHash/hash, with the post's hash prefix (see wireEventSchema).
      const now = clock.now();
      return storage.transaction(async (tx) => {
        const { rows } = await tx.query<{ last_seq: string; last_hash: string; post_code: string; revoked_at: string | null }>(
          'SELECT last_seq::text, last_hash, post_code, revoked_at::text FROM devices WHERE id = $1 FOR UPDATE',
          [device.id],
        );
        const head = rows[0];
        if (!head || head.revoked_at !== null) throw new Error('device vanished or revoked during push');
        let lastSeq = Number(head.last_seq);
        let lastHash = head.last_hash;
        // A device that replaced a revoked one pushes the records of the chain it continues.
        const chainId = device.chainId ?? device.id;

        const parsed = events.map((raw) => wireEventSchema.safeParse(raw));
        const ids = parsed.flatMap((p) => (p.success ? [p.data.id] : []));
        // Only this device's records: whether an id exists for another device is never told.
        const known = new Map<string, string>();
        if (ids.length > 0) {
          const existing = await tx.query<{ id: string; body_sha256: string }>(
            'SELECT id, body_sha256 FROM events WHERE device_id = $2 AND id = ANY($1::text[])',
            [ids, chainId],
          );
          for (const row of existing.rows) known.set(row.id, row.body_sha256);
        }

        const results: PushResult[] = [];
        const accepted: { record: WireAuditRecord; bodySha: string }[] = [];
        const rejected: { eventId: string | null; reason: RejectReason; bodySha: string | null }[] = [];
        const reject = (id: string, reason: RejectReason, bodySha: string | null) => {
          results.push({ id, status: 'rejected', reason });
          rejected.push({ eventId: id || null, reason, bodySha });
        };

        parsed.forEach((p, index) => {
          if (!p.success) {
            const raw = events[index] as { id?: unknown } | null;
            const id = raw && typeof raw === 'object' && typeof raw.id === 'string' ? raw.id.slice(0, 64) : '';
            reject(id, 'invalid', null);
            return;
          }
          const { hashPrefix, ...content } = p.data;
          // The body compared for "same id, same body" is the record's content (the chain fields derive from it).
          const bodySha = sha256Hex(canonicalJson(content));
          if (content.deviceId !== chainId || content.postCode !== device.postCode) return reject(content.id, 'wrongDevice', bodySha);
          const seen = known.get(content.id);
          if (seen !== undefined) {
            if (seen === bodySha) results.push({ id: content.id, status: 'duplicate' });
            else reject(content.id, 'conflictingBody', bodySha);
            return;
          }
          if (content.seq > lastSeq + 1) return reject(content.id, 'seqGap', bodySha);
          if (content.seq <= lastSeq) return reject(content.id, 'chainBroken', bodySha);
          const chained = { ...content, details: content.details ?? null, prevHash: lastHash };
          const hash = hashAuditRecord(chained);
          if (hash.slice(0, HASH_PREFIX_LENGTH) !== hashPrefix) return reject(content.id, 'badHash', bodySha);
          const record: WireAuditRecord = { ...chained, hash };
          lastSeq = record.seq;
          lastHash = record.hash;
          known.set(record.id, bodySha);
          accepted.push({ record, bodySha });
          results.push({ id: record.id, status: 'accepted' });
        });

        if (accepted.length > 0) {
          const rowsJson = accepted.map(({ record, bodySha }) => ({
            id: record.id,
            device_id: record.deviceId,
            post_code: record.postCode,
            seq: record.seq,
            at: record.at,
            actor_id: record.actorId,
            actor_role: record.actorRole,
            action: record.action,
            subject: record.subject,
            details: record.details ?? null,
            prev_hash: record.prevHash,
            hash: record.hash,
            body_sha256: bodySha,
          }));
          await tx.query(
            `INSERT INTO events (id, device_id, post_code, seq, at, actor_id, actor_role, action, subject, details, prev_hash, hash, body_sha256, received_at, pushed_by)
             SELECT x.id, x.device_id, x.post_code, x.seq, x.at, x.actor_id, x.actor_role, x.action, x.subject, coalesce(x.details, 'null'::jsonb),
                    x.prev_hash, x.hash, x.body_sha256, $2, $3
             FROM jsonb_to_recordset($1::jsonb) AS x(id text, device_id text, post_code text, seq bigint, at bigint, actor_id text,
                  actor_role text, action text, subject text, details jsonb, prev_hash text, hash text, body_sha256 text)`,
            [JSON.stringify(rowsJson), now, device.id],
          );
          await tx.query('UPDATE devices SET last_seq = $2, last_hash = $3 WHERE id = $1', [device.id, lastSeq, lastHash]);
        }
        if (rejected.length > 0) {
          await tx.query(
            `INSERT INTO rejected_events (event_id, device_id, reason, body_sha256, received_at)
             SELECT x.event_id, $2, x.reason, x.body_sha256, $3 FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, reason text, body_sha256 text)`,
            [JSON.stringify(rejected.map((r) => ({ event_id: r.eventId, reason: r.reason, body_sha256: r.bodySha }))), device.id, now],
          );
          for (const r of rejected) log.warn('event rejected', { deviceId: device.id, eventId: r.eventId, reason: r.reason });
        }

        // No-shows: kept apart so a PV can be re-scheduled (the event itself stays in `events`).
        const noShows = accepted.flatMap(({ record }) => {
          if (record.action !== 'flight.noShow') return [];
          const parsedNoShow = noShowDetailsSchema.safeParse(record.details);
          if (!parsedNoShow.success) return [];
          const d = parsedNoShow.data;
          return [
            {
              device_id: record.deviceId,
              event_id: record.id,
              post_code: record.postCode,
              pv_number: d.pvNumber,
              flight_key: d.flightKey,
              reason: d.reason,
              note: d.note,
              at: record.at,
            },
          ];
        });
        if (noShows.length > 0) {
          await tx.query(
            `INSERT INTO no_shows (device_id, event_id, post_code, pv_number, flight_key, reason, note, at, received_at)
             SELECT x.device_id, x.event_id, x.post_code, x.pv_number, x.flight_key, x.reason, x.note, x.at, $2
             FROM jsonb_to_recordset($1::jsonb) AS x(device_id text, event_id text, post_code text, pv_number text, flight_key text,
                  reason text, note text, at bigint)
             ON CONFLICT DO NOTHING`,
            [JSON.stringify(noShows), now],
          );
          log.info('no-shows recorded', { deviceId: device.id, count: noShows.length });
        }
        const clearings = accepted.flatMap(({ record }) => {
          if (record.action !== 'flight.noShowCleared') return [];
          const parsed = noShowClearedSchema.safeParse(record.details);
          if (!parsed.success) return [];
          const d = parsed.data;
          return [
            {
              device_id: record.deviceId,
              event_id: record.id,
              post_code: record.postCode,
              no_show_id: d.noShowId,
              pv_number: d.pvNumber,
              flight_key: d.flightKey,
              at: record.at,
            },
          ];
        });
        if (clearings.length > 0) {
          await tx.query(
            `INSERT INTO no_show_clearings (device_id, event_id, post_code, no_show_id, pv_number, flight_key, at, received_at)
             SELECT x.device_id, x.event_id, x.post_code, x.no_show_id, x.pv_number, x.flight_key, x.at, $2
             FROM jsonb_to_recordset($1::jsonb) AS x(device_id text, event_id text, post_code text, no_show_id text, pv_number text,
                  flight_key text, at bigint)
             ON CONFLICT DO NOTHING`,
            [JSON.stringify(clearings), now],
          );
          log.info('no-shows cleared', { deviceId: device.id, count: clearings.length });
        }

        // Single-use PVs: record each use; two devices using one PV raise (or grow) a conflict case.
        const uses = accepted.flatMap(({ record }) => {
          const pvNumber = pvNumberOf(record);
          return ONCE_ACTIONS.has(record.action) && pvNumber !== null
            ? [{ pv_number: pvNumber, kind: record.action, event_id: record.id, device_id: record.deviceId, post_code: record.postCode }]
            : [];
        });
        const changes: { scope: string; body: ChangeBody }[] = [];
        if (uses.length > 0) {
          const heads = new Map<string, { pv_number: string; kind: string; n: number }>();
          for (const u of uses) {
            const key = `${u.pv_number}\n${u.kind}`;
            const head = heads.get(key) ?? { pv_number: u.pv_number, kind: u.kind, n: 0 };
            head.n++;
            heads.set(key, head);
          }
          const sortedHeads = [...heads.values()].sort((a, b) =>
            a.pv_number < b.pv_number ? -1 : a.pv_number > b.pv_number ? 1 : a.kind < b.kind ? -1 : 1,
          );
          // Locks each (PV, kind) head row until commit, in a fixed order: concurrent pushes using
          // one PV are serialised, and the query below (a new snapshot, taken after the locks)
          // sees every use committed before.
          await tx.query(
            `INSERT INTO pv_use_heads (pv_number, kind, uses)
             SELECT x.pv_number, x.kind, x.n FROM jsonb_to_recordset($1::jsonb) AS x(pv_number text, kind text, n integer)
             ORDER BY x.pv_number COLLATE "C", x.kind COLLATE "C"
             ON CONFLICT (pv_number, kind) DO UPDATE SET uses = pv_use_heads.uses + EXCLUDED.uses`,
            [JSON.stringify(sortedHeads)],
          );
          await tx.query(
            `INSERT INTO pv_uses (pv_number, kind, event_id, device_id, post_code)
             SELECT x.pv_number, x.kind, x.event_id, x.device_id, x.post_code
             FROM jsonb_to_recordset($1::jsonb) AS x(pv_number text, kind text, event_id text, device_id text, post_code text)
             ON CONFLICT DO NOTHING`,
            [JSON.stringify(uses)],
          );
          const { rows: groups } = await tx.query<{
            pv_number: string;
            kind: string;
            event_ids: string[];
            posts: string[];
            devices: number;
          }>(
            `SELECT u.pv_number, u.kind, array_agg(u.event_id) AS event_ids, array_agg(DISTINCT u.post_code) AS posts, count(DISTINCT u.device_id)::int AS devices
             FROM pv_uses u JOIN jsonb_to_recordset($1::jsonb) AS h(pv_number text, kind text) ON u.pv_number = h.pv_number AND u.kind = h.kind
             GROUP BY u.pv_number, u.kind HAVING count(DISTINCT u.device_id) >= 2`,
            [JSON.stringify(sortedHeads)],
          );
          const cases: ConflictCase[] = groups.map((g) => ({
            id: sha256Hex(`${g.pv_number}\n${g.kind}`).slice(0, 32),
            pvNumber: g.pv_number,
            kind: g.kind as ConflictCase['kind'],
            posts: [...g.posts].sort(),
            eventIds: [...g.event_ids].sort(),
            revision: g.event_ids.length - 1,
          }));
          if (cases.length > 0) {
            await tx.query(
              `INSERT INTO conflict_cases (id, pv_number, kind, body, revision, created_at, updated_at)
               SELECT x.id, x.body->>'pvNumber', x.body->>'kind', x.body, x.revision, $2, $2 FROM jsonb_to_recordset($1::jsonb) AS x(id text, body jsonb, revision integer)
               ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at`,
              [JSON.stringify(cases.map((c) => ({ id: c.id, body: c, revision: c.revision }))), now],
            );
            for (const conflict of cases) {
              for (const post of conflict.posts) changes.push({ scope: post, body: { kind: 'conflict', conflict } });
              log.warn('conflict case raised', { caseId: conflict.id, posts: conflict.posts.length, uses: conflict.eventIds.length });
            }
          }
        }
        await emitChanges(tx, changes, clock.now());
        return results;
      });
    },

    /** One page of the change feed for a post: PVs and settings for every post, users and conflicts of this post. */
    async pull(device: AuthenticatedDevice, cursor: string, limit: number): Promise<PullPage> {
      const { rows } = await storage.query<{ seq: string; body: ChangeBody }>(
        `SELECT seq::text AS seq, body FROM changes WHERE seq > $1::bigint AND scope IN ('*', $2) ORDER BY changes.seq LIMIT $3`,
        [cursor, device.postCode, limit + 1],
      );
      const page = rows.slice(0, limit);
      const changes = page.map((r) => ({ seq: r.seq, ...r.body }) as Change);
      return { cursor: page.length > 0 ? page[page.length - 1]!.seq : cursor, changes, hasMore: rows.length > limit };
    },

    /**
     * Creates or updates PVs. The centre owns `revision`: it goes up by one whenever the content
     * changes (and is never below the imported one), and an identical re-import changes nothing
     * (and emits nothing).
     */
    async importPvs(input: unknown[]): Promise<PvImportResult> {
      const result: PvImportResult = { created: 0, updated: 0, unchanged: 0, errors: [] };
      const valid: Pv[] = [];
      input.forEach((raw, index) => {
        const parsed = pvSchema.safeParse(raw);
        if (parsed.success) valid.push(parsed.data);
        else result.errors.push({ index, message: parsed.error.issues[0]?.message ?? 'pv.error.invalid' });
      });
      if (result.errors.length > 0) return result;
      await storage.transaction(async (tx) => writePvs(tx, valid, result));
      log.info('pvs imported', { created: result.created, updated: result.updated, unchanged: result.unchanged });
      return result;
    },

    /**
     * Writes one changed PV inside the caller's transaction, as an import does (new revision,
     * updated time, a change every post pulls); it must be the LAST write of that transaction (it
     * ends with emitChanges). The PV's new revision, or null when it was refused or unchanged.
     */
    async updatePvIn(tx: SqlClient, pv: Pv): Promise<number | null> {
      const parsed = pvSchema.safeParse(pv);
      if (!parsed.success) return null;
      const result: PvImportResult = { created: 0, updated: 0, unchanged: 0, errors: [] };
      const revision = await writePvs(tx, [parsed.data], result);
      return result.updated === 1 ? (revision.get(pv.pvNumber) ?? null) : null;
    },

    /** Revokes a PV: a new revision with status `revoked`, pulled by every post. */
    async revokePv(pvNumber: string): Promise<boolean> {
      const { rows } = await storage.query<{ body: Pv }>('SELECT body FROM pvs WHERE pv_number = $1', [pvNumber]);
      const current = rows[0];
      if (!current) return false;
      if (current.body.status === 'revoked') return true;
      const outcome = await this.importPvs([{ ...current.body, status: 'revoked' }]);
      return outcome.errors.length === 0;
    },

    async putUsers(users: CentralUser[]): Promise<{ changed: number }> {
      const now = clock.now();
      let changed = 0;
      await storage.transaction(async (tx) => {
        const changes: { scope: string; body: ChangeBody }[] = [];
        for (const user of users) {
          await ensurePost(tx, user.postCode);
          const sha = sha256Hex(canonicalJson(user));
          const { rows } = await tx.query<{ content_sha256: string }>('SELECT content_sha256 FROM users WHERE id = $1 FOR UPDATE', [
            user.id,
          ]);
          if (rows[0]?.content_sha256 === sha) continue;
          await tx.query(
            `INSERT INTO users (id, post_code, body, content_sha256, updated_at) VALUES ($1, $2, $3::jsonb, $4, $5)
             ON CONFLICT (id) DO UPDATE SET post_code = EXCLUDED.post_code, body = EXCLUDED.body, content_sha256 = EXCLUDED.content_sha256, updated_at = EXCLUDED.updated_at`,
            [user.id, user.postCode, JSON.stringify(user), sha, now],
          );
          changes.push({ scope: user.postCode, body: { kind: 'user', user } });
          changed++;
        }
        await emitChanges(tx, changes, clock.now());
      });
      return { changed };
    },

    async putSettings(settings: CentralSettings): Promise<{ changed: boolean }> {
      const now = clock.now();
      const sha = sha256Hex(canonicalJson(settings));
      return storage.transaction(async (tx) => {
        const { rows } = await tx.query<{ content_sha256: string }>('SELECT content_sha256 FROM settings WHERE id = 1 FOR UPDATE');
        if (rows[0]?.content_sha256 === sha) return { changed: false };
        await tx.query(
          `INSERT INTO settings (id, body, content_sha256, updated_at) VALUES (1, $1::jsonb, $2, $3)
           ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, content_sha256 = EXCLUDED.content_sha256, updated_at = EXCLUDED.updated_at`,
          [JSON.stringify(settings), sha, now],
        );
        await emitChanges(tx, [{ scope: '*', body: { kind: 'settings', settings } }], now);
        return { changed: true };
      });
    },

    /**
     * Sets one post's own settings; only that post receives them (a change scoped to its code).
     * The zone is kept as the runtime spells it (`africa/casablanca` → `Africa/Casablanca`).
     * `unknownPost` when the centre has no such post; an identical set changes and sends nothing.
     */
    async putPostSettings(
      input: PostSettings,
    ): Promise<{ ok: true; changed: boolean; settings: PostSettings } | { ok: false; error: 'unknownPost' }> {
      const now = clock.now();
      const settings = { ...input, timeZone: canonicalTimeZone(input.timeZone) ?? input.timeZone };
      const sha = sha256Hex(canonicalJson(settings));
      return storage.transaction(async (tx) => {
        const post = await tx.query('SELECT 1 FROM posts WHERE code = $1 FOR UPDATE', [settings.postCode]);
        if (post.rows.length === 0) return { ok: false, error: 'unknownPost' } as const;
        const { rows } = await tx.query<{ content_sha256: string }>('SELECT content_sha256 FROM post_settings WHERE post_code = $1', [
          settings.postCode,
        ]);
        if (rows[0]?.content_sha256 === sha) return { ok: true, changed: false, settings } as const;
        await tx.query(
          `INSERT INTO post_settings (post_code, body, content_sha256, updated_at) VALUES ($1, $2::jsonb, $3, $4)
           ON CONFLICT (post_code) DO UPDATE SET body = EXCLUDED.body, content_sha256 = EXCLUDED.content_sha256, updated_at = EXCLUDED.updated_at`,
          [settings.postCode, JSON.stringify(settings), sha, now],
        );
        await emitChanges(tx, [{ scope: settings.postCode, body: { kind: 'postSettings', settings } }], now);
        return { ok: true, changed: true, settings } as const;
      });
    },

    /** One post's own settings and when they last changed: null before the first, `unknownPost` for no such post. */
    async postSettings(postCode: string): Promise<{ settings: PostSettings; updatedAt: number } | null | 'unknownPost'> {
      const { rows } = await storage.query<{ body: PostSettings | null; updated_at: string | null }>(
        'SELECT s.body, s.updated_at FROM posts p LEFT JOIN post_settings s ON s.post_code = p.code WHERE p.code = $1',
        [postCode],
      );
      const row = rows[0];
      if (!row) return 'unknownPost';
      return row.body && row.updated_at !== null ? { settings: row.body, updatedAt: Number(row.updated_at) } : null;
    },

    /** Replaces the set of trusted PV signing keys; every post receives the new set. */
    async putPvKeys(keys: PvTrustedKey[]): Promise<{ changed: boolean }> {
      const result = await updatePvKeys(() => ({ ok: true, keys }));
      return { changed: result.ok && result.changed };
    },

    /** Every PV signing key the centre has known, the active ones and the retired, oldest first. */
    async pvKeys(): Promise<PvKeyEntry[]> {
      return pvKeyEntries(storage);
    },

    /** The settings every post receives, and when they last changed; null before the first. */
    async settings(): Promise<{ settings: CentralSettings; updatedAt: number } | null> {
      const { rows } = await storage.query<{ body: CentralSettings; updated_at: string }>(
        'SELECT body, updated_at FROM settings WHERE id = 1',
      );
      const row = rows[0];
      return row ? { settings: row.body, updatedAt: Number(row.updated_at) } : null;
    },

    /**
     * No-shows reported by the posts (newest first), for one PV or all, without those the post
     * cleared (the beneficiary came after all): what re-scheduling starts from.
     */
    async noShows(pvNumber?: string): Promise<NoShow[]> {
      const { rows } = await storage.query<{
        pv_number: string;
        post_code: string;
        flight_key: string;
        reason: NoShow['reason'];
        note: string;
        at: string;
        event_id: string;
      }>(
        `SELECT n.pv_number, n.post_code, n.flight_key, n.reason, n.note, n.at::text, n.event_id FROM no_shows n
         WHERE ($1::text IS NULL OR n.pv_number = $1) AND NOT ${NO_SHOW_CLEARED}
         ORDER BY n.at DESC, n.event_id`,
        [pvNumber ?? null],
      );
      return rows.map((r) => ({
        pvNumber: r.pv_number,
        postCode: r.post_code,
        flightKey: r.flight_key,
        reason: r.reason,
        note: r.note,
        at: Number(r.at),
        eventId: r.event_id,
      }));
    },

    async conflicts(): Promise<ConflictCase[]> {
      const { rows } = await storage.query<{ body: ConflictCase }>('SELECT body FROM conflict_cases ORDER BY pv_number, kind');
      return rows.map((r) => r.body);
    },

    /** What the centre holds for one device: count, chain head, and the ids (for checks and tests). */
    async deviceSummary(deviceId: string): Promise<{ events: number; lastSeq: number; lastHash: string; revoked: boolean } | null> {
      const { rows } = await storage.query<{ last_seq: string; last_hash: string; revoked_at: string | null; n: string }>(
        `SELECT d.last_seq::text, d.last_hash, d.revoked_at::text, (SELECT count(*) FROM events e WHERE e.device_id = d.id)::text AS n
         FROM devices d WHERE d.id = $1`,
        [deviceId],
      );
      const row = rows[0];
      if (!row) return null;
      return { events: Number(row.n), lastSeq: Number(row.last_seq), lastHash: row.last_hash, revoked: row.revoked_at !== null };
    },

    async eventIds(deviceId: string): Promise<string[]> {
      const { rows } = await storage.query<{ id: string }>('SELECT id FROM events WHERE device_id = $1 ORDER BY seq', [deviceId]);
      return rows.map((r) => r.id);
    },

    async rejectedCount(deviceId?: string): Promise<number> {
      const { rows } = deviceId
        ? await storage.query<{ n: string }>('SELECT count(*)::text AS n FROM rejected_events WHERE device_id = $1', [deviceId])
        : await storage.query<{ n: string }>('SELECT count(*)::text AS n FROM rejected_events');
      return Number(rows[0]?.n ?? 0);
    },
  };
}

export type Store = ReturnType<typeof createStore>;

/** A PV signing key as the centre keeps it: when it was added, and retired (null while trusted). */
export interface PvKeyEntry {
  keyId: string;
  publicKey: string;
  addedAt: number;
  retiredAt: number | null;
}

async function pvKeyEntries(db: SqlClient): Promise<PvKeyEntry[]> {
  const { rows } = await db.query<{ key_id: string; public_key: string; added_at: string; revoked_at: string | null }>(
    'SELECT key_id, public_key, added_at, revoked_at FROM pv_keys ORDER BY added_at, key_id',
  );
  return rows.map((r) => ({
    keyId: r.key_id,
    publicKey: r.public_key,
    addedAt: Number(r.added_at),
    retiredAt: r.revoked_at === null ? null : Number(r.revoked_at),
  }));
}

/**
 * Where a PV change goes: to each post it authorises (or every post for "any"); a post it no
 * longer authorises receives it revoked, so the PV stops working there.
 */
function pvChanges(pv: Pv, before: Pv['authorisedPosts'] | null): { scope: string; body: ChangeBody }[] {
  if (pv.authorisedPosts === 'any') return [{ scope: '*', body: { kind: 'pv', pv } }];
  const now = new Set(pv.authorisedPosts);
  const dropped = before === null || pv.status === 'revoked' ? [] : before === 'any' ? ['*'] : before.filter((p) => !now.has(p));
  // Revoked copies first: a post in both ('*' and its own code) ends with the authorised one.
  const changes: { scope: string; body: ChangeBody }[] = dropped
    .sort()
    .map((scope) => ({ scope, body: { kind: 'pv', pv: { ...pv, status: 'revoked' } } }));
  for (const post of [...now].sort()) changes.push({ scope: post, body: { kind: 'pv', pv } });
  return changes;
}

function pvNumberOf(record: WireAuditRecord): string | null {
  const details = record.details as { pvNumber?: unknown } | null;
  if (
    details &&
    typeof details === 'object' &&
    typeof details.pvNumber === 'string' &&
    details.pvNumber.length > 0 &&
    details.pvNumber.length <= 40
  )
    return details.pvNumber;
  return null;
}
