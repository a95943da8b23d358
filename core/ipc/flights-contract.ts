/**
 * The flight board (docs/flights.md): today's flights at this post with their beneficiaries'
 * progress, the scheduled departure, closing a flight with its no-shows, the signed flight report,
 * and opening a passage by hand for a PV found on the board. Merged into the contract in
 * contract.ts.
 */
import { z } from 'zod';
import { NO_SHOW_REASONS, STAGES } from '../flights/board';
import type { CommandSpec } from './spec';
import { command, freeText, reasonText } from './spec';
import { exportFileSchema } from './shift-contract';
import { passageUpdateSchema } from './departures-contract';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dateFormat');
export const flightKeySchema = z
  .string()
  .min(8)
  .max(200)
  .regex(/^(AIR|LAND):[A-Z0-9 ]+:\d{4}-\d{2}-\d{2}$/, 'flightKeyFormat');

const step = z.object({ at: z.number().int(), actorName: z.string() });
const countsSchema = z.object({
  total: z.number().int(),
  arrived: z.number().int(),
  checkedIn: z.number().int(),
  exchanged: z.number().int(),
  paid: z.number().int(),
  stamped: z.number().int(),
  referred: z.number().int(),
  refused: z.number().int(),
  noShow: z.number().int(),
  missing: z.number().int(),
});
export type FlightCountsView = z.infer<typeof countsSchema>;

export const noShowReasonSchema = z.enum(NO_SHOW_REASONS);

export const boardBeneficiarySchema = z.object({
  pvNumber: z.string(),
  surname: z.string(),
  givenNames: z.string(),
  nationality: z.string(),
  documentNumber: z.string(),
  iomCaseNumber: z.string(),
  stage: z.enum(STAGES),
  progress: z.object({
    arrived: z.boolean(),
    checkedIn: z.boolean(),
    exchanged: z.boolean(),
    paid: z.boolean(),
    stamped: z.boolean(),
    referred: z.boolean(),
    refused: z.boolean(),
    noShow: z.boolean(),
  }),
  noShow: z.object({ reason: noShowReasonSchema, note: z.string(), at: z.number().int(), actorName: z.string() }).nullable(),
});
export type BoardBeneficiaryView = z.infer<typeof boardBeneficiarySchema>;

export const flightViewSchema = z.object({
  key: z.string(),
  identity: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('air'), carrier: z.string(), flightNumber: z.string(), date: z.string() }),
    z.object({ mode: z.literal('land'), route: z.string(), operator: z.string(), date: z.string() }),
  ]),
  /** Scheduled departure (epoch ms) set by a supervisor; null: only the date is known. */
  departureAt: z.number().int().nullable(),
  closed: step.nullable(),
  counts: countsSchema,
  perDiemTotalCents: z.number().int(),
  beneficiaries: z.array(boardBeneficiarySchema),
});
export type FlightView = z.infer<typeof flightViewSchema>;

export const boardSchema = z.object({
  /** The local date shown (YYYY-MM-DD, post time zone). */
  date: z.string(),
  /** When main built it (epoch ms): the time to departure counts from the renderer's clock. */
  generatedAt: z.number().int(),
  flights: z.array(flightViewSchema),
});
export type Board = z.infer<typeof boardSchema>;

const board = ['escort', 'supervisor'] as const;
const supervisor = ['supervisor'] as const;

const noShowFields = z.object({
  pvNumber: z.string().min(1).max(40),
  reason: noShowReasonSchema,
  /** Required (3 characters or more) when the reason is `other`. */
  note: freeText(500).default(''),
});

/** "other" needs a note of 3 characters or more. */
const hasNoteWhenOther = (n: { reason: string; note: string }) => n.reason !== 'other' || n.note.length >= 3;
const noteRequired = { message: 'noteRequired', path: ['note'] };

export const noShowInputSchema = noShowFields.strict().refine(hasNoteWhenOther, noteRequired);

export const flightCommands = {
  /** Today's flights at this post (or another date's), with each beneficiary's progress. */
  'flights.board': command({ input: z.object({ date: isoDate.optional() }).strict(), output: boardSchema, access: board }),
  /** Sets the scheduled departure of a flight (local time HH:MM on the flight's date). */
  'flights.setDeparture': command({
    input: z.object({ flightKey: flightKeySchema, time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'timeFormat') }).strict(),
    output: flightViewSchema,
    access: supervisor,
  }),
  /**
   * Closes a flight: the no-shows with their reasons, in one step. Refused for a flight already
   * closed, a PV not on the flight, or a beneficiary already stamped (they left).
   */
  'flights.close': command({
    input: z.object({ flightKey: flightKeySchema, noShows: z.array(noShowInputSchema).max(500) }).strict(),
    output: flightViewSchema,
    access: supervisor,
  }),
  /**
   * Marks one beneficiary as a no-show before closing, with the reason. Refused on a closed flight,
   * for a PV not on it, a beneficiary already stamped or already marked.
   */
  'flights.markNoShow': command({
    input: noShowFields.extend({ flightKey: flightKeySchema }).strict().refine(hasNoteWhenOther, noteRequired),
    output: flightViewSchema,
    access: supervisor,
  }),
  /** Clears a beneficiary's no-show before closing (they came after all). Refused on a closed flight. */
  'flights.clearNoShow': command({
    input: z.object({ flightKey: flightKeySchema, pvNumber: z.string().min(1).max(40) }).strict(),
    output: flightViewSchema,
    access: supervisor,
  }),
  /** Reopens a closed flight, with the reason (3 characters or more); the next report says so. */
  'flights.reopen': command({
    input: z.object({ flightKey: flightKeySchema, reason: reasonText() }).strict(),
    output: flightViewSchema,
    access: supervisor,
  }),
  /** The signed flight report: each beneficiary's steps with times and actors, the per diem total, the no-shows. */
  'flights.report': command({
    input: z
      .object({ flightKey: flightKeySchema, format: z.enum(['csv', 'pdf']), language: z.enum(['fr', 'ar', 'en']).default('fr') })
      .strict(),
    output: exportFileSchema,
    access: supervisor,
  }),
  /**
   * Starts this desk's passage for a PV chosen by hand (a scanner or a document failed). The PV is
   * only selected: the travel document (scanned or typed) and, for air, the boarding pass are still
   * checked against it, and nothing is allowed before they are.
   */
  'passage.openForPv': command({
    input: z.object({ pvNumber: z.string().min(1).max(40) }).strict(),
    output: passageUpdateSchema,
    access: ['escort', 'supervisor', 'officer'],
  }),
} as const satisfies Record<string, CommandSpec>;

export const flightEvents = {
  /** Something recorded at this post changes the board (a passage, a fact, a no-show, a closing). */
  'flights.changed': z.object({ pvNumber: z.string().nullable(), action: z.string() }),
} as const satisfies Record<string, z.ZodType>;
