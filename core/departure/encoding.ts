/**
 * Byte encodings for the PV QR, from @noble/hashes (hex, UTF-8 out) and @scure/base (base64url,
 * strict UTF-8 in). Decoders answer null instead of throwing on text that is not canonical.
 */
import { base64urlnopad, utf8 } from '@scure/base';
import { bytesToHex as nobleBytesToHex, hexToBytes as nobleHexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/** base64url without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes);
}

/**
 * Strict base64url decoding: no padding, no whitespace, unused trailing bits must be zero (so each
 * byte string has exactly one text form). Returns null when the text is not canonical base64url.
 */
export function fromBase64Url(text: string): Uint8Array | null {
  if (/[^A-Za-z0-9_-]/.test(text)) return null; // no padding, no whitespace
  try {
    return base64urlnopad.decode(text);
  } catch {
    return null;
  }
}

/** UTF-8 bytes of the text (a lone surrogate becomes U+FFFD). */
export function utf8Encode(text: string): Uint8Array {
  return utf8ToBytes(text);
}

/** Strict UTF-8 decoding; null on any invalid or overlong sequence. */
export function utf8Decode(bytes: Uint8Array): string | null {
  try {
    return utf8.encode(bytes);
  } catch {
    return null;
  }
}

export function bytesToHex(bytes: Uint8Array): string {
  return nobleBytesToHex(bytes);
}

export function hexToBytes(hex: string): Uint8Array | null {
  try {
    return nobleHexToBytes(hex);
  } catch {
    return null;
  }
}
