/**
 * Departure commands and events: the passage at the desk (its scans, verdict and view), the facts
 * of departure (check-in, exchange, per diem, exit stamp), referrals, voids and the PV import.
 * Merged into the contract in contract.ts.
 */
import { z } from 'zod';
import { DEPARTURE_ACTIONS } from '../departure/actions';
import type { CommandSpec } from './spec';
import { command, empty, reasonText } from './spec';

export const scanSourceSchema = z.enum(['wedge', 'hid', 'serial', 'camera', 'manual']);
export const scanInputSchema = z
  .object({
    source: scanSourceSchema,
    raw: z.string().min(1).max(8192),
    /** A camera MRZ reading that the officer corrected on the keyboard before sending it. */
    corrected: z.boolean().optional(),
  })
  .strict()
  .refine((scan) => scan.corrected !== true || scan.source === 'camera', { message: 'correctedCameraOnly', path: ['corrected'] });

/** An LPC without MRZ, typed by the officer: checked by the same field rules as a scan. */
export const manualDocumentSchema = z
  .object({
    documentNumber: z.string().max(40),
    surname: z.string().max(80),
    givenNames: z.string().max(120),
    nationality: z.string().max(3),
    issuingState: z.string().max(3).optional(),
    birthDate: z.string().max(10),
    sex: z.string().max(1),
    expiryDate: z.string().max(10).optional(),
  })
  .strict();

