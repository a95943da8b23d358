/**
 * Cross-checks against the npm packages `mrz` and `bcbp`, used as references only where they
 * agree with the standards: `mrz` knows no visas and reads TD3 as passports only; `bcbp`
 * validates nothing, so only well-formed passes are compared.
 */
import { decode as decodeBcbp, encode as encodeBcbp } from 'bcbp';
import fc from 'fast-check';
import { parse as referenceMrz } from 'mrz';
import { describe, expect, it } from 'vitest';
import { parseBcbp } from './bcbp';
import { buildBcbp, buildMrz } from './fixtures/build';
import { parseMrz } from './mrz';

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const digits = '0123456789';
const word = (alphabet: string, min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: min, maxLength: max });
const yymmdd = fc
  .record({ y: fc.integer({ min: 0, max: 99 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => [y, m, d].map((n) => String(n).padStart(2, '0')).join(''));

const input = (format: 'TD1' | 'TD2' | 'TD3') =>
  fc.record({
    documentType: format === 'TD3' ? fc.constant('P') : fc.constantFrom('I', 'ID', 'A', 'C'),
    // not FRA: the mrz package reads a French TD2 "ID" card as its own national format
    issuingState: fc.constantFrom('MAR', 'GIN', 'CIV', 'SEN', 'CMR', 'MLI', 'NGA'),
    surname: word(letters, 2, 12),
    givenNames: word(letters, 1, 10),
    documentNumber: word(letters + digits, 9, 9),
    nationality: fc.constantFrom('MAR', 'GIN', 'CIV', 'SEN'),
    birthDate: yymmdd,
    sex: fc.constantFrom('M', 'F'),
    expiryDate: yymmdd,
  });

describe.each(['TD1', 'TD2', 'TD3'] as const)('%s against the mrz package', (format) => {
  it('agrees on fields and validity, before and after a one-digit corruption', () => {
    fc.assert(
      fc.property(input(format), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 9 }), (fields, at, delta) => {
        const text = buildMrz(format, fields);
        const ours = parseMrz(text);
        const theirs = referenceMrz(text);
        expect(theirs.format).toBe(format);
        expect(ours.valid).toBe(true);
        expect(theirs.valid).toBe(true);
        expect(ours.fields?.documentNumber).toBe(theirs.fields.documentNumber);
        expect(ours.fields?.surname).toBe(theirs.fields.lastName);
        expect(ours.fields?.givenNames).toBe(theirs.fields.firstName);
        expect(ours.fields?.birthDate).toBe(theirs.fields.birthDate);
        expect(ours.fields?.expiryDate).toBe(theirs.fields.expirationDate);
        expect(ours.fields?.nationality).toBe(theirs.fields.nationality);
        expect(ours.fields?.issuingState).toBe(theirs.fields.issuingState);
        expect(ours.fields?.sex).toBe(theirs.fields.sex === 'male' ? 'M' : 'F');

        // change one digit anywhere in the data line(s): both must see it
        const lines = text.split('\n');
        const dataLine = format === 'TD1' ? at % 2 : 1;
        const line = lines[dataLine] as string;
        const positions = [...line].map((c, i) => (/[0-9]/.test(c) ? i : -1)).filter((i) => i >= 0);
        fc.pre(positions.length > 0);
        const pos = positions[at % positions.length] as number;
        lines[dataLine] = line.slice(0, pos) + String((Number(line.charAt(pos)) + delta) % 10) + line.slice(pos + 1);
        const corrupted = lines.join('\n');
        expect(parseMrz(corrupted, { repair: false }).valid).toBe(referenceMrz(corrupted).valid);
      }),
      { numRuns: 300 },
    );
  });
});

describe('BCBP against the bcbp package', () => {
  const leg = fc.record({
    operatingCarrierPNR: word(letters + digits, 6, 6),
    departureAirport: word(letters, 3, 3),
    arrivalAirport: word(letters, 3, 3),
    operatingCarrierDesignator: fc.constantFrom('AT', 'AF', 'HF', 'TK'),
    flightNumber: word(digits, 4, 4),
    flightDate: fc.integer({ min: 0, max: 364 }).map((d) => new Date(Date.UTC(2025, 0, 1 + d))),
    compartmentCode: fc.constantFrom('Y', 'C'),
    seatNumber: fc.tuple(word(digits, 3, 3), word('ABCDEF', 1, 1)).map(([a, b]) => a + b),
    checkInSequenceNumber: word(digits, 4, 4),
    passengerStatus: fc.constantFrom('0', '1'),
  });

  it('reads what bcbp encodes', () => {
    fc.assert(
      fc.property(fc.array(leg, { minLength: 1, maxLength: 3 }), word(letters, 2, 8), (legs, name) => {
        const text = encodeBcbp({ data: { legs, passengerName: `${name}/TEST` } });
        const ours = parseBcbp(text, { referenceDate: '2025-07-01' });
        expect(ours.errors).toEqual([]);
        expect(ours.fields?.passengerName).toBe(`${name}/TEST`);
        expect(ours.fields?.legs.map((l) => [l.pnr, l.from, l.to, l.carrier, l.flightNumber, l.seat, l.flightDate])).toEqual(
          legs.map((l) => [
            l.operatingCarrierPNR,
            l.departureAirport,
            l.arrivalAirport,
            l.operatingCarrierDesignator,
            l.flightNumber,
            l.seatNumber,
            l.flightDate.toISOString().slice(0, 10),
          ]),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with bcbp on what we build', () => {
    fc.assert(
      fc.property(fc.array(leg, { minLength: 1, maxLength: 3 }), word(letters + digits, 10, 60), (legs, security) => {
        const text = buildBcbp({
          passengerName: 'SOW/AMINATA',
          electronicTicketIndicator: 'E',
          version: 6,
          unique: '1W 5200AAT ',
          legs: legs.map((l) => ({
            pnr: l.operatingCarrierPNR,
            from: l.departureAirport,
            to: l.arrivalAirport,
            carrier: l.operatingCarrierDesignator,
            flightNumber: l.flightNumber,
            julianDate: '100',
            compartment: l.compartmentCode,
            seat: l.seatNumber,
            sequence: l.checkInSequenceNumber,
            passengerStatus: l.passengerStatus,
            repeated: '1472100000001',
          })),
          securityData: security,
        });
        const ours = parseBcbp(text, { referenceDate: '2025-04-01' });
        const theirs = decodeBcbp(text, 2025);
        expect(ours.valid).toBe(true);
        expect(ours.fields?.legs.map((l) => [l.pnr, l.from, l.to, l.seat, l.airlineNumericCode, l.documentSerialNumber])).toEqual(
          (theirs.data?.legs ?? []).map((l) => [
            l.operatingCarrierPNR,
            l.departureAirport,
            l.arrivalAirport,
            l.seatNumber,
            l.airlineNumericCode,
            l.serialNumber,
          ]),
        );
        expect(ours.fields?.checkInSource).toBe(theirs.data?.checkInSource);
        expect(ours.fields?.boardingPassIssuer).toBe(theirs.data?.boardingPassIssuerDesignator);
        expect(ours.fields?.securityData).toBe(theirs.data?.securityData);
        expect(ours.fields?.versionNumber).toBe(theirs.meta?.versionNumber);
      }),
      { numRuns: 200 },
    );
  });
});
