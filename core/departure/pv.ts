/**
 * The PV (procès-verbal): the police report that authorises a beneficiary to leave the national
 * territory. This is the record the departure verifier checks a passage against; the cache in
 * SQLite, the import files and the signed QR all carry this shape.
 */
import { z } from 'zod';
import { isIsoDate } from './dates';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'pv.error.dateFormat')
  .refine(isIsoDate, 'pv.error.dateInvalid')
  .describe('Calendar date, YYYY-MM-DD');

const instant = z.number().int().nonnegative().describe('Instant, integer milliseconds since 1970-01-01T00:00:00Z');

const text = (max: number) => z.string().trim().min(1).max(max);

/** ISO 3166-1 alpha-3 code as used in MRZs (three capital letters; Germany is `D<<` in MRZs, `DEU` here). */
export const countryCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'pv.error.countryCode')
  .describe('ISO 3166-1 alpha-3 code');

/** A border post code, e.g. `CMN` (Casablanca Mohammed V), `RAK`, `TNG`, or a land post code. */
export const postCodeSchema = z
  .string()
  .regex(/^[A-Z0-9]{2,8}$/, 'pv.error.postCode')
  .describe('Border post code, e.g. CMN');

export const sexSchema = z.enum(['M', 'F', 'X']);
export const pvStatusSchema = z.enum(['active', 'revoked', 'used']);
export const travelDocumentKindSchema = z.enum(['lpc', 'passport', 'etd']);

export const beneficiarySchema = z
  .object({
    surname: text(80),
    givenNames: z.string().trim().max(120).describe('Given names separated by spaces; empty when the person has none'),
    sex: sexSchema,
    birthDate: isoDate,
    nationality: countryCodeSchema,
    iomCaseNumber: text(40),
  })
  .strict();

export const pvTravelDocumentSchema = z
  .object({
    kind: travelDocumentKindSchema,
    number: z
      .string()
      .regex(/^[A-Z0-9]{1,20}$/, 'pv.error.documentNumber')
      .describe('Document number, capitals and digits, no spaces'),
    issuingState: countryCodeSchema,
    expiry: isoDate,
  })
  .strict();

export const airTicketSchema = z
  .object({
    mode: z.literal('air'),
    carrier: z
      .string()
      .regex(/^[A-Z0-9]{2,3}$/, 'pv.error.carrier')
      .describe('IATA (2) or ICAO (3) airline designator'),
    flightNumber: z
      .string()
      .regex(/^\d{1,4}[A-Z]?$/, 'pv.error.flightNumber')
      .describe('Flight number without the carrier, e.g. 535'),
    date: isoDate,
    pnr: z
      .string()
      .regex(/^[A-Z0-9]{5,8}$/, 'pv.error.pnr')
      .optional(),
    eticket: z
      .string()
      .regex(/^\d{13}$/, 'pv.error.eticket')
      .optional(),
  })
  .strict();

export const landTicketSchema = z
  .object({
    mode: z.literal('land'),
    route: text(120),
    operator: text(120),
    date: isoDate,
  })
  .strict();

export const ticketSchema = z.discriminatedUnion('mode', [airTicketSchema, landTicketSchema]);

export const pvFlagsSchema = z
  .object({
    minor: z
      .object({ mnaReference: text(60) })
      .strict()
      .optional(),
    traffickingVictim: z.boolean().optional(),
    escortedByPartner: text(120).optional(),
  })
  .strict();

export const pvSchema = z
  .object({
    pvNumber: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/, 'pv.error.pvNumber')
      .describe('PV number as printed'),
    policeStation: text(120),
    issuedAt: instant,
    beneficiary: beneficiarySchema,
    travelDocument: pvTravelDocumentSchema,
    ticket: ticketSchema,
    authorisedPosts: z.union([z.literal('any'), z.array(postCodeSchema).min(1)]),
    validFrom: instant,
    validUntil: instant,
    status: pvStatusSchema,
    revision: z.number().int().nonnegative(),
    flags: pvFlagsSchema,
  })
  .strict()
  .refine((pv) => pv.validFrom <= pv.validUntil, { message: 'pv.error.validityOrder', path: ['validUntil'] });

export type Pv = z.infer<typeof pvSchema>;
export type PvBeneficiary = z.infer<typeof beneficiarySchema>;
export type PvTravelDocument = z.infer<typeof pvTravelDocumentSchema>;
export type PvTicket = z.infer<typeof ticketSchema>;
export type PvAirTicket = z.infer<typeof airTicketSchema>;
export type PvLandTicket = z.infer<typeof landTicketSchema>;
export type PvFlags = z.infer<typeof pvFlagsSchema>;
export type PvStatus = z.infer<typeof pvStatusSchema>;
export type Sex = z.infer<typeof sexSchema>;

/** The import file: `{ "version": 1, "pvs": [ ... ] }`. */
export const pvImportFileSchema = z
  .object({
    version: z.literal(1),
    pvs: z.array(pvSchema),
  })
  .strict();

export type PvImportFile = z.infer<typeof pvImportFileSchema>;

/** True when the PV names this post (or any post). */
export function pvAuthorisesPost(pv: Pick<Pv, 'authorisedPosts'>, postCode: string): boolean {
  return pv.authorisedPosts === 'any' || pv.authorisedPosts.includes(postCode);
}

/** Normalises a document number for comparison: capitals, no spaces, fillers or dashes. */
export function normalizeDocumentNumber(value: string): string {
  return value.toUpperCase().replace(/[\s<\-./]/g, '');
}

/** JSON Schema (draft 2020-12) of the import file, as committed in docs/pv-import.schema.json. */
export function pvImportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(pvImportFileSchema),
    $id: 'https://rva-depart.local/schemas/pv-import.schema.json',
    title: 'RVA Départ PV import file',
    description:
      'PVs (exit authorisations) to load into the post cache. Instants are integer milliseconds UTC, dates YYYY-MM-DD. See docs/pv-format.md.',
  };
}
