/**
 * Parsing of PV import files (JSON or CSV), pure. A file is accepted whole or refused whole:
 * any error and no PV is returned, with every error found (line, field, code, i18n message key).
 * The formats are documented in docs/pv-format.md; the JSON Schema is docs/pv-import.schema.json.
 */
import type { z } from 'zod';
import { isIsoDate } from './dates';
import { parseJsonWithLines } from './json-lines';
import type { JsonPath } from './json-lines';
import { pvSchema } from './pv';
import type { Pv } from './pv';

export type PvImportFormat = 'json' | 'csv';

export type PvImportErrorCode = 'syntax' | 'empty' | 'header' | 'required' | 'invalid' | 'unknownField' | 'duplicate';

export interface PvImportError {
  /** 1-based line of the file where the fault is (for CSV, the line where the record starts). */
  line: number;
  /** JSON: path inside the PV (`beneficiary.birthDate`), or `version` / `pvs`; CSV: the column name. */
  field: string;
  code: PvImportErrorCode;
  /** i18n key (see messages.ts). */
  message: string;
  /** 0-based index of the PV in the file, when the error belongs to one. */
  record?: number;
}

export type PvImportResult = { ok: true; pvs: Pv[] } | { ok: false; errors: PvImportError[] };

/** At most this many errors are reported for one file. */
export const MAX_IMPORT_ERRORS = 200;

export function parsePvImport(text: string, format: PvImportFormat): PvImportResult {
  const result = format === 'json' ? parseJson(text) : parseCsv(text);
  if (!result.ok) return { ok: false, errors: result.errors.slice(0, MAX_IMPORT_ERRORS) };
  const duplicates = findDuplicates(result.pvs, result.lineOfRecord);
  if (duplicates.length > 0) return { ok: false, errors: duplicates.slice(0, MAX_IMPORT_ERRORS) };
  return { ok: true, pvs: result.pvs };
}

type Parsed = { ok: true; pvs: Pv[]; lineOfRecord: (index: number) => number } | { ok: false; errors: PvImportError[] };

function findDuplicates(pvs: Pv[], lineOfRecord: (index: number) => number): PvImportError[] {
  const seen = new Map<string, number>();
  const errors: PvImportError[] = [];
  pvs.forEach((pv, index) => {
    if (seen.has(pv.pvNumber)) {
      errors.push({ line: lineOfRecord(index), field: 'pvNumber', code: 'duplicate', message: 'pvImport.error.duplicate', record: index });
    } else seen.set(pv.pvNumber, index);
  });
  return errors;
}

function issueCode(issue: z.core.$ZodIssue): PvImportErrorCode {
  if (issue.code === 'unrecognized_keys') return 'unknownField';
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  return 'invalid';
}

function issueMessage(issue: z.core.$ZodIssue, code: PvImportErrorCode): string {
  return issue.message.startsWith('pv.error.') ? issue.message : `pvImport.error.${code}`;
}

/** Each issue becomes one error per offending path (unknown keys: one per key). */
function issuePaths(issue: z.core.$ZodIssue): JsonPath[] {
  const base = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => [...base, k]);
  return [base];
}

// ---------------------------------------------------------------- JSON

