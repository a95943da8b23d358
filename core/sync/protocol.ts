/**
 * The sync protocol between a post and the centre: what a post pushes (its audit records), what it
 * pulls (PVs, users, settings, conflict cases), and how requests are authenticated.
 *
 * Every schema here validates untrusted input: the server parses requests with them, the post
 * parses responses with them. Objects are strict so that an unexpected key (`__proto__`
 * included) rejects the whole message instead of slipping through.
 */
import { z } from 'zod';
import { UUID_RE } from '../ids';
import { postCodeSchema, pvAuthorisesPost, pvSchema } from '../departure/pv';
import type { Pv } from '../departure/pv';
import { DEFAULT_TIME_ZONE, TIME_ZONE_SHAPE } from '../format/format';

export { syncStatusSchema } from '../ipc/contract';
export type { SyncStatus } from '../ipc/contract';

export const PROTOCOL_VERSION = 1;

/** Most events in one push request; the post sends smaller batches on slow links. */
export const MAX_PUSH_EVENTS = 500;
/** Most changes in one pull page. */
export const MAX_PULL_LIMIT = 1000;
/** A signed request older or newer than this (server clock) is refused: replays of old requests change nothing. */
export const REQUEST_MAX_SKEW_MS = 5 * 60_000;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const uuid = z.string().regex(UUID_RE);
/** The largest PostgreSQL bigint: no change sequence number can go past it. */
export const MAX_CURSOR = 9_223_372_036_854_775_807n;
/** Cursor: a server-assigned change sequence number, as a decimal string (it is a PostgreSQL bigint). */
export const cursorSchema = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,18})$/)
  .refine((value) => BigInt(value) <= MAX_CURSOR, 'cursor.tooLarge');

/** An audit record as it travels (mirrors `AuditRecord` of core/audit/chain). */
export const auditRecordSchema = z
  .object({
    id: uuid,
    deviceId: uuid,
    postCode: postCodeSchema,
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    at: z.number().int().nonnegative(),
    actorId: z.string().max(100).nullable(),
    actorRole: z.string().max(40).nullable(),
    action: z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)+$/)
      .max(80),
    subject: z.string().max(200).nullable(),
    details: z.unknown(),
    prevHash: hex64,
    hash: hex64,
  })
  .strict();
export type WireAuditRecord = z.infer<typeof auditRecordSchema>;

// ---------------------------------------------------------------------------------------------
// Enrolment

/** Ed25519 public key, SPKI DER in base64. */
export const publicKeySchema = z.string().regex(/^[A-Za-z0-9+/]{40,120}={0,2}$/);

export const enrolRequestSchema = z
  .object({
    code: z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/),
    deviceId: uuid,
    publicKey: publicKeySchema,
    /**
     * Re-enrolment of a revoked machine: the device it replaces, and that device's key signing
     * `reenrolSigningText` (the key can no longer push, only prove that this is the same machine).
     * The new device continues the replaced one's audit chain.
     */
    replaces: z
      .object({ deviceId: uuid, signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/) })
      .strict()
      .optional(),
  })
  .strict();
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

/** What the replaced device's key signs in a re-enrolment: both devices, the new key and the code. */
export function reenrolSigningText(parts: { previousDeviceId: string; deviceId: string; publicKey: string; code: string }): string {
  return ['RVA-REENROL-1', parts.previousDeviceId, parts.deviceId, parts.publicKey, parts.code].join('\n');
}

/** The centre's Ed25519 public key (32 raw bytes, base64): pinned by the post at enrolment. */
export const centreKeySchema = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);

export const enrolResponseSchema = z
  .object({
    deviceId: uuid,
    postCode: postCodeSchema,
    protocol: z.literal(PROTOCOL_VERSION),
    /** The key every later answer of the centre is signed with. */
    centreKey: centreKeySchema,
    /** A demo centre (demo data, embedded in the app). */
    demo: z.boolean(),
    /**
     * The public half of the centre's offline recovery key and the number of the last revocation
     * it signed (core/sync/centre-trust.ts); absent while the centre has none.
     */
    recovery: z
      .object({ key: centreKeySchema, seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) })
      .strict()
      .optional(),
  })
  .strict();
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Push

