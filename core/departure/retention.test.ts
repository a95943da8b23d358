import { describe, expect, it } from 'vitest';
import { PSEUDONYM, pseudonymiseBoardingPass, pseudonymiseRules, pseudonymiseScans } from './retention';

describe('pseudonymised values of the personal columns', () => {
  it('keeps only allow-listed fields of the scans: raw payloads and MRZ lines an older row stored are dropped', () => {
    const out = pseudonymiseScans({
      raw: 'P<GINDIALLO<<MAMADOU',
      mrzLines: ['P<GINDIALLO<<MAMADOU', 'LP0001234GIN9005171M3001012'],
      document: {
        kind: 'lpc',
        source: 'wedge',
        documentNumber: 'LP0001234',
        nationality: 'GIN',
        surname: 'DIALLO',
        givenNames: 'MAMADOU',
        birthDate: '900517',
        sex: 'M',
        expiryDate: '300101',
        checksOk: true,
        line1: 'x',
      },
      boardingPass: {
        passengerName: 'DIALLO/MAMADOU',
        surname: 'DIALLO',
        givenNames: 'MAMADOU',
        eticket: '1472345678901',
        legs: [
          {
            from: 'CMN',
            to: 'CKY',
            carrier: 'AT',
            flightNumber: '535',
            flightDate: '2026-06-15',
            pnr: 'K7QZ2P',
            seat: '23C',
            sequence: '31',
          },
        ],
        checksOk: true,
      },
      summaries: [
        {
          kind: 'mrz',
          valid: false,
          errors: [{ code: 'checkDigit', field: 'documentNumber', message: 'm', params: { value: 'LP0001234', position: 9 } }],
          warnings: [],
        },
      ],
      pending: [],
    });
    const text = JSON.stringify(out);
    for (const value of ['DIALLO', 'MAMADOU', 'LP0001234', 'K7QZ2P', '23C', '1472345678901', '900517', '300101'])
      expect(text).not.toContain(value);
    expect(out).toMatchObject({
      pseudonymised: true,
      document: { kind: 'lpc', nationality: 'GIN', sex: 'M', surname: PSEUDONYM, birthDate: '900517'.slice(0, 2) + '0101' },
      boardingPass: { legs: [{ carrier: 'AT', flightNumber: '535', flightDate: '2026-06-15', from: 'CMN', to: 'CKY', pnr: '' }] },
      summaries: [{ errors: [{ code: 'checkDigit', params: { position: 9 } }] }],
    });
    expect(out).not.toHaveProperty('raw');
    expect(out).not.toHaveProperty('mrzLines');
  });

  it('marks a boarding pass and keeps its flight', () => {
    const out = pseudonymiseBoardingPass({
      passengerName: 'DIALLO/MAMADOU',
      surname: 'DIALLO',
      legs: [{ carrier: 'AT', flightNumber: '535', pnr: 'K7QZ2P' }],
    });
    expect(out).toMatchObject({ pseudonymised: true, surname: PSEUDONYM, legs: [{ carrier: 'AT', flightNumber: '535', pnr: '' }] });
    expect(JSON.stringify(out)).not.toMatch(/DIALLO|MAMADOU|K7QZ2P/);
  });

  it('replaces what identity, ticket and minor rules quote, and keeps the other rules as they are', () => {
    const rules = pseudonymiseRules([
      {
        id: 'identity.birthDate',
        status: 'failed',
        severity: 'deny',
        reason: 'differs',
        params: { document: '1990-01-01', pv: '1991-02-02' },
      },
      { id: 'flags.minor', status: 'failed', severity: 'refer', reason: 'minorFlag', params: { mnaReference: 'MNA-77' } },
      { id: 'ticket.airport', status: 'passed', severity: 'deny', reason: 'matches', params: { airport: 'CMN' } },
    ]);
    expect(rules).toEqual([
      { id: 'identity.birthDate', status: 'failed', severity: 'deny', reason: 'differs', params: { document: PSEUDONYM, pv: PSEUDONYM } },
      { id: 'flags.minor', status: 'failed', severity: 'refer', reason: 'minorFlag', params: { mnaReference: PSEUDONYM } },
      { id: 'ticket.airport', status: 'passed', severity: 'deny', reason: 'matches', params: { airport: 'CMN' } },
    ]);
  });
});
