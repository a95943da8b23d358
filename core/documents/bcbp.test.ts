import { describe, expect, it } from 'vitest';
import { parseBcbp, resolveJulianDate } from './bcbp';
import { bcbpFull, bcbpMinimal, bcbpTwoLegs } from './fixtures/bcbp-samples';

const codes = (issues: { code: string }[]): string[] => issues.map((i) => i.code);
const ref = { referenceDate: '2024-12-30' };

describe('sample sizes follow the item table', () => {
  it('has the lengths the hex sizes announce', () => {
    expect(bcbpMinimal.length).toBe(23 + 37);
    expect(bcbpFull.slice(58, 60)).toBe('4B');
    expect(bcbpFull.length).toBe(23 + 37 + 0x4b + 4 + 0x10);
    expect(bcbpTwoLegs.length).toBe(23 + 37 + (4 + 3 + 2 + 13) + 37 + 2);
  });
});

describe('parseBcbp', () => {
  it('reads the mandatory items of a one-leg pass', () => {
    const result = parseBcbp(bcbpMinimal, { referenceDate: '2025-01-10' });
    expect(result.valid).toBe(true);
    expect(result.fields).toEqual({
      passengerName: 'BENALI/SARA',
      electronicTicketIndicator: 'E',
      versionNumber: null,
      legsCount: 1,
      legs: [
        {
          pnr: 'X7K2QP',
          from: 'CMN',
          to: 'CDG',
          carrier: 'AT',
          flightNumber: '0770',
          julianDate: 12,
          flightDate: '2025-01-12',
          compartment: 'Y',
          seat: '023C',
          sequence: '0031',
          passengerStatus: '1',
        },
      ],
    });
  });

  it('reads unique and repeated conditional items, airline data and security data', () => {
    const result = parseBcbp(bcbpFull, ref);
    expect(result.errors).toEqual([]);
    expect(result.fields).toMatchObject({
      versionNumber: 6,
      passengerDescription: '0',
      checkInSource: 'W',
      issuanceDate: '6123',
      issuanceDateResolved: '2016-05-02',
      documentType: 'B',
      boardingPassIssuer: 'AT',
      baggageTag: '0147123456002',
      securityDataType: '1',
      securityData: 'ABCDEF0123456789',
    });
    expect(result.fields?.legs[0]).toMatchObject({
      flightDate: '2024-12-30',
      airlineNumericCode: '147',
      documentSerialNumber: '2101234567',
      internationalDocumentVerification: '0',
      marketingCarrier: 'AT',
      frequentFlyerAirline: 'AT',
      frequentFlyerNumber: '1234567890',
      idAdIndicator: 'N',
      freeBaggageAllowance: '20K',
      fastTrack: 'Y',
      airlineData: 'RVA',
    });
  });

  it('resolves flight dates across New Year against the scan date', () => {
    const result = parseBcbp(bcbpTwoLegs, { referenceDate: '2024-12-31' });
    expect(result.valid).toBe(true);
    expect(result.fields?.legs.map((l) => l.flightDate)).toEqual(['2024-12-31', '2025-01-01']);
    expect(result.fields?.legs[1]?.flightNumber).toBe('0341A');
    expect(resolveJulianDate(365, '2025-01-02')).toBe('2024-12-30');
    expect(resolveJulianDate(2, '2024-12-30')).toBe('2025-01-02');
    expect(resolveJulianDate(366, '2025-06-01')).toBe('2024-12-31');
    expect(resolveJulianDate(60, new Date(Date.UTC(2024, 1, 20)))).toBe('2024-02-29');
  });

  it('leaves dates unresolved, with a warning, without a reference date', () => {
    const result = parseBcbp(bcbpMinimal);
    expect(result.valid).toBe(true);
    expect(result.fields?.legs[0]?.flightDate).toBeNull();
    expect(codes(result.warnings)).toEqual(['flightDateUnresolved']);
  });

  it('strips CR/LF from a scanner and trims trailing spaces in values', () => {
    const result = parseBcbp(`${bcbpMinimal}\r\n`, ref);
    expect(result.valid).toBe(true);
    expect(result.fields?.passengerName).toBe('BENALI/SARA');
  });

  it('warns on a version above 8', () => {
    const text = bcbpTwoLegs.replace('>8', '>9');
    expect(codes(parseBcbp(text, ref).warnings)).toEqual(['versionUnknown']);
  });
});

describe('BCBP errors', () => {
  const replaceAt = (text: string, at: number, value: string): string => text.slice(0, at) + value + text.slice(at + value.length);

  it('format code other than M', () => {
    expect(codes(parseBcbp(replaceAt(bcbpMinimal, 0, 'S'), ref).errors)).toEqual(['formatCode']);
  });

  it('zero legs', () => {
    expect(codes(parseBcbp(replaceAt(bcbpMinimal, 1, '0'), ref).errors)).toEqual(['legsCount']);
  });

  it('more legs announced than present', () => {
    expect(codes(parseBcbp(replaceAt(bcbpMinimal, 1, '2'), ref).errors)).toEqual(['length']);
  });

  it('a bad total length', () => {
    expect(codes(parseBcbp(`${bcbpMinimal}XYZ`, ref).errors)).toEqual(['length']);
    expect(codes(parseBcbp(bcbpMinimal.slice(0, 50), ref).errors)).toEqual(['length']);
  });

  it('a field size that is not hex or overruns the data', () => {
    expect(codes(parseBcbp(replaceAt(bcbpMinimal, 58, 'G0'), ref).errors)).toEqual(['fieldSize']);
    expect(codes(parseBcbp(replaceAt(bcbpMinimal, 58, '05'), ref).errors)).toEqual(['fieldSize']);
    const uniqueOverrun = replaceAt(bcbpFull, 62, '7F');
    expect(codes(parseBcbp(uniqueOverrun, ref).errors)).toEqual(['fieldSize']);
  });

  it('a non-letter airport code', () => {
    const result = parseBcbp(replaceAt(bcbpMinimal, 33, 'C4G'), ref);
    expect(result.errors).toEqual([expect.objectContaining({ code: 'airportCode', field: 'legs[0].to' })]);
  });

  it('a Julian day outside 1-366', () => {
    for (const day of ['000', '367', '9A1']) {
      expect(codes(parseBcbp(replaceAt(bcbpMinimal, 44, day), ref).errors)).toEqual(['julianDate']);
    }
  });

  it('a security data length that disagrees', () => {
    expect(codes(parseBcbp(`${bcbpFull}Z`, ref).errors)).toEqual(['securityDataLength']);
    expect(codes(parseBcbp(bcbpFull.slice(0, -1), ref).errors)).toEqual(['securityDataLength']);
  });
});
