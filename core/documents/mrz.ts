/**
 * ICAO Doc 9303 machine readable zones: TD1 (3 x 30), TD2 (2 x 36), TD3 (2 x 44), MRV-A (2 x 44)
 * and MRV-B (2 x 36), with any document code.
 *
 * `valid` means structure and check digits. An impossible calendar date, an expired document
 * or an unknown state code is a warning: those are the verifier's rules, not the reader's.
 * Where checks fail, the usual OCR confusions are tried (see `repairMrzLines`); a repaired
 * reading is accepted only when every check then passes, and each change is reported.
 */
import type { DocumentMessageKey } from './messages';
import {
  checkDigitChar,
  checkPasses,
  MRZ_FIELD_LAYOUTS,
  MRZ_LINE_SHAPES,
  type MrzCheckName,
  type MrzCheckSpec,
  type MrzFormat,
  type MrzSpan,
  normalizeMrzText,
} from './mrz-layout';
import { isKnownStateCode } from './states';
import type { DocumentIssue, ReferenceDate, Repair } from './types';
import { isExpired, isPlausibleYymmdd, toYmd } from './types';

export type { MrzCheckName, MrzFormat } from './mrz-layout';

/** Fields as printed, fillers stripped (names: fillers become spaces). */
export interface MrzFields {
  /** Document code without fillers: P, PE, I, ID, AC, V, ... */
  documentType: string;
  issuingState: string;
  surname: string;
  givenNames: string;
  /** Full number, including a TD1/TD2 number continued in the optional data. */
  documentNumber: string;
  nationality: string;
  /** YYMMDD as printed (may hold '<' where the birth date is unknown). */
  birthDate: string;
  /** M, F, X or < (X and <: unspecified), as printed. */
  sex: string;
  /** YYMMDD as printed. */
  expiryDate: string;
  /** TD2, TD3 (personal number) and visas. */
  optionalData?: string;
  /** TD1 line 1 (after any continued document number and its check digit). */
  optionalData1?: string;
  /** TD1 line 2. */
  optionalData2?: string;
}

/** One check digit: the digit printed (`actual`) and the one computed (`expected`). */
export interface MrzCheck {
  field: MrzCheckName;
  ok: boolean;
  expected: string;
  actual: string;
}

export interface MrzResult {
  kind: 'mrz';
  valid: boolean;
  format: MrzFormat | null;
  fields: MrzFields | null;
  checks: MrzCheck[];
  /** The normalised (and, when repaired, corrected) lines. */
  lines: string[];
  errors: DocumentIssue[];
  warnings: DocumentIssue[];
  repairs: Repair[];
}

export interface MrzOptions {
  /** Try OCR repairs when checks fail (default true). */
  repair?: boolean;
  /** When given, an expired document gets the `documentExpired` warning. */
  referenceDate?: ReferenceDate;
}

/** Character class of a position: letters, digits, or both; all also accept the filler. */
type CharClass = 'A' | 'N' | 'X';

type Span = MrzSpan;
type CheckSpec = MrzCheckSpec;

interface Layout {
  format: MrzFormat;
  classes: CharClass[][];
  fieldAt: string[][];
  checks: CheckSpec[];
  fields: MrzFields;
  spans: {
    documentType: Span;
    issuingState: Span;
    nationality: Span;
    name: Span;
    sex: Span;
    birthDate: Span;
    expiryDate: Span;
  };
}

function message(code: string): DocumentMessageKey {
  return `documents.mrz.${code}` as DocumentMessageKey;
}

function issue(code: string, field: string, params?: Record<string, string | number>): DocumentIssue {
  return params ? { code, field, message: message(code), params } : { code, field, message: message(code) };
}

function clean(text: string): string {
  return text.replace(/<+/g, ' ').trim();
}

function splitName(text: string): { surname: string; givenNames: string } {
  const at = text.indexOf('<<');
  if (at < 0) return { surname: clean(text), givenNames: '' };
  return { surname: clean(text.slice(0, at)), givenNames: clean(text.slice(at + 2)) };
}

