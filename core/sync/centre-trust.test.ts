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
