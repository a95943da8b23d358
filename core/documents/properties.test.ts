import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBcbp } from './bcbp';
import { mrzCharValue } from './mrz-layout';
import type { BcbpLegInput, MrzInput } from './fixtures/build';
import { buildBcbp, buildMrz } from './fixtures/build';
import { parseMrz } from './mrz';

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const digits = '0123456789';
const word = (alphabet: string, min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: min, maxLength: max });

const yymmdd = fc
  .record({ y: fc.integer({ min: 0, max: 99 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => [y, m, d].map((n) => String(n).padStart(2, '0')).join(''));

const mrzInput = (format: 'TD1' | 'TD2' | 'TD3' | 'MRVA' | 'MRVB'): fc.Arbitrary<MrzInput> => {
  const width = format === 'TD1' ? 30 : format === 'TD2' || format === 'MRVB' ? 31 : 39;
  const visa = format === 'MRVA' || format === 'MRVB';
  return fc.record({
    documentType: visa ? fc.constantFrom('V', 'VA', 'VS') : fc.constantFrom('P', 'PE', 'PT', 'I', 'ID', 'AC', 'LP', 'C'),
    issuingState: fc.constantFrom('MAR', 'GIN', 'CIV', 'SEN', 'CMR', 'MLI', 'NGA', 'COG', 'D', 'XXA'),
    surname: word(letters, 1, Math.floor(width / 2) - 2),
    givenNames: word(letters, 0, Math.floor(width / 2) - 3),
    documentNumber: word(letters + digits, 1, 9),
    nationality: fc.constantFrom('MAR', 'GIN', 'CIV', 'SEN', 'UNA', 'XXB'),
    birthDate: yymmdd,
    sex: fc.constantFrom('M', 'F', '<'),
    expiryDate: yymmdd,
    optionalData: word(letters + digits, 0, format === 'TD2' ? 7 : 8),
  });
};

const formats = ['TD1', 'TD2', 'TD3', 'MRVA', 'MRVB'] as const;

function setAt(text: string, line: number, column: number, char: string): string {
  const lines = text.split('\n');
  const target = lines[line] as string;
  lines[line] = target.slice(0, column) + char + target.slice(column + 1);
  return lines.join('\n');
}

/** Line and column of the birth date for each format. */
const birthAt = { TD1: [1, 0], TD2: [1, 13], TD3: [1, 13], MRVA: [1, 13], MRVB: [1, 13] } as const;
const numberAt = { TD1: [0, 5], TD2: [1, 0], TD3: [1, 0], MRVA: [1, 0], MRVB: [1, 0] } as const;

describe.each(formats)('random valid %s MRZs', (format) => {
  it('parse valid with the fields they were built from', () => {
    fc.assert(
      fc.property(mrzInput(format), (input) => {
        const result = parseMrz(buildMrz(format, input));
        expect(result.format).toBe(format);
        expect(result.errors).toEqual([]);
        expect(result.fields).toMatchObject({
          documentType: input.documentType,
          issuingState: input.issuingState,
          surname: input.surname,
          givenNames: input.givenNames,
          documentNumber: input.documentNumber,
          birthDate: input.birthDate,
          sex: input.sex,
          expiryDate: input.expiryDate,
        });
      }),
      { numRuns: 200 },
    );
  });

  it('report birthDateCheckDigit when one birth-date digit is changed', () => {
    fc.assert(
      fc.property(mrzInput(format), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 9 }), (input, i, delta) => {
        const [line, column] = birthAt[format];
        const text = buildMrz(format, input);
        const old = Number(text.split('\n')[line]?.charAt(column + i));
        const result = parseMrz(setAt(text, line, column + i, String((old + delta) % 10)));
        expect(result.valid).toBe(false);
        expect(result.errors.map((e) => e.code)).toContain('birthDateCheckDigit');
      }),
      { numRuns: 200 },
    );
  });

  it('report documentNumberCheckDigit when one document-number character is changed', () => {
    fc.assert(
      fc.property(mrzInput(format), fc.nat(), fc.constantFrom(...(letters + digits).split('')), (input, pick, replacement) => {
        const [line, column] = numberAt[format];
        const text = buildMrz(format, input);
        const i = pick % input.documentNumber.length;
        const old = text.split('\n')[line]?.charAt(column + i) as string;
        // a change the 7-3-1 check can see: the character values differ modulo 10
        fc.pre((mrzCharValue(old) - mrzCharValue(replacement)) % 10 !== 0);
        const result = parseMrz(setAt(text, line, column + i, replacement), { repair: false });
        expect(result.errors.map((e) => e.code)).toContain('documentNumberCheckDigit');
      }),
      { numRuns: 200 },
    );
  });

  it('repair a letter O, I, B, S, Z or G read in a date, back to the digit, and say so', () => {
    const confusable: Record<string, string> = { '0': 'O', '1': 'I', '8': 'B', '5': 'S', '2': 'Z', '6': 'G' };
    fc.assert(
      fc.property(mrzInput(format), fc.integer({ min: 0, max: 5 }), (input, i) => {
        const [line, column] = birthAt[format];
        const text = buildMrz(format, input);
        const old = text.split('\n')[line]?.charAt(column + i) as string;
        fc.pre(confusable[old] !== undefined);
        const result = parseMrz(setAt(text, line, column + i, confusable[old] as string));
        expect(result.valid).toBe(true);
        expect(result.fields?.birthDate).toBe(input.birthDate);
        expect(result.repairs).toEqual([{ field: 'birthDate', line: line + 1, position: column + i, from: confusable[old], to: old }]);
      }),
      { numRuns: 200 },
    );
  });
});

const airport = word(letters, 3, 3);
const legInput: fc.Arbitrary<BcbpLegInput> = fc.record({
  pnr: word(letters + digits, 5, 7),
  from: airport,
  to: airport,
  carrier: fc.constantFrom('AT', 'AF', 'HF', 'SN', 'TK', 'U2'),
  flightNumber: word(digits, 4, 4),
  julianDate: fc.integer({ min: 1, max: 365 }).map((d) => String(d).padStart(3, '0')),
  compartment: fc.constantFrom('Y', 'C', 'F'),
  seat: fc.tuple(word(digits, 3, 3), word('ABCDEF', 1, 1)).map(([a, b]) => a + b),
  sequence: word(digits, 4, 4),
  passengerStatus: fc.constantFrom('0', '1', '3'),
  repeated: fc.option(
    fc.tuple(word(digits, 3, 3), word(digits, 10, 10)).map(([a, b]) => a + b),
    { nil: undefined },
  ),
  airlineData: fc.option(word(letters + digits, 1, 20), { nil: undefined }),
});
const bcbpInput = fc.record({
  passengerName: fc.tuple(word(letters, 2, 10), word(letters, 1, 8)).map(([s, g]) => `${s}/${g}`),
  electronicTicketIndicator: fc.constant('E'),
  legs: fc.array(legInput, { minLength: 1, maxLength: 4 }),
  version: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  securityData: fc.option(word(letters + digits, 0, 120), { nil: undefined }),
});

describe('random valid boarding passes', () => {
  it('parse valid with their legs', () => {
    fc.assert(
      fc.property(bcbpInput, (input) => {
        const result = parseBcbp(buildBcbp(input), { referenceDate: '2025-06-15' });
        expect(result.errors).toEqual([]);
        expect(result.fields?.legsCount).toBe(input.legs.length);
        expect(result.fields?.legs.map((l) => [l.from, l.to, l.pnr, l.julianDate])).toEqual(
          input.legs.map((l) => [l.from, l.to, l.pnr, Number(l.julianDate)]),
        );
        expect(result.fields?.securityData ?? '').toBe(input.securityData ?? '');
      }),
      { numRuns: 300 },
    );
  });

  it('report julianDate, airportCode or fieldSize for the corrupted item', () => {
    fc.assert(
      fc.property(
        bcbpInput,
        fc.constantFrom('julianDate', 'airportCode', 'fieldSize', 'length'),
        fc.integer({ min: 367, max: 999 }),
        (input, kind, badDay) => {
          const text = buildBcbp(input);
          let corrupted: string;
          if (kind === 'julianDate') corrupted = text.slice(0, 44) + String(badDay) + text.slice(47);
          else if (kind === 'airportCode') corrupted = `${text.slice(0, 30)}1${text.slice(31)}`;
          else if (kind === 'fieldSize') corrupted = `${text.slice(0, 58)}ZZ${text.slice(60)}`;
          else corrupted = `${text}?`;
          const codes = parseBcbp(corrupted, { referenceDate: '2025-06-15' }).errors.map((e) => e.code);
          const expected = kind === 'length' && input.securityData !== undefined ? 'securityDataLength' : kind;
          expect(codes).toContain(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