/**
 * An audit record as it travels in a push. The chain fields are not sent in full: `prevHash` is
 * the hash of the device's previous record, which the centre already holds, and the centre
 * recomputes each record's hash itself (hashAuditRecord over the content and its own last hash).
 * `hashPrefix`, the first 16 hex digits of the post's own hash, lets the centre check per record
 * that both sides hold the same chain. This halves the bytes per record on slow links: the two
 * full hashes are most of a compressed record.
 */
export const HASH_PREFIX_LENGTH = 16;
export const wireEventSchema = auditRecordSchema
  .omit({ prevHash: true, hash: true })
  .extend({ hashPrefix: z.string().regex(/^[0-9a-f]{16}$/) })
  .strict();
export type WireEvent = z.infer<typeof wireEventSchema>;

export function toWireEvent(record: { prevHash: string; hash: string } & Omit<WireEvent, 'hashPrefix'>): WireEvent {
  const { prevHash: _prev, hash, ...content } = record;
  void _prev;
  return { ...content, hashPrefix: hash.slice(0, HASH_PREFIX_LENGTH) };
}

export const pushRequestSchema = z
  .object({
    events: z.array(z.unknown()).min(1).max(MAX_PUSH_EVENTS),
  })
  .strict();
export type PushRequest = { events: WireEvent[] };

export const rejectReasonSchema = z.enum([
  /** The event does not match the audit record schema. */
  'invalid',
  /** The event names another device or another post than the authenticated device. */
  'wrongDevice',
  /** The same id was received before with a different body. */
  'conflictingBody',
  /** The hash the centre computes for the record (over its content and the device's last accepted hash) is not the post's. */
  'badHash',
  /** `seq` is not the next one for the device (an earlier record is missing). */
  'seqGap',
  /** `seq` was already used by another record of the device (a restored or forked chain). */
  'chainBroken',
]);
export type RejectReason = z.infer<typeof rejectReasonSchema>;

export const pushResultSchema = z.discriminatedUnion('status', [
  z.object({ id: z.string().max(64), status: z.literal('accepted') }).strict(),
  z.object({ id: z.string().max(64), status: z.literal('duplicate') }).strict(),
  z.object({ id: z.string().max(64), status: z.literal('rejected'), reason: rejectReasonSchema }).strict(),
]);
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z
  .object({
    results: z.array(pushResultSchema).max(MAX_PUSH_EVENTS),
  })
  .strict();
export type PushResponse = z.infer<typeof pushResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Pull

/** The post's app version as it reports it (`1.4.2`, `1.5.0-rc.1`). */
export const appVersionSchema = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$/);

/**
 * What a post tells the centre about itself with each pull, in the query (so inside the signed
 * request path): its app version and how many audit records were waiting to be pushed when the
 * pull was sent. The centre shows them on the console's devices screen. Both optional: a post of
 * an earlier version sends neither.
 */
export const deviceReportSchema = z
  .object({
    appVersion: appVersionSchema,
    backlog: z.number().int().min(0).max(1_000_000_000),
  })
  .strict();
export type DeviceReport = z.infer<typeof deviceReportSchema>;

export const pullQuerySchema = z
  .object({
    cursor: cursorSchema,
    limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(500),
    appVersion: appVersionSchema.optional(),
    backlog: z.coerce.number().int().min(0).max(1_000_000_000).optional(),
  })
  .strict();
export type PullQuery = z.infer<typeof pullQuerySchema>;

export const userRoleSchema = z.enum(['officer', 'escort', 'supervisor']);

/** A user of one post, as the centre manages it. `pinHash` is the scrypt hash the post verifies PINs with. */
export const centralUserSchema = z
  .object({
    id: z.string().min(1).max(64),
    postCode: postCodeSchema,
    username: z.string().regex(/^[a-z0-9._-]{2,40}$/),
    displayName: z.string().trim().min(1).max(120),
    role: userRoleSchema,
    active: z.boolean(),
    pinHash: z.string().min(1).max(300),
    /** A one-time PIN set by the centre: the user must choose their own at first sign-in. */
    mustChangePin: z.boolean().optional(),
  })
  .strict();
export type CentralUser = z.infer<typeof centralUserSchema>;

