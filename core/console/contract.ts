/**
 * The centre console's API (`/console/api/...`), declared once: the server validates requests
 * with these schemas and checks its answers against `consoleResponses` before sending them; the
 * console screen parses every answer with the same table (renderer/console/api.ts). Types are
 * inferred from the schemas; neither side declares its own.
 */
import { z } from 'zod';
import { isIsoDate } from '../departure/dates';
import { airTicketSchema, landTicketSchema, postCodeSchema, pvStatusSchema } from '../departure/pv';
import { provisioningSchema } from '../post/provisioning';
import { PV_QR_MAX_LENGTH } from '../departure/pv-qr';
import { centralSettingsSchema, centralUserSchema, conflictKindSchema, postSettingsSchema, userRoleSchema } from '../sync/protocol';
import { canonicalTimeZone } from '../format/format';
import { PV_KEY_TEXT_MAX, pvKeyIdSchema } from './pv-key';

const at = z.number().int();

export const consoleRoleSchema = z.enum(['administrator', 'analyst']);
export type ConsoleRole = z.infer<typeof consoleRoleSchema>;

export const consoleSessionSchema = z.object({ username: z.string(), role: consoleRoleSchema, csrfToken: z.string() }).strict();
export type ConsoleSessionView = z.infer<typeof consoleSessionSchema>;

export const postRowSchema = z
  .object({ code: z.string(), createdAt: at, devices: z.number().int(), activeDevices: z.number().int() })
  .strict();
export type PostRow = z.infer<typeof postRowSchema>;

export const deviceRowSchema = z
  .object({
    id: z.string(),
    enrolledAt: at,
    revokedAt: at.nullable(),
    lastSeq: z.number().int(),
    lastSeenAt: at.nullable(),
    appVersion: z.string().nullable(),
    syncBacklog: z.number().int().nullable(),
    reportedAt: at.nullable(),
    /** The revoked device this one replaced (re-enrolment of the same machine), whose audit chain it continues. */
    replaces: z.string().nullable(),
  })
  .strict();
export type DeviceRow = z.infer<typeof deviceRowSchema>;

/** A user of a post as the console shows it: never the PIN hash. */
export const consoleUserSchema = centralUserSchema.omit({ pinHash: true });
export type ConsoleUser = z.infer<typeof consoleUserSchema>;

export const pvRowSchema = z
  .object({
    pvNumber: z.string(),
    status: pvStatusSchema,
    authorisedPosts: z.array(z.string()),
    validUntil: at,
    nationality: z.string(),
    name: z.string(),
  })
  .strict();
export type PvRow = z.infer<typeof pvRowSchema>;

export const pvImportErrorSchema = z
  .object({ line: z.number().int(), field: z.string(), code: z.string().optional(), message: z.string() })
  .strict();
export type PvImportErrorRow = z.infer<typeof pvImportErrorSchema>;

export const conflictRowSchema = z
  .object({
    id: z.string(),
    pvNumber: z.string(),
    kind: conflictKindSchema,
    posts: z.array(z.string()),
    uses: z.number().int(),
    closed: z.object({ at, by: z.string(), note: z.string() }).strict().nullable(),
  })
  .strict();
export type ConflictRow = z.infer<typeof conflictRowSchema>;

const countPercent = z.object({ count: z.number().int(), percent: z.number() }).strict();
const nationalityTableSchema = z
  .object({
    top: z.array(z.object({ code: z.string(), count: z.number().int(), percent: z.number() }).strict()),
    others: z.object({ count: z.number().int(), percent: z.number(), codes: z.array(z.string()) }).strict(),
    total: countPercent,
  })
  .strict();
export const nationalStatsSchema = z
  .object({
    year: z.number().int(),
    month: z.number().int().nullable(),
    timeZone: z.string(),
    total: z.number().int(),
    byNationality: nationalityTableSchema,
    byMonth: z.array(z.object({ month: z.number().int(), count: z.number().int(), byNationality: nationalityTableSchema }).strict()),
    byPost: z.array(
      z
        .object({
          postCode: z.string(),
          count: z.number().int(),
          percent: z.number(),
          perDiemCount: z.number().int(),
          perDiemCents: z.number().int(),
        })
        .strict(),
    ),
    byMode: z.object({ air: countPercent, land: countPercent }).strict(),
    perDiem: z
      .object({ count: z.number().int(), totals: z.array(z.object({ currency: z.string(), cents: z.number().int() }).strict()) })
      .strict(),
  })
  .strict();

/**
 * The new departure an administrator gives a no-show's PV: air, carrier + flight number + date
 * (and the new booking's PNR or e-ticket when known); land, route + date. The fields are checked as
 * the PV import checks them (same messages); the date must be a real date, not before `today`
 * (the programme's zone, YYYY-MM-DD, given by the caller: this file knows no clock).
 */