function slice(lines: readonly string[], span: Span): string {
  return (lines[span.line] ?? '').slice(span.start, span.end);
}

function span(line: number, start: number, end: number): Span {
  return { line, start, end };
}

/**
 * A TD1/TD2 document number longer than nine characters: '<' in the check position and the rest
 * of the number, then its check digit, at the start of the optional data (Doc 9303 parts 5, 6).
 * Returns the continued span and the check position, or null.
 */
function continuedNumber(lines: readonly string[], optional: Span, checkPos: number): { continued: Span; checkPos: number } | null {
  const text = lines[optional.line] ?? '';
  if (text.charAt(checkPos) !== '<' || text.charAt(optional.start) === '<') return null;
  let end = optional.start;
  while (end < optional.end && text.charAt(end) !== '<') end += 1;
  if (end - optional.start < 2) return null;
  return { continued: span(optional.line, optional.start, end - 1), checkPos: end - 1 };
}

/**
 * Where each field lies for a format (from the one specification in mrz-layout.ts), given the
 * lines: a TD1/TD2 document number longer than nine characters moves its check digit into the
 * optional data.
 */
function layoutOf(format: MrzFormat, lines: readonly string[]): Layout {
  const spec = MRZ_FIELD_LAYOUTS[format];
  const width = MRZ_LINE_SHAPES[format].length;
  const classes: CharClass[][] = lines.map(() => new Array<CharClass>(width).fill('X'));
  const fieldAt: string[][] = lines.map(() => new Array<string>(width).fill('filler'));
  const mark = (s: Span, cls: CharClass, field: string): void => {
    for (let i = s.start; i < s.end; i += 1) {
      const row = classes[s.line];
      const names = fieldAt[s.line];
      if (row && names) {
        row[i] = cls;
        names[i] = field;
      }
    }
  };
  const { documentType, issuingState, name, nationality, sex, birthDate, expiryDate } = spec;
  mark(documentType, 'A', 'documentType');
  mark(issuingState, 'A', 'issuingState');
  mark(spec.documentNumber, 'X', 'documentNumber');

  const checks: CheckSpec[] = spec.checks.map((c) => ({ ...c }));
  const numberCheck = checks.find((c) => c.name === 'documentNumber') as CheckSpec;
  let numberSpans = [spec.documentNumber];
  const fieldsExtra: Partial<MrzFields> = {};
  const optionalKey = format === 'TD1' ? 'optionalData1' : 'optionalData';
  let optional = spec[optionalKey];
  if (optional && (format === 'TD1' || format === 'TD2')) {
    const long = continuedNumber(lines, optional, numberCheck.pos);
    if (long) {
      mark(long.continued, 'X', 'documentNumber');
      numberSpans = [spec.documentNumber, long.continued];
      numberCheck.pos = long.checkPos;
      numberCheck.spans = numberSpans;
      optional = span(optional.line, long.checkPos + 1, optional.end);
    }
  }
  if (optional) {
    mark(optional, 'X', optionalKey);
    fieldsExtra[optionalKey] = clean(slice(lines, optional));
  }
  if (spec.optionalData2) {
    mark(spec.optionalData2, 'X', 'optionalData2');
    fieldsExtra.optionalData2 = clean(slice(lines, spec.optionalData2));
  }
  const documentNumber = clean(numberSpans.map((s) => slice(lines, s)).join(''));
  mark(name, 'A', 'name');
  mark(nationality, 'A', 'nationality');
  mark(sex, 'A', 'sex');
  mark(birthDate, 'N', 'birthDate');
  mark(expiryDate, 'N', 'expiryDate');
  for (const check of checks) {
    const field = check.name === 'personalNumber' ? 'optionalData' : check.name;
    mark(span(check.line, check.pos, check.pos + 1), 'N', field);
  }

  const { surname, givenNames } = splitName(slice(lines, name));
  const fields: MrzFields = {
    documentType: clean(slice(lines, documentType)),
    issuingState: clean(slice(lines, issuingState)),
    surname,
    givenNames,
    documentNumber,
    nationality: clean(slice(lines, nationality)),
    birthDate: slice(lines, birthDate),
    sex: slice(lines, sex),
    expiryDate: slice(lines, expiryDate),
    ...fieldsExtra,
  };
  return {
    format,
    classes,
    fieldAt,
    checks,
    fields,
    spans: { documentType, issuingState, nationality, name, sex, birthDate, expiryDate },
  };
}

