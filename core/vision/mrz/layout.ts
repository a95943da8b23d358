/** ICAO 9303 machine-readable-zone layouts and 7-3-1 check digits, as the OCR reader needs them. */

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

export const MRZ_SHAPE: Record<MrzFormat, { lines: number; length: number }> = {
  TD1: { lines: 3, length: 30 },
  TD2: { lines: 2, length: 36 },
  TD3: { lines: 2, length: 44 },
};

/** The 37 characters of an MRZ, in classifier order. */
export const MRZ_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<';

export function charValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return 0; // '<' (and anything unexpected)
}

/** ICAO 9303 check digit (weights 7, 3, 1) of a string, as a digit character. */
export function checkDigit(text: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += charValue(text[i] as string) * (weights[i % 3] as number);
  return String(sum % 10);
}

/** Which characters a position may hold. */
export type CharClass = 'digit' | 'alpha' | 'alnum' | 'sex' | 'digitOrFiller';

/** A span on one line: [line, start, end) . */
export interface Span {
  line: number;
  start: number;
  end: number;
}

export interface CheckedField {
  name: string;
  /** Spans the check digit covers (several for the composite). */
  spans: Span[];
  /** Where the check digit sits. */
  check: { line: number; pos: number };
  /** Filler-only fields may carry '<' as check digit (TD3 personal number). */
  fillerAllowed?: boolean;
}

export interface MrzLayout {
  format: MrzFormat;
  /** classes[line][pos] */
  classes: CharClass[][];
  /** Fields with a check digit; the composite is last. */
  checks: CheckedField[];
  /** Spans of name / optional-data fields where a '<<<' run ends the content. */
  fillerTail: Span[];
}

function classesFor(length: number, spans: Array<[number, number, CharClass]>): CharClass[] {
  const out: CharClass[] = new Array(length).fill('alnum');
  for (const [a, b, c] of spans) for (let i = a; i < b; i++) out[i] = c;
  return out;
}

const TD3: MrzLayout = {
  format: 'TD3',
  classes: [
    classesFor(44, [[0, 44, 'alpha']]),
    classesFor(44, [
      [0, 9, 'alnum'],
      [9, 10, 'digit'],
      [10, 13, 'alpha'],
      [13, 20, 'digit'],
      [20, 21, 'sex'],
      [21, 28, 'digit'],
      [28, 42, 'alnum'],
      [42, 43, 'digitOrFiller'],
      [43, 44, 'digit'],
    ]),
  ],
  checks: [
    { name: 'documentNumber', spans: [{ line: 1, start: 0, end: 9 }], check: { line: 1, pos: 9 } },
    { name: 'birthDate', spans: [{ line: 1, start: 13, end: 19 }], check: { line: 1, pos: 19 } },
    { name: 'expiryDate', spans: [{ line: 1, start: 21, end: 27 }], check: { line: 1, pos: 27 } },
    { name: 'personalNumber', spans: [{ line: 1, start: 28, end: 42 }], check: { line: 1, pos: 42 }, fillerAllowed: true },
    {
      name: 'composite',
      spans: [
        { line: 1, start: 0, end: 10 },
        { line: 1, start: 13, end: 20 },
        { line: 1, start: 21, end: 43 },
      ],
      check: { line: 1, pos: 43 },
    },
  ],
  fillerTail: [{ line: 0, start: 5, end: 44 }],
};

const TD2: MrzLayout = {
  format: 'TD2',
  classes: [
    classesFor(36, [[0, 36, 'alpha']]),
    classesFor(36, [
      [0, 9, 'alnum'],
      [9, 10, 'digit'],
      [10, 13, 'alpha'],
      [13, 20, 'digit'],
      [20, 21, 'sex'],
      [21, 28, 'digit'],
      [28, 35, 'alnum'],
      [35, 36, 'digit'],
    ]),
  ],
  checks: [
    { name: 'documentNumber', spans: [{ line: 1, start: 0, end: 9 }], check: { line: 1, pos: 9 } },
    { name: 'birthDate', spans: [{ line: 1, start: 13, end: 19 }], check: { line: 1, pos: 19 } },
    { name: 'expiryDate', spans: [{ line: 1, start: 21, end: 27 }], check: { line: 1, pos: 27 } },
    {
      name: 'composite',
      spans: [
        { line: 1, start: 0, end: 10 },
        { line: 1, start: 13, end: 20 },
        { line: 1, start: 21, end: 35 },
      ],
      check: { line: 1, pos: 35 },
    },
  ],
  fillerTail: [
    { line: 0, start: 5, end: 36 },
    { line: 1, start: 28, end: 35 },
  ],
};

const TD1: MrzLayout = {
  format: 'TD1',
  classes: [
    classesFor(30, [
      [0, 5, 'alpha'],
      [5, 14, 'alnum'],
      [14, 15, 'digit'],
      [15, 30, 'alnum'],
    ]),
    classesFor(30, [
      [0, 7, 'digit'],
      [7, 8, 'sex'],
      [8, 15, 'digit'],
      [15, 18, 'alpha'],
      [18, 29, 'alnum'],
      [29, 30, 'digit'],
    ]),
    classesFor(30, [[0, 30, 'alpha']]),
  ],
  checks: [
    { name: 'documentNumber', spans: [{ line: 0, start: 5, end: 14 }], check: { line: 0, pos: 14 } },
    { name: 'birthDate', spans: [{ line: 1, start: 0, end: 6 }], check: { line: 1, pos: 6 } },
    { name: 'expiryDate', spans: [{ line: 1, start: 8, end: 14 }], check: { line: 1, pos: 14 } },
    {
      name: 'composite',
      spans: [
        { line: 0, start: 5, end: 30 },
        { line: 1, start: 0, end: 7 },
        { line: 1, start: 8, end: 15 },
        { line: 1, start: 18, end: 29 },
      ],
      check: { line: 1, pos: 29 },
    },
  ],
  fillerTail: [
    { line: 0, start: 15, end: 30 },
    { line: 1, start: 18, end: 29 },
    { line: 2, start: 0, end: 30 },
  ],
};

export const MRZ_LAYOUTS: Record<MrzFormat, MrzLayout> = { TD1, TD2, TD3 };

export function allowedChars(cls: CharClass): string {
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

function spanText(lines: string[], spans: Span[]): string {
  return spans.map((s) => (lines[s.line] ?? '').slice(s.start, s.end)).join('');
}

/** True when the field's check digit matches (a '<' check is accepted on an all-filler field where allowed). */
export function fieldPasses(lines: string[], field: CheckedField): boolean {
  const got = (lines[field.check.line] ?? '')[field.check.pos];
  const text = spanText(lines, field.spans);
  if (field.fillerAllowed && got === '<') return /^<*$/.test(text);
  return got === checkDigit(text);
}

/** True when every check digit of the layout passes. */
export function allChecksPass(lines: string[], layout: MrzLayout): boolean {
  return layout.checks.every((f) => fieldPasses(lines, f));
}
