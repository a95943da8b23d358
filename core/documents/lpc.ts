/**
 * Consular laissez-passer (LPC). Three ways in, one result shape:
 * - its MRZ, when it has one (`parseLpcMrz`);
 * - a consulate's QR code or barcode (`parseLpcBarcode`): a pluggable decoder per issuing state
 *   (`LpcDecoder`), then a generic JSON or key=value reader;
 * - manual entry from the printed page (`parseLpcManual`), a first-class path since many LPCs
 *   carry no MRZ.
 * Barcode and manual data go through the same field checks. Dates come out as YYMMDD like an
 * MRZ; names upper-case without diacritics, hyphens as spaces, apostrophes dropped (ICAO
 * transliteration), so they compare with an MRZ or a PV.
 */
import { readDayFirstDate } from '../format/format';
import type { DocumentMessageKey } from './messages';
import type { MrzOptions, MrzResult } from './mrz';
import { parseMrz } from './mrz';
import { isKnownStateCode } from './states';
import type { DocumentIssue, ReferenceDate, Repair } from './types';
import { isCalendarDate, isExpired, isPlausibleYymmdd, toYmd } from './types';

export interface LpcFields {
  documentNumber: string;
  surname: string;
  givenNames: string;
  /** Three-letter code (or D). */
  nationality: string;
  /** Three-letter code; defaults to the nationality (the migrant's own consulate). */
  issuingState: string;
  /** YYMMDD. */
  birthDate: string;
  /** M, F or <. */
  sex: string;
  /** YYMMDD, or '' when not given. */
  expiryDate: string;
  /** YYMMDD, when given. */
  issueDate?: string;
  issuingAuthority?: string;
  /** Document code from an MRZ, when read from one. */
  documentType?: string;
}

export type LpcSource = 'mrz' | 'barcode' | 'manual';

export interface LpcResult {
  kind: 'lpc';
  source: LpcSource;
  /** Id of the decoder that read a barcode ("generic" for the JSON / key=value reader). */
  decoder?: string;
  valid: boolean;
  fields: LpcFields | null;
  errors: DocumentIssue[];
  warnings: DocumentIssue[];
  repairs: Repair[];
  /** The MRZ result, when read from an MRZ. */
  mrz?: MrzResult;
}

/** What an officer types, or what a barcode decoder extracts: free text, checked here. */
export interface LpcManualInput {
  documentNumber?: string;
  surname?: string;
  givenNames?: string;
  nationality?: string;
  issuingState?: string;
  birthDate?: string;
  sex?: string;
  expiryDate?: string;
  issueDate?: string;
  issuingAuthority?: string;
}

/**
 * Reads one consulate's barcode. `detect` must be cheap and specific (a prefix, a signature);
 * `decode` returns the fields as text (checked afterwards like manual entry) or null.
 */
export interface LpcDecoder {
  id: string;
  /** The state whose consulates print this barcode (three-letter code), for documentation. */
  issuingState?: string;
  detect(raw: string): boolean;
  decode(raw: string): LpcManualInput | null;
}

export interface LpcOptions extends MrzOptions {
  referenceDate?: ReferenceDate;
  decoders?: readonly LpcDecoder[];
}

function issue(code: string, field: string, params?: Record<string, string | number>): DocumentIssue {
  const message = `documents.lpc.${code}` as DocumentMessageKey;
  return params ? { code, field, message, params } : { code, field, message };
}

/** Reads a date typed or printed as YYMMDD, YYYYMMDD, YYYY-MM-DD or DD/MM/YYYY (. or - too). */
export function readLpcDate(text: string): { yymmdd: string; calendar: boolean } | null {
  const value = text.trim();
  if (/^\d{6}$/.test(value)) return { yymmdd: value, calendar: isPlausibleYymmdd(value) };
  const yearFirst = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  const date = yearFirst ? { year: Number(yearFirst[1]), month: Number(yearFirst[2]), day: Number(yearFirst[3]) } : readDayFirstDate(value);
  if (!date) return null;
  const { year, month, day } = date;
  const yymmdd = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  return { yymmdd, calendar: isCalendarDate(year, month, day) };
}

