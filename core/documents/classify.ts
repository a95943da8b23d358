/**
 * One raw payload from any scanner or camera in, one typed result out, discriminated on `kind`:
 * mrz | bcbp | lpc | eticket | badge | pv | unknown. Never throws, on any input; caps the input
 * size; broken input yields errors with codes and i18n message keys.
 *
 * Order: PV QR prefix (`RVAPV1:`), staff badge prefix (`RVA-BADGE:`), injected consulate LPC
 * decoders, BCBP, e-ticket number, MRZ, generic LPC barcode (JSON / key=value), text that is
 * nearly an MRZ (read as one, with its errors), unknown.
 */
import type { BadgeResult } from './badge';
import { BADGE_PREFIX, parseBadge } from './badge';
import type { BcbpResult } from './bcbp';
import { looksLikeBcbp, parseBcbp } from './bcbp';
import type { EticketResult } from './eticket';
import { looksLikeEticket, parseEticket } from './eticket';
import type { LpcDecoder, LpcResult } from './lpc';
import { decodeGenericLpc, parseLpcBarcode } from './lpc';
import type { DocumentMessageKey } from './messages';
import type { MrzResult } from './mrz';
import { looksLikeMrz } from './mrz-layout';
import { parseMrz } from './mrz';
import type { DocumentIssue, ReferenceDate } from './types';

/** Prefix of the signed PV QR payload (format owned by core/departure/pv-qr.ts). */
export const PV_PREFIX = 'RVAPV1:';

/** Longest payload the classifier reads; longer input is refused as `tooLong`. */
export const MAX_SCAN_LENGTH = 8192;

/**
 * A PV QR code. `result` is whatever the injected `parsePv` returned; `valid` is its `valid`
 * (or `ok`) boolean when it has one. Without `parsePv`, `result` is null and the error
 * `pvParserMissing` is reported; `payload` is the raw text either way.
 */
export interface PvScan {
  kind: 'pv';
  valid: boolean;
  payload: string;
  result: unknown;
  fields: null;
  errors: DocumentIssue[];
  warnings: DocumentIssue[];
  repairs: [];
}

export interface UnknownScan {
  kind: 'unknown';
  valid: false;
  /** Length of the raw input, for diagnostics (the content is never echoed). */
  length: number;
  fields: null;
  errors: DocumentIssue[];
  warnings: DocumentIssue[];
  repairs: [];
}

export type ScanResult = MrzResult | BcbpResult | LpcResult | EticketResult | BadgeResult | PvScan | UnknownScan;
export type ScanKind = ScanResult['kind'];

export interface ClassifyOptions {
  /** The scan date: resolves boarding-pass dates and flags expired documents. */
  referenceDate?: ReferenceDate;
  /** Reads a signed PV payload (the whole text, prefix included). */
  parsePv?: (raw: string) => unknown;
  /** Consulate barcode decoders, tried before anything but PV and badge codes. */
  lpcDecoders?: readonly LpcDecoder[];
  /** Input cap in characters (default MAX_SCAN_LENGTH). */
  maxLength?: number;
  /** OCR repair of MRZs (default true). */
  repair?: boolean;
}

function scanIssue(code: string, params?: Record<string, string | number>): DocumentIssue {
  const message = `documents.scan.${code}` as DocumentMessageKey;
  return params ? { code, field: 'scan', message, params } : { code, field: 'scan', message };
}

function unknown(length: number, error: DocumentIssue): UnknownScan {
  return { kind: 'unknown', valid: false, length, fields: null, errors: [error], warnings: [], repairs: [] };
}

/** Drops a byte-order mark, an AIM symbology identifier (]Q1, ]L2, ]z0...) and outer CR/LF. */
function stripScannerFraming(raw: string): string {
  let text = raw.replace(/^\ufeff/, '');
  text = text.replace(/^[\r\n]+|[\r\n\0]+$/g, '');
  if (/^\][A-Za-z][0-9A-Za-z]/.test(text)) text = text.slice(3);
  return text;
}

function pvScan(payload: string, parsePv: ((raw: string) => unknown) | undefined): PvScan {
  const base = { kind: 'pv' as const, payload, fields: null, warnings: [], repairs: [] as [] };
  if (!parsePv) {
    const error: DocumentIssue = { code: 'pvParserMissing', field: 'pv', message: 'documents.pv.pvParserMissing' };
    return { ...base, valid: false, result: null, errors: [error] };
  }
  try {
    const result = parsePv(payload);
    let valid = true;
    if (typeof result === 'object' && result !== null) {
      const record = result as Record<string, unknown>;
      if (typeof record.valid === 'boolean') valid = record.valid;
      else if (typeof record.ok === 'boolean') valid = record.ok;
    }
    return { ...base, valid, result, errors: [] };
  } catch {
    const error: DocumentIssue = { code: 'pvParserFailed', field: 'pv', message: 'documents.pv.pvParserFailed' };
    return { ...base, valid: false, result: null, errors: [error] };
  }
}

/** Text that is probably an MRZ read badly: many fillers and mostly MRZ characters. */
function nearlyMrz(text: string): boolean {
  const compact = text.toUpperCase().replace(/\s+/g, '');
  if (compact.length < 28 || !compact.includes('<<')) return false;
  let mrzChars = 0;
  for (let i = 0; i < compact.length; i += 1) if (/[A-Z0-9<]/.test(compact.charAt(i))) mrzChars += 1;
  return mrzChars / compact.length >= 0.9;
}

function classify(raw: unknown, options: ClassifyOptions): ScanResult {
  if (typeof raw !== 'string') return unknown(0, scanIssue('notText'));
  const max = options.maxLength ?? MAX_SCAN_LENGTH;
  if (raw.length > max) return unknown(raw.length, scanIssue('tooLong', { max }));
  const text = stripScannerFraming(raw);
  const trimmed = text.trim();
  if (trimmed.length === 0) return unknown(raw.length, scanIssue('empty'));

  if (trimmed.startsWith(PV_PREFIX)) return pvScan(trimmed, options.parsePv);
  if (trimmed.startsWith(BADGE_PREFIX)) return parseBadge(trimmed);
  const decoders = options.lpcDecoders ?? [];
  for (const decoder of decoders) {
    let detected: boolean;
    try {
      detected = decoder.detect(text);
    } catch {
      detected = false;
    }
    if (detected) return parseLpcBarcode(text, { referenceDate: options.referenceDate, decoders: [decoder] });
  }
  if (looksLikeBcbp(text)) return parseBcbp(text, { referenceDate: options.referenceDate });
  if (looksLikeEticket(trimmed)) return parseEticket(trimmed);
  const mrzOptions = { referenceDate: options.referenceDate, repair: options.repair };
  if (looksLikeMrz(trimmed)) return parseMrz(trimmed, mrzOptions);
  if (decodeGenericLpc(trimmed) !== null) return parseLpcBarcode(trimmed, { referenceDate: options.referenceDate });
  if (nearlyMrz(trimmed)) return parseMrz(trimmed, mrzOptions);
  return unknown(raw.length, scanIssue('unrecognised'));
}

/** Classifies and parses one scan. Never throws. */
export function classifyScan(raw: unknown, options: ClassifyOptions = {}): ScanResult {
  try {
    return classify(raw, options);
  } catch {
    return unknown(typeof raw === 'string' ? raw.length : 0, scanIssue('internalError'));
  }
}
