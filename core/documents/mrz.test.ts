import { describe, expect, it } from 'vitest';
import { buildMrz } from './fixtures/build';
import { mrvA, mrvB, mrzSpecimens, td1Card, td1LongNumber, td2Card, td3Passport } from './fixtures/mrz-specimens';
import { parseMrz } from './mrz';

const codes = (issues: { code: string }[]): string[] => issues.map((i) => i.code);

/** Replaces the character at (line, column) of an MRZ text. */
function setAt(text: string, line: number, column: number, char: string): string {
  const lines = text.split('\n');
  const target = lines[line] as string;
  lines[line] = target.slice(0, column) + char + target.slice(column + 1);
  return lines.join('\n');
}

describe('ICAO Doc 9303 specimens', () => {
  it.each(mrzSpecimens.map((s) => [s.name, s] as const))('%s parses valid in its format', (_name, specimen) => {
    const result = parseMrz(specimen.text);
    expect(result.format).toBe(specimen.format);
    expect(result.valid).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.repairs).toEqual([]);
    expect(result.fields?.surname).toBe('ERIKSSON');
    expect(result.fields?.givenNames).toBe('ANNA MARIA');
    expect(result.checks.every((c) => c.ok)).toBe(true);
  });

  it('reads the TD3 passport fields as printed', () => {
    const result = parseMrz(td3Passport.text);
    expect(result.fields).toEqual({
      documentType: 'P',
      issuingState: 'UTO',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      documentNumber: 'L898902C3',
      nationality: 'UTO',
      birthDate: '740812',
      sex: 'F',
      expiryDate: '120415',
      optionalData: 'ZE184226B',
    });
    expect(result.checks.map((c) => c.field)).toEqual(['documentNumber', 'birthDate', 'expiryDate', 'personalNumber', 'composite']);
  });

  it('reads TD1 optional data per line and a document number continued in the optional data', () => {
    expect(parseMrz(td1Card.text).fields).toMatchObject({ documentNumber: 'D23145890', optionalData1: '', optionalData2: '' });
    const long = parseMrz(td1LongNumber.text);
    expect(long.valid).toBe(true);
    expect(long.fields?.documentNumber).toBe('D23145890123');
    expect(long.checks.find((c) => c.field === 'documentNumber')).toMatchObject({ ok: true, actual: '3' });
  });

  it('reads TD2 and visas without a composite check on visas', () => {
    expect(parseMrz(td2Card.text).checks.map((c) => c.field)).toContain('composite');
    for (const visa of [mrvA, mrvB]) {
      const result = parseMrz(visa.text);
      expect(result.fields?.documentType).toBe('V');
      expect(result.fields?.nationality).toBe('XXX');
      expect(result.checks.map((c) => c.field)).not.toContain('composite');
    }
    expect(parseMrz(mrvA.text).fields?.optionalData).toBe('6ZE184226B');
  });

  it('knows the specimen state UTO (ICAO 9303) and warns (does not fail) on a code no list has', () => {
    // A specimen is valid as text, but it is not a travel document: the officer is told so.
    expect(codes(parseMrz(td3Passport.text).warnings)).toEqual(['specimenDocument']);
    expect(codes(parseMrz(mrvA.text).warnings)).toEqual(['specimenDocument']);
    expect(parseMrz(td3Passport.text).valid).toBe(true);
    const unknown = parseMrz(td3Passport.text.replace(/UTO/g, 'QQQ'));
    expect(codes(unknown.warnings)).toEqual(['issuingStateUnknown', 'nationalityUnknown']);
  });
});

describe('tolerant input', () => {
  it('accepts lowercase, CR/LF, tabs, stray spaces and blank lines', () => {
    const messy = `\r\n  ${td3Passport.text.toLowerCase().replace('\n', '\r\n\r\n\t')}  \r\n`.replace(
      'ERIKSSON'.toLowerCase(),
      'eriks son',
    );
    const result = parseMrz(messy);
    expect(result.valid).toBe(true);
    expect(result.fields?.surname).toBe('ERIKSSON');
  });

  it('splits a run-on line of 88, 72 or 90 characters', () => {
    expect(parseMrz(td3Passport.text.replace('\n', '')).format).toBe('TD3');
    expect(parseMrz(td2Card.text.replace('\n', '')).format).toBe('TD2');
    expect(parseMrz(td1Card.text.replace(/\n/g, '')).format).toBe('TD1');
  });

  it('reports line count and line lengths', () => {
    expect(codes(parseMrz('P<UTOERIKSSON<<ANNA').errors)).toEqual(['lineCount']);
    const short = parseMrz(td3Passport.text.slice(0, -1));
    expect(short.errors).toEqual([
      expect.objectContaining({ code: 'lineLength', field: 'line2', params: { line: 2, expected: 44, actual: 43 } }),
    ]);
    expect(short.fields).toBeNull();
  });

  it('reports a character outside A-Z, 0-9 and <', () => {
    const result = parseMrz(setAt(td3Passport.text, 0, 30, '*'), { repair: false });
    expect(result.errors).toContainEqual(expect.objectContaining({ code: 'invalidCharacter', field: 'line1' }));
    expect(result.valid).toBe(false);
  });
});

