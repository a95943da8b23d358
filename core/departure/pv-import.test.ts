import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseJsonWithLines } from './json-lines';
import { PV_CSV_COLUMNS, parsePvImport, readPvImport } from './pv-import';
import type { Pv } from './pv';
import { samplePv } from './testing';

const pvs: Pv[] = [
  samplePv(),
  samplePv({
    pvNumber: 'PV-OJD-2026-000045',
    authorisedPosts: 'any',
    ticket: { mode: 'land', route: 'Oujda - Maghnia', operator: 'Convoi OIM', date: '2026-07-02' },
    flags: { minor: { mnaReference: 'TPI-OUJDA-2026-12' }, traffickingVictim: true, escortedByPartner: 'Caritas Maroc' },
  }),
];
const jsonFile = (list: unknown[]) => JSON.stringify({ version: 1, pvs: list }, null, 2);

describe('parsePvImport json', () => {
  it('accepts a valid file', () => {
    expect(parsePvImport(jsonFile(pvs), 'json')).toEqual({ ok: true, pvs });
  });

  it('refuses the whole file for one bad field, naming its line and field', () => {
    const text = jsonFile([pvs[0], { ...pvs[1], beneficiary: { ...pvs[1]!.beneficiary, birthDate: '1998-02-30' } }]);
    const r = parsePvImport(text, 'json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0]!;
    expect(e).toMatchObject({ field: 'beneficiary.birthDate', code: 'invalid', message: 'pv.error.dateInvalid', record: 1 });
    expect(text.split('\n')[e.line - 1]).toContain('"birthDate": "1998-02-30"');
  });

  it('reports missing and unknown fields', () => {
    const { policeStation: _dropped, ...rest } = pvs[0]!;
    const r = parsePvImport(jsonFile([{ ...rest, colour: 'blue' }]), 'json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.field, e.code]).sort()).toEqual([
      ['colour', 'unknownField'],
      ['policeStation', 'required'],
    ]);
  });

  it('reports a syntax error with its line', () => {
    const text = '{\n  "version": 1,\n  "pvs": [\n    {,}\n  ]\n}';
    expect(parsePvImport(text, 'json')).toEqual({
      ok: false,
      errors: [{ line: 4, field: '', code: 'syntax', message: 'pvImport.error.syntax' }],
    });
  });

  it('refuses a duplicate PV number, a wrong version, a missing list, an empty file', () => {
    const dup = parsePvImport(jsonFile([pvs[0], pvs[0]]), 'json');
    expect(!dup.ok && dup.errors[0]).toMatchObject({ code: 'duplicate', field: 'pvNumber', record: 1 });
    const version = parsePvImport(JSON.stringify({ version: 2, pvs: [] }), 'json');
    expect(!version.ok && version.errors[0]).toMatchObject({ field: 'version', message: 'pvImport.error.version' });
    const list = parsePvImport(JSON.stringify({ version: 1 }), 'json');
    expect(!list.ok && list.errors[0]).toMatchObject({ field: 'pvs', code: 'required' });
    expect(parsePvImport('  ', 'json')).toMatchObject({ ok: false, errors: [{ code: 'empty' }] });
    expect(parsePvImport('[]', 'json')).toMatchObject({ ok: false, errors: [{ message: 'pvImport.error.notAnObject' }] });
  });

  it('refuses validity that ends before it starts', () => {
    const r = parsePvImport(jsonFile([{ ...pvs[0], validUntil: pvs[0]!.validFrom - 1 }]), 'json');
    expect(!r.ok && r.errors[0]).toMatchObject({ field: 'validUntil', message: 'pv.error.validityOrder' });
  });

  it('never returns PVs with errors (property: one corrupted field anywhere refuses the file)', () => {
    const paths: [string, unknown][] = [
      ['pvNumber', ''],
      ['issuedAt', -1],
      ['status', 'closed'],
      ['revision', 1.5],
      ['authorisedPosts', []],
      ['flags', null],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.constantFrom(...paths), (at, [key, value]) => {
        const list = Array.from({ length: 6 }, (_, i) => samplePv({ pvNumber: `PV-${i}` })) as Record<string, unknown>[];
        list[at] = { ...list[at], [key]: value };
        const r = parsePvImport(jsonFile(list), 'json');
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.errors.every((e) => e.record === at && e.field === key)).toBe(true);
      }),
    );
  });
});