export function rescheduleRequestSchema(today: string) {
  const date = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'pv.error.dateFormat')
    .refine(isIsoDate, 'pv.error.dateInvalid')
    .refine((d) => d >= today, 'console.reschedule.datePast');
  const air = airTicketSchema.shape;
  return z.discriminatedUnion('mode', [
    z.object({ mode: air.mode, carrier: air.carrier, flightNumber: air.flightNumber, date, pnr: air.pnr, eticket: air.eticket }).strict(),
    z.object({ mode: landTicketSchema.shape.mode, route: landTicketSchema.shape.route, date }).strict(),
  ]);
}
export type RescheduleRequest = z.infer<ReturnType<typeof rescheduleRequestSchema>>;

/** The departure a no-show's PV was given from the console (what the PV's ticket became). */
export const rescheduledDepartureSchema = z.union([
  z.object({ mode: z.literal('air'), carrier: z.string(), flightNumber: z.string(), date: z.string() }).strict(),
  z.object({ mode: z.literal('land'), route: z.string(), date: z.string() }).strict(),
]);
export type RescheduledDeparture = z.infer<typeof rescheduledDepartureSchema>;

/** A no-show a post reported, not cleared since, and whether its PV was re-scheduled (or only marked, before departures were given). */
export const noShowRowSchema = z
  .object({
    /** The id of the post's flight.noShow event at the centre. */
    id: z.string(),
    postCode: postCodeSchema,
    flightKey: z.string(),
    /** The flight's date (YYYY-MM-DD), from its key. */
    flightDate: z.string(),
    pvNumber: z.string(),
    reason: z.enum(['didNotCome', 'withdrew', 'medical', 'other']),
    note: z.string(),
    at,
    /** The post user's display name when the centre knows them, else their role at the post. */
    markedBy: z.string(),
    /** `departure` null: marked "to reschedule" before the console gave new departures. */
    rescheduled: z.object({ at, by: z.string(), departure: rescheduledDepartureSchema.nullable() }).strict().nullable(),
  })
  .strict();
export type NoShowRow = z.infer<typeof noShowRowSchema>;

/**
 * What became of one line of a file of signed PV QR texts: attached; already attached (the same
 * text was held); no PV of that number at the centre; a signature no trusted key makes; the PV
 * changed since it was signed (its fields are no longer those of the text); not an RVAPV1 text.
 */
export const signedQrLineResultSchema = z.enum(['attached', 'alreadyAttached', 'unknownPv', 'untrusted', 'pvChanged', 'notRvapv1']);
export type SignedQrLineResult = z.infer<typeof signedQrLineResultSchema>;
export const signedQrImportSchema = z
  .object({
    lines: z.array(z.object({ line: z.number().int(), pvNumber: z.string().nullable(), result: signedQrLineResultSchema }).strict()),
    counts: z
      .object(
        Object.fromEntries(signedQrLineResultSchema.options.map((r) => [r, z.number().int()])) as Record<SignedQrLineResult, z.ZodNumber>,
      )
      .strict(),
  })
  .strict();
export type SignedQrImport = z.infer<typeof signedQrImportSchema>;

export const auditRowSchema = z
  .object({
    at,
    username: z.string().nullable(),
    action: z.string(),
    outcome: z.enum(['ok', 'refused']),
    subject: z.string().nullable(),
    details: z.unknown(),
  })
  .strict();
export type AuditRow = z.infer<typeof auditRowSchema>;

/** A trusted PV signing key as the settings screen lists it. */
export const pvKeyRowSchema = z
  .object({
    keyId: z.string(),
    publicKey: z.string(),
    fingerprint: z.string(),
    addedAt: at,
    retiredAt: at.nullable(),
  })
  .strict();
export type PvKeyRow = z.infer<typeof pvKeyRowSchema>;

/** The national settings every post receives (null before the first are set), and when they last changed. */
export const settingsViewSchema = z.object({ settings: centralSettingsSchema.nullable(), updatedAt: at.nullable() }).strict();
export type SettingsView = z.infer<typeof settingsViewSchema>;

// Requests.
export const signInRequestSchema = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256), code: z.string().max(10) })
  .strict();
export const createPostRequestSchema = z.object({ code: postCodeSchema }).strict();
export const createUserRequestSchema = z
  .object({
    postCode: postCodeSchema,
    username: z.string().regex(/^[a-z0-9._-]{2,40}$/),
    displayName: z.string().trim().min(1).max(120),
    role: userRoleSchema,
  })
  .strict();
export const setRoleRequestSchema = z.object({ role: userRoleSchema }).strict();
export const closeConflictRequestSchema = z.object({ note: z.string().trim().min(1).max(1000) }).strict();
export const signedQrRequestSchema = z.object({ qr: z.string().min(1).max(PV_QR_MAX_LENGTH) }).strict();
/** A file of signed PV QR texts, one a line, as uploaded or pasted (limits: core/console/signed-qr-file.ts). */
export const signedQrImportRequestSchema = z.object({ content: z.string() }).strict();
/** A new trusted PV key: its id and the key as pasted or read from a file (checked with parsePvKeyText). */
export const addPvKeyRequestSchema = z.object({ keyId: pvKeyIdSchema, key: z.string().min(1).max(PV_KEY_TEXT_MAX) }).strict();
/**
 * One post's settings as the console sends them: a zone the centre's runtime knows (it is stored
 * as the runtime spells it, `canonicalTimeZone`) and the idle logout in whole minutes.
 */