/** Upper case, no diacritics, hyphens as spaces, apostrophes dropped, single spaces. */
export function normalizeName(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().replace(/['’`]/g, '').replace(/-/g, ' ').replace(/\s+/g, ' ').trim();
}

function readSex(text: string): string | null {
  const value = normalizeName(text);
  if (value === '' || value === '<') return '<';
  if (value === 'X') return 'X';
  if (['M', 'H', 'MALE', 'MASCULIN', 'HOMME'].includes(value)) return 'M';
  if (['F', 'FEMALE', 'FEMININ', 'FEMME'].includes(value)) return 'F';
  return null;
}

/** Field checks shared by barcode and manual entry. */
function checkInput(input: LpcManualInput, options: LpcOptions): { fields: LpcFields; errors: DocumentIssue[]; warnings: DocumentIssue[] } {
  const errors: DocumentIssue[] = [];
  const warnings: DocumentIssue[] = [];
  const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
  const required = (name: keyof LpcManualInput): string => {
    const value = text(input[name]);
    if (value === '') errors.push(issue('fieldRequired', name));
    return value;
  };

  const numberText = required('documentNumber').toUpperCase().replace(/\s+/g, '');
  if (numberText !== '' && !/^[A-Z0-9/-]{1,20}$/.test(numberText)) errors.push(issue('documentNumberFormat', 'documentNumber'));

  const nameOf = (name: 'surname' | 'givenNames', mandatory: boolean): string => {
    const value = mandatory ? required(name) : text(input[name]);
    if (value !== '' && !/^[\p{L}\p{M}' ’`-]+$/u.test(value)) errors.push(issue('nameFormat', name));
    return normalizeName(value);
  };
  const surname = nameOf('surname', true);
  const givenNames = nameOf('givenNames', false);

  const stateOf = (name: 'nationality' | 'issuingState', value: string): string => {
    const code = value.toUpperCase().replace(/<+$/, '');
    if (code === '') return '';
    if (!/^[A-Z]{1,3}$/.test(code)) errors.push(issue(`${name}Format`, name));
    else if (!isKnownStateCode(code)) warnings.push(issue(`${name}Unknown`, name, { code }));
    return code;
  };
  const nationality = stateOf('nationality', required('nationality'));
  const issuingText = text(input.issuingState);
  const issuingState = issuingText === '' ? nationality : stateOf('issuingState', issuingText);

  const dateOf = (name: 'birthDate' | 'expiryDate' | 'issueDate', mandatory: boolean): string => {
    const value = mandatory ? required(name) : text(input[name]);
    if (value === '') return '';
    const date = readLpcDate(value);
    if (!date) {
      errors.push(issue(`${name}Format`, name));
      return '';
    }
    if (!date.calendar) warnings.push(issue(`${name}Invalid`, name));
    return date.yymmdd;
  };
  const birthDate = dateOf('birthDate', true);
  const expiryDate = dateOf('expiryDate', false);
  const issueDate = dateOf('issueDate', false);
  const reference = toYmd(options.referenceDate);
  if (reference && expiryDate !== '' && isExpired(expiryDate, reference) === true) {
    warnings.push(issue('documentExpired', 'expiryDate'));
  }

  const sex = readSex(text(input.sex));
  if (sex === null) errors.push(issue('sexFormat', 'sex'));

  const fields: LpcFields = {
    documentNumber: numberText,
    surname,
    givenNames,
    nationality,
    issuingState,
    birthDate,
    sex: sex ?? '<',
    expiryDate,
  };
  if (issueDate !== '') fields.issueDate = issueDate;
  const authority = text(input.issuingAuthority);
  if (authority !== '') fields.issuingAuthority = authority;
  return { fields, errors, warnings };
}

/** LPC from manual entry. Never throws. */
export function parseLpcManual(input: LpcManualInput, options: LpcOptions = {}): LpcResult {
  const { fields, errors, warnings } = checkInput(input ?? {}, options);
  return { kind: 'lpc', source: 'manual', valid: errors.length === 0, fields, errors, warnings, repairs: [] };
}

/** LPC from its MRZ (any Doc 9303 format). Never throws. */
export function parseLpcMrz(text: string, options: LpcOptions = {}): LpcResult {
  const mrz = parseMrz(text, options);
  const f = mrz.fields;
  const fields: LpcFields | null = f
    ? {
        documentNumber: f.documentNumber,
        surname: f.surname,
        givenNames: f.givenNames,
        nationality: f.nationality,
        issuingState: f.issuingState,
        birthDate: f.birthDate,
        sex: f.sex,
        expiryDate: f.expiryDate,
        documentType: f.documentType,
      }
    : null;
  return {
    kind: 'lpc',
    source: 'mrz',
    valid: mrz.valid,
    fields,
    errors: mrz.errors,
    warnings: mrz.warnings,
    repairs: mrz.repairs,
    mrz,
  };
}

const KEY_ALIASES: Record<string, keyof LpcManualInput> = {};
const aliasTable: Record<keyof LpcManualInput, string[]> = {
  documentNumber: ['documentnumber', 'docnumber', 'docno', 'number', 'numero', 'no', 'num', 'lpc', 'lpcnumber', 'lpcno', 'nlpc'],
  surname: ['surname', 'nom', 'lastname', 'familyname', 'nomdefamille'],
  givenNames: ['givennames', 'givenname', 'firstname', 'firstnames', 'prenom', 'prenoms'],
  nationality: ['nationality', 'nationalite', 'nat'],
  issuingState: ['issuingstate', 'issuer', 'state', 'country', 'pays', 'etat', 'etatemetteur'],
  birthDate: ['birthdate', 'dateofbirth', 'dob', 'datenaissance', 'datedenaissance', 'naissance', 'ne', 'nele'],
  sex: ['sex', 'sexe', 'gender'],
  expiryDate: [
    'expirydate',
    'expiry',
    'expirationdate',
    'dateexpiration',
    'datedexpiration',
    'expiration',
    'validuntil',
    'validite',
    'valablejusquau',
  ],
  issueDate: ['issuedate', 'dateofissue', 'datedelivrance', 'datededelivrance', 'delivrele', 'issued'],
  issuingAuthority: [
    'issuingauthority',
    'authority',
    'consulate',
    'consulat',
    'ambassade',
    'embassy',
    'autorite',
    'delivrepar',
    'issuedby',
  ],
};
for (const [field, aliases] of Object.entries(aliasTable)) {
  for (const alias of aliases) KEY_ALIASES[alias] = field as keyof LpcManualInput;
}

function normalizeKey(key: string): string {
  return key
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function fromPairs(pairs: Iterable<[string, unknown]>): LpcManualInput | null {
  const out: LpcManualInput = {};
  for (const [key, value] of pairs) {
    const field = KEY_ALIASES[normalizeKey(key)];
    if (!field || out[field] !== undefined) continue;
    if (typeof value === 'string') out[field] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) out[field] = String(value);
  }
  return out.documentNumber !== undefined && out.surname !== undefined ? out : null;
}

/**
 * The generic reader: a JSON object, or key=value (or key: value) pairs separated by new lines,
 * ';' or '|', with English or French keys (number/numero, surname/nom, prenom, nationalite,
 * date de naissance, ...). Needs at least a document number and a surname.
 */
export function decodeGenericLpc(raw: string): LpcManualInput | null {
  const text = raw.trim();
  if (text.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
      return fromPairs(Object.entries(value as Record<string, unknown>));
    } catch {
      return null;
    }
  }
  const pairs: [string, string][] = [];
  for (const part of text.split(/\r\n|\r|\n|;|\|/)) {
    const at = part.search(/[=:]/);
    if (at > 0) pairs.push([part.slice(0, at), part.slice(at + 1)]);
  }
  return pairs.length >= 2 ? fromPairs(pairs) : null;
}

export const genericLpcDecoder: LpcDecoder = {
  id: 'generic',
  detect: (raw) => decodeGenericLpc(raw) !== null,
  decode: decodeGenericLpc,
};

/**
 * Which decoder reads `raw`: the injected ones first (in order), then the generic reader.
 * A decoder that throws is skipped.
 */
export function findLpcDecoder(raw: string, decoders: readonly LpcDecoder[] = []): LpcDecoder | null {
  for (const decoder of [...decoders, genericLpcDecoder]) {
    try {
      if (decoder.detect(raw)) return decoder;
    } catch {
      // a faulty plug-in must not stop the desk: try the next one
    }
  }
  return null;
}

/** LPC from a consulate's QR code or barcode. Never throws. */
export function parseLpcBarcode(raw: string, options: LpcOptions = {}): LpcResult {
  const decoder = findLpcDecoder(raw, options.decoders);
  if (!decoder) {
    return {
      kind: 'lpc',
      source: 'barcode',
      valid: false,
      fields: null,
      errors: [issue('barcodeUnrecognised', 'barcode')],
      warnings: [],
      repairs: [],
    };
  }
  let input: LpcManualInput | null;
  try {
    input = decoder.decode(raw);
  } catch {
    input = null;
  }
  if (!input) {
    return {
      kind: 'lpc',
      source: 'barcode',
      decoder: decoder.id,
      valid: false,
      fields: null,
      errors: [issue('decoderFailed', 'barcode')],
      warnings: [],
      repairs: [],
    };
  }
  const { fields, errors, warnings } = checkInput(input, options);
  return { kind: 'lpc', source: 'barcode', decoder: decoder.id, valid: errors.length === 0, fields, errors, warnings, repairs: [] };
}

/**
 * Any LPC input: an object is manual entry; text that looks like an MRZ is read as one;
 * other text as a barcode.
 */
export function parseLpc(input: string | LpcManualInput, options: LpcOptions = {}): LpcResult {
  if (typeof input !== 'string') return parseLpcManual(input, options);
  const lines = input.split(/\r\n|\r|\n/).filter((line) => line.trim().length > 0);
  const looksMrz = lines.length >= 2 && lines.length <= 3 && input.includes('<');
  return looksMrz ? parseLpcMrz(input, options) : parseLpcBarcode(input, options);
}
