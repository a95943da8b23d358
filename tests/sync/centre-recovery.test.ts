/**
 * What a post does when the centre's signing key is stolen, when it is far behind the centre's
 * trust records, and when it missed a certificate announcement: the recovery key revokes a key
 * (forged revocations and the thief's later rotations refused), a post catches up with the whole
 * chain, and follows a certificate its pinned keys announced, while any other certificate is
 * still refused before anything is sent.
 */
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeFingerprint } from '../../core/post/provisioning';
import type { TrustRecord, UnsignedTrustRecord } from '../../core/sync/centre-trust';
import { trustSigningText } from '../../core/sync/centre-trust';
import { createSelfSignedTls } from '../../server/tls';
import { admin, outboxCount } from './helpers';
import { CACHE_MS, trustCentre } from './trust-centre';

const { t, cli, enrolledPost, newPv } = trustCentre('rva-recovery-', 81_000);

const rawKey = (pair: ReturnType<typeof generateKeyPairSync>) =>
  Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
const signedBy = (record: UnsignedTrustRecord, privateKey: Parameters<typeof sign>[2]): TrustRecord =>
  ({ ...record, signature: sign(null, Buffer.from(trustSigningText(record)), privateKey).toString('base64') }) as TrustRecord;

/** Written straight into the centre's records (a tampered database, or a thief running the centre). */
async function plant(record: TrustRecord): Promise<() => Promise<void>> {
  await t.storage.query('INSERT INTO centre_trust_records (kind, body, created_at) VALUES ($1, $2, $3)', [
    record.kind,
    JSON.stringify(record),
    t.now,
  ]);
  t.now += CACHE_MS;
  return async () => {
    await t.storage.query('DELETE FROM centre_trust_records WHERE body = $1', [JSON.stringify(record)]);
    t.now += CACHE_MS;
  };
}