describe('parseJsonWithLines', () => {
  it('agrees with JSON.parse on values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v, null, 2);
        const r = parseJsonWithLines(text);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toEqual(JSON.parse(text));
      }),
    );
  });
  it('refuses what JSON.parse refuses', () => {
    for (const bad of [
      '{"a":1,}',
      '[1 2]',
      "{'a':1}",
      '01',
      '"\\x"',
      '{"a":1}x',
      'nul',
      '[1,]',
      '/* c */ 1',
      '// c\n1',
      '"a\u0001b"',
      '1.',
      '.5',
      '+1',
      '{',
      '',
      '[1]]',
    ]) {
      expect(() => JSON.parse(bad), bad).toThrow();
      expect(parseJsonWithLines(bad).ok).toBe(false);
    }
  });
  it('does not let a __proto__ key change the prototype', () => {
    const r = parseJsonWithLines('{"__proto__": {"polluted": true}}');
    expect(r.ok && Object.getPrototypeOf(r.value)).toBe(Object.prototype);
  });
});

const csvHeader = PV_CSV_COLUMNS.join(',');
const csvRow = (values: Partial<Record<(typeof PV_CSV_COLUMNS)[number], string>>) => PV_CSV_COLUMNS.map((c) => values[c] ?? '').join(',');
const baseRow = {
  pv_number: 'PV-CMN-2026-000123',
  police_station: '"Préfecture de police de Casablanca, Service des Étrangers"',
  issued_at: '2026-06-01T09:30:00Z',
  surname: "N'Diaye",
  given_names: 'Mamadou Aliou',
  sex: 'M',
  birth_date: '1998-03-14',
  nationality: 'SEN',
  iom_case_number: 'MA-RVA-2026-0412',
  document_kind: 'lpc',
  document_number: 'LP0451278',
  document_issuing_state: 'SEN',
  document_expiry: '2026-09-01',
  ticket_mode: 'air',
  carrier: 'AT',
  flight_number: '535',
  ticket_date: '2026-06-15',
  pnr: 'K7QZ2P',
  eticket: '1472345678901',
  authorised_posts: 'CMN',
  valid_from: '2026-06-01T00:00:00Z',
  valid_until: '2026-06-30T23:59:59Z',
  status: 'active',
  revision: '1',
};

describe('parsePvImport csv', () => {
  it('reads the documented columns into the same PV as the JSON form', () => {
    const r = parsePvImport(`${csvHeader}\n${csvRow(baseRow)}\n`, 'csv');
    expect(r).toEqual({ ok: true, pvs: [samplePv()] });
  });

  it('reads a land ticket, flags and several posts; semicolons and CRLF', () => {
    const row = {
      ...baseRow,
      police_station: 'Oujda',
      ticket_mode: 'land',
      carrier: '',
      flight_number: '',
      pnr: '',
      eticket: '',
      land_route: 'Oujda - Maghnia',
      land_operator: 'Convoi OIM',
      authorised_posts: 'OJD|NDR',
      minor_mna_reference: 'TPI-OUJDA-2026-12',
      trafficking_victim: 'oui',
      escorted_by_partner: 'Caritas Maroc',
      issued_at: '1780306200000',
    };
    const text = `${PV_CSV_COLUMNS.join(';')}\r\n${PV_CSV_COLUMNS.map((c) => (row as Record<string, string>)[c] ?? '').join(';')}\r\n`;
    const r = parsePvImport(text, 'csv');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pvs[0]).toMatchObject({
      issuedAt: 1780306200000,
      ticket: { mode: 'land', route: 'Oujda - Maghnia', operator: 'Convoi OIM', date: '2026-06-15' },
      authorisedPosts: ['OJD', 'NDR'],
      flags: { minor: { mnaReference: 'TPI-OUJDA-2026-12' }, traffickingVictim: true, escortedByPartner: 'Caritas Maroc' },
    });
  });

  it('refuses the whole file with the line and column at fault', () => {
    const text = [
      csvHeader,
      csvRow(baseRow),
      csvRow({ ...baseRow, pv_number: 'PV-2', nationality: 'Guinée', birth_date: '14/03/1998' }),
    ].join('\n');
    const r = parsePvImport(text, 'csv');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.field]).sort()).toEqual([
      [3, 'birth_date'],
      [3, 'nationality'],
    ]);
  });

  it('counts lines inside quoted multi-line fields', () => {
    const text = [
      csvHeader,
      csvRow({ ...baseRow, police_station: '"Casablanca\nAnfa"' }),
      csvRow({ ...baseRow, pv_number: 'PV-2', sex: 'Z' }),
    ].join('\n');
    const r = parsePvImport(text, 'csv');
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 4, field: 'sex' });
  });

  it('refuses bad headers, column counts, instants, booleans and an unterminated quote', () => {
    const unknown = parsePvImport(`${csvHeader},colour\n`, 'csv');
    expect(!unknown.ok && unknown.errors[0]).toMatchObject({ line: 1, field: 'colour', code: 'header' });
    const missing = parsePvImport(csvHeader.replace('surname,', ''), 'csv');
    expect(!missing.ok && missing.errors[0]).toMatchObject({ field: 'surname', message: 'pvImport.error.missingColumn' });
    const count = parsePvImport(`${csvHeader}\n${csvRow(baseRow)},extra`, 'csv');
    expect(!count.ok && count.errors[0]).toMatchObject({ line: 2, message: 'pvImport.error.columnCount' });
    const instant = parsePvImport(`${csvHeader}\n${csvRow({ ...baseRow, valid_from: '2026-06-01 00:00' })}`, 'csv');
    expect(!instant.ok && instant.errors[0]).toMatchObject({ field: 'valid_from', message: 'pvImport.error.instant' });
    const bool = parsePvImport(`${csvHeader}\n${csvRow({ ...baseRow, trafficking_victim: 'maybe' })}`, 'csv');
    expect(!bool.ok && bool.errors[0]).toMatchObject({ field: 'trafficking_victim', message: 'pvImport.error.boolean' });
    const quote = parsePvImport(`${csvHeader}\n${csvRow({ ...baseRow, surname: '"Diallo' })}`, 'csv');
    expect(!quote.ok && quote.errors[0]).toMatchObject({ line: 2, code: 'syntax' });
    const mode = parsePvImport(`${csvHeader}\n${csvRow({ ...baseRow, land_route: 'x' })}`, 'csv');
    expect(!mode.ok && mode.errors[0]).toMatchObject({ field: 'land_route', message: 'pvImport.error.notForMode' });
  });

  it('refuses duplicate PV numbers across rows', () => {
    const r = parsePvImport([csvHeader, csvRow(baseRow), '', csvRow(baseRow)].join('\n'), 'csv');
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 4, code: 'duplicate' });
  });

  it('accepts a header-only file as an empty import', () => {
    expect(parsePvImport(`${csvHeader}\n`, 'csv')).toEqual({ ok: true, pvs: [] });
  });
});

