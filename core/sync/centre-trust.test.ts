import { generateKeyPairSync, sign, verify, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CentreTrust, TrustRecord, UnsignedTrustRecord } from './centre-trust';
import {
  acceptedFingerprints,
  acceptedKeys,
  applyTrustRecords,
  connectedWith,
  decodeTrustRecords,
  encodeTrustRecords,
  trustChainPageSchema,
  trustSigningText,
} from './centre-trust';

const keyPair = () => {
  const pair = generateKeyPairSync('ed25519');
  return { ...pair, raw: Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64') };
};
const signed = (record: UnsignedTrustRecord, by: ReturnType<typeof keyPair>): TrustRecord =>
  ({ ...record, signature: sign(null, Buffer.from(trustSigningText(record)), by.privateKey).toString('base64') }) as TrustRecord;
const check = (publicKey: string, text: string, signature: string) =>
  verify(
    null,
    Buffer.from(text),
    createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'base64').toString('base64url') }, format: 'jwk' }),
    Buffer.from(signature, 'base64'),
  );

const a = keyPair();
const b = keyPair();
const c = keyPair();
const evil = keyPair();
const trust: CentreTrust = { key: a.raw, nextKey: null, keyUntil: null, fingerprint: 'A'.repeat(64), nextFingerprint: null };
const rotation = (from: ReturnType<typeof keyPair>, to: ReturnType<typeof keyPair>, until: number, by = from) =>
  signed({ kind: 'signingKey', previousKey: from.raw, nextKey: to.raw, notBefore: until - 10, previousUntil: until }, by);

describe('centre trust records', () => {
  it('follows a rotation signed by the pinned key, keeps the old key only for the overlap', () => {
    const update = applyTrustRecords(trust, [rotation(a, b, 1_000)], 0, check);
    expect(update).toEqual({ ok: true, changed: true, trust: { ...trust, nextKey: b.raw, keyUntil: 1_000 } });
    if (!update.ok) return;
    expect(acceptedKeys(update.trust, 999)).toEqual([a.raw, b.raw]);
    expect(acceptedKeys(update.trust, 1_000)).toEqual([b.raw]);
    // Seen again: nothing to do.
    expect(applyTrustRecords(update.trust, [rotation(a, b, 1_000)], 0, check)).toMatchObject({ ok: true, changed: false });
  });

  it('walks a chain of rotations from the pinned key, in any order, and stops on a loop', () => {
    const update = applyTrustRecords(trust, [rotation(b, c, 2_000), rotation(a, b, 1_000)], 0, check);
    expect(update).toMatchObject({ ok: true, trust: { key: b.raw, nextKey: c.raw, keyUntil: 2_000 } });
    const loop = applyTrustRecords(trust, [rotation(a, b, 1_000), rotation(b, a, 1_000)], 0, check);
    expect(loop.ok).toBe(true);
  });

  it('refuses a rotation from a trusted key signed by another, and a certificate signed by an unknown key', () => {
    expect(applyTrustRecords(trust, [rotation(a, evil, 1_000, evil)], 0, check)).toEqual({ ok: false, error: 'badRotation' });
    const tampered = { ...rotation(a, b, 1_000), nextKey: evil.raw };
    expect(applyTrustRecords(trust, [tampered], 0, check)).toEqual({ ok: false, error: 'badRotation' });
    const forgedCert = signed({ kind: 'certificate', fingerprint256: 'B'.repeat(64), announcedAt: 1, signingKey: evil.raw }, evil);
    expect(applyTrustRecords(trust, [forgedCert], 0, check)).toEqual({ ok: false, error: 'badRotation' });
    // A rotation between keys this post never trusted is someone else's history: ignored.
    expect(applyTrustRecords(trust, [rotation(evil, c, 1_000)], 0, check)).toMatchObject({ ok: true, changed: false });
  });

  it('accepts the latest announced certificate and pins it once connected with it', () => {
    const cert = signed({ kind: 'certificate', fingerprint256: 'B'.repeat(64), announcedAt: 1, signingKey: a.raw }, a);
    const update = applyTrustRecords(trust, [cert], 0, check);
    if (!update.ok) throw new Error(update.error);
    expect(acceptedFingerprints(update.trust)).toEqual(['A'.repeat(64), 'B'.repeat(64)]);
    expect(connectedWith(update.trust, 'AA:'.repeat(31) + 'AA')).toEqual(update.trust);
    expect(connectedWith(update.trust, 'bb:'.repeat(31) + 'bb')).toMatchObject({ fingerprint: 'B'.repeat(64), nextFingerprint: null });
  });

  it('reads the header strictly', () => {
    const records = [rotation(a, b, 1_000)];
    expect(decodeTrustRecords(encodeTrustRecords(records))).toEqual(records);
    expect(decodeTrustRecords(undefined)).toBeNull();
    expect(decodeTrustRecords('not base64url!')).toBe('bad');
    expect(decodeTrustRecords(Buffer.from('[{"kind":"other"}]').toString('base64url'))).toBe('bad');
  });
});

