/**
 * Signed PV QR. A PV document may carry a QR with the PV's key fields signed (Ed25519) by the
 * issuing authority, so that a PV missing from the cache can still be checked offline.
 *
 * Text: `RVAPV1:<payload>.<signature>` where
 *   payload   = base64url (no padding) of the UTF-8 canonical JSON `{"kid":<key id>,"pv":<fields>}`
 *               (object keys sorted, no whitespace, absent optional fields omitted);
 *   signature = base64url of the 64-byte Ed25519 signature (RFC 8032, strict verification) of the
 *               ASCII bytes `RVAPV1:<payload>`.
 * See docs/pv-format.md.
 */
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { bytesToHex, fromBase64Url, hexToBytes, toBase64Url, utf8Decode, utf8Encode } from './encoding';
import { beneficiarySchema, postCodeSchema, pvFlagsSchema, pvTravelDocumentSchema, ticketSchema } from './pv';
import type { Pv } from './pv';

ed.hashes.sha512 = sha512;

export const PV_QR_PREFIX = 'RVAPV1:';
/** Longest QR text accepted (a real one is well under 1,500 characters). */
export const PV_QR_MAX_LENGTH = 4096;

export const keyIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,40}$/);

/** The PV fields a QR carries: all but the status (only the cache knows a revocation) and the IOM case number. */
export const pvQrFieldsSchema = z
  .object({
    pvNumber: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/),
    policeStation: z.string().min(1).max(120),
    issuedAt: z.number().int().nonnegative(),
    revision: z.number().int().nonnegative(),
    beneficiary: beneficiarySchema.omit({ iomCaseNumber: true }),
    travelDocument: pvTravelDocumentSchema,
    ticket: ticketSchema,
    authorisedPosts: z.union([z.literal('any'), z.array(postCodeSchema).min(1)]),
    validFrom: z.number().int().nonnegative(),
    validUntil: z.number().int().nonnegative(),
    flags: pvFlagsSchema,
  })
  .strict();

export type PvQrFields = z.infer<typeof pvQrFieldsSchema>;

export interface PvTrustedKey {
  keyId: string;
  /** 32-byte Ed25519 public key, hex. */
  publicKey: string;
}

export type PvQrInvalidCode = 'malformed' | 'unsupportedVersion' | 'unknownKey' | 'badSignature' | 'invalidFields';

export type PvQrVerification =
  { valid: true; keyId: string; fields: PvQrFields } | { valid: false; code: PvQrInvalidCode; /** i18n key */ message: string };

/** The QR fields of a PV record. */
export function pvToQrFields(pv: Pv): PvQrFields {
  const { iomCaseNumber: _omitted, ...beneficiary } = pv.beneficiary;
  return {
    pvNumber: pv.pvNumber,
    policeStation: pv.policeStation,
    issuedAt: pv.issuedAt,
    revision: pv.revision,
    beneficiary,
    travelDocument: pv.travelDocument,
    ticket: pv.ticket,
    authorisedPosts: pv.authorisedPosts,
    validFrom: pv.validFrom,
    validUntil: pv.validUntil,
    flags: pv.flags,
  };
}

/** JSON with object keys sorted recursively and no whitespace; `undefined` members are omitted. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function asBytes(key: Uint8Array | string, length: number, what: string): Uint8Array {
  const bytes = typeof key === 'string' ? hexToBytes(key) : key;
  if (!bytes || bytes.length !== length) throw new TypeError(`${what}: expected ${length} bytes`);
  return bytes;
}

/**
 * Signs PV fields into QR text. `privateKey` is the 32-byte Ed25519 secret key (bytes or hex).
 * Throws a TypeError on invalid fields, key id or key: those are programming errors.
 */
export function signPvQr(fields: PvQrFields, privateKey: Uint8Array | string, keyId: string): string {
  const parsedFields = pvQrFieldsSchema.safeParse(fields);
  if (!parsedFields.success) throw new TypeError(`signPvQr: invalid fields (${parsedFields.error.issues[0]?.path.join('.')})`);
  if (!keyIdSchema.safeParse(keyId).success) throw new TypeError('signPvQr: invalid key id');
  const secret = asBytes(privateKey, 32, 'signPvQr: private key');
  const payload = toBase64Url(utf8Encode(canonicalJson({ kid: keyId, pv: parsedFields.data })));
  const signed = `${PV_QR_PREFIX}${payload}`;
  const signature = ed.sign(utf8Encode(signed), secret);
  return `${signed}.${toBase64Url(signature)}`;
}

const invalid = (code: PvQrInvalidCode): PvQrVerification => ({ valid: false, code, message: `pvQr.invalid.${code}` });

