/**
 * A trusted PV signing key as an administrator gives it to the console: pasted or read from a
 * file, in one of the forms an authority hands out (the `rva-pv-trusted-key` JSON file, a PEM
 * public key, or the 32 bytes in hex). Pure: the console screen checks with it as the
 * administrator types, the centre checks again before anything is stored.
 */
import * as ed from '@noble/ed25519';
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { bytesToHex, fromBase64Url, hexToBytes } from '../departure/encoding';

export const pvKeyIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);

export type PvKeyTextError =
  /** Not a form we know (hex, PEM, key file). */
  | 'format'
  /** A private key: it must never leave the authority. */
  | 'privateKey'
  /** Not an Ed25519 key. */
  | 'algorithm'
  /** 32 bytes that are not a usable Ed25519 public key. */
  | 'invalidKey'
  /** The demo key: known to everyone, never trusted by a real centre. */
  | 'demoKey'
  /** The key file names a key id that is not well formed. */
  | 'keyId';

export type PvKeyText = { ok: true; publicKey: string; keyId: string | null } | { ok: false; error: PvKeyTextError };

/** Most characters of pasted key text looked at (a key file is a few hundred). */
export const PV_KEY_TEXT_MAX = 4096;

// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): 12 bytes, then the 32 of the key.
const SPKI_ED25519_PREFIX = '302a300506032b6570032100';

const keyFileSchema = z
  .object({
    format: z.literal('rva-pv-trusted-key'),
    algorithm: z.string(),
    keyId: z.string(),
    publicKey: z.string(),
    demoOnly: z.boolean().optional(),
  })
  .passthrough();

function fromPem(text: string): Uint8Array | null {
  const body = text
    .replace(/-----BEGIN PUBLIC KEY-----|-----END PUBLIC KEY-----/g, '')
    .replace(/\s+/g, '')
    .replace(/=+$/, '');
  return fromBase64Url(body.replace(/\+/g, '-').replace(/\//g, '_'));
}

/** An Ed25519 public key (hex) that is a point of the curve and not of small order. */
function usableKey(hex: string): PvKeyText {
  const bytes = hexToBytes(hex);
  if (!bytes || bytes.length !== 32) return { ok: false, error: 'invalidKey' };
  try {
    if (ed.Point.fromBytes(bytes).isSmallOrder()) return { ok: false, error: 'invalidKey' };
  } catch {
    return { ok: false, error: 'invalidKey' };
  }
  return { ok: true, publicKey: hex, keyId: null };
}

/** Reads a public key from what was pasted or read from a file. Never throws. */
export function parsePvKeyText(input: string): PvKeyText {
  const text = input.trim();
  if (text.length === 0 || text.length > PV_KEY_TEXT_MAX) return { ok: false, error: 'format' };
  if (/PRIVATE KEY|"privateKey"|"secretKey"/i.test(text)) return { ok: false, error: 'privateKey' };
  if (/^[0-9a-fA-F]{64}$/.test(text)) return usableKey(text.toLowerCase());
  if (text.startsWith('-----BEGIN PUBLIC KEY-----')) {
    const der = fromPem(text);
    if (!der) return { ok: false, error: 'format' };
    const hex = bytesToHex(der);
    if (der.length !== 44 || !hex.startsWith(SPKI_ED25519_PREFIX)) return { ok: false, error: 'algorithm' };
    return usableKey(hex.slice(SPKI_ED25519_PREFIX.length));
  }
  if (text.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, error: 'format' };
    }
    const file = keyFileSchema.safeParse(value);
    if (!file.success) return { ok: false, error: 'format' };
    if (file.data.demoOnly) return { ok: false, error: 'demoKey' };
    if (file.data.algorithm !== 'Ed25519') return { ok: false, error: 'algorithm' };
    if (!pvKeyIdSchema.safeParse(file.data.keyId).success) return { ok: false, error: 'keyId' };
    if (!/^[0-9a-fA-F]{64}$/.test(file.data.publicKey)) return { ok: false, error: 'invalidKey' };
    const key = usableKey(file.data.publicKey.toLowerCase());
    return key.ok ? { ...key, keyId: file.data.keyId } : key;
  }
  return { ok: false, error: 'format' };
}

/** What administrators compare with the authority over the phone: SHA-256 of the key, 16 bytes in groups of 4 hex. */
export function pvKeyFingerprint(publicKeyHex: string): string {
  const bytes = hexToBytes(publicKeyHex) ?? new Uint8Array();
  return (bytesToHex(sha256(bytes)).slice(0, 32).match(/.{4}/g) ?? []).join(' ');
}
