/**
 * A passage, as pure functions: how a scanned document becomes what the verifier compares (the
 * document-to-scan mapping), the one country-code cleaner, the draft's scan list (duplicates, the
 * latest scan of each kind, at most MAX_DRAFT_SCANS), when a passage is finished, and the view the
 * desk shows. Main keeps the draft and the rows; this file decides.
 *
 * Glossary (docs/architecture.md): a *passage* is one person going through the desk once: the
 * scans gathered for them, the verdict and the actions taken. A *desk* is the screen (and PC) where
 * passages are worked. A *departure* is the person's exit on the PV, made of facts (check-in,
 * exchange, per diem, exit stamp) that may span several passages.
 */
import type { BoardingPass, TravelDocument } from '../documents/index';
import type { ScannedBoardingPass, ScannedTravelDocument } from './verify';

/** ICAO country code as the PV writes it: fillers and spaces removed, Germany's `D` as `DEU`. */
export function countryCode(raw: string): string {
  const c = raw.toUpperCase().replace(/[\s<]/g, '');
  return c === 'D' ? 'DEU' : c;
}

/** A parsed travel document as the verifier reads it (`source`: `mrz`, `barcode`, or `manual` for a typed LPC). */
export function toScannedTravelDocument(doc: Omit<TravelDocument, 'source'> & { source: string }): ScannedTravelDocument {
  return {
    source: doc.source === 'manual' ? 'lpc-manual' : doc.source === 'barcode' ? 'lpc-qr' : 'mrz',
    checksOk: doc.checksOk,
    documentNumber: doc.documentNumber,
    issuingState: doc.issuingState,
    nationality: doc.nationality,
    surname: doc.surname,
    givenNames: doc.givenNames,
    birthDate: doc.birthDate,
    sex: doc.sex,
    expiryDate: doc.expiryDate || null,
  };
}

/** A parsed boarding pass as the verifier reads it. */
export function toScannedBoardingPass(bp: BoardingPass): ScannedBoardingPass {
  return { surname: bp.surname, givenNames: bp.givenNames, legs: bp.legs, eticket: bp.eticket ?? null };
}

export const MAX_DRAFT_SCANS = 8;

export interface DraftScan {
  source: string;
  raw: string;
  /** What the scan was read as (`mrz`, `bcbp`, `pvQr`, `lpc`, `unknown`...), once classified. */
  kind: string | null;
  /** A camera MRZ the officer corrected on the keyboard. */
  corrected?: boolean;
}

export type DraftNotice = 'duplicateScan' | 'tooManyScans' | 'newPassageStarted' | 'passageResumed' | null;

/**
 * How long a passage left open at a desk is brought back to its user when they sign in there again
 * (after a restart or a sign-out): untouched for longer, the person is no longer at the desk. See
 * "Resuming a passage" in docs/architecture.md.
 */
export const RESUME_WITHIN_MS = 2 * 60 * 60 * 1000;

/**
 * A new scan for the draft: refused as a duplicate when the same text is already in it; else
 * added, keeping only the latest scan of each kind and dropping unreadable ones, at most
 * MAX_DRAFT_SCANS (the oldest go first).
 */
export function addDraftScan(scans: readonly DraftScan[], scan: DraftScan): { scans: DraftScan[]; notice: DraftNotice; added: boolean } {
  if (scans.some((s) => s.raw === scan.raw)) return { scans: [...scans], notice: 'duplicateScan', added: false };
  const kept = scans.filter((s) => s.kind !== 'unknown' && (scan.kind === null || scan.kind === 'unknown' || s.kind !== scan.kind));
  const all = [...kept, scan];
  const over = all.length > MAX_DRAFT_SCANS;
  return { scans: over ? all.slice(-MAX_DRAFT_SCANS) : all, notice: over ? 'tooManyScans' : null, added: true };
}

/**
 * Whether the next scan belongs to a new passage: only an action taken in this passage (a fact
 * recorded, a referral settled) or an explicit new passage ends it. What the PV's history says
 * (already departed, paid elsewhere) never does: scans come in any order.
 */
export function isPassageClosed(passage: { closedAt: number | null } | null): boolean {
  return passage !== null && passage.closedAt !== null;
}

/** The passages table's state: `draft` while a scan is still expected, `complete` once none is. */
export type PassageStatus = 'draft' | 'complete';
export function passageStatus(pending: readonly string[]): PassageStatus {
  return pending.length > 0 ? 'draft' : 'complete';
}
