/**
 * Sample data for tests of the departure core and of the services built on it. Fictitious people.
 */
import type { BoardingPass, BoardingPassLeg, TravelDocument } from '../documents/index';
import type { Pv } from './pv';
import type { PassageInput, ScannedBoardingPass, ScannedTravelDocument } from './verify';

/** 2026-06-15 10:00 UTC (11:00 in Casablanca). */
export const SAMPLE_NOW = Date.parse('2026-06-15T10:00:00Z');

export function samplePv(overrides: Partial<Pv> = {}): Pv {
  return {
    pvNumber: 'PV-CMN-2026-000123',
    policeStation: 'Préfecture de police de Casablanca, Service des Étrangers',
    issuedAt: Date.parse('2026-06-01T09:30:00Z'),
    beneficiary: {
      surname: "N'Diaye",
      givenNames: 'Mamadou Aliou',
      sex: 'M',
      birthDate: '1998-03-14',
      nationality: 'SEN',
      iomCaseNumber: 'MA-RVA-2026-0412',
    },
    travelDocument: { kind: 'lpc', number: 'LP0451278', issuingState: 'SEN', expiry: '2026-09-01' },
    ticket: { mode: 'air', carrier: 'AT', flightNumber: '535', date: '2026-06-15', pnr: 'K7QZ2P', eticket: '1472345678901' },
    authorisedPosts: ['CMN'],
    validFrom: Date.parse('2026-06-01T00:00:00Z'),
    validUntil: Date.parse('2026-06-30T23:59:59Z'),
    status: 'active',
    revision: 1,
    flags: {},
    ...overrides,
  };
}

export function sampleTravelDocument(overrides: Partial<ScannedTravelDocument> = {}): ScannedTravelDocument {
  return {
    source: 'mrz',
    checksOk: true,
    documentNumber: 'LP0451278',
    issuingState: 'SEN',
    nationality: 'SEN',
    surname: 'NDIAYE',
    givenNames: 'MAMADOU ALIOU',
    birthDate: '980314',
    sex: 'M',
    expiryDate: '260901',
    ...overrides,
  };
}

export function sampleBoardingPass(overrides: Partial<ScannedBoardingPass> = {}): ScannedBoardingPass {
  return {
    surname: 'NDIAYE',
    givenNames: 'MAMADOU MR',
    legs: [{ from: 'CMN', to: 'DSS', carrier: 'AT', flightNumber: '0535', flightDate: '2026-06-15', pnr: 'K7QZ2P' }],
    eticket: '1472345678901',
    ...overrides,
  };
}

/** The sample travel document as the scan parser gives it (core/documents), before the verifier's mapping. */
export function sampleParsedDocument(overrides: Partial<TravelDocument> = {}): TravelDocument {
  return { ...sampleTravelDocument(), kind: 'lpc', source: 'mrz', documentType: 'PL', expiryDate: '260901', ...overrides };
}

/** One leg of a parsed boarding pass: Casablanca to Dakar on the sample PV's flight. */
export function sampleBoardingPassLeg(overrides: Partial<BoardingPassLeg> = {}): BoardingPassLeg {
  return {
    from: 'CMN',
    to: 'DSS',
    carrier: 'AT',
    flightNumber: '535',
    flightDate: '2026-06-15',
    pnr: 'K7QZ2P',
    seat: '023C',
    sequence: '31',
    ...overrides,
  };
}

/** The sample boarding pass as the scan parser gives it, with one leg. */
export function sampleParsedBoardingPass(overrides: Partial<BoardingPass> = {}): BoardingPass {
  return {
    passengerName: 'NDIAYE/MAMADOU ALIOU',
    surname: 'NDIAYE',
    givenNames: 'MAMADOU ALIOU',
    legs: [sampleBoardingPassLeg()],
    checksOk: true,
    ...overrides,
  };
}

/** A passage that passes every rule at Casablanca Mohammed V. */
export function samplePassage(overrides: Partial<PassageInput> = {}): PassageInput {
  return {
    post: { code: 'CMN', airport: 'CMN' },
    now: SAMPLE_NOW,
    travelDocument: sampleTravelDocument(),
    boardingPass: sampleBoardingPass(),
    pvQr: null,
    pv: samplePv(),
    priorDeparture: null,
    ...overrides,
  };
}
