import { describe, expect, it } from 'vitest';
import { generatePvSigningKeyPair } from '../departure/pv-qr';
import { parsePvKeyText, pvKeyFingerprint } from './pv-key';
import demoKey from '../../resources/demo/pv-signing-demo.pub.json';

/** The same key as a PEM SubjectPublicKeyInfo (RFC 8410). */
const pem = (hex: string) =>
  `-----BEGIN PUBLIC KEY-----\n${Buffer.from(`302a300506032b6570032100${hex}`, 'hex').toString('base64')}\n-----END PUBLIC KEY-----\n`;

describe('parsePvKeyText', () => {
  const { publicKey, privateKey } = generatePvSigningKeyPair();

  it('reads hex, PEM and the key file, and the key id the file names', () => {
    expect(parsePvKeyText(` ${publicKey.toUpperCase()}\n`)).toEqual({ ok: true, publicKey, keyId: null });
    expect(parsePvKeyText(pem(publicKey))).toEqual({ ok: true, publicKey, keyId: null });
    const file = JSON.stringify({ format: 'rva-pv-trusted-key', algorithm: 'Ed25519', keyId: 'dgsn-2027', publicKey });
    expect(parsePvKeyText(file)).toEqual({ ok: true, publicKey, keyId: 'dgsn-2027' });
  });

  it('refuses private keys, other algorithms, points off the curve, small order and the demo key', () => {
    expect(parsePvKeyText(JSON.stringify({ privateKey }))).toEqual({ ok: false, error: 'privateKey' });
    expect(parsePvKeyText('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toEqual({ ok: false, error: 'privateKey' });
    const rsa = `-----BEGIN PUBLIC KEY-----\n${Buffer.alloc(60, 1).toString('base64')}\n-----END PUBLIC KEY-----`;
    expect(parsePvKeyText(rsa)).toEqual({ ok: false, error: 'algorithm' });
    expect(parsePvKeyText(`${'ff'.repeat(31)}7f`)).toEqual({ ok: false, error: 'invalidKey' });
    // The identity point (y = 1): small order, anyone could forge with it.
    expect(parsePvKeyText(`01${'00'.repeat(31)}`)).toEqual({ ok: false, error: 'invalidKey' });
    expect(parsePvKeyText(JSON.stringify(demoKey))).toEqual({ ok: false, error: 'demoKey' });
    expect(parsePvKeyText(JSON.stringify({ ...demoKey, demoOnly: false, keyId: 'bad id' }))).toEqual({ ok: false, error: 'keyId' });
    expect(parsePvKeyText('hello')).toEqual({ ok: false, error: 'format' });
    expect(parsePvKeyText('')).toEqual({ ok: false, error: 'format' });
  });

  it('gives a fingerprint of 8 groups of 4 hex digits, different per key', () => {
    expect(pvKeyFingerprint(publicKey)).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    expect(pvKeyFingerprint(publicKey)).not.toBe(pvKeyFingerprint(generatePvSigningKeyPair().publicKey));
  });
});