describe('centre signing key revocation', () => {
  it('revokes a stolen key with the offline recovery key; forgeries and the thief’s rotations are refused', async () => {
    const before = await enrolledPost();
    expect(before.trust().recovery ?? null).toBeNull();

    const keyFile = join(t.dir, 'recovery-key.json');
    const made = await cli('init-recovery-key', '--out', keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const { publicKey: recoveryKey } = JSON.parse(readFileSync(keyFile, 'utf8')) as { publicKey: string };
    expect(made.stdout).toContain(recoveryKey);
    // One recovery key per centre; a second is refused and leaves no file behind.
    await expect(cli('init-recovery-key', '--out', join(t.dir, 'second.json'))).rejects.toMatchObject({ code: 1 });
    expect(existsSync(join(t.dir, 'second.json'))).toBe(false);

    // A post enrolled now pins it from the enrolment answer; one enrolled before learns it at its next sync.
    const after = await enrolledPost();
    expect(after.trust().recovery).toEqual({ key: recoveryKey, seq: 0, revoked: [] });
    t.now += CACHE_MS;
    expect((await before.engine.syncNow()).state).toBe('idle');
    expect(before.trust().recovery).toEqual({ key: recoveryKey, seq: 0, revoked: [] });

    // The thief copies the signing key.
    const stolenKey = before.trust().key;
    const { rows } = await t.storage.query<{ private_key: string }>('SELECT private_key FROM centre_keys WHERE public_key = $1', [
      stolenKey,
    ]);
    const stolen = createPrivateKey({ key: Buffer.from(rows[0]!.private_key, 'base64'), format: 'der', type: 'pkcs8' });
    const thief = generateKeyPairSync('ed25519');

    // A revocation not signed by the recovery key is refused, nothing applied.
    const attacker = generateKeyPairSync('ed25519');
    const forged = [
      signedBy(
        { kind: 'revocation', seq: 1, revokedKey: stolenKey, replacementKey: rawKey(thief), revokedAt: t.now, recoveryKey },
        attacker.privateKey,
      ),
      signedBy(
        {
          kind: 'revocation',
          seq: 1,
          revokedKey: stolenKey,
          replacementKey: rawKey(thief),
          revokedAt: t.now,
          recoveryKey: rawKey(attacker),
        },
        attacker.privateKey,
      ),
    ];
    for (const record of forged) {
      const remove = await plant(record);
      const trust = after.trust();
      after.record(`PV-FORGED-REVOCATION-${record.signature.slice(0, 6)}`);
      expect(await after.engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.badRotation', queueLength: 1 });
      expect(after.trust()).toEqual(trust);
      await remove();
      expect(await after.engine.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
    }
    // The command refuses a key file that is not this centre's recovery key.
    const wrongFile = join(t.dir, 'wrong-recovery.json');
    writeFileSync(
      wrongFile,
      JSON.stringify({
        kind: 'rva-centre-recovery-key',
        publicKey: rawKey(attacker),
        privateKey: attacker.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      }),
      { mode: 0o600 },
    );
    await expect(cli('revoke-signing-key', '--recovery-key', wrongFile)).rejects.toMatchObject({ code: 1 });

    // The real revocation.
    const revoked = await cli('revoke-signing-key', '--recovery-key', keyFile);
    const replacement = /the centre signs with (\S+) from now/.exec(revoked.stdout)?.[1];
    expect(replacement).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    t.now = Math.max(t.now, Date.now()) + CACHE_MS;
    expect((await t.centre.store.centreSigner()).publicKey).toBe(replacement);
    for (const post of [before, after]) {
      await newPv();
      post.record(`PV-AFTER-REVOCATION-${post.deviceId}`);
      expect(await post.engine.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
      expect(post.trust()).toMatchObject({ key: replacement, nextKey: null, keyUntil: null });
      expect(post.trust().recovery).toMatchObject({ key: recoveryKey, seq: 1, revoked: [{ key: stolenKey }] });
    }
    // The centre wiped the private half of every key it held before.
    const wiped = await t.storage.query<{ n: string }>("SELECT count(*)::text AS n FROM centre_keys WHERE private_key <> ''");
    expect(wiped.rows[0]!.n).toBe('1');

    // The thief signs a rotation to a key of their own with the stolen key: refused, nothing applied.
    const rotation = signedBy(
      { kind: 'signingKey', previousKey: stolenKey, nextKey: rawKey(thief), notBefore: t.now, previousUntil: t.now + 3_600_000 },
      stolen,
    );
    const remove = await plant(rotation);
    const cursor = after.engine.state.cursor();
    const trust = after.trust();
    await newPv();
    after.record('PV-THIEF-ROTATION');
    expect(await after.engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.badRotation', queueLength: 1 });
    expect(after.trust()).toEqual(trust);
    expect(after.engine.state.cursor()).toBe(cursor);
    await remove();
    expect(await after.engine.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
    expect(after.trust()).toEqual(trust);
  });
});

describe('catching up with the trust chain', () => {
  it('a post 25 records behind reads the whole chain instead of enrolling again', async () => {
    const post = await enrolledPost();
    const pinned = post.trust().key;
    let last = pinned;
    for (let i = 0; i < 25; i++) {
      t.now += 1_000;
      const rotated = await t.centre.store.rotateSigningKey({ notBefore: t.now, overlapMs: 0 });
      if (!rotated.ok) throw new Error(rotated.error);
      last = rotated.record.nextKey;
    }
    t.now += CACHE_MS;
    const { rows } = await t.storage.query<{ n: string }>("SELECT count(*)::text AS n FROM centre_trust_records WHERE kind = 'signingKey'");
    expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(25);
    await newPv();
    post.record('PV-CATCH-UP');
    expect(await post.engine.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
    expect(post.trust()).toMatchObject({ key: last, nextKey: null });
    expect(await t.centre.store.eventIds(post.deviceId)).toHaveLength(1);
  });

  it('a post that missed the announcement follows the certificate its pinned keys announced; any other is refused', async () => {
    const post = await enrolledPost();
    const old = post.trust().fingerprint;
    const renewed = await cli('renew-certificate');
    const next = /next certificate SHA-256 \(announced to the posts\): (\S+)/.exec(renewed.stdout)?.[1];
    // The post does not sync before the switch.
    await cli('renew-certificate', '--activate');
    expect(t.centre.tls?.fingerprint256).toBe(next);
    t.now += CACHE_MS;
    await newPv();
    post.record('PV-MISSED-ANNOUNCEMENT');
    expect(await post.engine.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
    expect(post.trust()).toMatchObject({ fingerprint: normalizeFingerprint(next!), nextFingerprint: null });
    expect(post.trust().fingerprint).not.toBe(old);

    // A certificate nobody announced (a man in the middle, or a centre that skipped the announcement).
    const unannounced = createSelfSignedTls();
    writeFileSync(join(t.dir, 'tls', 'server.key'), unannounced.key, { mode: 0o600 });
    writeFileSync(join(t.dir, 'tls', 'server.pem'), unannounced.cert, { mode: 0o600 });
    expect((await admin(t.centre, 'POST', '/admin/tls/reload')).status).toBe(200);
    const trust = post.trust();
    post.record('PV-MITM');
    const events = await t.centre.store.eventIds(post.deviceId);
    expect(await post.engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.fingerprintMismatch', queueLength: 1 });
    expect(await t.centre.store.eventIds(post.deviceId)).toEqual(events);
    expect(outboxCount(post.db)).toBe(1);
    expect(post.trust()).toEqual(trust);
  });
});
