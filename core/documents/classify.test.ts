import { describe, expect, it } from 'vitest';
import { formatBadge, parseBadge } from './badge';
import { MAX_SCAN_LENGTH, PV_PREFIX, classifyScan } from './classify';
import { parseEticket } from './eticket';
import { bcbpFull, bcbpMinimal } from './fixtures/bcbp-samples';
import { buildMrz } from './fixtures/build';
import { mrvA, td1Card, td3Passport } from './fixtures/mrz-specimens';
import { leafKeys, lookup } from '../i18n/messages';
import { documentMessageKeys, documentMessages } from './messages';
import { toBoardingPass, toTravelDocument } from './normalize';

const ref = { referenceDate: '2024-12-30' };

describe('classifyScan', () => {
  it.each([
    ['mrz', td3Passport.text],
    ['mrz', td1Card.text],
    ['bcbp', bcbpMinimal],
    ['bcbp', `]L2${bcbpFull}\r\n`],
    ['eticket', '1472123456789'],
    ['eticket', 'ETKT 147-2123456789'],
    ['badge', 'RVA-BADGE:CMN-T1:k.benali:B-000123'],
    ['pv', `${PV_PREFIX}eyJraWQiOiJhIn0.c2ln`],
    ['lpc', 'NUMERO=GN-0042;NOM=BAH;NATIONALITE=GIN;NAISSANCE=01/01/2000'],
    ['unknown', 'https://example.org/'],
    ['unknown', '12345'],
  ])('recognises %s', (kind, raw) => {
    expect(classifyScan(raw, ref).kind).toBe(kind);
  });

  it('parses what it recognises', () => {
    const pass = classifyScan(`${bcbpFull}\n`, ref);
    expect(pass.kind === 'bcbp' && pass.valid).toBe(true);
    const mrz = classifyScan(`  ${td3Passport.text}\n`);
    expect(mrz.kind === 'mrz' && mrz.fields?.documentNumber).toBe('L898902C3');
  });

  it('reads a broken MRZ as an MRZ with errors', () => {
    const result = classifyScan(td3Passport.text.slice(0, 80));
    expect(result.kind).toBe('mrz');
    expect(result.errors.map((e) => e.code)).toEqual(['lineLength']);
  });

  it('refuses input that is not text, empty or too long', () => {
    expect(classifyScan(42).errors.map((e) => e.code)).toEqual(['notText']);
    expect(classifyScan(' \r\n ').errors.map((e) => e.code)).toEqual(['empty']);
    const long = classifyScan('A'.repeat(MAX_SCAN_LENGTH + 1));
    expect(long).toMatchObject({ kind: 'unknown', length: MAX_SCAN_LENGTH + 1 });
    expect(long.errors[0]).toMatchObject({ code: 'tooLong', message: 'documents.scan.tooLong', params: { max: MAX_SCAN_LENGTH } });
    expect(classifyScan('abc', { maxLength: 2 }).errors[0]?.code).toBe('tooLong');
  });

  describe('PV hook', () => {
    const payload = `${PV_PREFIX}abc.def`;

    it('reports pvParserMissing without a parser, with the raw payload', () => {
      const result = classifyScan(payload);
      expect(result).toMatchObject({ kind: 'pv', valid: false, payload, result: null });
      expect(result.errors.map((e) => e.code)).toEqual(['pvParserMissing']);
    });

    it('wraps the injected parser result and its validity', () => {
      const seen: string[] = [];
      const ok = classifyScan(`\n${payload}\n`, {
        parsePv: (raw) => {
          seen.push(raw);
          return { ok: true, value: { pvNumber: 'PV-1' } };
        },
      });
      expect(seen).toEqual([payload]);
      expect(ok).toMatchObject({ kind: 'pv', valid: true, result: { ok: true, value: { pvNumber: 'PV-1' } }, errors: [] });
      const bad = classifyScan(payload, { parsePv: () => ({ ok: false, error: { code: 'signature' } }) });
      expect(bad.valid).toBe(false);
      const throwing = classifyScan(payload, {
        parsePv: () => {
          throw new Error('x');
        },
      });
      expect(throwing.errors.map((e) => e.code)).toEqual(['pvParserFailed']);
    });
  });

  it('tries injected LPC decoders before anything else but PV and badges', () => {
    const result = classifyScan('M1-LPC-CUSTOM', {
      lpcDecoders: [
        {
          id: 'custom',
          detect: (raw) => raw.startsWith('M1-LPC'),
          decode: () => ({ documentNumber: 'X1', surname: 'BAH', nationality: 'GIN', birthDate: '000101' }),
        },
      ],
    });
    expect(result).toMatchObject({ kind: 'lpc', decoder: 'custom', valid: true });
  });
});

