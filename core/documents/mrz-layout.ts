/**
 * The one ICAO Doc 9303 machine-readable-zone specification of the project: alphabet, character
 * values and the 7-3-1 check digit (part 3), line shapes, and where every field and check digit
 * lies in TD1, TD2, TD3 and the MRV-A / MRV-B visas (parts 4 to 7). The text parser
 * (`mrz.ts`), the MRZ builders (tests, synthetic photos) and the camera reader (`core/vision/mrz`)
 * all read it from here.
 */

/** Every MRZ format the parser knows. */
export type MrzFormat = 'TD1' | 'TD2' | 'TD3' | 'MRVA' | 'MRVB';

/** The physical shapes an image reader can tell apart (a visa has the shape of a TD2 or TD3). */
export type MrzShape = 'TD1' | 'TD2' | 'TD3';

/** The 37 characters of an MRZ, in the order the camera reader's classifier uses. */
export const MRZ_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<';

/** Lines and characters per line of each format. */
export const MRZ_LINE_SHAPES: Readonly<Record<MrzFormat, { lines: number; length: number }>> = {
  TD1: { lines: 3, length: 30 },
  TD2: { lines: 2, length: 36 },
  TD3: { lines: 2, length: 44 },
  MRVA: { lines: 2, length: 44 },
  MRVB: { lines: 2, length: 36 },
};

/** Value of a character in the check-digit sum: 0-9, A-Z = 10-35, filler (and anything else) 0. */
export function mrzCharValue(char: string): number {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return 0;
}

const WEIGHTS = [7, 3, 1] as const;

/** The check digit (0-9) of a string of MRZ characters. */
export function computeCheckDigit(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i += 1) sum += mrzCharValue(text.charAt(i)) * (WEIGHTS[i % 3] as number);
  return sum % 10;
}

/** The check digit of a string as the character printed in the MRZ. */
export function checkDigitChar(text: string): string {
  return String(computeCheckDigit(text));
}

/** Upper-cases, splits on CR/LF, drops spaces, tabs and blank lines; splits one run-on line. */
export function normalizeMrzText(text: string): string[] {
  const lines = text
    .toUpperCase()
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((line) => line.replace(/[\s\u00a0\u200b\ufeff]+/g, ''))
    .filter((line) => line.length > 0);
  if (lines.length === 1) {
    const line = lines[0] as string;
    if (line.length === 88) return [line.slice(0, 44), line.slice(44)];
    if (line.length === 72) return [line.slice(0, 36), line.slice(36)];
    if (line.length === 90) return [line.slice(0, 30), line.slice(30, 60), line.slice(60)];
  }
  return lines;
}

/**
 * The shape of exactly well-formed MRZ lines (3x30, 2x36, 2x44 of A-Z, 0-9 and '<'), or null.
 * A keyboard-wedge scanner's output is a document only when this holds.
 */
export function mrzShapeOf(lines: readonly string[]): MrzShape | null {
  if (!lines.every((line) => /^[A-Z0-9<]+$/.test(line))) return null;
  for (const shape of ['TD1', 'TD2', 'TD3'] as const) {
    const { lines: n, length } = MRZ_LINE_SHAPES[shape];
    if (lines.length === n && lines.every((line) => line.length === length)) return shape;
  }
  return null;
}

/**
 * Whether lines are the first lines of an MRZ still missing its last line(s): one or two lines of
 * A-Z, 0-9 and '<', all of one MRZ length (30, 36 or 44), fewer than that format has.
 */
export function isIncompleteMrz(lines: readonly string[]): boolean {
  const first = lines[0];
  if (first === undefined || !lines.every((line) => /^[A-Z0-9<]+$/.test(line) && line.length === first.length)) return false;
  const shape = (['TD1', 'TD2', 'TD3'] as const).find((s) => MRZ_LINE_SHAPES[s].length === first.length);
  return shape !== undefined && lines.length < MRZ_LINE_SHAPES[shape].lines;
}

/**
 * Whether text could be an MRZ, well-formed or not, so that it goes to the MRZ parser (which then
 * says what is wrong): 2 or 3 lines (or one run-on line) of 25-50 characters, starting with a
 * letter, with fillers, at least 90 % MRZ characters.
 */
export function looksLikeMrz(text: string): boolean {
  const lines = normalizeMrzText(text);
  if (lines.length < 2 || lines.length > 3) return false;
  if (!lines.every((line) => line.length >= 25 && line.length <= 50)) return false;
  const joined = lines.join('');
  if (!/^[A-Z]/.test(joined) || !joined.includes('<')) return false;
  let mrzChars = 0;
  for (let i = 0; i < joined.length; i += 1) if (/[A-Z0-9<]/.test(joined.charAt(i))) mrzChars += 1;
  return mrzChars / joined.length >= 0.9;
}

