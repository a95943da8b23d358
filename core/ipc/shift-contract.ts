/**
 * Supervisor desk commands (shifts, cash, exports, reports). Merged into the contract in
 * contract.ts; keys follow `namespace.verb`. Amounts are integer cents (USD and MAD).
 */
import { z } from 'zod';
import { languages } from '../i18n/messages';
import type { CommandSpec } from './spec';
import { command, empty, freeText, reasonText } from './spec';

const supervisor = ['supervisor'] as const;
const cents = z.number().int().min(0).max(100_000_000);
const reason = reasonText();
const note = freeText(500);
/** An expected cash figure: negative when more was paid out than the drawer held. */
const signedCents = z.number().int().min(-100_000_000).max(100_000_000);
const id = z.string().min(1).max(64);
/** The language of an export's words (the supervisor's UI language); data columns stay language-neutral. */
const exportLanguage = z.enum(languages).default('fr');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dateFormat');

export const shiftViewSchema = z.object({
  id: z.string(),
  postCode: z.string(),
  openedAt: z.number().int(),
  openedBy: z.object({ id: z.string(), name: z.string() }),
  openingUsdCents: z.number().int(),
  openingMadCents: z.number().int(),
  note: z.string(),
  /** The shift this one took over from (through a hand-over), if any. */
  handOverFromShiftId: z.string().nullable(),
  closing: z
    .object({
      closedAt: z.number().int(),
      closedByName: z.string(),
      countedUsdCents: z.number().int(),
      countedMadCents: z.number().int(),
      expectedUsdCents: z.number().int(),
      expectedMadCents: z.number().int(),
      perDiemCount: z.number().int(),
      perDiemCents: z.number().int(),
      varianceUsdCents: z.number().int(),
      varianceMadCents: z.number().int(),
      reason: z.string().nullable(),
    })
    .nullable(),
  handOver: z.object({ toUserId: z.string(), toUserName: z.string(), at: z.number().int(), note: z.string() }).nullable(),
});
export type ShiftView = z.infer<typeof shiftViewSchema>;

/** Cash the drawer should hold now: opening cash minus the per diem paid during the shift. */
export const expectedCashSchema = z.object({
  usdCents: z.number().int(),
  madCents: z.number().int(),
  perDiemCount: z.number().int(),
  perDiemCents: z.number().int(),
});
export type ExpectedCash = z.infer<typeof expectedCashSchema>;

/** What a closing would record now: shown to the supervisor for confirmation before closing. */
export const closingPreviewSchema = z.object({
  expectedUsdCents: z.number().int(),
  expectedMadCents: z.number().int(),
  perDiemCount: z.number().int(),
  perDiemCents: z.number().int(),
  countedUsdCents: z.number().int(),
  countedMadCents: z.number().int(),
  varianceUsdCents: z.number().int(),
  varianceMadCents: z.number().int(),
});
export type ClosingPreview = z.infer<typeof closingPreviewSchema>;

export const shiftStatusSchema = z.object({
  shift: shiftViewSchema.nullable(),
  expected: expectedCashSchema.nullable(),
  pendingHandOver: z
    .object({
      id: z.string(),
      fromShiftId: z.string(),
      fromUserName: z.string(),
      toUserId: z.string(),
      toUserName: z.string(),
      at: z.number().int(),
      countedUsdCents: z.number().int(),
      countedMadCents: z.number().int(),
      note: z.string(),
    })
    .nullable(),
  supervisors: z.array(z.object({ id: z.string(), displayName: z.string() })),
});
export type ShiftStatus = z.infer<typeof shiftStatusSchema>;

export const exportFormatSchema = z.enum(['csv', 'pdf', 'json']);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** A signed export file, ready to save (see docs/exports.md for the embedded manifest). */
export const exportFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  contentBase64: z.string(),
  /** SHA-256 (hex) of the content part of the file, as in its manifest. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int(),
  auditHead: z.object({ seq: z.number().int(), hash: z.string() }),
});
export type ExportFile = z.infer<typeof exportFileSchema>;

const countRow = z.object({ code: z.string(), label: z.string(), count: z.number().int(), percent: z.number() });
const reasonSchema = z.object({ id: z.string(), reason: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });
const passageLine = z.object({
  passageId: z.string(),
  at: z.number().int(),
  pvNumber: z.string().nullable(),
  name: z.string(),
  nationality: z.string(),
  reasons: z.array(reasonSchema),
  /** Its travel document is a camera MRZ the officer corrected on the keyboard. */
  mrzCorrected: z.boolean(),
});