const issueSchema = z.object({
  code: z.string(),
  field: z.string().optional(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const ruleOutcomeSchema = z.object({
  id: z.string(),
  status: z.enum(['passed', 'failed', 'notApplicable']),
  severity: z.enum(['deny', 'refer']),
  reason: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

const factHeader = { id: z.string(), at: z.number().int(), actorName: z.string(), postCode: z.string() };
export const timelineSchema = z.object({
  checkin: z.object({ ...factHeader, bagCount: z.number().int() }).nullable(),
  exchange: z
    .object({
      ...factHeader,
      madGivenCents: z.number().int(),
      currency: z.string(),
      amountReceivedCents: z.number().int(),
      rate: z.string(),
      receiptNumber: z.string(),
    })
    .nullable(),
  perDiem: z
    .object({ ...factHeader, amountCents: z.number().int(), currency: z.string(), receiptNumber: z.string(), formsSigned: z.boolean() })
    .nullable(),
  stamp: z.object({ ...factHeader, stampNumber: z.string() }).nullable(),
});
export type Timeline = z.infer<typeof timelineSchema>;

export const pvSummarySchema = z.object({
  pvNumber: z.string(),
  source: z.enum(['cache', 'qr']),
  status: z.enum(['active', 'revoked', 'used']).nullable(),
  surname: z.string(),
  givenNames: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  nationality: z.string(),
  iomCaseNumber: z.string(),
  documentNumber: z.string(),
  flight: z.string().nullable(),
  ticketDate: z.string(),
  flags: z.object({
    minor: z.boolean(),
    mnaReference: z.string().nullable(),
    traffickingVictim: z.boolean(),
    escortedByPartner: z.string().nullable(),
  }),
});

export const departureActionSchema = z.enum(DEPARTURE_ACTIONS);
export type DepartureAction = z.infer<typeof departureActionSchema>;

export const passageViewSchema = z.object({
  passageId: z.string(),
  at: z.number().int(),
  verdict: z.enum(['ALLOW', 'REFER', 'DENY']),
  rules: z.array(ruleOutcomeSchema),
  pending: z.array(z.enum(['travelDocument', 'boardingPass'])),
  scans: z.array(
    z.object({
      kind: z.string(),
      valid: z.boolean(),
      errors: z.array(issueSchema),
      warnings: z.array(issueSchema),
      /** A camera MRZ the officer corrected on the keyboard (absent on rows written before it was kept). */
      corrected: z.boolean().optional(),
    }),
  ),
  document: z
    .object({
      kind: z.string(),
      source: z.string(),
      documentNumber: z.string(),
      nationality: z.string(),
      surname: z.string(),
      givenNames: z.string(),
      birthDate: z.string(),
      sex: z.string(),
      expiryDate: z.string(),
    })
    .nullable(),
  boardingPass: z
    .object({
      surname: z.string(),
      givenNames: z.string(),
      flight: z.string(),
      flightDate: z.string().nullable(),
      from: z.string(),
      to: z.string(),
      seat: z.string(),
      pnr: z.string(),
    })
    .nullable(),
  pv: pvSummarySchema.nullable(),
  timeline: timelineSchema.nullable(),
  settlement: z.object({ decision: z.enum(['allow', 'deny']), reason: z.string(), at: z.number().int() }).nullable(),
  /** What the caller may do now, given the role, the verdict and the timeline. */
  actions: z.array(departureActionSchema),
  /** The per diem this post hands over now (programme period setting), for the escort's screen. */
  perDiem: z.object({ amountCents: z.number().int(), currency: z.literal('USD'), period: z.string() }),
});
export type PassageView = z.infer<typeof passageViewSchema>;

const reason = reasonText();
const receipt = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9/_.-]+$/, 'receiptFormat');
const cents = z.number().int().positive().max(100_000_000);

/** Why the desk's passage changed besides the scan itself. */
export const passageNoticeSchema = z.enum(['duplicateScan', 'newPassageStarted', 'tooManyScans', 'passageResumed']).nullable();
/**
 * The desk's passage after a change. `revision` counts the changes to this desk's passage in main;
 * the desk gives back the one it shows when it starts a new passage (`passage.new`).
 */
export const passageUpdateSchema = z.object({
  view: passageViewSchema.nullable(),
  notice: passageNoticeSchema,
  revision: z.number().int().nonnegative(),
});
export type PassageUpdate = z.infer<typeof passageUpdateSchema>;

export const departureCommands = {
  /**
   * One scan for this desk's passage: main keeps the passage, checks every scan of it again and
   * answers with its view. A scan after an action in the passage starts a new one.
   */
  'passage.addScan': command({ input: scanInputSchema, output: passageUpdateSchema, access: 'authenticated' }),
  /** An LPC without MRZ typed at this desk, for its passage. */
  'passage.addManual': command({
    input: z.object({ manualDocument: manualDocumentSchema }).strict(),
    output: passageUpdateSchema,
    access: 'authenticated',
  }),
  /** This desk's passage (null: none yet); also tells main this desk takes device scans. */
  'passage.current': command({ input: empty, output: passageUpdateSchema, access: 'authenticated' }),
  /**
   * Ends this desk's passage: the next scan starts a new one. `seen`: the revision the desk was
   * showing; a device scan main took after it goes into the new passage, given back as `update`.
   */
  'passage.new': command({
    input: z.object({ seen: z.number().int().nonnegative().optional() }).strict(),
    output: z.object({ ended: z.boolean(), update: passageUpdateSchema }),
    access: 'authenticated',
  }),
  'departures.verify': command({
    input: z.object({ scans: z.array(scanInputSchema).max(8).default([]), manualDocument: manualDocumentSchema.optional() }).strict(),
    output: passageViewSchema,
    access: 'authenticated',
  }),
  'departures.view': command({
    input: z.object({ passageId: z.string().max(64) }).strict(),
    output: passageViewSchema,
    access: 'authenticated',
  }),
  'checkin.confirm': command({
    input: z.object({ passageId: z.string().max(64), bagCount: z.number().int().min(0).max(20) }).strict(),
    output: passageViewSchema,
    access: ['escort'],
  }),
  'exchange.confirm': command({
    input: z
      .object({
        passageId: z.string().max(64),
        madGivenCents: cents,
        currency: z.string().regex(/^[A-Z]{3}$/, 'currencyFormat'),
        amountReceivedCents: cents,
        rate: z.string().regex(/^\d{1,6}(\.\d{1,6})?$/, 'rateFormat'),
        receiptNumber: receipt,
      })
      .strict(),
    output: passageViewSchema,
    access: ['escort'],
  }),
  'perDiem.pay': command({
    input: z
      .object({
        passageId: z.string().max(64),
        receiptNumber: receipt,
        formsSigned: z.boolean(),
        /** PNG of the signature drawn on screen, base64 (no data: prefix). */
        signaturePng: z
          .string()
          .min(60)
          .max(400_000)
          .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'signatureFormat'),
      })
      .strict(),
    output: passageViewSchema,
    access: ['escort'],
  }),
  'stamp.record': command({
    input: z
      .object({
        passageId: z.string().max(64),
        stampNumber: z
          .string()
          .trim()
          .min(1)
          .max(40)
          .regex(/^[A-Za-z0-9/_.-]+$/, 'stampFormat'),
      })
      .strict(),
    output: passageViewSchema,
    access: ['officer'],
  }),
  'referral.settle': command({
    input: z.object({ passageId: z.string().max(64), decision: z.enum(['allow', 'deny']), reason }).strict(),
    output: passageViewSchema,
    access: ['supervisor'],
  }),
  'referrals.list': command({
    input: empty,
    output: z.array(
      z.object({
        passageId: z.string(),
        at: z.number().int(),
        pvNumber: z.string().nullable(),
        name: z.string(),
        nationality: z.string(),
        rules: z.array(ruleOutcomeSchema),
      }),
    ),
    access: ['supervisor'],
  }),
  'record.void': command({
    input: z
      .object({
        passageId: z.string().max(64),
        kind: z.enum(['checkin', 'exchange', 'perDiem', 'stamp']),
        recordId: z.string().max(64),
        reason,
      })
      .strict(),
    output: passageViewSchema,
    access: ['supervisor'],
  }),
  'pvs.import': command({
    input: z.object({ format: z.enum(['json', 'csv']), content: z.string().max(50_000_000) }).strict(),
    output: z.union([
      z.object({ ok: z.literal(true), received: z.number().int(), written: z.number().int() }),
      z.object({
        ok: z.literal(false),
        errors: z.array(
          z.object({ line: z.number().int().nullable(), field: z.string().nullable(), code: z.string(), message: z.string() }),
        ),
      }),
    ]),
    access: ['supervisor'],
  }),
} as const satisfies Record<string, CommandSpec>;

export const departureEvents = {
  /** A supervisor settled a referral: the officer's screen refreshes the passage. */
  'referral.settled': z.object({ passageId: z.string(), pvNumber: z.string().nullable(), decision: z.enum(['allow', 'deny']) }),
  /**
   * The referral queue may have changed (a passage recorded or settled, a record voided, at any desk
   * of the post): the supervisor's queue and its badge re-read `referrals.list`.
   */
  'referrals.changed': z.object({ action: z.string() }),
  /** This desk's passage changed in main (a scan from a device reader went straight in). */
  'passage.updated': passageUpdateSchema,
  'scanner.scanned': z.object({
    source: z.enum(['wedge', 'hid', 'serial', 'camera', 'manual']),
    deviceId: z.string().optional(),
    raw: z.string().max(8192),
    at: z.number().int(),
  }),
  'scanner.deviceChanged': z.object({
    deviceId: z.string(),
    kind: z.enum(['hid', 'serial']),
    state: z.enum(['attached', 'detached', 'error']),
  }),
} as const satisfies Record<string, z.ZodType>;