function parseJson(text: string): Parsed {
  if (text.trim() === '') return { ok: false, errors: [{ line: 1, field: '', code: 'empty', message: 'pvImport.error.empty' }] };
  const parsed = parseJsonWithLines(text);
  if (!parsed.ok) return { ok: false, errors: [{ line: parsed.line, field: '', code: 'syntax', message: 'pvImport.error.syntax' }] };
  const root = parsed.value;
  const errors: PvImportError[] = [];
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    return { ok: false, errors: [{ line: 1, field: '', code: 'invalid', message: 'pvImport.error.notAnObject' }] };
  }
  const file = root as Record<string, unknown>;
  for (const key of Object.keys(file)) {
    if (key !== 'version' && key !== 'pvs') {
      errors.push({ line: parsed.lineOf([key]), field: key, code: 'unknownField', message: 'pvImport.error.unknownField' });
    }
  }
  if (file.version !== 1) {
    errors.push({
      line: parsed.lineOf(['version']),
      field: 'version',
      code: file.version === undefined ? 'required' : 'invalid',
      message: 'pvImport.error.version',
    });
  }
  if (!Array.isArray(file.pvs)) {
    errors.push({
      line: parsed.lineOf(['pvs']),
      field: 'pvs',
      code: file.pvs === undefined ? 'required' : 'invalid',
      message: 'pvImport.error.pvsArray',
    });
    return { ok: false, errors };
  }
  const pvs: Pv[] = [];
  file.pvs.forEach((item: unknown, index: number) => {
    const r = pvSchema.safeParse(item);
    if (r.success) {
      pvs.push(r.data);
      return;
    }
    for (const issue of r.error.issues) {
      const code = issueCode(issue);
      for (const path of issuePaths(issue)) {
        errors.push({
          line: parsed.lineOf(['pvs', index, ...path]),
          field: path.join('.'),
          code,
          message: issueMessage(issue, code),
          record: index,
        });
      }
    }
  });
  if (errors.length > 0) return { ok: false, errors: sortErrors(errors) };
  return { ok: true, pvs, lineOfRecord: (index) => parsed.lineOf(['pvs', index]) };
}

function sortErrors(errors: PvImportError[]): PvImportError[] {
  return [...errors].sort((a, b) => a.line - b.line);
}

// ---------------------------------------------------------------- CSV

/** The CSV columns, in the documented order, and where each lands in the PV. */
export const PV_CSV_COLUMNS = [
  'pv_number',
  'police_station',
  'issued_at',
  'surname',
  'given_names',
  'sex',
  'birth_date',
  'nationality',
  'iom_case_number',
  'document_kind',
  'document_number',
  'document_issuing_state',
  'document_expiry',
  'ticket_mode',
  'carrier',
  'flight_number',
  'ticket_date',
  'pnr',
  'eticket',
  'land_route',
  'land_operator',
  'authorised_posts',
  'valid_from',
  'valid_until',
  'status',
  'revision',
  'minor_mna_reference',
  'trafficking_victim',
  'escorted_by_partner',
] as const;

export type PvCsvColumn = (typeof PV_CSV_COLUMNS)[number];

const OPTIONAL_COLUMNS: ReadonlySet<PvCsvColumn> = new Set<PvCsvColumn>([
  'carrier',
  'flight_number',
  'pnr',
  'eticket',
  'land_route',
  'land_operator',
  'minor_mna_reference',
  'trafficking_victim',
  'escorted_by_partner',
]);

/** PV path (dot-joined) -> CSV column, for reporting schema errors on the column. */
const PATH_TO_COLUMN: Record<string, PvCsvColumn> = {
  pvNumber: 'pv_number',
  policeStation: 'police_station',
  issuedAt: 'issued_at',
  'beneficiary.surname': 'surname',
  'beneficiary.givenNames': 'given_names',
  'beneficiary.sex': 'sex',
  'beneficiary.birthDate': 'birth_date',
  'beneficiary.nationality': 'nationality',
  'beneficiary.iomCaseNumber': 'iom_case_number',
  'travelDocument.kind': 'document_kind',
  'travelDocument.number': 'document_number',
  'travelDocument.issuingState': 'document_issuing_state',
  'travelDocument.expiry': 'document_expiry',
  'ticket.mode': 'ticket_mode',
  'ticket.carrier': 'carrier',
  'ticket.flightNumber': 'flight_number',
  'ticket.date': 'ticket_date',
  'ticket.pnr': 'pnr',
  'ticket.eticket': 'eticket',
  'ticket.route': 'land_route',
  'ticket.operator': 'land_operator',
  authorisedPosts: 'authorised_posts',
  validFrom: 'valid_from',
  validUntil: 'valid_until',
  status: 'status',
  revision: 'revision',
  'flags.minor.mnaReference': 'minor_mna_reference',
  'flags.minor': 'minor_mna_reference',
  'flags.traffickingVictim': 'trafficking_victim',
  'flags.escortedByPartner': 'escorted_by_partner',
};

