/**
 * How PINs are hashed and how many wrong ones an account takes: the one place both the post and
 * the centre (one-time PINs issued from the console) read these numbers from.
 *
 * Stored form: `scrypt$N$r$p$<salt, base64>$<key, base64>`. The N, r, p written in a stored hash
 * are never trusted: a verifier compares them to the parameters configured here and refuses a
 * hash made with any others (a hash with N=2 would otherwise verify in microseconds).
 */

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP Password Storage Cheat Sheet, current minimum for scrypt. */
export const OWASP_SCRYPT_MINIMUM: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/** What new PIN hashes are made with, on the post and at the centre. */
export const PIN_HASH_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
export const PIN_HASH_KEY_LENGTH = 32;
export const PIN_HASH_SALT_LENGTH = 16;

/**
 * Hashes written by an earlier release (N=2^15) still verify, so a post upgraded in place keeps
 * its users; the post rehashes with PIN_HASH_PARAMS at the next successful sign-in.
 */
export const LEGACY_PIN_HASH_PARAMS: readonly ScryptParams[] = [{ N: 2 ** 15, r: 8, p: 1 }];

/** Wrong PINs in a row before the account is locked, and for how long. Counted per submitted name. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MS = 5 * 60_000;

/** scrypt needs 128·N·r bytes; node's `maxmem` must be above it. */
export function scryptMemoryBytes(params: ScryptParams): number {
  return 128 * params.N * params.r + 1024 * 1024;
}

export function sameParams(a: ScryptParams, b: ScryptParams): boolean {
  return a.N === b.N && a.r === b.r && a.p === b.p;
}

/** At least as costly as the OWASP minimum in every parameter. */
export function meetsMinimum(params: ScryptParams, minimum: ScryptParams = OWASP_SCRYPT_MINIMUM): boolean {
  return params.N >= minimum.N && params.r >= minimum.r && params.p >= minimum.p;
}

export function encodePinHash(params: ScryptParams, saltBase64: string, keyBase64: string): string {
  return `scrypt$${params.N}$${params.r}$${params.p}$${saltBase64}$${keyBase64}`;
}

export interface DecodedPinHash {
  params: ScryptParams;
  saltBase64: string;
  keyBase64: string;
}

const STORED = /^scrypt\$(\d{1,10})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** Splits a stored hash; null when it is not in the stored form. Says nothing about whether its parameters are acceptable. */
export function decodePinHash(stored: string): DecodedPinHash | null {
  const m = STORED.exec(stored);
  if (!m) return null;
  return { params: { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }, saltBase64: m[4] as string, keyBase64: m[5] as string };
}