describe('check digits', () => {
  it.each([
    ['documentNumberCheckDigit', 1, 9],
    ['birthDateCheckDigit', 1, 19],
    ['expiryDateCheckDigit', 1, 27],
    ['personalNumberCheckDigit', 1, 42],
  ])('reports %s and the composite when that digit is wrong', (code, line, column) => {
    const original = td3Passport.text.split('\n')[line]?.charAt(column) as string;
    const wrong = String((Number(original) + 1) % 10);
    const result = parseMrz(setAt(td3Passport.text, line, column, wrong));
    expect(codes(result.errors)).toEqual([code, 'compositeCheckDigit']);
    expect(result.errors[0]?.message).toBe(`documents.mrz.${code}`);
    expect(result.valid).toBe(false);
  });

  it('reports the composite alone when only it is wrong', () => {
    const result = parseMrz(setAt(td3Passport.text, 1, 43, '1'));
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'compositeCheckDigit', field: 'composite', params: { expected: '0', actual: '1' } }),
    ]);
  });

  it('reports a non-digit in a check digit position per field', () => {
    const result = parseMrz(setAt(td3Passport.text, 1, 19, 'X'));
    expect(codes(result.errors)).toContain('birthDateCheckDigitFormat');
    const composite = parseMrz(setAt(td2Card.text, 1, 35, 'K'));
    expect(codes(composite.errors)).toEqual(['compositeCheckDigitFormat']);
  });

  it("allows '<' as the TD3 personal number check digit only when the field is all fillers", () => {
    const base = {
      documentType: 'P',
      issuingState: 'MAR',
      surname: 'BENALI',
      givenNames: 'SARA',
      documentNumber: 'AB1234567',
      nationality: 'MAR',
      birthDate: '900101',
      sex: 'F',
      expiryDate: '300101',
    };
    const empty = buildMrz('TD3', base);
    expect(empty.split('\n')[1]?.charAt(42)).toBe('<');
    expect(parseMrz(empty).valid).toBe(true);
    // '0' is the computed digit of an all-filler field, and weighs the same as '<' in the composite
    expect(parseMrz(setAt(empty, 1, 42, '0')).valid).toBe(true);
    expect(codes(parseMrz(setAt(empty, 1, 42, '3')).errors)).toEqual(['personalNumberCheckDigit', 'compositeCheckDigit']);
    const filled = buildMrz('TD3', { ...base, optionalData: 'K12345' });
    const withFiller = parseMrz(setAt(filled, 1, 42, '<'), { repair: false });
    expect(codes(withFiller.errors)).toContain('personalNumberCheckDigitFormat');
  });
});