/** Settings the centre decides for every post. */
export const centralSettingsSchema = z
  .object({
    perDiem: z
      .object({
        amount: z.number().int().positive().max(100_000).describe('Amount in minor units (cents)'),
        currency: z.string().regex(/^[A-Z]{3}$/),
        /** Days within which one beneficiary cannot be paid twice. */
        periodDays: z.number().int().positive().max(3660),
      })
      .strict(),
    /** Days a completed, synced departure keeps its personal fields on the post (default 30). */
    retention: z
      .object({ pseudonymiseAfterDays: z.number().int().min(1).max(3650) })
      .strict()
      .optional(),
  })
  .strict();
export type CentralSettings = z.infer<typeof centralSettingsSchema>;

/** Bounds of a post's idle logout, in minutes (a desk left open longer is a desk anyone may use). */
export const IDLE_TIMEOUT_MINUTES = { min: 1, max: 60 } as const;

/** What a post uses until the centre sets its own: the programme's zone and a five-minute idle logout. */
export const DEFAULT_POST_SETTINGS = { timeZone: DEFAULT_TIME_ZONE, idleTimeoutMinutes: 5 } as const;

/**
 * Settings the centre decides for one post: the zone its desk, reports and exports write times in,
 * and how long a desk may stay untouched before its session ends. Sent to that post only.
 */
export const postSettingsSchema = z
  .object({
    postCode: postCodeSchema,
    /**
     * An IANA zone name. Only its shape is checked here: the centre refuses a zone it does not know
     * (`postSettingsRequestSchema`), and a post whose runtime lacks it keeps its default rather than
     * refusing the whole page.
     */
    timeZone: z.string().max(64).regex(TIME_ZONE_SHAPE),
    idleTimeoutMinutes: z.number().int().min(IDLE_TIMEOUT_MINUTES.min).max(IDLE_TIMEOUT_MINUTES.max),
  })
  .strict();
export type PostSettings = z.infer<typeof postSettingsSchema>;

export const conflictKindSchema = z.enum(['perDiem.paid', 'stamp.recorded']);

/**
 * One PV used twice (paid or stamped at two posts or by two devices). Both records are kept; the
 * case goes to the supervisors of every post named. Its content depends only on the set of
 * records involved, never on the order they arrived in nor on any device clock.
 */
export const conflictCaseSchema = z
  .object({
    id: z.string().regex(/^[0-9a-f]{32}$/),
    pvNumber: z.string().min(1).max(40),
    kind: conflictKindSchema,
    posts: z.array(postCodeSchema).min(1).max(50),
    eventIds: z.array(uuid).min(2).max(200),
    revision: z.number().int().min(1),
  })
  .strict();
export type ConflictCase = z.infer<typeof conflictCaseSchema>;

