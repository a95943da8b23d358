/**
 * Normalised views for the departure verifier: one travel-document shape whatever was scanned
 * or typed (passport MRZ, LPC from MRZ, barcode or manual entry, ID card, visa), and one
 * boarding-pass shape.
 */
import type { BcbpResult } from './bcbp';
import type { ScanResult } from './classify';
import type { LpcResult, LpcSource } from './lpc';
import type { MrzResult } from './mrz';

export type TravelDocumentKind = 'passport' | 'lpc' | 'id' | 'visa' | 'other';

/**
 * A travel document as the verifier compares it with a PV.
 * - `kind`: from the MRZ document code (P... passport, I/A/C... id, V... visa, codes in
 *   `lpcDocumentCodes` lpc, anything else other); always `lpc` for a result of the LPC parsers.
 * - `documentNumber`, `issuingState`, `nationality`: as printed, fillers stripped.
 * - `surname`, `givenNames`: upper case, single spaces (MRZ fillers become spaces).
 * - `birthDate`, `expiryDate`: YYMMDD as printed ('' when an LPC gives no expiry date).
 * - `sex`: M, F, X (unspecified, as printed in an MRZ) or <.
 * - `checksOk`: every check that applies passed (MRZ check digits and structure; for an LPC
 *   without MRZ, the field checks). Warnings (expired, unknown state) do not affect it.
 * - `source`: where the data came from; `documentType`: the MRZ code ('' when none).
 */
export interface TravelDocument {
  kind: TravelDocumentKind;
  source: LpcSource;
  documentType: string;
  documentNumber: string;
  issuingState: string;
  nationality: string;
  surname: string;
  givenNames: string;
  birthDate: string;
  sex: string;
  expiryDate: string;
  checksOk: boolean;
}

export interface TravelDocumentOptions {
  /** MRZ document codes used by laissez-passer (default DEFAULT_LPC_DOCUMENT_CODES). */
  lpcDocumentCodes?: readonly string[];
}

/** Document codes read as laissez-passer by default; consulates vary, so it can be set. */
export const DEFAULT_LPC_DOCUMENT_CODES: readonly string[] = ['L', 'LP', 'PL'];

function kindOfCode(code: string, lpcCodes: readonly string[]): TravelDocumentKind {
  if (lpcCodes.includes(code)) return 'lpc';
  const first = code.charAt(0);
  if (first === 'P') return 'passport';
  if (first === 'I' || first === 'A' || first === 'C') return 'id';
  if (first === 'V') return 'visa';
  return 'other';
}

type Identity = Pick<
  TravelDocument,
  'documentNumber' | 'issuingState' | 'nationality' | 'surname' | 'givenNames' | 'birthDate' | 'sex' | 'expiryDate'
>;

/** The fields an MRZ and an LPC share, as the verifier compares them. */
const identityOf = (f: Identity): Identity => ({
  documentNumber: f.documentNumber,
  issuingState: f.issuingState,
  nationality: f.nationality,
  surname: f.surname,
  givenNames: f.givenNames,
  birthDate: f.birthDate,
  sex: f.sex,
  expiryDate: f.expiryDate,
});

/** The travel document in a scan result, or null when it holds none (or too broken to read). */
export function toTravelDocument(parsed: ScanResult | MrzResult | LpcResult, options: TravelDocumentOptions = {}): TravelDocument | null {
  const lpcCodes = options.lpcDocumentCodes ?? DEFAULT_LPC_DOCUMENT_CODES;
  if (parsed.kind === 'mrz') {
    const f = parsed.fields;
    if (!f) return null;
    return {
      kind: kindOfCode(f.documentType, lpcCodes),
      source: 'mrz',
      documentType: f.documentType,
      ...identityOf(f),
      checksOk: parsed.valid,
    };
  }
  if (parsed.kind === 'lpc') {
    const f = parsed.fields;
    if (!f) return null;
    return {
      kind: 'lpc',
      source: parsed.source,
      documentType: f.documentType ?? '',
      ...identityOf(f),
      checksOk: parsed.valid,
    };
  }
  return null;
}

/** One flight of a boarding pass. */
export interface BoardingPassLeg {
  /** IATA airport codes. */
  from: string;
  to: string;
  /** Operating carrier designator, e.g. "AT". */
  carrier: string;
  /** Flight number without leading zeros, suffix kept: "0525" -> "525", "0012A" -> "12A". */
  flightNumber: string;
  /** ISO YYYY-MM-DD, null when the scan date was not given or the day is invalid. */
  flightDate: string | null;
  pnr: string;
  seat: string;
  /** Check-in sequence number without leading zeros. */
  sequence: string;
}

/**
 * A boarding pass for the verifier. `passengerName` as printed ("SURNAME/GIVEN NAMES"),
 * `surname` and `givenNames` split on the first '/', a trailing title (MR, MRS, MS, MISS,
 * MSTR, DR) dropped from the given names. `eticket`: the 13-digit ticket number of the first
 * leg, when the pass carries the airline numeric code and document serial number.
 * `checksOk`: the pass parsed without error.
 */
export interface BoardingPass {
  passengerName: string;
  surname: string;
  givenNames: string;
  legs: BoardingPassLeg[];
  eticket?: string;
  checksOk: boolean;
}

function withoutLeadingZeros(value: string): string {
  const stripped = value.replace(/^0+(?=.)/, '');
  return stripped;
}

/** The boarding pass in a scan result, or null when it holds none. */
export function toBoardingPass(parsed: ScanResult | BcbpResult): BoardingPass | null {
  if (parsed.kind !== 'bcbp' || !parsed.fields) return null;
  const f = parsed.fields;
  const slash = f.passengerName.indexOf('/');
  const surname = (slash < 0 ? f.passengerName : f.passengerName.slice(0, slash)).trim();
  const givenNames =
    slash < 0
      ? ''
      : f.passengerName
          .slice(slash + 1)
          .trim()
          .replace(/\s+(MR|MRS|MS|MISS|MSTR|DR)$/, '')
          .trim();
  const pass: BoardingPass = {
    passengerName: f.passengerName,
    surname,
    givenNames,
    legs: f.legs.map((leg) => ({
      from: leg.from,
      to: leg.to,
      carrier: leg.carrier,
      flightNumber: withoutLeadingZeros(leg.flightNumber),
      flightDate: leg.flightDate,
      pnr: leg.pnr,
      seat: leg.seat,
      sequence: withoutLeadingZeros(leg.sequence),
    })),
    checksOk: parsed.valid,
  };
  const first = f.legs[0];
  const ticket = `${first?.airlineNumericCode ?? ''}${first?.documentSerialNumber ?? ''}`;
  if (/^\d{13}$/.test(ticket)) pass.eticket = ticket;
  return pass;
}