/** A span on one line: [start, end). */
export interface MrzSpan {
  line: number;
  start: number;
  end: number;
}

export type MrzCheckName = 'documentNumber' | 'birthDate' | 'expiryDate' | 'personalNumber' | 'composite';

/** A check digit: where it sits and the spans it covers (several for the composite). */
export interface MrzCheckSpec {
  name: MrzCheckName;
  line: number;
  pos: number;
  spans: MrzSpan[];
  /** TD3 personal number: '<' may stand in the check position when the field is all fillers. */
  fillerWhenEmpty?: boolean;
}

/** Where the printed fields lie (before a TD1/TD2 long document number moves its check digit). */
export interface MrzFieldLayout {
  format: MrzFormat;
  documentType: MrzSpan;
  issuingState: MrzSpan;
  name: MrzSpan;
  documentNumber: MrzSpan;
  nationality: MrzSpan;
  birthDate: MrzSpan;
  sex: MrzSpan;
  expiryDate: MrzSpan;
  /** TD2, TD3, visas: the optional data (TD3: personal number). */
  optionalData?: MrzSpan;
  /** TD1 line 1 optional data. */
  optionalData1?: MrzSpan;
  /** TD1 line 2 optional data. */
  optionalData2?: MrzSpan;
  /** Check digits; the composite, when there is one, is last. */
  checks: MrzCheckSpec[];
}

const span = (line: number, start: number, end: number): MrzSpan => ({ line, start, end });

function td1(): MrzFieldLayout {
  return {
    format: 'TD1',
    documentType: span(0, 0, 2),
    issuingState: span(0, 2, 5),
    documentNumber: span(0, 5, 14),
    optionalData1: span(0, 15, 30),
    birthDate: span(1, 0, 6),
    sex: span(1, 7, 8),
    expiryDate: span(1, 8, 14),
    nationality: span(1, 15, 18),
    optionalData2: span(1, 18, 29),
    name: span(2, 0, 30),
    checks: [
      { name: 'documentNumber', line: 0, pos: 14, spans: [span(0, 5, 14)] },
      { name: 'birthDate', line: 1, pos: 6, spans: [span(1, 0, 6)] },
      { name: 'expiryDate', line: 1, pos: 14, spans: [span(1, 8, 14)] },
      { name: 'composite', line: 1, pos: 29, spans: [span(0, 5, 30), span(1, 0, 7), span(1, 8, 15), span(1, 18, 29)] },
    ],
  };
}

function twoLine(format: Exclude<MrzFormat, 'TD1'>): MrzFieldLayout {
  const width = MRZ_LINE_SHAPES[format].length;
  const visa = format === 'MRVA' || format === 'MRVB';
  const optionalEnd = visa ? width : format === 'TD3' ? 42 : 35;
  const checks: MrzCheckSpec[] = [
    { name: 'documentNumber', line: 1, pos: 9, spans: [span(1, 0, 9)] },
    { name: 'birthDate', line: 1, pos: 19, spans: [span(1, 13, 19)] },
    { name: 'expiryDate', line: 1, pos: 27, spans: [span(1, 21, 27)] },
  ];
  if (format === 'TD3') {
    checks.push({ name: 'personalNumber', line: 1, pos: 42, spans: [span(1, 28, 42)], fillerWhenEmpty: true });
  }
  if (!visa) {
    const end = format === 'TD3' ? 43 : 35;
    checks.push({ name: 'composite', line: 1, pos: end, spans: [span(1, 0, 10), span(1, 13, 20), span(1, 21, end)] });
  }
  return {
    format,
    documentType: span(0, 0, 2),
    issuingState: span(0, 2, 5),
    name: span(0, 5, width),
    documentNumber: span(1, 0, 9),
    nationality: span(1, 10, 13),
    birthDate: span(1, 13, 19),
    sex: span(1, 20, 21),
    expiryDate: span(1, 21, 27),
    optionalData: span(1, 28, optionalEnd),
    checks,
  };
}

/** The field layout of each format. */
export const MRZ_FIELD_LAYOUTS: Readonly<Record<MrzFormat, MrzFieldLayout>> = {
  TD1: td1(),
  TD2: twoLine('TD2'),
  TD3: twoLine('TD3'),
  MRVA: twoLine('MRVA'),
  MRVB: twoLine('MRVB'),
};

/** The text of a list of spans, joined. */
export function spanText(lines: readonly string[], spans: readonly MrzSpan[]): string {
  return spans.map((s) => (lines[s.line] ?? '').slice(s.start, s.end)).join('');
}