describe('centre key revocation by the recovery key', () => {
  const recovery = keyPair();
  const replacement = keyPair();
  const recovered: CentreTrust = { ...trust, recovery: { key: recovery.raw, seq: 0, revoked: [] } };
  const revocation = (seq: number, revoked: ReturnType<typeof keyPair>, next: ReturnType<typeof keyPair>, at: number, by = recovery) =>
    signed({ kind: 'revocation', seq, revokedKey: revoked.raw, replacementKey: next.raw, revokedAt: at, recoveryKey: recovery.raw }, by);

  it('drops the revoked key at once and trusts only the replacement', () => {
    // The post had already followed a rotation to a key the thief made with the stolen one.
    const stolen = applyTrustRecords(recovered, [rotation(a, evil, 5_000)], 0, check);
    if (!stolen.ok) throw new Error(stolen.error);
    expect(acceptedKeys(stolen.trust, 10)).toEqual([a.raw, evil.raw]);
    const update = applyTrustRecords(stolen.trust, [revocation(1, a, replacement, 100)], 200, check);
    if (!update.ok) throw new Error(update.error);
    expect(update.trust).toMatchObject({ key: replacement.raw, nextKey: null, keyUntil: null });
    expect(update.trust.recovery).toEqual({ key: recovery.raw, seq: 1, revoked: [{ key: a.raw, at: 100 }] });
    expect(acceptedKeys(update.trust, 200)).toEqual([replacement.raw]);
    // Seen again (every answer carries it): nothing changes.
    expect(applyTrustRecords(update.trust, [revocation(1, a, replacement, 100)], 300, check)).toMatchObject({ ok: true, changed: false });
  });

  it('refuses a rotation the revoked key signed after the revocation point, follows one before it only as history', () => {
    const revoked = applyTrustRecords(recovered, [revocation(1, a, replacement, 100)], 200, check);
    if (!revoked.ok) throw new Error(revoked.error);
    const after = signed({ kind: 'signingKey', previousKey: a.raw, nextKey: evil.raw, notBefore: 150, previousUntil: 400 }, a);
    expect(applyTrustRecords(revoked.trust, [after], 300, check)).toEqual({ ok: false, error: 'badRotation' });
    // Also when it comes in the same answer as the revocation.
    expect(applyTrustRecords(recovered, [after, revocation(1, a, replacement, 100)], 300, check)).toEqual({
      ok: false,
      error: 'badRotation',
    });
    // A rotation from before the revocation point is the past: not followed, not refused.
    const before = signed({ kind: 'signingKey', previousKey: a.raw, nextKey: b.raw, notBefore: 50, previousUntil: 90 }, a);
    expect(applyTrustRecords(revoked.trust, [before], 300, check)).toMatchObject({ ok: true, changed: false });
    // The replacement rotates as any key does.
    const next = applyTrustRecords(revoked.trust, [rotation(replacement, c, 1_000)], 300, check);
    expect(next).toMatchObject({ ok: true, trust: { key: replacement.raw, nextKey: c.raw } });
  });

  it('refuses a revocation not signed by the pinned recovery key, and ignores an old one', () => {
    expect(applyTrustRecords(recovered, [revocation(1, a, evil, 100, evil)], 200, check)).toEqual({ ok: false, error: 'badRotation' });
    const otherRecovery = signed(
      { kind: 'revocation', seq: 1, revokedKey: a.raw, replacementKey: evil.raw, revokedAt: 100, recoveryKey: evil.raw },
      evil,
    );
    expect(applyTrustRecords(recovered, [otherRecovery], 200, check)).toEqual({ ok: false, error: 'badRotation' });
    const tampered = { ...revocation(1, a, replacement, 100), replacementKey: evil.raw };
    expect(applyTrustRecords(recovered, [tampered], 200, check)).toEqual({ ok: false, error: 'badRotation' });
    // Replaying revocation 1 after revocation 2 does not bring its replacement back.
    const first = applyTrustRecords(recovered, [revocation(1, a, b, 100), revocation(2, b, replacement, 150)], 200, check);
    if (!first.ok) throw new Error(first.error);
    expect(first.trust).toMatchObject({ key: replacement.raw, recovery: { seq: 2 } });
    expect(applyTrustRecords(first.trust, [revocation(1, a, b, 100)], 300, check)).toMatchObject({ ok: true, changed: false });
  });

  it('a post enrolled before the recovery key learns it once, from a record signed by a key it trusts', () => {
    const announce = (key: ReturnType<typeof keyPair>, by: ReturnType<typeof keyPair>) =>
      signed({ kind: 'recoveryKey', recoveryKey: key.raw, announcedAt: 1, signingKey: by.raw }, by);
    // Without a recovery key, revocations cannot be checked: ignored.
    expect(applyTrustRecords(trust, [revocation(1, a, evil, 100)], 200, check)).toMatchObject({ ok: true, changed: false });
    expect(applyTrustRecords(trust, [announce(evil, evil)], 200, check)).toMatchObject({ ok: true, changed: false });
    const learnt = applyTrustRecords(trust, [announce(recovery, a), revocation(1, a, replacement, 100)], 200, check);
    expect(learnt).toMatchObject({ ok: true, trust: { key: replacement.raw, recovery: { key: recovery.raw, seq: 1 } } });
    // The first one stays: a later announcement of another recovery key is ignored.
    if (!learnt.ok) return;
    expect(applyTrustRecords(learnt.trust, [announce(evil, replacement)], 300, check)).toMatchObject({ ok: true, changed: false });
  });

  it('reads a long chain from the catch-up answer', () => {
    const chain = Array.from({ length: 30 }, () => rotation(a, b, 1_000));
    expect(trustChainPageSchema.safeParse({ records: chain.map((record, i) => ({ seq: i + 1, record })), more: false }).success).toBe(true);
    expect(decodeTrustRecords(encodeTrustRecords(chain))).toBe('bad');
  });
});