function evaluateCheck(lines: readonly string[], check: CheckSpec): MrzCheck & { digitFormat: boolean } {
  const data = check.spans.map((s) => slice(lines, s)).join('');
  const actual = (lines[check.line] ?? '').charAt(check.pos);
  const expected = checkDigitChar(data);
  const ok = checkPasses(lines, check);
  const digitFormat = ok || /^[0-9]$/.test(actual);
  return { field: check.name, ok, expected, actual, digitFormat };
}

interface Evaluation {
  layout: Layout;
  checks: MrzCheck[];
  errors: DocumentIssue[];
  warnings: DocumentIssue[];
}

function checkField(check: MrzCheckName): string {
  return check === 'personalNumber' ? 'optionalData' : check;
}

/** The state of the ICAO Doc 9303 specimen documents (Utopia). */
const SPECIMEN_STATE = 'UTO';

function evaluate(format: MrzFormat, lines: readonly string[], options: MrzOptions): Evaluation {
  const layout = layoutOf(format, lines);
  const errors: DocumentIssue[] = [];
  const warnings: DocumentIssue[] = [];
  lines.forEach((line, index) => {
    if (/[^A-Z0-9<]/.test(line)) errors.push(issue('invalidCharacter', `line${index + 1}`, { line: index + 1 }));
  });
  const raw = (s: Span): string => slice(lines, s);
  if (!/^[A-Z][A-Z<]$/.test(raw(layout.spans.documentType))) errors.push(issue('documentTypeFormat', 'documentType'));
  for (const key of ['issuingState', 'nationality'] as const) {
    const code = raw(layout.spans[key]);
    if (!/^[A-Z]+<*$/.test(code)) errors.push(issue(`${key}Format`, key));
    else if (!isKnownStateCode(clean(code))) warnings.push(issue(`${key}Unknown`, key, { code: clean(code) }));
  }
  // UTO, the fictional state of the Doc 9303 specimens: well formed, but not a travel document.
  if ([layout.spans.issuingState, layout.spans.nationality].some((s) => clean(raw(s)) === SPECIMEN_STATE)) {
    warnings.push(issue('specimenDocument', 'issuingState', { code: SPECIMEN_STATE }));
  }
  const name = raw(layout.spans.name);
  if (!/^[A-Z<]*$/.test(name)) errors.push(issue('nameFormat', 'name'));
  else if (!name.endsWith('<')) warnings.push(issue('nameTruncated', 'name'));
  if (!/^[MFX<]$/.test(raw(layout.spans.sex))) errors.push(issue('sexFormat', 'sex'));

  const birth = raw(layout.spans.birthDate);
  if (!/^[0-9<]{6}$/.test(birth)) errors.push(issue('birthDateFormat', 'birthDate'));
  else if (birth.includes('<')) warnings.push(issue('birthDateUnknown', 'birthDate'));
  else if (!isPlausibleYymmdd(birth)) warnings.push(issue('birthDateInvalid', 'birthDate'));
  const expiry = raw(layout.spans.expiryDate);
  if (!/^[0-9]{6}$/.test(expiry)) errors.push(issue('expiryDateFormat', 'expiryDate'));
  else if (!isPlausibleYymmdd(expiry)) warnings.push(issue('expiryDateInvalid', 'expiryDate'));
  else {
    const reference = toYmd(options.referenceDate);
    if (reference && isExpired(expiry, reference) === true) warnings.push(issue('documentExpired', 'expiryDate'));
  }

  const checks: MrzCheck[] = [];
  for (const spec of layout.checks) {
    const result = evaluateCheck(lines, spec);
    checks.push({ field: result.field, ok: result.ok, expected: result.expected, actual: result.actual });
    if (!result.digitFormat) {
      errors.push(issue(`${spec.name}CheckDigitFormat`, checkField(spec.name)));
    } else if (!result.ok) {
      errors.push(issue(`${spec.name}CheckDigit`, checkField(spec.name), { expected: result.expected, actual: result.actual }));
    }
  }
  return { layout, checks, errors, warnings };
}

