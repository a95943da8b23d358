/**
 * The centre changes its signing key and its certificate without re-enrolling its posts: a post
 * follows a rotation only when a key it trusts signed it, keeps syncing across both, and refuses a
 * forged rotation or an unannounced certificate, changing nothing.
 */
import { normalizeFingerprint } from '../../core/post/provisioning';
import { generateKeyPairSync, sign } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrustRecord, UnsignedTrustRecord } from '../../core/sync/centre-trust';
import { trustSigningText } from '../../core/sync/centre-trust';
import { createSelfSignedTls } from '../../server/tls';
import { admin, outboxCount } from './helpers';
import { CACHE_MS, trustCentre } from './trust-centre';

const { t, cli, enrolledPost, newPv } = trustCentre('rva-rotation-', 71_000);

describe('centre signing key rotation', () => {
  it('is made by the server command; a post that missed it walks the chain from its pinned key', async () => {
    const post = await enrolledPost();
    const pinned = post.trust().key;
    // Two rotations while the post is away, the first from the command line, both in force at once.
    const { stdout } = await cli('rotate-signing-key', '--in-hours', '0', '--overlap-hours', '1');
    const first = /next centre signing key (\S+)/.exec(stdout)?.[1];
    expect(first).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    t.now = Date.now() + 1_000;
    const second = await t.centre.store.rotateSigningKey({ notBefore: t.now, overlapMs: 3_600_000 });
    if (!second.ok) throw new Error(second.error);
    expect(second.record.previousKey).toBe(first);
    expect((await t.centre.store.centreSigner()).publicKey).toBe(second.record.nextKey);

    await newPv();
    post.record('PV-ROT-1');
    // Answers are signed with a key the post never pinned; the records lead to it from the pinned one.
    expect(await post.engine.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
    expect(post.pvs()).toBe(1);
    expect(post.trust()).toMatchObject({ key: first, nextKey: second.record.nextKey, keyUntil: second.record.previousUntil });
    expect(post.trust().key).not.toBe(pinned);
    expect(await t.centre.store.eventIds(post.deviceId)).toHaveLength(1);
  });

  it('is learnt ahead of time; both keys hold for the overlap, then only the new one', async () => {
    const post = await enrolledPost();
    const pinned = post.trust().key;
    const rotated = await t.centre.store.rotateSigningKey({ notBefore: t.now + 3_600_000, overlapMs: 3_600_000 });
    if (!rotated.ok) throw new Error(rotated.error);
    expect(rotated.record.previousKey).toBe(pinned);
    await newPv();
    // Still signed with the pinned key; the next one is known.
    expect((await post.engine.syncNow()).state).toBe('idle');
    expect(post.trust()).toMatchObject({ key: pinned, nextKey: rotated.record.nextKey, keyUntil: rotated.record.previousUntil });

    // From not-before the centre signs with the new key: pulls and pushes verify.
    t.now = rotated.record.notBefore + 1;
    expect((await t.centre.store.centreSigner()).publicKey).toBe(rotated.record.nextKey);
    await newPv();
    post.record('PV-ROT-2');
    expect(await post.engine.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
    expect(post.pvs()).toBe(2);

    // After the overlap only the new key is trusted: an answer signed with the old one is refused.
    t.now = rotated.record.previousUntil + 1;
    expect((await post.engine.syncNow()).state).toBe('idle');
    expect(post.trust()).toMatchObject({ key: rotated.record.nextKey, nextKey: null, keyUntil: null });
    await t.storage.query('UPDATE centre_keys SET not_before = $1 WHERE public_key = $2', [t.now, pinned]);
    t.now += CACHE_MS;
    try {
      expect((await t.centre.store.centreSigner()).publicKey).toBe(pinned);
      await newPv();
      const cursor = post.engine.state.cursor();
      expect(await post.engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.badSignature' });
      expect(post.engine.state.cursor()).toBe(cursor);
      expect(post.pvs()).toBe(2);
    } finally {
      await t.storage.query('UPDATE centre_keys SET not_before = NULL WHERE public_key = $1', [pinned]);
      t.now += CACHE_MS;
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
      forge({ kind: 'signingKey', previousKey: before.key, nextKey: attackerKey, notBefore: t.now, previousUntil: t.now }),
      forge({ kind: 'certificate', fingerprint256: 'AB'.repeat(32), announcedAt: t.now, signingKey: attackerKey }),
    ];
    for (const forged of forgeries) {
      // Written straight into the centre's records (a tampered database, or whoever can add to its answers).
      await t.storage.query('INSERT INTO centre_trust_records (kind, body, created_at) VALUES ($1, $2, $3)', [
        forged.kind,
        JSON.stringify(forged),
        t.now,
      ]);
      t.now += CACHE_MS;
      await newPv();
      post.record(`PV-FORGED-${forged.kind}`);
      const cursor = post.engine.state.cursor();
      expect(await post.engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.badRotation', queueLength: 1 });
      expect(post.trust()).toEqual(before);
      expect(post.engine.state.cursor()).toBe(cursor);
      await t.storage.query('DELETE FROM centre_trust_records WHERE body = $1', [JSON.stringify(forged)]);
      t.now += CACHE_MS;
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
    expect(t.centre.tls?.fingerprint256).toBe(next);
    await newPv();
    post.record('PV-TLS-NEXT');
    expect(await post.engine.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
    expect(post.trust()).toMatchObject({ fingerprint: normalizeFingerprint(next!), nextFingerprint: null });
    expect(post.pvs()).toBeGreaterThan(0);

    // A certificate nobody announced: refused before anything is sent.
    const unannounced = createSelfSignedTls();
    writeFileSync(join(t.dir, 'tls', 'server.key'), unannounced.key, { mode: 0o600 });
    writeFileSync(join(t.dir, 'tls', 'server.pem'), unannounced.cert, { mode: 0o600 });
    expect((await admin(t.centre, 'POST', '/admin/tls/reload')).status).toBe(200);
    post.record('PV-TLS-ROGUE');
    const events = await t.centre.store.eventIds(post.deviceId);
    expect(await post.engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.fingerprintMismatch', queueLength: 1 });
    expect(await t.centre.store.eventIds(post.deviceId)).toEqual(events);
    expect(outboxCount(post.db)).toBe(1);
  });

  it('refuses to activate a certificate that was not announced', async () => {
    rmSync(join(t.dir, 'tls', 'next.pem'), { force: true });
    const unannounced = createSelfSignedTls();
    writeFileSync(join(t.dir, 'tls', 'next.key'), unannounced.key, { mode: 0o600 });
    writeFileSync(join(t.dir, 'tls', 'next.pem'), unannounced.cert, { mode: 0o600 });
    await expect(cli('renew-certificate', '--activate')).rejects.toMatchObject({ code: 2 });
  });
});