/** A PV signing key the posts trust for PV QR codes (`pv.trustedKeys`). */
export const pvTrustedKeySchema = z
  .object({
    keyId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    /** Ed25519 public key, 32 bytes hex. */
    publicKey: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type PvTrustedKey = z.infer<typeof pvTrustedKeySchema>;

export const changeSchema = z.discriminatedUnion('kind', [
  z.object({ seq: cursorSchema, kind: z.literal('pv'), pv: pvSchema }).strict(),
  z.object({ seq: cursorSchema, kind: z.literal('user'), user: centralUserSchema }).strict(),
  z.object({ seq: cursorSchema, kind: z.literal('settings'), settings: centralSettingsSchema }).strict(),
  /** This post's own settings (time zone, idle logout), the whole set. */
  z.object({ seq: cursorSchema, kind: z.literal('postSettings'), settings: postSettingsSchema }).strict(),
  z.object({ seq: cursorSchema, kind: z.literal('conflict'), conflict: conflictCaseSchema }).strict(),
  /** The whole set of trusted PV signing keys: it replaces the post's (rotation, removal). */
  z.object({ seq: cursorSchema, kind: z.literal('pvKeys'), keys: z.array(pvTrustedKeySchema).max(50) }).strict(),
]);
export type Change = z.infer<typeof changeSchema>;
/** A change without its sequence number (as the server stores it). */
export type ChangeBody = Change extends infer C ? (C extends Change ? Omit<C, 'seq'> : never) : never;

export const pullPageSchema = z
  .object({
    /** The cursor to send next time: the `seq` of the last change in this page, or the request's cursor when empty. */
    cursor: cursorSchema,
    changes: z.array(changeSchema).max(MAX_PULL_LIMIT),
    hasMore: z.boolean(),
  })
  .strict();
export type PullPage = z.infer<typeof pullPageSchema>;

export type { Pv };

/**
 * Checks a parsed page against what the post asked for. A page that goes back, skips order, is
 * longer than asked or carries another post's users or conflicts is refused whole.
 */
export function checkPullPage(
  page: PullPage,
  request: { cursor: string; limit: number; postCode: string },
): { ok: true } | { ok: false; error: 'cursorBack' | 'order' | 'tooMany' | 'otherPost' } {
  const from = BigInt(request.cursor);
  if (page.changes.length > request.limit) return { ok: false, error: 'tooMany' };
  let prev = from;
  for (const change of page.changes) {
    const seq = BigInt(change.seq);
    if (seq <= prev) return { ok: false, error: 'order' };
    prev = seq;
    if (change.kind === 'user' && change.user.postCode !== request.postCode) return { ok: false, error: 'otherPost' };
    if (change.kind === 'conflict' && !change.conflict.posts.includes(request.postCode)) return { ok: false, error: 'otherPost' };
    if (change.kind === 'postSettings' && change.settings.postCode !== request.postCode) return { ok: false, error: 'otherPost' };
    // PVs come only for this post or "any"; a PV taken away from this post comes revoked.
    if (change.kind === 'pv' && change.pv.status !== 'revoked' && !pvAuthorisesPost(change.pv, request.postCode))
      return { ok: false, error: 'otherPost' };
  }
  const next = BigInt(page.cursor);
  if (next < from || next !== prev) return { ok: false, error: 'cursorBack' };
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Request signing

export const AUTH_HEADERS = {
  device: 'x-rva-device',
  time: 'x-rva-time',
  nonce: 'x-rva-nonce',
  /** SHA-256 (hex) of the uncompressed body, so the centre checks the signature before reading the body. */
  bodySha256: 'x-rva-body-sha256',
  signature: 'x-rva-signature',
} as const;

export const sha256HexSchema = hex64;

export const nonceSchema = z.string().regex(/^[0-9a-f]{32}$/);

/** Header of the centre's Ed25519 signature (base64) over every answer to a signed request. */
export const CENTRE_SIGNATURE_HEADER = 'x-rva-centre-signature';

/**
 * What the centre signs for each answer to a device: the device, the request's nonce (so an answer
 * cannot be replayed to another request), the request line and the SHA-256 of the exact answer
 * bytes (uncompressed). The post checks it with the key it pinned at enrolment before reading the
 * answer: pulled users, settings, PVs and keys, and push acknowledgements, come from the centre or
 * are refused.
 */
export function centreSigningText(parts: { deviceId: string; nonce: string; method: string; path: string; bodySha256: string }): string {
  return ['RVA-CENTRE-1', parts.deviceId, parts.nonce, parts.method.toUpperCase(), parts.path, parts.bodySha256].join('\n');
}

/**
 * The text a device signs with its Ed25519 key for every request: method, path with query,
 * time, nonce and the SHA-256 of the body. The server refuses a time outside
 * `REQUEST_MAX_SKEW_MS` and a nonce it has seen, so a captured request cannot be replayed later.
 */
export function signingText(parts: { method: string; path: string; time: number; nonce: string; bodySha256: string }): string {
  return ['RVA-SYNC-1', parts.method.toUpperCase(), parts.path, String(parts.time), parts.nonce, parts.bodySha256].join('\n');
}

/**
 * Parses JSON refusing `__proto__` keys anywhere (harmless after JSON.parse, but one Object.assign
 * later they replace a prototype): `{ ok: false }` for text that is not JSON or carries one.
 */
export function parseJsonSafely(text: string): { ok: true; value: unknown } | { ok: false } {
  let poisoned = false;
  try {
    const value = JSON.parse(text, (key, v: unknown) => {
      if (key === '__proto__') poisoned = true;
      return v;
    }) as unknown;
    return poisoned ? { ok: false } : { ok: true, value };
  } catch {
    return { ok: false };
  }
}
