/**
 * IATA Bar Coded Boarding Pass (Resolution 792, versions 1 to 8): mandatory items, any number of
 * legs, conditional items (unique and per leg), airline data and security data.
 *
 * The hex field sizes are checked against the data: a size that is not hex or runs past the
 * data, a total length that leaves data unexplained, a format code other than M, no legs, an
 * airport code that is not three letters, a Julian day outside 1-366, or a security-data length
 * that disagrees with the data, are errors. The flight date is resolved from the Julian day
 * against a reference date (the scan date), across New Year.
 */
import type { DocumentMessageKey } from './messages';
import type { DocumentIssue, ReferenceDate, Ymd } from './types';
import { dayNumber, isLeapYear, isoDate, toYmd } from './types';

/** One flight leg. Values are trimmed; optional items appear only when printed. */
export interface BcbpLeg {
  /** Operating carrier PNR code. */
  pnr: string;
  /** From city airport code (3 letters). */
  from: string;
  /** To city airport code (3 letters). */
  to: string;
  /** Operating carrier designator. */
  carrier: string;
  /** Flight number as printed (leading zeros kept, e.g. "0834"). */
  flightNumber: string;
  /** Day of the year of the flight (1-366), null when not a number. */
  julianDate: number | null;
  /** Flight date, ISO YYYY-MM-DD, resolved against the reference date; null without one. */
  flightDate: string | null;
  compartment: string;
  seat: string;
  /** Check-in sequence number. */
  sequence: string;
  passengerStatus: string;
  airlineNumericCode?: string;
  documentSerialNumber?: string;
  selecteeIndicator?: string;
  internationalDocumentVerification?: string;
  marketingCarrier?: string;
  frequentFlyerAirline?: string;
  frequentFlyerNumber?: string;
  idAdIndicator?: string;
  freeBaggageAllowance?: string;
  fastTrack?: string;
  /** "For individual airline use" data of the leg, as printed. */
  airlineData?: string;
}

export interface BcbpFields {
  passengerName: string;
  electronicTicketIndicator: string;
  /** Version number from the conditional section, null when there is none. */
  versionNumber: number | null;
  /** Number of legs announced in the mandatory section. */
  legsCount: number;
  legs: BcbpLeg[];
  passengerDescription?: string;
  checkInSource?: string;
  boardingPassIssuanceSource?: string;
  /** Date of issue as printed: last digit of the year and day of the year (YDDD). */
  issuanceDate?: string;
  /** Date of issue resolved against the reference date, ISO YYYY-MM-DD. */
  issuanceDateResolved?: string;
  documentType?: string;
  boardingPassIssuer?: string;
  baggageTag?: string;
  firstBaggageTag?: string;
  secondBaggageTag?: string;
  securityDataType?: string;
  securityData?: string;
}

export interface BcbpResult {
  kind: 'bcbp';
  valid: boolean;
  fields: BcbpFields | null;
  errors: DocumentIssue[];
  warnings: DocumentIssue[];
  repairs: [];
}

export interface BcbpOptions {
  /** The scan date: resolves Julian days to calendar dates. Without it flight dates are null. */
  referenceDate?: ReferenceDate;
}

/** Highest Resolution 792 version this reader knows. */
export const BCBP_MAX_VERSION = 8;

const MANDATORY_UNIQUE = 23;
const MANDATORY_LEG = 37;

const UNIQUE_ITEMS = [
  ['passengerDescription', 1],
  ['checkInSource', 1],
  ['boardingPassIssuanceSource', 1],
  ['issuanceDate', 4],
  ['documentType', 1],
  ['boardingPassIssuer', 3],
  ['baggageTag', 13],
  ['firstBaggageTag', 13],
  ['secondBaggageTag', 13],
] as const;

const LEG_ITEMS = [
  ['airlineNumericCode', 3],
  ['documentSerialNumber', 10],
  ['selecteeIndicator', 1],
  ['internationalDocumentVerification', 1],
  ['marketingCarrier', 3],
  ['frequentFlyerAirline', 3],
  ['frequentFlyerNumber', 16],
  ['idAdIndicator', 1],
  ['freeBaggageAllowance', 3],
  ['fastTrack', 1],
] as const;

function issue(code: string, field: string, params?: Record<string, string | number>): DocumentIssue {
  const message = `documents.bcbp.${code}` as DocumentMessageKey;
  return params ? { code, field, message, params } : { code, field, message };
}

function readHex(text: string): number | null {
  return /^[0-9A-Fa-f]{2}$/.test(text) ? Number.parseInt(text, 16) : null;
}