export const postSettingsRequestSchema = postSettingsSchema
  .omit({ postCode: true })
  .extend({ timeZone: z.string().refine((zone) => canonicalTimeZone(zone) !== null) });
/** A post's settings as the console shows them: the defaults until the centre sets its own (`updatedAt` null). */
export const postSettingsViewSchema = z
  .object({
    postCode: postCodeSchema,
    timeZone: z.string(),
    idleTimeoutMinutes: z.number().int(),
    updatedAt: at.nullable(),
  })
  .strict();
export type PostSettingsView = z.infer<typeof postSettingsViewSchema>;
/** The settings as the admin API takes them (`PUT /admin/settings`). */
export const putSettingsRequestSchema = centralSettingsSchema;

/** Why a settings change or a key was refused: the field at fault and a message key. */
export const fieldErrorsSchema = z.object({ error: z.string(), fields: z.record(z.string(), z.string()).optional() }).passthrough();

const ok = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();
const issuedUser = ok({ user: consoleUserSchema, pin: z.string() });

/**
 * The answer of each console route that answers JSON, by method and path (as the server
 * registers it, under /console/api/). Routes that answer a file (CSV, PDF) are not here.
 */
export const consoleResponses = {
  'POST sign-in': consoleSessionSchema,
  'GET session': consoleSessionSchema,
  'POST sign-out': ok({ ok: z.literal(true) }),
  'GET posts': ok({ posts: z.array(postRowSchema) }),
  'POST posts': ok({ code: postCodeSchema }),
  // `provisioning`: the payload for the post's setup screen (shown as a QR), or null when the
  // centre cannot tell its own https address and certificate (docs/deploy.md).
  'POST posts/:code/enrol-codes': ok({ code: z.string(), expiresAt: at, provisioning: provisioningSchema.nullable() }),
  'GET posts/:code/devices': ok({ devices: z.array(deviceRowSchema) }),
  'POST devices/:id/revoke': ok({ revoked: z.literal(true) }),
  'POST pvs/import': ok({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
  'POST pvs/:pvNumber/revoke': ok({ revoked: z.literal(true) }),
  'POST pvs/:pvNumber/signed-qr': ok({ keyId: z.string() }),
  'POST pvs/signed-qr-import': signedQrImportSchema,
  'GET pvs': ok({ pvs: z.array(pvRowSchema) }),
  'GET conflicts': z.object({ conflicts: z.array(z.unknown()) }).strict(),
  'GET stats': nationalStatsSchema,
  'GET posts/:code/users': ok({ users: z.array(consoleUserSchema) }),
  'POST posts/:code/users': issuedUser,
  'POST users/:id/reset-pin': issuedUser,
  'POST users/:id/role': ok({ user: consoleUserSchema }),
  'POST users/:id/deactivate': ok({ user: consoleUserSchema }),
  'GET conflict-cases': ok({ conflicts: z.array(conflictRowSchema) }),
  'POST conflict-cases/:id/close': ok({ closed: z.literal(true) }),
  'GET audit': ok({ entries: z.array(auditRowSchema) }),
  'GET no-shows': ok({ noShows: z.array(noShowRowSchema) }),
  'POST no-shows/:id/reschedule': ok({ rescheduled: z.literal(true), revision: z.number().int() }),
  'GET posts/:code/settings': postSettingsViewSchema,
  'POST posts/:code/settings': ok({ changed: z.boolean(), view: postSettingsViewSchema }),
  'GET settings': settingsViewSchema,
  'POST settings': ok({ changed: z.boolean(), view: settingsViewSchema }),
  'GET pv-keys': ok({ keys: z.array(pvKeyRowSchema) }),
  'POST pv-keys': ok({ changed: z.boolean(), keys: z.array(pvKeyRowSchema) }),
  'POST pv-keys/:keyId/retire': ok({ changed: z.boolean(), keys: z.array(pvKeyRowSchema) }),
} satisfies Record<string, z.ZodType>;

export type ConsoleRoute = keyof typeof consoleResponses;
export type ConsoleResponse<R extends ConsoleRoute> = z.infer<(typeof consoleResponses)[R]>;

const matchers = Object.keys(consoleResponses).map((route) => {
  const [method, path] = route.split(' ') as [string, string];
  const pattern = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return { method, regex: new RegExp(`^${pattern}$`), route: route as ConsoleRoute };
});

/** The route a call is for (path under /console/api/, query string ignored); null when it answers no JSON of ours. */
export function consoleRouteOf(method: string, path: string): ConsoleRoute | null {
  const bare = path.split('?')[0] ?? '';
  return matchers.find((m) => m.method === method && m.regex.test(bare))?.route ?? null;
}