describe('field rules', () => {
  it('treats an impossible calendar date as a warning, not an error', () => {
    const text = buildMrz('TD3', {
      documentType: 'P',
      issuingState: 'SEN',
      surname: 'DIOP',
      givenNames: 'AMADOU',
      documentNumber: 'A0000001',
      nationality: 'SEN',
      birthDate: '951331',
      sex: 'M',
      expiryDate: '290230',
    });
    const result = parseMrz(text);
    expect(result.valid).toBe(true);
    expect(codes(result.warnings)).toEqual(['birthDateInvalid', 'expiryDateInvalid']);
  });

  it('warns on an expired document only when given a reference date', () => {
    expect(codes(parseMrz(td3Passport.text).warnings)).not.toContain('documentExpired');
    const result = parseMrz(td3Passport.text, { referenceDate: '2026-01-15' });
    expect(result.valid).toBe(true);
    expect(codes(result.warnings)).toContain('documentExpired');
    expect(codes(parseMrz(td3Passport.text, { referenceDate: '2011-01-15' }).warnings)).not.toContain('documentExpired');
  });

  it('accepts the Doc 9303 reserved codes and D for Germany', () => {
    const text = buildMrz('TD3', {
      documentType: 'P',
      issuingState: 'D',
      surname: 'MUSTERMANN',
      givenNames: 'ERIKA',
      documentNumber: 'C01X00T47',
      nationality: 'XXA',
      birthDate: '640812',
      sex: 'F',
      expiryDate: '310101',
    });
    const result = parseMrz(text);
    expect(result.fields?.issuingState).toBe('D');
    expect(result.warnings).toEqual([]);
  });

  it('marks birth-date fillers as unknown and other characters as format errors', () => {
    const text = buildMrz('TD3', {
      documentType: 'PT',
      issuingState: 'GIN',
      surname: 'CAMARA',
      givenNames: '',
      documentNumber: 'LP0012345',
      nationality: 'GIN',
      birthDate: '85<<<<',
      sex: '<',
      expiryDate: '270630',
    });
    const result = parseMrz(text);
    expect(result.valid).toBe(true);
    expect(codes(result.warnings)).toEqual(['birthDateUnknown']);
    expect(result.fields).toMatchObject({ documentType: 'PT', givenNames: '', sex: '<' });
    const bad = parseMrz(setAt(text, 1, 21, 'K'), { repair: false });
    expect(codes(bad.errors)).toContain('expiryDateFormat');
    const badSex = parseMrz(setAt(text, 1, 20, 'K'));
    expect(codes(badSex.errors)).toContain('sexFormat');
  });

  it('reads sex X (unspecified, ICAO 9303 part 4) as printed, in every format', () => {
    const fields = {
      documentType: 'P',
      issuingState: 'DEU',
      surname: 'MUSTERMANN',
      givenNames: 'ALEX',
      documentNumber: 'C01X00T47',
      nationality: 'DEU',
      birthDate: '830812',
      sex: 'X',
      expiryDate: '310101',
    };
    for (const [format, code] of [
      ['TD3', 'P'],
      ['TD2', 'ID'],
      ['TD1', 'ID'],
    ] as const) {
      const result = parseMrz(buildMrz(format, { ...fields, documentType: code }));
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
      expect(result.fields?.sex).toBe('X');
    }
    // Other letters stay refused.
    for (const sex of ['K', 'H', '0'])
      expect(codes(parseMrz(buildMrz('TD3', { ...fields, sex }), { repair: false }).errors)).toContain('sexFormat');
  });

  it('keeps a truncated name as printed and warns', () => {
    const text = buildMrz('TD1', {
      documentType: 'ID',
      issuingState: 'CIV',
      surname: 'KOUASSI AKISSI',
      givenNames: 'MARIE CHRISTINE EPSE YAO',
      documentNumber: 'C00123456',
      nationality: 'CIV',
      birthDate: '880315',
      sex: 'F',
      expiryDate: '280315',
    });
    const result = parseMrz(text);
    expect(result.fields?.surname).toBe('KOUASSI AKISSI');
    expect(result.fields?.givenNames).toBe('MARIE CHRISTIN');
    expect(codes(result.warnings)).toContain('nameTruncated');
  });
});

describe('OCR repair', () => {
  it('repairs letters read in digit-only places and reports each change', () => {
    const broken = setAt(setAt(td3Passport.text, 1, 15, 'O'), 1, 19, 'Z');
    const result = parseMrz(broken);
    expect(result.valid).toBe(true);
    expect(result.repairs).toEqual([
      { field: 'birthDate', line: 2, position: 15, from: 'O', to: '0' },
      { field: 'birthDate', line: 2, position: 19, from: 'Z', to: '2' },
    ]);
    expect(result.fields?.birthDate).toBe('740812');
    expect(codes(result.warnings)).toContain('ocrRepaired');
  });

  it('repairs a document number confusion only when the checks single it out', () => {
    const broken = setAt(td3Passport.text, 1, 5, 'O'); // L8989O2C3
    const result = parseMrz(broken);
    expect(result.valid).toBe(true);
    expect(result.fields?.documentNumber).toBe('L898902C3');
    expect(result.repairs).toEqual([{ field: 'documentNumber', line: 2, position: 5, from: 'O', to: '0' }]);
  });

  it('repairs digits read in names', () => {
    const result = parseMrz(setAt(td3Passport.text, 0, 7, '1'));
    expect(result.fields?.surname).toBe('ERIKSSON');
    expect(result.repairs).toEqual([{ field: 'name', line: 1, position: 7, from: '1', to: 'I' }]);
  });

  it('never repairs silently and never when the checks still fail', () => {
    const broken = setAt(setAt(td3Passport.text, 1, 15, 'O'), 1, 16, '9');
    const result = parseMrz(broken);
    expect(result.valid).toBe(false);
    expect(result.repairs).toEqual([]);
    expect(result.fields?.birthDate).toBe('74O912');
    expect(codes(parseMrz(setAt(td3Passport.text, 1, 15, 'O'), { repair: false }).errors)).toContain('birthDateFormat');
  });
});