const envelopeSchema = z.object({ kid: keyIdSchema, pv: z.unknown() }).strict();

/** An Ed25519 signature check: (signature 64 bytes, message, public key 32 bytes) -> valid. */
export type Ed25519Verify = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean;

/** The pure-JS check (@noble/ed25519, strict RFC 8032). */
export const nobleEd25519Verify: Ed25519Verify = (signature, message, publicKey) =>
  ed.verify(signature, message, publicKey, { zip215: false });

export interface VerifyPvQrOptions {
  /**
   * The signature check to use. Default: @noble/ed25519 (pure JS, runs anywhere). The main
   * process may pass a faster native one (node:crypto) with the same contract.
   */
  verifyEd25519?: Ed25519Verify;
}

/** A QR text taken apart before any signature check, or why it is no RVAPV1 text. */
type Decoded =
  | { ok: true; signed: string; signature: Uint8Array; envelope: z.infer<typeof envelopeSchema> }
  | { ok: false; code: 'malformed' | 'unsupportedVersion' };

function decodePvQr(text: string): Decoded {
  const malformed = { ok: false, code: 'malformed' } as const;
  const t = text.trim();
  if (t.length > PV_QR_MAX_LENGTH) return malformed;
  if (!t.startsWith(PV_QR_PREFIX)) return /^RVAPV\d+:/.test(t) ? { ok: false, code: 'unsupportedVersion' } : malformed;
  const dot = t.lastIndexOf('.');
  if (dot <= PV_QR_PREFIX.length) return malformed;
  const signed = t.slice(0, dot);
  const payloadBytes = fromBase64Url(t.slice(PV_QR_PREFIX.length, dot));
  const signature = fromBase64Url(t.slice(dot + 1));
  if (!payloadBytes || !signature || signature.length !== 64) return malformed;
  const json = utf8Decode(payloadBytes);
  if (json === null) return malformed;
  let envelopeValue: unknown;
  try {
    envelopeValue = JSON.parse(json);
  } catch {
    return malformed;
  }
  const envelope = envelopeSchema.safeParse(envelopeValue);
  if (!envelope.success) return malformed;
  // One byte string per content: a re-encoded payload is refused even if someone signed it.
  // (A number such as 1e999 parses to Infinity, which has no canonical form: malformed too.)
  let canonical: string;
  try {
    canonical = canonicalJson(envelopeValue);
  } catch {
    return malformed;
  }
  if (canonical !== json) return malformed;
  return { ok: true, signed, signature, envelope: envelope.data };
}

/**
 * The PV number a QR text names, read before any check (to say which PV a refused text was for);
 * null when it is no RVAPV1 text or names no well-formed PV number. Says nothing of its signature.
 */
export function pvQrNumber(text: string): string | null {
  const decoded = decodePvQr(text);
  if (!decoded.ok) return null;
  const { pv } = decoded.envelope;
  const number = pvQrFieldsSchema.shape.pvNumber.safeParse(
    typeof pv === 'object' && pv !== null ? (pv as { pvNumber?: unknown }).pvNumber : null,
  );
  return number.success ? number.data : null;
}

/** Verifies QR text against the trusted keys. Never throws. */
export function verifyPvQr(text: string, trustedKeys: readonly PvTrustedKey[], options: VerifyPvQrOptions = {}): PvQrVerification {
  const decoded = decodePvQr(text);
  if (!decoded.ok) return invalid(decoded.code);
  const { signed, signature, envelope } = decoded;
  const key = trustedKeys.find((k) => k.keyId === envelope.kid);
  if (!key) return invalid('unknownKey');
  const publicKey = hexToBytes(key.publicKey);
  if (!publicKey || publicKey.length !== 32) return invalid('unknownKey');
  let ok: boolean;
  try {
    ok = (options.verifyEd25519 ?? nobleEd25519Verify)(signature, utf8Encode(signed), publicKey);
  } catch {
    ok = false;
  }
  if (!ok) return invalid('badSignature');
  const fields = pvQrFieldsSchema.safeParse(envelope.pv);
  if (!fields.success) return invalid('invalidFields');
  return { valid: true, keyId: envelope.kid, fields: fields.data };
}

/** A new Ed25519 key pair, hex (uses the platform's secure random source). */
export function generatePvSigningKeyPair(): { privateKey: string; publicKey: string } {
  const { secretKey, publicKey } = ed.keygen();
  return { privateKey: bytesToHex(secretKey), publicKey: bytesToHex(publicKey) };
}

/** The public key (hex) of a private key (hex or bytes). */
export function pvSigningPublicKey(privateKey: Uint8Array | string): string {
  return bytesToHex(ed.getPublicKey(asBytes(privateKey, 32, 'pvSigningPublicKey: private key')));
}