/** Reads fixed-width items in order from `data`; an item cut short keeps what is there. */
function readItems<K extends string>(data: string, items: readonly (readonly [K, number])[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  let at = 0;
  for (const [name, width] of items) {
    if (at >= data.length) break;
    const value = data.slice(at, at + width).trim();
    if (value.length > 0) out[name] = value;
    at += width;
  }
  return out;
}

/** Calendar date of day `day` of `year`, or null past the year's end. */
function dayOfYear(year: number, day: number): Ymd | null {
  if (day < 1 || day > (isLeapYear(year) ? 366 : 365)) return null;
  const date = new Date(Date.UTC(year, 0, day));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The date nearest to the reference among the candidate years (ascending). */
function nearest(day: number, years: number[], reference: Ymd): Ymd | null {
  let best: Ymd | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  const ref = dayNumber(reference);
  for (const year of years) {
    const date = dayOfYear(year, day);
    if (!date) continue;
    const gap = Math.abs(dayNumber(date) - ref);
    // years come in ascending order: on a tie the later date wins (a pass is scanned before its flight)
    if (gap <= bestGap) {
      best = date;
      bestGap = gap;
    }
  }
  return best;
}

/** Resolves a flight's day of the year to the date nearest the scan date (across New Year). */
export function resolveJulianDate(day: number, referenceDate: ReferenceDate): string | null {
  const reference = toYmd(referenceDate);
  if (!reference) return null;
  const date = nearest(day, [reference.year - 1, reference.year, reference.year + 1], reference);
  return date ? isoDate(date) : null;
}

function stripLineBreaks(text: string): string {
  return text.replace(/^[\r\n]+|[\r\n]+$/g, '');
}

/** Parses a BCBP payload. Never throws. */
export function parseBcbp(text: string, options: BcbpOptions = {}): BcbpResult {
  const data = stripLineBreaks(text);
  const errors: DocumentIssue[] = [];
  const warnings: DocumentIssue[] = [];
  const reference = toYmd(options.referenceDate);
  if (data.length < MANDATORY_UNIQUE + MANDATORY_LEG) {
    errors.push(issue('length', 'length', { actual: data.length, expected: MANDATORY_UNIQUE + MANDATORY_LEG }));
    if (data.length < MANDATORY_UNIQUE) {
      return { kind: 'bcbp', valid: false, fields: null, errors, warnings, repairs: [] };
    }
  }
  if (data.charAt(0) !== 'M') errors.push(issue('formatCode', 'formatCode', { actual: data.charAt(0) }));
  const legsChar = data.charAt(1);
  const legsCount = /^[1-9]$/.test(legsChar) ? Number(legsChar) : 0;
  if (legsCount === 0) errors.push(issue('legsCount', 'legsCount', { actual: legsChar }));

  const fields: BcbpFields = {
    passengerName: data.slice(2, 22).trim(),
    electronicTicketIndicator: data.charAt(22).trim(),
    versionNumber: null,
    legsCount,
    legs: [],
  };

  let pos = MANDATORY_UNIQUE;
  let broken = legsCount === 0 || errors.some((e) => e.code === 'length');
  for (let index = 0; index < legsCount && !broken; index += 1) {
    const field = (name: string): string => `legs[${index}].${name}`;
    if (pos + MANDATORY_LEG > data.length) {
      if (!errors.some((e) => e.code === 'length')) {
        errors.push(issue('length', field('mandatory'), { actual: data.length, expected: pos + MANDATORY_LEG }));
      }
      break;
    }
    const at = (offset: number, width: number): string => data.slice(pos + offset, pos + offset + width);
    const julianText = at(21, 3);
    const julian = /^\d{3}$/.test(julianText) ? Number(julianText) : null;
    const leg: BcbpLeg = {
      pnr: at(0, 7).trim(),
      from: at(7, 3).trim(),
      to: at(10, 3).trim(),
      carrier: at(13, 3).trim(),
      flightNumber: at(16, 5).trim(),
      julianDate: julian,
      flightDate: null,
      compartment: at(24, 1).trim(),
      seat: at(25, 4).trim(),
      sequence: at(29, 5).trim(),
      passengerStatus: at(34, 1).trim(),
    };
    for (const [name, value] of [
      ['from', at(7, 3)],
      ['to', at(10, 3)],
    ] as const) {
      if (!/^[A-Z]{3}$/.test(value)) errors.push(issue('airportCode', field(name), { actual: value }));
    }
    if (julian === null || julian < 1 || julian > 366) {
      errors.push(issue('julianDate', field('julianDate'), { actual: julianText }));
    } else if (reference) {
      const date = nearest(julian, [reference.year - 1, reference.year, reference.year + 1], reference);
      leg.flightDate = date ? isoDate(date) : null;
    }
    const sizeText = at(35, 2);
    const size = readHex(sizeText);
    const variableStart = pos + MANDATORY_LEG;
    if (size === null) {
      errors.push(issue('fieldSize', field('variableSize'), { actual: sizeText }));
      fields.legs.push(leg);
      broken = true;
      break;
    }
    if (variableStart + size > data.length) {
      errors.push(issue('fieldSize', field('variableSize'), { actual: size, available: data.length - variableStart }));
      fields.legs.push(leg);
      broken = true;
      break;
    }
    const variable = data.slice(variableStart, variableStart + size);
    let p = 0;
    if (index === 0 && variable.length > 0) {
      if (variable.charAt(0) === '>') {
        const versionChar = variable.charAt(1);
        if (/^[0-9]$/.test(versionChar)) fields.versionNumber = Number(versionChar);
        if (fields.versionNumber === null || fields.versionNumber < 1 || fields.versionNumber > BCBP_MAX_VERSION) {
          warnings.push(issue('versionUnknown', 'versionNumber', { actual: versionChar }));
        }
        const uniqueText = variable.slice(2, 4);
        const uniqueSize = readHex(uniqueText);
        if (uniqueSize === null || 4 + uniqueSize > variable.length) {
          errors.push(issue('fieldSize', 'uniqueConditionalSize', { actual: uniqueText }));
          fields.legs.push(leg);
          broken = true;
          break;
        }
        const unique = readItems(variable.slice(4, 4 + uniqueSize), UNIQUE_ITEMS);
        Object.assign(fields, unique);
        if (unique.issuanceDate !== undefined) resolveIssuance(fields, unique.issuanceDate, reference, warnings);
        p = 4 + uniqueSize;
      } else {
        warnings.push(issue('versionMarkerMissing', 'versionNumber'));
        p = variable.length;
        leg.airlineData = variable;
      }
    }
    if (p < variable.length) {
      const repeatedText = variable.slice(p, p + 2);
      const repeatedSize = readHex(repeatedText);
      if (repeatedSize === null || p + 2 + repeatedSize > variable.length) {
        errors.push(issue('fieldSize', field('repeatedConditionalSize'), { actual: repeatedText }));
        fields.legs.push(leg);
        broken = true;
        break;
      }
      Object.assign(leg, readItems(variable.slice(p + 2, p + 2 + repeatedSize), LEG_ITEMS));
      p += 2 + repeatedSize;
      const airline = variable.slice(p);
      if (airline.trim().length > 0) leg.airlineData = airline;
    }
    fields.legs.push(leg);
    pos = variableStart + size;
  }

  if (!broken) {
    const rest = data.slice(pos);
    if (rest.startsWith('^')) {
      fields.securityDataType = rest.charAt(1);
      const lengthText = rest.slice(2, 4);
      const length = readHex(lengthText);
      const security = rest.slice(4);
      if (length === null || length !== security.length) {
        errors.push(issue('securityDataLength', 'securityData', { declared: lengthText, actual: security.length }));
      }
      if (security.length > 0) fields.securityData = security;
    } else if (rest.trim().length > 0) {
      errors.push(issue('length', 'length', { actual: data.length, expected: pos }));
    }
  }
  if (!reference && fields.legs.length > 0) warnings.push(issue('flightDateUnresolved', 'legs'));
  return { kind: 'bcbp', valid: errors.length === 0, fields, errors, warnings, repairs: [] };
}

function resolveIssuance(fields: BcbpFields, printed: string, reference: Ymd | null, warnings: DocumentIssue[]): void {
  const match = /^(\d)(\d{3})$/.exec(printed);
  const day = match ? Number(match[2]) : 0;
  if (!match || day < 1 || day > 366) {
    warnings.push(issue('issuanceDateInvalid', 'issuanceDate', { actual: printed }));
    return;
  }
  if (!reference) return;
  const digit = Number(match[1]);
  const years: number[] = [];
  for (let year = reference.year - 10; year <= reference.year + 1; year += 1) {
    if (((year % 10) + 10) % 10 === digit) years.push(year);
  }
  const date = nearest(day, years, reference);
  if (date) fields.issuanceDateResolved = isoDate(date);
  else warnings.push(issue('issuanceDateInvalid', 'issuanceDate', { actual: printed }));
}

/** Whether a payload looks like a BCBP (used by the classifier). */
export function looksLikeBcbp(text: string): boolean {
  const data = stripLineBreaks(text);
  if (data.length < MANDATORY_UNIQUE) return false;
  if (data.charAt(0) === 'M' && /[0-9]/.test(data.charAt(1))) return true;
  return /^[A-Z][0-9]/.test(data) && data.length >= MANDATORY_UNIQUE + MANDATORY_LEG && data.slice(2, 22).includes('/');
}
