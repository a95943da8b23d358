import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromBase64Url, toBase64Url, utf8Decode, utf8Encode } from './encoding';
import { canonicalJson, generatePvSigningKeyPair, pvQrNumber, pvSigningPublicKey, pvToQrFields, signPvQr, verifyPvQr } from './pv-qr';
import { samplePv } from './testing';

const keys = generatePvSigningKeyPair();
const trusted = [{ keyId: 'dgsn-2026', publicKey: keys.publicKey }];
const fields = pvToQrFields(samplePv({ beneficiary: { ...samplePv().beneficiary, surname: 'Ouédraogo' } }));
const text = signPvQr(fields, keys.privateKey, 'dgsn-2026');

function payloadOf(qr: string) {
  const body = qr.slice('RVAPV1:'.length, qr.lastIndexOf('.'));
  return JSON.parse(utf8Decode(fromBase64Url(body)!)!) as { kid: string; pv: Record<string, unknown> };
}
function reencode(qr: string, envelope: unknown) {
  const sig = qr.slice(qr.lastIndexOf('.') + 1);
  return `RVAPV1:${toBase64Url(utf8Encode(canonicalJson(envelope)))}.${sig}`;
}

describe('signPvQr / verifyPvQr', () => {
  it('round-trips the fields with the key id', () => {
    expect(text.startsWith('RVAPV1:')).toBe(true);
    const r = verifyPvQr(text, trusted);
    expect(r).toEqual({ valid: true, keyId: 'dgsn-2026', fields });
  });

  it('signs deterministically and never carries the status or the IOM case number', () => {
    expect(signPvQr(fields, keys.privateKey, 'dgsn-2026')).toBe(text);
    const envelope = payloadOf(text);
    expect(envelope.kid).toBe('dgsn-2026');
    expect(envelope.pv).not.toHaveProperty('status');
    expect(envelope.pv.beneficiary).not.toHaveProperty('iomCaseNumber');
  });

  it('refuses an altered field even when the payload is re-encoded canonically', () => {
    const envelope = payloadOf(text);
    envelope.pv.validUntil = (envelope.pv.validUntil as number) + 86_400_000 * 365;
    expect(verifyPvQr(reencode(text, envelope), trusted)).toMatchObject({ valid: false, code: 'badSignature' });
  });

  it('refuses a QR forged with another key under a trusted key id', () => {
    const forger = generatePvSigningKeyPair();
    const forged = signPvQr(fields, forger.privateKey, 'dgsn-2026');
    expect(verifyPvQr(forged, trusted)).toMatchObject({ valid: false, code: 'badSignature', message: 'pvQr.invalid.badSignature' });
  });

  it('refuses a QR signed with a key that is not trusted', () => {
    const other = signPvQr(fields, generatePvSigningKeyPair().privateKey, 'unknown-key');
    expect(verifyPvQr(other, trusted)).toMatchObject({ valid: false, code: 'unknownKey' });
  });

  it('refuses a signature moved to a changed key id', () => {
    const envelope = payloadOf(text);
    envelope.kid = 'dgsn-2027';
    expect(verifyPvQr(reencode(text, envelope), [...trusted, { keyId: 'dgsn-2027', publicKey: keys.publicKey }])).toMatchObject({
      valid: false,
      code: 'badSignature',
    });
  });

  it('refuses malformed texts', () => {
    for (const bad of ['', 'hello', 'RVAPV1:', 'RVAPV1:abc', 'RVAPV1:!!!.???', `${text}x`, text.replace('.', '')]) {
      const r = verifyPvQr(bad, trusted);
      expect(r.valid).toBe(false);
    }
    expect(verifyPvQr(text.replace('RVAPV1:', 'RVAPV2:'), trusted)).toMatchObject({ valid: false, code: 'unsupportedVersion' });
    expect(verifyPvQr('RVAPV1:' + 'A'.repeat(5000), trusted)).toMatchObject({ valid: false, code: 'malformed' });
  });

  it('refuses a non-canonical payload (same content, other bytes)', () => {
    const envelope = payloadOf(text);
    const sig = text.slice(text.lastIndexOf('.') + 1);
    const spaced = `RVAPV1:${toBase64Url(utf8Encode(JSON.stringify(envelope, null, 1)))}.${sig}`;
    expect(verifyPvQr(spaced, trusted)).toMatchObject({ valid: false, code: 'malformed' });
  });

  it('refuses any single-character change of the text (property)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length - 1 }), fc.constantFrom(...alphabet), (at, c) => {
        fc.pre(text[at] !== c);
        const changed = text.slice(0, at) + c + text.slice(at + 1);
        expect(verifyPvQr(changed, trusted).valid).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects invalid inputs to signing', () => {
    expect(() => signPvQr(fields, 'abcd', 'k')).toThrow(TypeError);
    expect(() => signPvQr(fields, keys.privateKey, 'bad key id')).toThrow(TypeError);
    expect(() => signPvQr({ ...fields, pvNumber: '' }, keys.privateKey, 'k')).toThrow(TypeError);
  });

  it('derives the public key from the private key', () => {
    expect(pvSigningPublicKey(keys.privateKey)).toBe(keys.publicKey);
  });
});