/**
 * Whether a check digit matches its data. The TD3 personal-number check may be '<' (or '0')
 * when the personal number is all fillers.
 */
export function checkPasses(lines: readonly string[], check: MrzCheckSpec): boolean {
  const data = spanText(lines, check.spans);
  const actual = (lines[check.line] ?? '').charAt(check.pos);
  if (check.fillerWhenEmpty && /^<*$/.test(data) && (actual === '<' || actual === '0')) return true;
  return /^[0-9]$/.test(actual) && actual === checkDigitChar(data);
}

/** Which characters a position of a field may hold, for a reader that must choose among glyphs. */
export type MrzCharClass = 'digit' | 'alpha' | 'alnum' | 'sex' | 'digitOrFiller';

/** The characters a class allows. */
export function allowedChars(cls: MrzCharClass): string {
  switch (cls) {
    case 'digit':
      return '0123456789';
    case 'alpha':
      return 'ABCDEFGHIJKLMNOPQRSTUVWXYZ<';
    case 'alnum':
      return MRZ_ALPHABET;
    case 'sex':
      return 'MFX<';
    case 'digitOrFiller':
      return '0123456789<';
  }
}

/**
 * The character class of every position of a format (classes[line][pos]), from its field layout:
 * codes, names and nationality letters; dates and check digits digits; document number and
 * optional data letters or digits.
 */
export function mrzCharClasses(format: MrzFormat): MrzCharClass[][] {
  const layout = MRZ_FIELD_LAYOUTS[format];
  const { lines, length } = MRZ_LINE_SHAPES[format];
  const classes: MrzCharClass[][] = Array.from({ length: lines }, () => new Array<MrzCharClass>(length).fill('alnum'));
  const mark = (s: MrzSpan | undefined, cls: MrzCharClass): void => {
    if (!s) return;
    for (let i = s.start; i < s.end; i += 1) (classes[s.line] as MrzCharClass[])[i] = cls;
  };
  mark(layout.documentType, 'alpha');
  mark(layout.issuingState, 'alpha');
  mark(layout.name, 'alpha');
  mark(layout.nationality, 'alpha');
  mark(layout.birthDate, 'digit');
  mark(layout.expiryDate, 'digit');
  mark(layout.sex, 'sex');
  for (const check of layout.checks) {
    mark(span(check.line, check.pos, check.pos + 1), check.fillerWhenEmpty ? 'digitOrFiller' : 'digit');
  }
  return classes;
}

/** Spans where a '<<<' run ends the content (names and optional data). */
export function mrzFillerTails(format: MrzFormat): MrzSpan[] {
  const layout = MRZ_FIELD_LAYOUTS[format];
  const tails: MrzSpan[] = [];
  if (format === 'TD1') {
    if (layout.optionalData1) tails.push(layout.optionalData1);
    if (layout.optionalData2) tails.push(layout.optionalData2);
    tails.push(layout.name);
  } else {
    tails.push(layout.name);
    if (format !== 'TD3' && layout.optionalData) tails.push(layout.optionalData);
  }
  return tails;
}

/** True when every check digit of a field layout passes. */
export function allChecksPass(lines: readonly string[], checks: readonly MrzCheckSpec[]): boolean {
  return checks.every((check) => checkPasses(lines, check));
}

/** What a reader that chooses among glyphs needs of a shape: classes, checks, filler tails. */
export interface MrzReaderLayout {
  format: MrzFormat;
  /** classes[line][pos] */
  classes: MrzCharClass[][];
  /** Check digits; the composite is last. */
  checks: MrzCheckSpec[];
  /** Spans of name / optional-data fields where a '<<<' run ends the content. */
  fillerTail: MrzSpan[];
}

function readerLayout(format: MrzFormat): MrzReaderLayout {
  return {
    format,
    classes: mrzCharClasses(format),
    checks: MRZ_FIELD_LAYOUTS[format].checks,
    fillerTail: mrzFillerTails(format),
  };
}

export const MRZ_READER_LAYOUTS: Readonly<Record<MrzShape, MrzReaderLayout>> = {
  TD1: readerLayout('TD1'),
  TD2: readerLayout('TD2'),
  TD3: readerLayout('TD3'),
};

/**
 * The visas of each two-line shape (document code V): MRV-A is shaped as TD3, MRV-B as TD2. They
 * have no composite check digit, and their optional data runs to the end of line 2.
 */
export const MRZ_VISA_READER_LAYOUTS: Readonly<Record<'TD2' | 'TD3', MrzReaderLayout>> = {
  TD3: readerLayout('MRVA'),
  TD2: readerLayout('MRVB'),
};
