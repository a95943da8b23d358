/**
 * Parsing of PV import files (JSON or CSV), pure. A file is accepted whole or refused whole:
 * any error and no PV is returned, with every error found (line, field, code, i18n message key).
 * The formats are documented in docs/pv-format.md; the JSON Schema is docs/pv-import.schema.json.
 */
import { parse as parseCsvText } from 'csv-parse/sync';
import type { z } from 'zod';
import { isIsoDate } from './dates';
import { parseJsonWithLines } from './json-lines';
import type { JsonPath } from './json-lines';
import { pvSchema } from './pv';
import type { Pv } from './pv';

export type PvImportFormat = 'json' | 'csv';

export type PvImportErrorCode = 'syntax' | 'encoding' | 'empty' | 'header' | 'required' | 'invalid' | 'unknownField' | 'duplicate';

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
  const pvs: Pv[] = [];
  const r = readPvImport(text, format, (pv) => pvs.push(pv));
  return r.ok ? { ok: true, pvs } : r;
}

export type PvReadResult = { ok: true; count: number } | { ok: false; errors: PvImportError[] };

export interface PvReadOptions {
  /** CSV: about how many characters csv-parse reads at a time (whole records). */
  batchChars?: number;
}

/**
 * Reads a PV file record by record: each valid PV goes to `onPv`, with the line it starts on, as
 * soon as it is read, and nothing else is kept, so a large file is never held as a tree or a list.
 * The result is the verdict on the whole file: when it is not ok, the caller must discard what
 * `onPv` received (the service writes inside one transaction and rolls it back).
 */
export function readPvImport(
  text: string,
  format: PvImportFormat,
  onPv: (pv: Pv, line: number) => void,
  options: PvReadOptions = {},
): PvReadResult {
  if (text.trim() === '') return { ok: false, errors: [{ line: 1, field: '', code: 'empty', message: 'pvImport.error.empty' }] };
  const replaced = text.indexOf('\uFFFD');
  if (replaced >= 0) {
    // What a reader leaves of bytes that are not UTF-8; no PV holds it, so the file is refused.
    return { ok: false, errors: [{ line: lineAt(text, replaced), field: '', code: 'encoding', message: 'pvImport.error.encoding' }] };
  }
  const seen = new Map<string, number>();
  const duplicates: PvImportError[] = [];
  let count = 0;
  const sink: Sink = (pv, line, record) => {
    if (seen.has(pv.pvNumber)) {
      if (duplicates.length < MAX_IMPORT_ERRORS) {
        duplicates.push({ line, field: 'pvNumber', code: 'duplicate', message: 'pvImport.error.duplicate', record });
      }
      return;
    }
    seen.set(pv.pvNumber, record);
    count += 1;
    if (duplicates.length === 0) onPv(pv, line);
  };
  const errors = format === 'json' ? readJson(text, sink) : readCsv(text, sink, options.batchChars ?? 1 << 20);
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_IMPORT_ERRORS) };
  if (duplicates.length > 0) return { ok: false, errors: duplicates };
  return { ok: true, count };
}

/** A valid PV, the line it starts on, its 0-based index in the file. */
type Sink = (pv: Pv, line: number, record: number) => void;

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
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

function readJson(text: string, sink: Sink): PvImportError[] {
  const errors: PvImportError[] = [];
  const parsed = parseJsonWithLines(text, {
    detach: (path) => path.length === 2 && path[0] === 'pvs' && typeof path[1] === 'number',
    onDetached: (item, path, lineOf) => {
      const index = path[1] as number;
      if (errors.length >= MAX_IMPORT_ERRORS) return;
      const r = pvSchema.safeParse(item);
      if (r.success) {
        if (errors.length === 0) sink(r.data, lineOf(path), index);
        return;
      }
      const found: PvImportError[] = [];
      for (const issue of r.error.issues) {
        const code = issueCode(issue);
        for (const issuePath of issuePaths(issue)) {
          found.push({
            line: lineOf([...path, ...issuePath]),
            field: issuePath.join('.'),
            code,
            message: issueMessage(issue, code),
            record: index,
          });
        }
      }
      errors.push(...sortErrors(found));
    },
  });
  if (!parsed.ok) return [{ line: parsed.line, field: '', code: 'syntax', message: 'pvImport.error.syntax' }];
  const root = parsed.value;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    return [{ line: 1, field: '', code: 'invalid', message: 'pvImport.error.notAnObject' }];
  }
  const file = root as Record<string, unknown>;
  const fileErrors: PvImportError[] = [];
  for (const key of Object.keys(file)) {
    if (key !== 'version' && key !== 'pvs') {
      fileErrors.push({ line: parsed.lineOf([key]), field: key, code: 'unknownField', message: 'pvImport.error.unknownField' });
    }
  }
  if (file.version !== 1) {
    fileErrors.push({
      line: parsed.lineOf(['version']),
      field: 'version',
      code: file.version === undefined ? 'required' : 'invalid',
      message: 'pvImport.error.version',
    });
  }
  if (!Array.isArray(file.pvs)) {
    fileErrors.push({
      line: parsed.lineOf(['pvs']),
      field: 'pvs',
      code: file.pvs === undefined ? 'required' : 'invalid',
      message: 'pvImport.error.pvsArray',
    });
  }
  return sortErrors([...fileErrors, ...errors]);
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

