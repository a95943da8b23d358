/**
 * The IPC contract: the only place a channel exists. Each command has a zod schema for its input
 * and its output and the roles allowed to call it; each event has a schema for its payload.
 * main registers one handler per command (a missing one is a type error), the preload exposes
 * only these keys, and the renderer's typed api is derived from here.
 */
import { z } from 'zod';
import { DEPARTURE_ACTIONS } from '../departure/actions';
import { roleSchema } from './roles';
import type { CommandSpec } from './spec';
import { command, empty, reasonText } from './spec';
import { shiftCommands, shiftEvents } from './shift-contract';
import { syncCommands } from './sync-contract';
import { receiptCommands } from './receipts-contract';

export type { CommandSpec } from './spec';

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
});
export type User = z.infer<typeof userSchema>;

export const sessionSchema = z.object({
  user: userSchema,
  startedAt: z.number().int(),
  idleTimeoutMs: z.number().int().positive(),
  /** Signed in with a one-time PIN: until it is changed, only `pinChangeCommands` are served. */
  mustChangePin: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

export const syncStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('notConfigured') }),
  z.object({ state: z.literal('idle'), lastSuccessAt: z.number().int().nullable(), queueLength: z.number().int() }),
  z.object({ state: z.literal('syncing'), lastSuccessAt: z.number().int().nullable(), queueLength: z.number().int() }),
  z.object({ state: z.literal('offline'), lastSuccessAt: z.number().int().nullable(), queueLength: z.number().int() }),
  z.object({ state: z.literal('error'), lastSuccessAt: z.number().int().nullable(), queueLength: z.number().int(), message: z.string() }),
]);
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const appInfoSchema = z.object({
  productName: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  post: z.object({ code: z.string(), name: z.string(), airport: z.string().nullable() }),
  deviceId: z.string(),
  demo: z.boolean(),
  /** The post's IANA time zone: every time on screen is shown in it. */
  timeZone: z.string(),
  /** How the database key is kept: the OS key store, only a 0600 key file (the UI warns), or in memory. */
  keyProtection: z.enum(['os', 'file', 'memory']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/**
 * Whether this post can be used. `configured`: it has a post code and users (from its centre, or
 * the demo seed); false: the app shows the setup instead of the login. `demo`: demo data.
 */
export const postStatusSchema = z.object({ configured: z.boolean(), demo: z.boolean() });
export type PostStatus = z.infer<typeof postStatusSchema>;

const pin = z.string().regex(/^\d{4,8}$/, 'pinFormat');

export const scanSourceSchema = z.enum(['wedge', 'hid', 'serial', 'camera', 'manual']);
export const scanInputSchema = z
  .object({
    source: scanSourceSchema,
    raw: z.string().min(1).max(8192),
    /** A camera MRZ reading that the officer corrected on the keyboard before sending it. */
    corrected: z.boolean().optional(),
  })
  .strict();

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
  scans: z.array(z.object({ kind: z.string(), valid: z.boolean(), errors: z.array(issueSchema), warnings: z.array(issueSchema) })),
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

export const commands = {
  'app.info': command({ input: empty, output: appInfoSchema, access: 'public' }),
  'post.status': command({ input: empty, output: postStatusSchema, access: 'public' }),
  'auth.session': command({ input: empty, output: sessionSchema.nullable(), access: 'public' }),
  'auth.login': command({
    input: z.object({ username: z.string().trim().min(1).max(64), pin: z.string().max(16) }).strict(),
    output: sessionSchema,
    access: 'public',
  }),
  'auth.logout': command({
    input: z.object({ reason: z.enum(['logout', 'idle']).default('logout') }).strict(),
    output: z.object({ ended: z.boolean() }),
    access: 'authenticated',
  }),
  /** Renderer activity (keys, pointer) keeps the session alive; throttled by the renderer. */
  'auth.heartbeat': command({ input: empty, output: z.object({ expiresAt: z.number().int() }), access: 'authenticated' }),
  'auth.changePin': command({
    input: z.object({ currentPin: z.string().max(16), newPin: pin }).strict(),
    output: z.object({ changed: z.literal(true) }),
    access: 'authenticated',
  }),
  'sync.status': command({ input: empty, output: syncStatusSchema, access: 'authenticated' }),
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
  'audit.verify': command({
    input: empty,
    output: z.object({ ok: z.boolean(), count: z.number().int(), brokenAt: z.number().int().nullable() }),
    access: ['supervisor'],
  }),
  ...shiftCommands,
  ...syncCommands,
  ...receiptCommands,
} as const satisfies Record<string, CommandSpec>;

/** What a session signed in with a one-time PIN may call (besides public commands) until the PIN is changed. */
export const pinChangeCommands: ReadonlySet<string> = new Set(['auth.changePin', 'auth.logout', 'auth.heartbeat']);

export type Commands = typeof commands;
export type CommandKey = keyof Commands;
export type CommandInput<K extends CommandKey> = z.input<Commands[K]['input']>;
export type CommandParsedInput<K extends CommandKey> = z.output<Commands[K]['input']>;
export type CommandOutput<K extends CommandKey> = z.output<Commands[K]['output']>;

export const events = {
  'sync.statusChanged': syncStatusSchema,
  'session.ended': z.object({ reason: z.enum(['logout', 'idle', 'replaced', 'shutdown']) }),
  /** A supervisor settled a referral: the officer's screen refreshes the passage. */
  'referral.settled': z.object({ passageId: z.string(), pvNumber: z.string().nullable(), decision: z.enum(['allow', 'deny']) }),
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
  ...shiftEvents,
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof events;
export type EventKey = keyof Events;
export type EventPayload<K extends EventKey> = z.output<Events[K]>;

export const commandKeys = Object.keys(commands) as CommandKey[];
export const eventKeys = Object.keys(events) as EventKey[];

/**
 * Broadcast events a client receives before anyone signs in on it (what the login screen needs).
 * Every other broadcast goes only to signed-in clients; an event addressed to one client
 * (`session.ended`) always reaches that client.
 */
export const publicEvents: ReadonlySet<string> = new Set<string>([]);

export function isCommandKey(key: unknown): key is CommandKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(commands, key);
}
export function isEventKey(key: unknown): key is EventKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(events, key);
}

/** The Electron channel of a command or event: derived, never written by hand. */
export const channelOf = (key: CommandKey | EventKey): string => `rva:${key}`;
