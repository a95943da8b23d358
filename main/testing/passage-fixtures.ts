/**
 * Scans of a passage that matches a PV: a TD3 MRZ of the travel document and an IATA boarding
 * pass for the PV's flight, as a scanner would send them. For tests, the bench and e2e.
 */
import type { Pv } from '../../core/departure/pv';
import { buildBcbp, buildMrz } from '../../core/documents/fixtures/build';

const yymmdd = (iso: string) => iso.slice(2).replace(/-/g, '');
const mrzName = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z ]/g, '');

export function dayOfYear(iso: string): number {
  const d = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round((d - Date.UTC(Number(iso.slice(0, 4)), 0, 1)) / 86_400_000) + 1;
}

export function mrzFor(pv: Pv, documentCode = 'PL'): string {
  return buildMrz('TD3', {
    documentType: documentCode,
    issuingState: pv.travelDocument.issuingState,
    surname: mrzName(pv.beneficiary.surname),
    givenNames: mrzName(pv.beneficiary.givenNames),
    documentNumber: pv.travelDocument.number,
    nationality: pv.beneficiary.nationality,
    birthDate: yymmdd(pv.beneficiary.birthDate),
    sex: pv.beneficiary.sex,
    expiryDate: yymmdd(pv.travelDocument.expiry),
  });
}

export function boardingPassFor(
  pv: Pv,
  options: {
    from?: string;
    flightDate?: string;
    seat?: string;
    /** The name field as an airline system wrote it. */ passengerName?: string;
  } = {},
): string {
  if (pv.ticket.mode !== 'air') throw new Error('boardingPassFor needs an air ticket');
  const date = options.flightDate ?? pv.ticket.date;
  return buildBcbp({
    passengerName: options.passengerName ?? `${mrzName(pv.beneficiary.surname).replace(/ /g, '')}/${mrzName(pv.beneficiary.givenNames)}`,
    electronicTicketIndicator: 'E',
    legs: [
      {
        pnr: pv.ticket.pnr ?? 'ABC123',
        from: options.from ?? 'CMN',
        to: 'DSS',
        carrier: pv.ticket.carrier,
        flightNumber: pv.ticket.flightNumber.padStart(4, '0'),
        julianDate: String(dayOfYear(date)).padStart(3, '0'),
        compartment: 'Y',
        seat: options.seat ?? '023C',
        sequence: '0031',
        passengerStatus: '1',
      },
    ],
  });
}

/** A 1x1 transparent PNG, base64: the smallest signature image the service accepts. */
export const TINY_SIGNATURE_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
