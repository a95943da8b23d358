/**
 * A keyboard-wedge scanner sends key positions, not characters. One programmed for a US QWERTY
 * host, plugged into a French AZERTY desk, types what the AZERTY layout has at those positions:
 * digits come out as & é " ' ( - è _ ç à, A<->Q, Z<->W, M becomes ',' (and 'M' becomes '?'),
 * '<' becomes '.', '/' becomes '!'. This module converts such text back and decides whether a
 * payload shows that signature.
 */

import { mrzShapeOf } from '../documents/mrz-layout';

/** What each US QWERTY character turns into on a French AZERTY host (same physical key). */
const US_TO_FR: ReadonlyArray<readonly [us: string, fr: string]> = [
  // number row, unshifted then shifted
  ['1', '&'],
  ['2', 'é'],
  ['3', '"'],
  ['4', "'"],
  ['5', '('],
  ['6', '-'],
  ['7', 'è'],
  ['8', '_'],
  ['9', 'ç'],
  ['0', 'à'],
  ['-', ')'],
  ['=', '='],
  ['`', '²'],
  ['!', '1'],
  ['@', '2'],
  ['#', '3'],
  ['$', '4'],
  ['%', '5'],
  ['^', '6'],
  ['&', '7'],
  ['*', '8'],
  ['(', '9'],
  [')', '0'],
  ['_', '°'],
  ['+', '+'],
  // letter rows: only the keys that differ
  ['q', 'a'],
  ['w', 'z'],
  ['a', 'q'],
  ['z', 'w'],
  ['m', ','],
  ['Q', 'A'],
  ['W', 'Z'],
  ['A', 'Q'],
  ['Z', 'W'],
  ['M', '?'],
  // punctuation
  [']', '$'],
  ['}', '£'],
  [';', 'm'],
  [':', 'M'],
  ["'", 'ù'],
  ['"', '%'],
  ['\\', '*'],
  ['|', 'µ'],
  [',', ';'],
  ['<', '.'],
  ['.', ':'],
  ['>', '/'],
  ['/', '!'],
  ['?', '§'],
];

const FR_TO_US = new Map<string, string>(US_TO_FR.map(([us, fr]) => [fr, us]));
const US_TO_FR_MAP = new Map<string, string>(US_TO_FR);

/** Characters that a US-programmed scanner produces on AZERTY and that scanned documents do not contain. */
const STRONG_SIGNATURE = new Set(['é', 'è', 'ç', 'à', 'ù', '²', '§', '°', '£', 'µ']);
/** Characters typical of the signature but also found in ordinary text. */
const WEAK_SIGNATURE = new Set(['&', '"', "'", '(', '_', '?', '!', ':', ';', ')']);

/** What the unshifted digit row gives on AZERTY: the images of 1234567890. */
const DIGIT_ROW = new Set(['&', 'é', '"', "'", '(', '-', 'è', '_', 'ç', 'à']);

/** Placeholder the wedge inserts for a dead key ('Dead'): the character cannot be recovered. */
export const DEAD_KEY_PLACEHOLDER = '\uFFFD';

/** Converts text typed by a US-programmed scanner on an AZERTY host back to what was scanned. */
export function fixAzertyAsQwerty(raw: string): string {
  let out = '';
  for (const ch of raw) out += FR_TO_US.get(ch) ?? ch;
  return out;
}

/** The reverse: what a US-programmed scanner types on an AZERTY host (used by tests and benches). */
export function qwertyAsAzerty(text: string): string {
  let out = '';
  for (const ch of text) out += US_TO_FR_MAP.get(ch) ?? ch;
  return out;
}

/** A full machine-readable zone: 3x30 (TD1 ID card), 2x36 (TD2, visa B), 2x44 (passport, visa A). */
export function isWellFormedMrz(text: string): boolean {
  return mrzShapeOf(text.split('\n').filter((l) => l.length > 0)) !== null;
}