/**
 * The text in slices of whole records, each about `size` characters: a slice ends at a line
 * break outside quotes (an even count of `"` before it, as RFC 4180 doubles a quote inside a
 * quoted field). With an unterminated quote the rest of the text is one slice.
 */
function* recordSlices(text: string, size: number): Generator<{ text: string; firstLine: number }> {
  let start = 0;
  let firstLine = 1;
  while (start < text.length) {
    let from = Math.min(text.length, start + Math.max(1, size) - 1);
    let quotes = countOf(text, '"', start, from);
    let end = text.length;
    for (let nl = text.indexOf('\n', from); nl >= 0; nl = text.indexOf('\n', from)) {
      quotes += countOf(text, '"', from, nl);
      from = nl + 1;
      if (quotes % 2 === 0) {
        end = from;
        break;
      }
    }
    const slice = text.slice(start, end);
    yield { text: slice, firstLine };
    firstLine += countOf(slice, '\n', 0, slice.length);
    start = end;
  }
}

function countOf(text: string, ch: string, from: number, to: number): number {
  const code = ch.charCodeAt(0);
  let n = 0;
  for (let i = from; i < to; i += 1) if (text.charCodeAt(i) === code) n += 1;
  return n;
}

/**
 * RFC 4180 records (csv-parse, a slice at a time), each with the line it starts on. Returns the
 * line of an unterminated quote, or null. `onRecord` returns false to stop reading.
 */
function readCsvRecords(
  text: string,
  delimiter: string,
  size: number,
  onRecord: (fields: string[], line: number) => boolean,
): number | null {
  let first = true;
  for (const slice of recordSlices(text, size)) {
    let offset = 0; // lines of the slice before the current record
    let stop = false;
    try {
      parseCsvText(slice.text, {
        bom: first,
        delimiter,
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: false,
        // with `raw`, each record comes with its source text, from which the lines it spans are
        // counted as an editor counts them (csv-parse's info counts CR LF inside quotes twice); the
        // text holds its line break, less the LF of a CR LF
        raw: true,
        on_record: (withRaw: unknown) => {
          const { record, raw } = withRaw as { record: string[]; raw: string };
          if (!stop) stop = !onRecord(record, slice.firstLine + offset);
          offset += countOf(raw, '\n', 0, raw.length) + (raw.endsWith('\n') ? 0 : 1);
          return null;
        },
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED') return slice.firstLine + offset;
      throw error;
    }
    first = false;
    if (stop) break;
  }
  return null;
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

function readCsv(text: string, sink: Sink, batchChars: number): PvImportError[] {
  const errors: PvImportError[] = [];
  let names: string[] | null = null;
  let index = 0;
  const unterminatedAt = readCsvRecords(text, detectDelimiter(text), batchChars, (fields, line) => {
    if (names === null) {
      names = readHeader(fields, line, errors);
      return errors.length === 0;
    }
    if (fields.every((f) => f.trim() === '')) return true;
    const record = index;
    index += 1;
    readRow(names, fields, line, record, errors, sink);
    return errors.length < MAX_IMPORT_ERRORS;
  });
  if (unterminatedAt !== null) {
    return [{ line: unterminatedAt, field: '', code: 'syntax', message: 'pvImport.error.unterminatedQuote' }];
  }
  return errors;
}

function readHeader(fields: string[], line: number, errors: PvImportError[]): string[] {
  const names = fields.map((h) => h.trim().toLowerCase());
  const known = new Set<string>(PV_CSV_COLUMNS);
  const seen = new Set<string>();
  for (const name of names) {
    if (!known.has(name)) errors.push({ line, field: name, code: 'header', message: 'pvImport.error.unknownColumn' });
    else if (seen.has(name)) errors.push({ line, field: name, code: 'header', message: 'pvImport.error.duplicateColumn' });
    seen.add(name);
  }
  for (const column of PV_CSV_COLUMNS) {
    if (!OPTIONAL_COLUMNS.has(column) && !seen.has(column)) {
      errors.push({ line, field: column, code: 'header', message: 'pvImport.error.missingColumn' });
    }
  }
  return names;
}

/** One data row: the PV goes to the sink, or its errors to `errors`. */
function readRow(names: string[], fields: string[], line: number, record: number, errors: PvImportError[], sink: Sink): void {
  const row = { line, fields };
  {
    if (row.fields.length !== names.length) {
      errors.push({ line: row.line, field: '', code: 'invalid', message: 'pvImport.error.columnCount', record });
      return;
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
      return;
    }
    if (errors.length === 0) sink(r.data, row.line, record);
  }
}