describe('readPvImport (record by record)', () => {
  const multiLine = [
    csvHeader,
    csvRow({ ...baseRow, police_station: '"Casablanca\nAnfa, ""centre"""' }),
    '',
    csvRow({ ...baseRow, pv_number: 'PV-2', police_station: '"a\r\nb\nc"' }),
    csvRow({ ...baseRow, pv_number: 'PV-3' }),
  ].join('\r\n');

  it('hands each PV over with its line as soon as it is read, whatever the size of the slices read', () => {
    const whole = parsePvImport(multiLine, 'csv');
    expect(whole.ok && whole.pvs.map((p) => p.pvNumber)).toEqual(['PV-CMN-2026-000123', 'PV-2', 'PV-3']);
    for (const batchChars of [1, 7, 64, 300, 1_000_000]) {
      const seen: [string, number][] = [];
      const r = readPvImport(multiLine, 'csv', (pv, line) => seen.push([pv.pvNumber, line]), { batchChars });
      expect(r, String(batchChars)).toEqual({ ok: true, count: 3 });
      expect(seen).toEqual([
        ['PV-CMN-2026-000123', 2],
        ['PV-2', 5],
        ['PV-3', 8],
      ]);
    }
    const json: [string, number][] = [];
    expect(readPvImport(jsonFile(pvs), 'json', (pv, line) => json.push([pv.pvNumber, line]))).toEqual({ ok: true, count: 2 });
    expect(json.map(([n]) => n)).toEqual(pvs.map((p) => p.pvNumber));
    expect(jsonFile(pvs).split('\n')[json[1]![1] - 1]).toBe('    {');
  });

  it('names the line of a fault found in any slice', () => {
    const text = `${multiLine}\r\n${csvRow({ ...baseRow, pv_number: 'PV-4', sex: 'Z' })}`;
    for (const batchChars of [1, 50, 1_000_000]) {
      const r = readPvImport(text, 'csv', () => undefined, { batchChars });
      expect(!r.ok && r.errors, String(batchChars)).toEqual([
        { line: 9, field: 'sex', code: 'invalid', message: 'pvImport.error.invalid', record: 3 },
      ]);
    }
  });
});

describe('file encoding', () => {
  it('refuses a file that was not valid UTF-8 (read with replacement characters), naming the line', () => {
    // A Latin-1 "é" read as UTF-8 becomes U+FFFD.
    const csv = [csvHeader, csvRow(baseRow), csvRow({ ...baseRow, pv_number: 'PV-2', police_station: 'Pr\uFFFDfecture' })].join('\n');
    expect(parsePvImport(csv, 'csv')).toEqual({
      ok: false,
      errors: [{ line: 3, field: '', code: 'encoding', message: 'pvImport.error.encoding' }],
    });
    const json = jsonFile([pvs[0], { ...pvs[1], policeStation: 'Pr\uFFFDfecture' }]);
    const r = parsePvImport(json, 'json');
    expect(!r.ok && r.errors).toEqual([
      {
        line: json.split('\n').findIndex((l) => l.includes('\uFFFD')) + 1,
        field: '',
        code: 'encoding',
        message: 'pvImport.error.encoding',
      },
    ]);
  });
});