function columnOfPath(path: JsonPath): string {
  for (let n = path.length; n > 0; n -= 1) {
    const key = path
      .slice(0, n)
      .filter((p) => typeof p === 'string')
      .join('.');
    const column = PATH_TO_COLUMN[key];
    if (column) return column;
  }
  return path.join('.');
}

interface CsvRecord {
  line: number;
  fields: string[];
}

/** RFC 4180 records with the line each starts on. Returns null on an unterminated quote. */
export function readCsvRecords(text: string, delimiter: string): { records: CsvRecord[] } | { unterminatedAt: number } {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  let quoteLine = 1;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      if (c === '\n') line += 1;
      field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
      i += 1;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      i += 1;
    } else if (c === '\n' || c === '\r') {
      endRecord();
      line += 1;
      recordLine = line;
      i += 1;
    } else {
      field += c;
      i += 1;
    }
  }
  if (quoted) return { unterminatedAt: quoteLine };
  if (field !== '' || fields.length > 0) endRecord();
  return { records };
}

function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const commas = firstLine.split(',').length;
  const semicolons = firstLine.split(';').length;
  return semicolons > commas ? ';' : ',';
}

/** Milliseconds from an integer or an ISO 8601 date-time with an explicit zone (Z or ±hh:mm). */
function parseInstant(value: string): number | null {
  if (/^\d{1,15}$/.test(value)) return Number(value);
  const m = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!m || !isIsoDate(m[1]!)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function parseBool(value: string): boolean | null {
  const v = value.toLowerCase();
  if (['yes', 'true', '1', 'oui', 'y', 'o'].includes(v)) return true;
  if (['no', 'false', '0', 'non', 'n'].includes(v)) return false;
  return null;
}

function parseCsv(text: string): Parsed {
  if (text.trim() === '') return { ok: false, errors: [{ line: 1, field: '', code: 'empty', message: 'pvImport.error.empty' }] };
  const read = readCsvRecords(text, detectDelimiter(text));
  if ('unterminatedAt' in read) {
    return { ok: false, errors: [{ line: read.unterminatedAt, field: '', code: 'syntax', message: 'pvImport.error.unterminatedQuote' }] };
  }
  const [header, ...rows] = read.records;
  if (!header) return { ok: false, errors: [{ line: 1, field: '', code: 'empty', message: 'pvImport.error.empty' }] };
  const errors: PvImportError[] = [];
  const names = header.fields.map((h) => h.trim().toLowerCase());
  const known = new Set<string>(PV_CSV_COLUMNS);
  const seen = new Set<string>();
  for (const name of names) {
    if (!known.has(name)) errors.push({ line: header.line, field: name, code: 'header', message: 'pvImport.error.unknownColumn' });
    else if (seen.has(name)) errors.push({ line: header.line, field: name, code: 'header', message: 'pvImport.error.duplicateColumn' });
    seen.add(name);
  }
  for (const column of PV_CSV_COLUMNS) {
    if (!OPTIONAL_COLUMNS.has(column) && !seen.has(column)) {
      errors.push({ line: header.line, field: column, code: 'header', message: 'pvImport.error.missingColumn' });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const pvs: Pv[] = [];
  const lines: number[] = [];
  let index = 0;
  for (const row of rows) {
    if (row.fields.every((f) => f.trim() === '')) continue;
    const record = index;
    index += 1;
    if (row.fields.length !== names.length) {
      errors.push({ line: row.line, field: '', code: 'invalid', message: 'pvImport.error.columnCount', record });
      continue;
    }
    const cell = (column: PvCsvColumn): string => {
      const at = names.indexOf(column);
      return at < 0 ? '' : (row.fields[at] ?? '').trim();
    };
    const rowErrors: PvImportError[] = [];
    const bad = (column: PvCsvColumn, message: string, code: PvImportErrorCode = 'invalid') =>
      rowErrors.push({ line: row.line, field: column, code, message, record });
    const instantOf = (column: PvCsvColumn): number | undefined => {
      const v = cell(column);
      if (v === '') return undefined;
      const ms = parseInstant(v);
      if (ms === null) bad(column, 'pvImport.error.instant');
      return ms ?? undefined;
    };
    const optional = (column: PvCsvColumn) => cell(column) || undefined;

    const mode = cell('ticket_mode');
    let ticket: unknown;
    if (mode === 'air') {
      for (const c of ['land_route', 'land_operator'] as const) if (cell(c) !== '') bad(c, 'pvImport.error.notForMode');
      ticket = {
        mode,
        carrier: optional('carrier'),
        flightNumber: optional('flight_number'),
        date: optional('ticket_date'),
        pnr: optional('pnr'),
        eticket: optional('eticket'),
      };
    } else if (mode === 'land') {
      for (const c of ['carrier', 'flight_number', 'pnr', 'eticket'] as const) if (cell(c) !== '') bad(c, 'pvImport.error.notForMode');
      ticket = { mode, route: optional('land_route'), operator: optional('land_operator'), date: optional('ticket_date') };
    } else {
      bad('ticket_mode', mode === '' ? 'pvImport.error.required' : 'pvImport.error.invalid', mode === '' ? 'required' : 'invalid');
    }
    const postsText = cell('authorised_posts');
    const authorisedPosts =
      postsText.toLowerCase() === 'any' ? 'any' : postsText === '' ? undefined : postsText.split(/[|\s]+/).filter(Boolean);
    const revisionText = cell('revision');
    let revision: number | undefined;
    if (revisionText !== '') {
      if (/^\d{1,9}$/.test(revisionText)) revision = Number(revisionText);
      else bad('revision', 'pvImport.error.invalid');
    }
    let traffickingVictim: boolean | undefined;
    if (cell('trafficking_victim') !== '') {
      const b = parseBool(cell('trafficking_victim'));
      if (b === null) bad('trafficking_victim', 'pvImport.error.boolean');
      else traffickingVictim = b;
    }
    const candidate = {
      pvNumber: optional('pv_number'),
      policeStation: optional('police_station'),
      issuedAt: instantOf('issued_at'),
      beneficiary: {
        surname: optional('surname'),
        givenNames: cell('given_names'),
        sex: optional('sex'),
        birthDate: optional('birth_date'),
        nationality: optional('nationality'),
        iomCaseNumber: optional('iom_case_number'),
      },
      travelDocument: {
        kind: optional('document_kind'),
        number: optional('document_number'),
        issuingState: optional('document_issuing_state'),
        expiry: optional('document_expiry'),
      },
      ticket,
      authorisedPosts,
      validFrom: instantOf('valid_from'),
      validUntil: instantOf('valid_until'),
      status: optional('status'),
      revision,
      flags: {
        minor: cell('minor_mna_reference') ? { mnaReference: cell('minor_mna_reference') } : undefined,
        traffickingVictim,
        escortedByPartner: optional('escorted_by_partner'),
      },
    };
    const columnsInError = new Set(rowErrors.map((e) => e.field));
    const r = pvSchema.safeParse(candidate);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const code = issueCode(issue);
        for (const path of issuePaths(issue)) {
          const column = columnOfPath(path);
          if (columnsInError.has(column)) continue; // already reported from the CSV conversion
          columnsInError.add(column);
          rowErrors.push({ line: row.line, field: column, code, message: issueMessage(issue, code), record });
        }
      }
    }
    if (rowErrors.length > 0 || !r.success) {
      errors.push(...rowErrors);
      continue;
    }
    pvs.push(r.data);
    lines.push(row.line);
  }
  if (errors.length > 0) return { ok: false, errors };
  if (pvs.length === 0 && rows.length === 0) {
    // header only: a valid, empty import
    return { ok: true, pvs, lineOfRecord: () => 1 };
  }
  return { ok: true, pvs, lineOfRecord: (i) => lines[i] ?? 1 };
}