export const departuresReportSchema = z.object({
  period: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }),
  postCode: z.string(),
  /** Exit stamps recorded in the period (voided ones left out). */
  total: z.number().int(),
  /** The programme's shape: top ten, then "Autres", then "Total général". */
  byNationality: z.object({
    top: z.array(countRow),
    others: z.object({ count: z.number().int(), percent: z.number(), codes: z.array(z.string()) }),
    total: z.object({ count: z.number().int(), percent: z.number() }),
  }),
  byDay: z.array(z.object({ day: z.string(), count: z.number().int() })),
  byHour: z.array(z.object({ hour: z.number().int(), count: z.number().int() })),
  perDiem: z.object({
    count: z.number().int(),
    totalCents: z.number().int(),
    currency: z.literal('USD'),
    voidedCount: z.number().int(),
    voidedCents: z.number().int(),
  }),
  refused: z.array(passageLine),
  referred: z.array(
    passageLine.extend({
      settlement: z.object({ decision: z.enum(['allow', 'deny']), reason: z.string(), at: z.number().int() }).nullable(),
    }),
  ),
  reasonCounts: z.array(z.object({ verdict: z.enum(['DENY', 'REFER']), id: z.string(), reason: z.string(), count: z.number().int() })),
  voids: z.array(
    z.object({
      at: z.number().int(),
      kind: z.string(),
      recordId: z.string(),
      pvNumber: z.string().nullable(),
      reason: z.string(),
      actorName: z.string(),
    }),
  ),
});
export type DeparturesReport = z.infer<typeof departuresReportSchema>;

const period = z
  .object({ from: isoDate, to: isoDate })
  .strict()
  .refine((p) => p.from <= p.to, { message: 'periodOrder', path: ['to'] });

export const shiftCommands = {
  'shift.current': command({ input: empty, output: shiftStatusSchema, access: supervisor }),
  'shift.open': command({
    input: z.object({ openingUsdCents: cents, openingMadCents: cents, note: note.optional() }).strict(),
    output: shiftViewSchema,
    access: supervisor,
  }),
  /** The figures closing now would record (expected cash re-read, variance), for confirmation. */
  'shift.preview': command({
    input: z.object({ countedUsdCents: cents, countedMadCents: cents }).strict(),
    output: closingPreviewSchema,
    access: supervisor,
  }),
  /**
   * A reason is required when the counted cash differs from the expected cash. `expected*` is the
   * expected cash the supervisor confirmed: refused (`shift.expectedChanged`) when it changed since.
   */
  'shift.close': command({
    input: z
      .object({
        countedUsdCents: cents,
        countedMadCents: cents,
        expectedUsdCents: signedCents,
        expectedMadCents: signedCents,
        reason: reason.optional(),
      })
      .strict(),
    output: shiftViewSchema,
    access: supervisor,
  }),
  /** Closes the shift with its cash count and names the supervisor who takes over. */
  'shift.handOver': command({
    input: z
      .object({
        toUserId: id,
        countedUsdCents: cents,
        countedMadCents: cents,
        expectedUsdCents: signedCents,
        expectedMadCents: signedCents,
        reason: reason.optional(),
        note: note.optional(),
      })
      .strict(),
    output: shiftViewSchema,
    access: supervisor,
  }),
  'shift.list': command({
    input: z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(),
    output: z.array(shiftViewSchema),
    access: supervisor,
  }),
  /** The shift log (the open shift when `shiftId` is absent), signed. */
  'shift.export': command({
    input: z.object({ shiftId: id.optional(), format: exportFormatSchema, language: exportLanguage }).strict(),
    output: exportFileSchema,
    access: supervisor,
  }),
  'reports.departures': command({ input: period, output: departuresReportSchema, access: supervisor }),
  'reports.export': command({
    input: z
      .object({ from: isoDate, to: isoDate, format: z.enum(['csv', 'pdf']), language: exportLanguage })
      .strict()
      .refine((p) => p.from <= p.to, { message: 'periodOrder', path: ['to'] }),
    output: exportFileSchema,
    access: supervisor,
  }),
} as const satisfies Record<string, CommandSpec>;

export const shiftEvents = {
  /** A shift was opened, closed or handed over at this post. */
  'shift.changed': z.object({ shiftId: z.string(), state: z.enum(['opened', 'closed', 'handedOver']) }),
  /** A per diem was paid or voided at this post (at any desk): the expected cash changed. */
  'shift.cashChanged': z.object({ cause: z.enum(['perDiemPaid', 'perDiemVoided']) }),
} as const satisfies Record<string, z.ZodType>;