const LETTER_TO_DIGIT: Record<string, string> = { O: '0', I: '1', B: '8', S: '5', Z: '2', G: '6' };
const DIGIT_TO_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '8': 'B', '5': 'S', '2': 'Z', '6': 'G' };
const SWAP: Record<string, string> = { ...LETTER_TO_DIGIT, ...DIGIT_TO_LETTER };

function setChar(lines: string[], line: number, pos: number, char: string): void {
  const text = lines[line] ?? '';
  lines[line] = text.slice(0, pos) + char + text.slice(pos + 1);
}

/** Subsets of size 1..maxSize of `items`, smallest first. */
function* subsets<T>(items: readonly T[], maxSize: number): Generator<T[]> {
  for (let size = 1; size <= maxSize; size += 1) {
    const index = Array.from({ length: size }, (_, i) => i);
    if (size > items.length) return;
    for (;;) {
      yield index.map((i) => items[i] as T);
      let k = size - 1;
      while (k >= 0 && index[k] === items.length - size + k) k -= 1;
      if (k < 0) break;
      index[k] = (index[k] as number) + 1;
      for (let j = k + 1; j < size; j += 1) index[j] = (index[j - 1] as number) + 1;
    }
  }
}

interface Position {
  line: number;
  pos: number;
}

/**
 * Tries the usual OCR confusions (O/0, I/1, B/8, S/5, Z/2, G/6) within each field's class:
 * first letters in digit-only places and digits in letter-only places, then, for a failing
 * check over letters-and-digits data, the smallest set of swaps (at most two per check) that
 * satisfies it, kept only when exactly one such set exists (or exactly one also satisfies the
 * composite). Returns the corrected lines and the repairs, or null when no reading passes
 * every check.
 */
function repairMrzLines(
  format: MrzFormat,
  original: readonly string[],
  options: MrzOptions,
): { lines: string[]; repairs: Repair[]; evaluation: Evaluation } | null {
  const lines = [...original];
  const first = layoutOf(format, lines);
  for (let line = 0; line < lines.length; line += 1) {
    const text = lines[line] ?? '';
    for (let pos = 0; pos < text.length; pos += 1) {
      const char = text.charAt(pos);
      const cls = first.classes[line]?.[pos];
      const to = cls === 'N' ? LETTER_TO_DIGIT[char] : cls === 'A' ? DIGIT_TO_LETTER[char] : undefined;
      if (to !== undefined) setChar(lines, line, pos, to);
    }
  }

  const locked = new Set<string>();
  const key = (p: Position): string => `${p.line}:${p.pos}`;
  let layout = layoutOf(format, lines);
  const composite = layout.checks.find((c) => c.name === 'composite');
  const ordered = [...layout.checks.filter((c) => c.name !== 'composite'), ...(composite ? [composite] : [])];
  for (const spec of ordered) {
    const current = evaluateCheck(lines, spec);
    if (!current.ok) {
      if (!current.digitFormat) return null;
      const candidates: Position[] = [];
      for (const s of spec.spans) {
        for (let pos = s.start; pos < s.end; pos += 1) {
          const p = { line: s.line, pos };
          const char = (lines[s.line] ?? '').charAt(pos);
          if (layout.classes[s.line]?.[pos] === 'X' && SWAP[char] !== undefined && !locked.has(key(p))) {
            candidates.push(p);
          }
        }
      }
      let solutions: Position[][] = [];
      for (const flips of subsets(candidates, 2)) {
        if (solutions.length > 0 && flips.length > (solutions[0] as Position[]).length) break;
        const trial = [...lines];
        for (const f of flips) setChar(trial, f.line, f.pos, SWAP[(trial[f.line] ?? '').charAt(f.pos)] as string);
        if (evaluateCheck(trial, spec).ok) solutions.push(flips);
      }
      if (solutions.length > 1 && composite && spec !== composite) {
        solutions = solutions.filter((flips) => {
          const trial = [...lines];
          for (const f of flips) setChar(trial, f.line, f.pos, SWAP[(trial[f.line] ?? '').charAt(f.pos)] as string);
          return evaluateCheck(trial, composite).ok;
        });
      }
      if (solutions.length !== 1) return null;
      for (const f of solutions[0] as Position[]) {
        setChar(lines, f.line, f.pos, SWAP[(lines[f.line] ?? '').charAt(f.pos)] as string);
      }
      layout = layoutOf(format, lines);
    }
    for (const s of spec.spans) for (let pos = s.start; pos < s.end; pos += 1) locked.add(key({ line: s.line, pos }));
  }

  const evaluation = evaluate(format, lines, options);
  if (evaluation.errors.length > 0) return null;
  const repairs: Repair[] = [];
  lines.forEach((text, line) => {
    const before = original[line] ?? '';
    for (let pos = 0; pos < text.length; pos += 1) {
      if (text.charAt(pos) !== before.charAt(pos)) {
        repairs.push({
          field: evaluation.layout.fieldAt[line]?.[pos] ?? 'filler',
          line: line + 1,
          position: pos,
          from: before.charAt(pos),
          to: text.charAt(pos),
        });
      }
    }
  });
  return repairs.length > 0 ? { lines, repairs, evaluation } : null;
}

