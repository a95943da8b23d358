import { describe, expect, it } from 'vitest';
import { buildMrz } from './fixtures/build';
import type { LpcDecoder } from './lpc';
import { decodeGenericLpc, parseLpc, parseLpcBarcode, parseLpcManual, readLpcDate } from './lpc';

const codes = (issues: { code: string }[]): string[] => issues.map((i) => i.code);

const manual = {
  documentNumber: ' lp 004512 ',
  surname: 'Condé',
  givenNames: "Mamadou-Aliou N'Diaye",
  nationality: 'gin',
  birthDate: '14/03/1996',
  sex: 'H',
  expiryDate: '2025-12-31',
  issuingAuthority: 'Consulat général de Guinée, Casablanca',
};

describe('manual entry', () => {
  it('normalises what the officer types and checks every field', () => {
    const result = parseLpcManual(manual, { referenceDate: '2025-06-01' });
    expect(result).toMatchObject({ kind: 'lpc', source: 'manual', valid: true, errors: [], warnings: [] });
    expect(result.fields).toEqual({
      documentNumber: 'LP004512',
      surname: 'CONDE',
      givenNames: 'MAMADOU ALIOU NDIAYE',
      nationality: 'GIN',
      issuingState: 'GIN',
      birthDate: '960314',
      sex: 'M',
      expiryDate: '251231',
      issuingAuthority: 'Consulat général de Guinée, Casablanca',
    });
  });

  it('keeps sex X (ICAO: unspecified) as printed, so it matches a PV that says X', () => {
    expect(parseLpcManual({ ...manual, sex: 'x' }).fields?.sex).toBe('X');
    expect(parseLpcManual({ ...manual, sex: '' }).fields?.sex).toBe('<');
  });

  it('requires number, surname, nationality and birth date', () => {
    const result = parseLpcManual({ givenNames: 'AYA' });
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => [e.code, e.field])).toEqual([
      ['fieldRequired', 'documentNumber'],
      ['fieldRequired', 'surname'],
      ['fieldRequired', 'nationality'],
      ['fieldRequired', 'birthDate'],
    ]);
  });

  it('applies the same field checks as an MRZ: formats are errors, calendar and codes warnings', () => {
    const result = parseLpcManual(
      { ...manual, documentNumber: 'LP#1', surname: 'C0NDE', nationality: 'GN1', birthDate: '1996/03/14', sex: 'Z' },
      {},
    );
    expect(codes(result.errors)).toEqual(['documentNumberFormat', 'nameFormat', 'nationalityFormat', 'birthDateFormat', 'sexFormat']);
    const warned = parseLpcManual({ ...manual, nationality: 'QQQ', birthDate: '31/02/1996' }, { referenceDate: '2026-01-01' });
    expect(warned.valid).toBe(true);
    expect(codes(warned.warnings)).toEqual(['nationalityUnknown', 'birthDateInvalid', 'documentExpired']);
  });

  it('reads the usual date forms', () => {
    expect(readLpcDate('960314')).toEqual({ yymmdd: '960314', calendar: true });
    expect(readLpcDate('1996-03-14')).toEqual({ yymmdd: '960314', calendar: true });
    expect(readLpcDate('19960314')).toEqual({ yymmdd: '960314', calendar: true });
    expect(readLpcDate('4.3.2001')).toEqual({ yymmdd: '010304', calendar: true });
    expect(readLpcDate('29-02-2001')).toEqual({ yymmdd: '010229', calendar: false });
    expect(readLpcDate('March 4')).toBeNull();
  });
});

describe('barcodes', () => {
  it('reads a generic JSON payload with French keys', () => {
    const raw = JSON.stringify({
      numero: 'CI-2024-0042',
      nom: 'Kouamé',
      prénoms: 'Aya',
      nationalité: 'CIV',
      dateNaissance: '2001-07-04',
      sexe: 'F',
    });
    const result = parseLpcBarcode(raw);
    expect(result).toMatchObject({ source: 'barcode', decoder: 'generic', valid: true });
    expect(result.fields).toMatchObject({
      documentNumber: 'CI-2024-0042',
      surname: 'KOUAME',
      givenNames: 'AYA',
      birthDate: '010704',
      sex: 'F',
    });
  });

  it('reads generic key=value pairs on lines or separated by ; or |', () => {
    const raw = 'LPC=SN778812;NOM=DIOP;PRENOM=FATOU|NATIONALITE=SEN\nNE LE: 02/11/1999';
    expect(decodeGenericLpc(raw)).toEqual({
      documentNumber: 'SN778812',
      surname: 'DIOP',
      givenNames: 'FATOU',
      nationality: 'SEN',
      birthDate: ' 02/11/1999',
    });
    expect(parseLpcBarcode(raw).fields?.birthDate).toBe('991102');
    expect(decodeGenericLpc('hello=world;foo=bar')).toBeNull();
    expect(decodeGenericLpc('{"nom": "DIOP"')).toBeNull();
  });

  it('uses an injected consulate decoder first and survives one that throws', () => {
    const decoder: LpcDecoder = {
      id: 'cmr-consulate',
      issuingState: 'CMR',
      detect: (raw) => raw.startsWith('CMRLPC*'),
      decode: (raw) => {
        const [, number, surname, given, birth] = raw.split('*');
        return { documentNumber: number, surname, givenNames: given, birthDate: birth, nationality: 'CMR' };
      },
    };
    const broken: LpcDecoder = {
      id: 'broken',
      detect: () => {
        throw new Error('boom');
      },
      decode: () => null,
    };
    const result = parseLpcBarcode('CMRLPC*CM0001*ETOO*PAUL*19900101', { decoders: [broken, decoder] });
    expect(result).toMatchObject({ decoder: 'cmr-consulate', valid: true });
    expect(result.fields).toMatchObject({ documentNumber: 'CM0001', nationality: 'CMR', issuingState: 'CMR', birthDate: '900101' });
    const failing: LpcDecoder = {
      ...decoder,
      decode: () => {
        throw new Error('bad');
      },
    };
    expect(codes(parseLpcBarcode('CMRLPC*x', { decoders: [failing] }).errors)).toEqual(['decoderFailed']);
    expect(codes(parseLpcBarcode('nothing here').errors)).toEqual(['barcodeUnrecognised']);
  });
});

describe('parseLpc', () => {
  it('reads an LPC MRZ and keeps the MRZ result', () => {
    const text = buildMrz('TD3', {
      documentType: 'LP',
      issuingState: 'MLI',
      surname: 'KEITA',
      givenNames: 'BOUBACAR',
      documentNumber: 'LP0099881',
      nationality: 'MLI',
      birthDate: '980220',
      sex: 'M',
      expiryDate: '260101',
    });
    const result = parseLpc(text);
    expect(result).toMatchObject({ kind: 'lpc', source: 'mrz', valid: true });
    expect(result.fields).toMatchObject({ documentType: 'LP', documentNumber: 'LP0099881', surname: 'KEITA' });
    expect(result.mrz?.format).toBe('TD3');
  });

  it('dispatches objects to manual entry and other text to barcodes', () => {
    expect(parseLpc(manual).source).toBe('manual');
    expect(parseLpc('NUMERO=1;NOM=BAH').source).toBe('barcode');
  });
});