/** An IATA Bar Coded Boarding Pass: 'M' + leg count, then a fixed-width passenger name field. */
export function looksLikeBcbp(text: string): boolean {
  return /^M[1-4].{20}[E ][A-Z0-9 ]{7}[A-Z]{3}[A-Z]{3}[A-Z0-9 ]{3}[0-9 ]{4}[A-Z ]/.test(text) && text.length >= 58;
}

function isDocumentLike(text: string): boolean {
  return isWellFormedMrz(text) || looksLikeBcbp(text);
}

/** Share of characters that a scanned payload usually consists of. */
function plainShare(text: string): number {
  let plain = 0;
  let total = 0;
  for (const ch of text) {
    if (ch === '\n' || ch === '\t') continue;
    total += 1;
    if (/[A-Za-z0-9< /.-]/.test(ch)) plain += 1;
  }
  return total === 0 ? 1 : plain / total;
}

export type LayoutDetection =
  /** Nothing suggests a layout mismatch. */
  | { kind: 'none' }
  /** Typed by a US-programmed scanner on an AZERTY desk: `fixed` is what was scanned. */
  | { kind: 'azerty-as-qwerty'; fixed: string; reason: 'document' | 'signature' }
  /** Looks mangled but cannot be repaired with confidence: show the message and ask for a rescan. */
  | { kind: 'ambiguous'; messageKey: 'devices.layoutMismatch' };

/**
 * Decides whether a wedge payload was typed through the wrong keyboard layout.
 * - If the text already looks like a document (MRZ, BCBP), it is left alone.
 * - If the AZERTY->QWERTY conversion turns it into a document, it is fixed (reason 'document').
 * - If it carries the signature (digit-row characters such as & é " ( _ and no ASCII digit at
 *   all, no space) and the conversion is plain alphanumeric text, it is fixed (reason 'signature').
 *   Codes made only of letters other than A Q Z W M cannot be told apart: they pass unchanged.
 * - If it carries signature characters but neither test is conclusive, or a dead key swallowed a
 *   character, it is reported as ambiguous with the message key `devices.layoutMismatch`.
 */
export function detectLayoutMismatch(raw: string): LayoutDetection {
  if (isDocumentLike(raw)) return { kind: 'none' };
  const hasDeadKey = raw.includes(DEAD_KEY_PLACEHOLDER);
  let strong = 0;
  let weak = 0;
  let digits = 0;
  for (const ch of raw) {
    if (STRONG_SIGNATURE.has(ch)) strong += 1;
    else if (WEAK_SIGNATURE.has(ch)) weak += 1;
    else if (ch >= '0' && ch <= '9') digits += 1;
  }
  if (strong === 0 && weak === 0 && !hasDeadKey) return { kind: 'none' };

  const fixed = fixAzertyAsQwerty(raw);
  if (!hasDeadKey && isDocumentLike(fixed)) {
    return { kind: 'azerty-as-qwerty', fixed, reason: 'document' };
  }
  if (hasDeadKey) return { kind: 'ambiguous', messageKey: 'devices.layoutMismatch' };
  // A code typed by a US-programmed scanner on AZERTY: no ASCII digit (they all came out as
  // digit-row symbols), no space (prose has spaces, scanned codes other than BCBP do not), and
  // the conversion is plain alphanumeric.
  let plainDigitRow = 0;
  for (const ch of raw) if (DIGIT_ROW.has(ch) && !STRONG_SIGNATURE.has(ch)) plainDigitRow += 1;
  const signature = 2 * strong + plainDigitRow;
  if (digits === 0 && !raw.includes(' ') && signature >= 2 && plainShare(fixed) >= 0.95 && plainShare(fixed) > plainShare(raw)) {
    return { kind: 'azerty-as-qwerty', fixed, reason: 'signature' };
  }
  if (strong === 0) {
    // Only characters that ordinary text also has: not enough to change anything.
    return { kind: 'none' };
  }
  return { kind: 'ambiguous', messageKey: 'devices.layoutMismatch' };
}