function detectFormat(lines: readonly string[]): { format: MrzFormat } | { errors: DocumentIssue[] } {
  const { TD1, TD2, TD3 } = MRZ_LINE_SHAPES;
  if (lines.length === TD1.lines) {
    const errors = lines.flatMap((line, i) =>
      line.length === TD1.length ? [] : [issue('lineLength', `line${i + 1}`, { line: i + 1, expected: TD1.length, actual: line.length })],
    );
    return errors.length > 0 ? { errors } : { format: 'TD1' };
  }
  if (lines.length === TD3.lines) {
    const longest = Math.max(...lines.map((line) => line.length));
    const width = longest >= (TD2.length + TD3.length) / 2 ? TD3.length : TD2.length;
    const errors = lines.flatMap((line, i) =>
      line.length === width ? [] : [issue('lineLength', `line${i + 1}`, { line: i + 1, expected: width, actual: line.length })],
    );
    if (errors.length > 0) return { errors };
    const visa = (lines[0] ?? '').startsWith('V');
    return { format: width === TD3.length ? (visa ? 'MRVA' : 'TD3') : visa ? 'MRVB' : 'TD2' };
  }
  return { errors: [issue('lineCount', 'lines', { actual: lines.length })] };
}

/** Parses an MRZ from text (2 or 3 lines, any line breaks, any case). Never throws. */
export function parseMrz(text: string, options: MrzOptions = {}): MrzResult {
  const lines = normalizeMrzText(text);
  const detected = detectFormat(lines);
  if ('errors' in detected) {
    return {
      kind: 'mrz',
      valid: false,
      format: null,
      fields: null,
      checks: [],
      lines,
      errors: detected.errors,
      warnings: [],
      repairs: [],
    };
  }
  const { format } = detected;
  const evaluation = evaluate(format, lines, options);
  if (evaluation.errors.length > 0 && options.repair !== false) {
    const repaired = repairMrzLines(format, lines, options);
    if (repaired) {
      return {
        kind: 'mrz',
        valid: true,
        format,
        fields: repaired.evaluation.layout.fields,
        checks: repaired.evaluation.checks,
        lines: repaired.lines,
        errors: [],
        warnings: [...repaired.evaluation.warnings, issue('ocrRepaired', 'lines', { count: repaired.repairs.length })],
        repairs: repaired.repairs,
      };
    }
  }
  return {
    kind: 'mrz',
    valid: evaluation.errors.length === 0,
    format,
    fields: evaluation.layout.fields,
    checks: evaluation.checks,
    lines,
    errors: evaluation.errors,
    warnings: evaluation.warnings,
    repairs: [],
  };
}