describe('pvQrNumber', () => {
  it('reads the PV number a text names before any check, to say which PV a refused line was for', () => {
    expect(pvQrNumber(text)).toBe(fields.pvNumber);
    expect(pvQrNumber(` ${text}\r`)).toBe(fields.pvNumber);
    // Signed by nobody we trust, or altered: the number is still readable (the check says the rest).
    const stranger = signPvQr(fields, generatePvSigningKeyPair().privateKey, 'other');
    expect(pvQrNumber(stranger)).toBe(fields.pvNumber);
    expect(pvQrNumber(reencode(text, { ...payloadOf(text), pv: { ...payloadOf(text).pv, pvNumber: 'PV-X' } }))).toBe('PV-X');
  });

  it('answers null for what is no RVAPV1 text or names no well-formed PV number', () => {
    for (const t of ['', 'hello', 'RVAPV2:abc.def', 'RVAPV1:', 'RVAPV1:!!!.x', `${text.slice(0, 40)}`, text.replace('RVAPV1:', 'RVAPV1 ')])
      expect(pvQrNumber(t), t).toBeNull();
    expect(pvQrNumber(reencode(text, { ...payloadOf(text), pv: { ...payloadOf(text).pv, pvNumber: 'a b' } }))).toBeNull();
    expect(pvQrNumber(reencode(text, { kid: 'dgsn-2026', pv: 42 }))).toBeNull();
    expect(pvQrNumber(`RVAPV1:${'A'.repeat(5000)}.x`)).toBeNull();
  });
});

describe('encodings', () => {
  it('base64url round-trips and matches Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const t = toBase64Url(bytes);
        expect(t).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64Url(t)).toEqual(bytes);
      }),
    );
  });
  it('base64url refuses padding, foreign characters and non-zero trailing bits', () => {
    expect(fromBase64Url('QQ==')).toBeNull();
    expect(fromBase64Url('Q+')).toBeNull();
    expect(fromBase64Url('QR')).toBeNull(); // 'QQ' is the canonical form of "A"
    expect(fromBase64Url('QQ')).toEqual(Uint8Array.of(65));
  });
  it('utf8 round-trips and matches Node; invalid sequences are refused', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const bytes = utf8Encode(s);
        expect(Buffer.from(bytes).equals(Buffer.from(s, 'utf8'))).toBe(true);
        expect(utf8Decode(bytes)).toBe(s);
      }),
    );
    expect(utf8Decode(Uint8Array.of(0xc0, 0x80))).toBeNull();
    expect(utf8Decode(Uint8Array.of(0xe2, 0x82))).toBeNull();
    expect(utf8Decode(Uint8Array.of(0xff))).toBeNull();
  });
  it('canonicalJson sorts keys and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: undefined } })).toBe('{"a":{"d":[1,"x"]},"b":1}');
  });
});

describe('verifyPvQr with an injected native signature check', () => {
  it('gives the same answers with node:crypto', async () => {
    const { createPublicKey, verify } = await import('node:crypto');
    const nodeVerify = (sig: Uint8Array, msg: Uint8Array, pub: Uint8Array) =>
      verify(
        null,
        msg,
        createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pub).toString('base64url') }, format: 'jwk' }),
        sig,
      );
    expect(verifyPvQr(text, trusted, { verifyEd25519: nodeVerify })).toEqual(verifyPvQr(text, trusted));
    const forged = signPvQr(fields, generatePvSigningKeyPair().privateKey, 'dgsn-2026');
    expect(verifyPvQr(forged, trusted, { verifyEd25519: nodeVerify })).toMatchObject({ valid: false, code: 'badSignature' });
  });
});

describe('verifyPvQr on hostile payloads', () => {
  it('answers malformed, without throwing, for a number that overflows to Infinity', () => {
    const payload = Buffer.from('{"kid":"k","pv":{"issuedAt":1e999}}').toString('base64url');
    const sig = Buffer.alloc(64).toString('base64url');
    expect(verifyPvQr(`RVAPV1:${payload}.${sig}`, [])).toMatchObject({ valid: false, code: 'malformed' });
  });
});