describe('staff badges and e-tickets', () => {
  it('round-trips a badge and reports each bad part', () => {
    const fields = { post: 'CMN-T1', username: 'k.benali', badgeNumber: 'B-000123' };
    expect(parseBadge(formatBadge(fields))).toMatchObject({ valid: true, fields });
    expect(parseBadge('RVA-BADGE:c:n a:b#').errors.map((e) => e.code)).toEqual(['post', 'username', 'badgeNumber']);
    expect(parseBadge('RVA-BADGE:CMN:x').errors.map((e) => e.code)).toEqual(['format']);
  });

  it('splits an e-ticket number and flags prefix 000', () => {
    expect(parseEticket(' 147 2123456789 ').fields).toEqual({
      ticketNumber: '1472123456789',
      airlinePrefix: '147',
      serialNumber: '2123456789',
    });
    expect(parseEticket('0002123456789').warnings.map((w) => w.code)).toEqual(['airlinePrefix']);
    expect(parseEticket('14721234567').errors.map((e) => e.code)).toEqual(['format']);
  });
});

describe('normalised views', () => {
  it('maps MRZ document codes to kinds', () => {
    expect(toTravelDocument(classifyScan(td3Passport.text))).toMatchObject({
      kind: 'passport',
      source: 'mrz',
      documentNumber: 'L898902C3',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      birthDate: '740812',
      expiryDate: '120415',
      checksOk: true,
    });
    expect(toTravelDocument(classifyScan(td1Card.text))?.kind).toBe('id');
    expect(toTravelDocument(classifyScan(mrvA.text))?.kind).toBe('visa');
    const lp = buildMrz('TD3', {
      documentType: 'LP',
      issuingState: 'NGA',
      surname: 'OKAFOR',
      givenNames: 'CHIDI',
      documentNumber: 'A01234567',
      nationality: 'NGA',
      birthDate: '950505',
      sex: 'M',
      expiryDate: '260505',
    });
    expect(toTravelDocument(classifyScan(lp))?.kind).toBe('lpc');
    expect(toTravelDocument(classifyScan(lp), { lpcDocumentCodes: [] })?.kind).toBe('other');
    expect(toTravelDocument(classifyScan(bcbpMinimal))).toBeNull();
  });

  it('reports failed checks in checksOk', () => {
    const broken = td3Passport.text.replace('7408122F', '7408123F');
    expect(toTravelDocument(classifyScan(broken))?.checksOk).toBe(false);
  });

  it('gives a boarding pass with names split, titles dropped, numbers without leading zeros and the e-ticket', () => {
    const pass = toBoardingPass(classifyScan(bcbpFull, ref));
    expect(pass).toEqual({
      passengerName: 'DIALLO/MAMADOU MR',
      surname: 'DIALLO',
      givenNames: 'MAMADOU',
      legs: [
        {
          from: 'CMN',
          to: 'CKY',
          carrier: 'AT',
          flightNumber: '525',
          flightDate: '2024-12-30',
          pnr: 'QX4ZPL',
          seat: '024A',
          sequence: '7',
        },
      ],
      eticket: '1472101234567',
      checksOk: true,
    });
    expect(toBoardingPass(classifyScan(td3Passport.text))).toBeNull();
  });
});

describe('messages', () => {
  it('has a French, Arabic and English text for every key, and only for those', () => {
    for (const language of ['fr', 'ar', 'en'] as const) {
      const tree = documentMessages[language];
      expect(leafKeys(tree)).toEqual([...documentMessageKeys].sort());
      for (const key of documentMessageKeys) expect(lookup(tree, key)?.trim().length).toBeGreaterThan(0);
    }
    expect(lookup(documentMessages.ar, 'documents.mrz.lineLength')).toMatch(/[\u0600-\u06ff]/);
  });

  it('nests keys as i18next resources', () => {
    expect(documentMessages.fr.documents.mrz.documentNumberCheckDigit).toBe(
      lookup(documentMessages.fr, 'documents.mrz.documentNumberCheckDigit'),
    );
    expect(documentMessages.fr.documents.mrz.documentNumberCheckDigit).toMatch(/numéro de document/);
  });

  it('uses, for each issue, the key of its area and code', () => {
    const results = [
      classifyScan(td3Passport.text.replace('7408122F', '7408123F')),
      classifyScan(bcbpMinimal.replace('CMNCDG', 'CMN1DG')),
      classifyScan('RVA-BADGE:x'),
      classifyScan(`${PV_PREFIX}x`),
      classifyScan('????'),
    ];
    for (const result of results) {
      for (const entry of [...result.errors, ...result.warnings]) {
        expect(documentMessageKeys).toContain(entry.message);
        expect(entry.message.endsWith(`.${entry.code}`)).toBe(true);
      }
      expect(result.errors.length).toBeGreaterThan(0);
    }
  });
});
