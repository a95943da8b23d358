/**
 * Airline e-ticket numbers: 13 digits, a 3-digit airline accounting prefix and a 10-digit serial
 * (e.g. 057 2123456789). Accepted with an "ETKT"/"TKT" prefix, spaces or a dash.
 */
import type { DocumentMessageKey } from './messages';
import type { DocumentIssue } from './types';

export interface EticketFields {
  /** The 13 digits. */
  ticketNumber: string;
  /** Airline accounting code (3 digits), e.g. 147 for Royal Air Maroc. */
  airlinePrefix: string;
  /** Document serial number (10 digits). */
  serialNumber: string;
}

export interface EticketResult {
  kind: 'eticket';
  valid: boolean;
  fields: EticketFields | null;
  errors: DocumentIssue[];
  warnings: DocumentIssue[];
  repairs: [];
}

const PATTERN = /^\s*(?:E?TKT\s*[:#]?\s*)?(\d{3})[\s-]?(\d{10})\s*$/i;

function issue(code: string, field: string): DocumentIssue {
  return { code, field, message: `documents.eticket.${code}` as DocumentMessageKey };
}

export function looksLikeEticket(text: string): boolean {
  return PATTERN.test(text);
}

/** Parses an e-ticket number. Never throws. */
export function parseEticket(text: string): EticketResult {
  const match = PATTERN.exec(text);
  if (!match) {
    return { kind: 'eticket', valid: false, fields: null, errors: [issue('format', 'ticketNumber')], warnings: [], repairs: [] };
  }
  const airlinePrefix = match[1] as string;
  const serialNumber = match[2] as string;
  const warnings = airlinePrefix === '000' ? [issue('airlinePrefix', 'airlinePrefix')] : [];
  return {
    kind: 'eticket',
    valid: true,
    fields: { ticketNumber: airlinePrefix + serialNumber, airlinePrefix, serialNumber },
    errors: [],
    warnings,
    repairs: [],
  };
}
