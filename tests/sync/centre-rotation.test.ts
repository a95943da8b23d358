/**
 * The centre changes its signing key and its certificate without re-enrolling its posts: a post
 * follows a rotation only when a key it trusts signed it, keeps syncing across both, and refuses a
 * forged rotation or an unannounced certificate, changing nothing.
 */
import { normalizeFingerprint } from '../../core/post/provisioning';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustRecord, UnsignedTrustRecord } from '../../core/sync/centre-trust';
import { trustSigningText } from '../../core/sync/centre-trust';
import { createSyncClient } from '../../main/sync/index';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import type { Storage } from '../../server/storage';
import { createPgliteStorage } from '../../server/storage';
import { createSelfSignedTls } from '../../server/tls';
import { admin, applyTestPvs, makePv, newId, openPostDb, outboxCount, writeRecords } from './helpers';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
/** Past the centre's cache of keys and trust records. */
const CACHE_MS = 5_001;

let now = Date.now();
const clock = { now: () => now };
let dir: string;
let storage: Storage;
let centre: RunningServer;

const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, RVA_SERVER_DATA: dir },
    timeout: 60_000,
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rva-rotation-'));
  storage = await createPgliteStorage();
  centre = await startServer({ dataDir: dir, storage, tls: 'demo', clock });
});
afterAll(async () => {
  await centre?.close();
  await storage?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function enrolledPost() {
  const db = openPostDb();
  const engine = createSyncClient({
    db,
    baseUrl: centre.url,
    tls: { fingerprint256: centre.tls!.fingerprint256 },
    applyPvs: applyTestPvs,
    clock,
  });
  const { code } = await centre.store.createEnrolCode('CMN');
  const deviceId = newId(now);
  expect(await engine.enrol({ code, deviceId })).toMatchObject({ ok: true });
  expect((await engine.syncNow()).state).toBe('idle');
  const count = () => (db.prepare('SELECT count(*) AS n FROM test_pvs').get() as { n: number }).n;
  const enrolledWith = count();
  /** PVs pulled since enrolment. */
  const pvs = () => count() - enrolledWith;
  const record = (pvNumber: string) =>
    writeRecords(db, { deviceId, postCode: 'CMN' }, [{ action: 'stamp.recorded', details: { pvNumber } }], now);
  return { db, engine, deviceId, pvs, record, trust: () => engine.state.trust()! };
}

let pvNumber = 71_000;
const newPv = () => centre.store.importPvs([makePv(++pvNumber)]);

describe('centre signing key rotation', () => {
  it('is made by the server command; a post that missed it walks the chain from its pinned key', async () => {
    const post = await enrolledPost();
    const pinned = post.trust().key;
    // Two rotations while the post is away, the first from the command line, both in force at once.
    const { stdout } = await cli('rotate-signing-key', '--in-hours', '0', '--overlap-hours', '1');
    const first = /next centre signing key (\S+)/.exec(stdout)?.[1];
    expect(first).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    now = Date.now() + 1_000;
    const second = await centre.store.rotateSigningKey({ notBefore: now, overlapMs: 3_600_000 });
    if (!second.ok) throw new Error(second.error);
    expect(second.record.previousKey).toBe(first);
    expect((await centre.store.centreSigner()).publicKey).toBe(second.record.nextKey);

    await newPv();
    post.record('PV-ROT-1');
    // Answers are signed with a key the post never pinned; the records lead to it from the pinned one.
    expect(await post.engine.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
    expect(post.pvs()).toBe(1);
    expect(post.trust()).toMatchObject({ key: first, nextKey: second.record.nextKey, keyUntil: second.record.previousUntil });
    expect(post.trust().key).not.toBe(pinned);
    expect(await centre.store.eventIds(post.deviceId)).toHaveLength(1);
  });

  it('is learnt ahead of time; both keys hold for the overlap, then only the new one', async () => {
    const post = await enrolledPost();
    const pinned = post.trust().key;
    const rotated = await centre.store.rotateSigningKey({ notBefore: now + 3_600_000, overlapMs: 3_600_000 });
    if (!rotated.ok) throw new Error(rotated.error);
    expect(rotated.record.previousKey).toBe(pinned);
    await newPv();
    // Still signed with the pinned key; the next one is known.
    expect((await post.engine.syncNow()).state).toBe('idle');
    expect(post.trust()).toMatchObject({ key: pinned, nextKey: rotated.record.nextKey, keyUntil: rotated.record.previousUntil });

    // From not-before the centre signs with the new key: pulls and pushes verify.
    now = rotated.record.notBefore + 1;
    expect((await centre.store.centreSigner()).publicKey).toBe(rotated.record.nextKey);
    await newPv();
    post.record('PV-ROT-2');
    expect(await post.engine.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
    expect(post.pvs()).toBe(2);

    // After the overlap only the new key is trusted: an answer signed with the old one is refused.
    now = rotated.record.previousUntil + 1;
    expect((await post.engine.syncNow()).state).toBe('idle');
    expect(post.trust()).toMatchObject({ key: rotated.record.nextKey, nextKey: null, keyUntil: null });
    await storage.query('UPDATE centre_keys SET not_before = $1 WHERE public_key = $2', [now, pinned]);
    now += CACHE_MS;
    try {
      expect((await centre.store.centreSigner()).publicKey).toBe(pinned);
      await newPv();
      const cursor = post.engine.state.cursor();
      expect(await post.engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.badSignature' });
      expect(post.engine.state.cursor()).toBe(cursor);
      expect(post.pvs()).toBe(2);
    } finally {
      await storage.query('UPDATE centre_keys SET not_before = NULL WHERE public_key = $1', [pinned]);
      now += CACHE_MS;
    }
    expect((await post.engine.syncNow()).state).toBe('idle');
    expect(post.pvs()).toBe(3);
  });

  it('is refused when anything but a trusted key signed it, and nothing is applied', async () => {
    const post = await enrolledPost();
    const before = post.trust();
    const attacker = generateKeyPairSync('ed25519');
    const attackerKey = Buffer.from(attacker.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
    const forge = (record: UnsignedTrustRecord): TrustRecord =>
      ({ ...record, signature: sign(null, Buffer.from(trustSigningText(record)), attacker.privateKey).toString('base64') }) as TrustRecord;
    const forgeries: TrustRecord[] = [
      forge({ kind: 'signingKey', previousKey: before.key, nextKey: attackerKey, notBefore: now, previousUntil: now }),
      forge({ kind: 'certificate', fingerprint256: 'AB'.repeat(32), announcedAt: now, signingKey: attackerKey }),
    ];
    for (const forged of forgeries) {
      // Written straight into the centre's records (a tampered database, or whoever can add to its answers).
      await storage.query('INSERT INTO centre_trust_records (kind, body, created_at) VALUES ($1, $2, $3)', [
        forged.kind,
        JSON.stringify(forged),
        now,
      ]);
      now += CACHE_MS;
      await newPv();
      post.record(`PV-FORGED-${forged.kind}`);
      const cursor = post.engine.state.cursor();
      expect(await post.engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.badRotation', queueLength: 1 });
      expect(post.trust()).toEqual(before);
      expect(post.engine.state.cursor()).toBe(cursor);
      await storage.query('DELETE FROM centre_trust_records WHERE body = $1', [JSON.stringify(forged)]);
      now += CACHE_MS;
      expect(await post.engine.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
      expect(post.trust()).toEqual(before);
    }
  });
});

describe('pinned certificate renewal', () => {
  it('announces the next certificate, the post moves to it, and an unannounced one is refused', async () => {
    const post = await enrolledPost();
    const old = post.trust().fingerprint;
    const renewed = await cli('renew-certificate');
    const next = /next certificate SHA-256 \(announced to the posts\): (\S+)/.exec(renewed.stdout)?.[1];
    expect(next).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    // Activating before any announcement would be refused; this one was announced.
    expect((await post.engine.syncNow()).state).toBe('idle');
    expect(post.trust()).toMatchObject({ fingerprint: old, nextFingerprint: normalizeFingerprint(next!) });

    await cli('renew-certificate', '--activate');
    expect(centre.tls?.fingerprint256).toBe(next);
    await newPv();
    post.record('PV-TLS-NEXT');
    expect(await post.engine.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
    expect(post.trust()).toMatchObject({ fingerprint: normalizeFingerprint(next!), nextFingerprint: null });
    expect(post.pvs()).toBeGreaterThan(0);

    // A certificate nobody announced: refused before anything is sent.
    const unannounced = createSelfSignedTls();
    writeFileSync(join(dir, 'tls', 'server.key'), unannounced.key, { mode: 0o600 });
    writeFileSync(join(dir, 'tls', 'server.pem'), unannounced.cert, { mode: 0o600 });
    expect((await admin(centre, 'POST', '/admin/tls/reload')).status).toBe(200);
    post.record('PV-TLS-ROGUE');
    const events = await centre.store.eventIds(post.deviceId);
    expect(await post.engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.fingerprintMismatch', queueLength: 1 });
    expect(await centre.store.eventIds(post.deviceId)).toEqual(events);
    expect(outboxCount(post.db)).toBe(1);
  });

  it('refuses to activate a certificate that was not announced', async () => {
    rmSync(join(dir, 'tls', 'next.pem'), { force: true });
    const unannounced = createSelfSignedTls();
    writeFileSync(join(dir, 'tls', 'next.key'), unannounced.key, { mode: 0o600 });
    writeFileSync(join(dir, 'tls', 'next.pem'), unannounced.cert, { mode: 0o600 });
    await expect(cli('renew-certificate', '--activate')).rejects.toMatchObject({ code: 2 });
  });
});
