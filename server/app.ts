/**
 * HTTP routes of the centre. Every input is parsed with the zod schemas of core/sync; device
 * routes require a signed request, admin routes a bearer token.
 *
 * Who sends a request is decided on its headers alone, in an `onRequest` hook, before a byte of
 * the body is read: an anonymous body is never buffered nor decompressed (the refusal closes the
 * connection). Each route has its own body limit, decompression is asynchronous (off the event
 * loop) and capped both in size and in ratio to the compressed bytes, and every client address
 * is rate limited, so `/health` keeps answering whatever arrives.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompressSync, brotliDecompress, constants as zlibConstants, gunzip, gzipSync } from 'node:zlib';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import Fastify from 'fastify';
import { z } from 'zod';
import { pvImportFileSchema } from '../core/departure/pv';
import { postSettingsRequestSchema } from '../core/console/contract';
import {
  AUTH_HEADERS,
  CENTRE_SIGNATURE_HEADER,
  PROTOCOL_VERSION,
  centreKeySchema,
  centreSigningText,
  pvTrustedKeySchema,
  centralSettingsSchema,
  centralUserSchema,
  enrolRequestSchema,
  nonceSchema,
  parseJsonSafely,
  pullQuerySchema,
  pushRequestSchema,
  sha256HexSchema,
  signingText,
} from '../core/sync/protocol';
import { postCodeSchema } from '../core/departure/pv';
import type { CentreIdentity } from './console/enrol-provisioning';
import { CENTRE_TRUST_HEADER, TRUST_CHAIN_PATH, encodeTrustRecords, revocationSchema } from '../core/sync/centre-trust';
import { registerConsole } from './console/plugin';
import { buildOpenApi } from './openapi';
import type { AuthenticatedDevice, EnrolError, Store } from './store';

export interface RateLimitOptions {
  /** Requests per client address per window (every route). */
  max: number;
  /** Enrolment attempts per client address per window (one-time codes must not be guessed). */
  enrolMax: number;
  windowMs: number;
}

/** What `/v1/enrol` answers for each refusal (403). */
export const ENROL_ANSWERS: Record<EnrolError, string> = {
  codeUnknown: 'enrol.codeUnknown',
  codeExpired: 'enrol.codeExpired',
  codeUsed: 'enrol.codeUsed',
  deviceExists: 'enrol.refused',
  badKey: 'enrol.refused',
  otherPost: 'enrol.otherPost',
  notReplaceable: 'enrol.notReplaceable',
};

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 1200, enrolMax: 20, windowMs: 60_000 };

export interface AppOptions {
  store: Store;
  adminToken: string;
  https?: { key: string | Buffer; cert: string | Buffer } | null;
  rateLimit?: Partial<RateLimitOptions>;
  /** A demo centre (embedded in the app, demo data): `/health` says so. */
  demo?: boolean;
  /** The console's clock (sessions, lockout, TOTP); the real one by default. */
  clock?: { now(): number };
  /** Address and certificate fingerprint for the provisioning payload the console shows with a code. */
  centre?: CentreIdentity;
  /** Serves the certificate now in the centre's TLS files (after a renewal); absent without TLS files. */
  reloadTls?: () => Promise<{ fingerprint256: string }>;
}

type RouteAuth = 'none' | 'device' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route, checked on the headers before the body is read. */
    auth?: RouteAuth;
    /** Most bytes of the body once decompressed. */
    maxBodyBytes?: number;
  }
}

/** Raw (as received) and decompressed body limits per kind of route. */
export const BODY_LIMITS = {
  enrol: { raw: 4 * 1024, decompressed: 4 * 1024 },
  push: { raw: 8 * 1024 * 1024, decompressed: 16 * 1024 * 1024 },
  pull: { raw: 1024, decompressed: 1024 },
  adminSmall: { raw: 1024 * 1024, decompressed: 8 * 1024 * 1024 },
  adminPvs: { raw: 32 * 1024 * 1024, decompressed: 128 * 1024 * 1024 },
} as const;

/** A compressed body may grow at most this many times (JSON of varied records compresses 5 to 20 times)... */
export const MAX_DECOMPRESSION_RATIO = 100;
/** ...or to this size, whichever is larger, so small bodies are never refused for their ratio. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

const EMPTY_SHA256 = createHash('sha256').update(Buffer.alloc(0)).digest('hex');

export const brotliCompress = (bytes: Buffer) =>
  brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });

const inflateBrotli = promisify(brotliDecompress) as (buffer: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;
const inflateGzip = promisify(gunzip) as (buffer: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

const devices = new WeakMap<FastifyRequest, AuthenticatedDevice>();
const bodyChecked = new WeakSet<FastifyRequest>();

const httpError = (message: string, statusCode: number) => Object.assign(new Error(message), { statusCode });

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store } = options;
  const limits = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
  const fastifyOptions: FastifyServerOptions & { https?: unknown } = {
    logger: false,
    bodyLimit: BODY_LIMITS.adminSmall.raw,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    requestTimeout: 120_000,
  };
  if (options.https) fastifyOptions.https = options.https;
  const app = Fastify(fastifyOptions as FastifyServerOptions) as unknown as FastifyInstance;

  await app.register(rateLimit, {
    global: true,
    max: limits.max,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: () => httpError('request.rateLimited', 429),
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, async (request: FastifyRequest, body: Buffer) => {
    let buffer = body;
    const encoding = request.headers['content-encoding'];
    const maxBytes = request.routeOptions.config.maxBodyBytes ?? BODY_LIMITS.adminSmall.decompressed;
    if (encoding === 'gzip' || encoding === 'br') {
      const maxOutputLength = Math.min(maxBytes, Math.max(RATIO_FLOOR_BYTES, body.length * MAX_DECOMPRESSION_RATIO));
      try {
        buffer = encoding === 'br' ? await inflateBrotli(body, { maxOutputLength }) : await inflateGzip(body, { maxOutputLength });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw httpError('request.tooLarge', 413);
        throw httpError('request.badEncoding', 400);
      }
    } else if (encoding && encoding !== 'identity') {
      throw httpError('request.encoding', 415);
    }
    if (request.routeOptions.config.auth === 'device') {
      // The signature covered the body's hash (a header); the body must be that body.
      if (createHash('sha256').update(buffer).digest('hex') !== request.headers[AUTH_HEADERS.bodySha256])
        throw httpError('auth.bodyHash', 401);
      bodyChecked.add(request);
    }
    if (buffer.length === 0) return undefined;
    const parsed = parseJsonSafely(buffer.toString('utf8'));
    if (!parsed.ok) throw httpError('request.badJson', 400);
    return parsed.value;
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    const code =
      status === 413
        ? 'request.tooLarge'
        : status === 429
          ? 'request.rateLimited'
          : status === 500
            ? 'server.error'
            : /^(request|auth)\./.test(error.message)
              ? error.message
              : 'request.invalid';
    if (status === 401 || status === 413) void reply.header('connection', 'close');
    void reply.code(status).send({ error: code });
  });

  // Every answer to a signed request is signed by the centre (over the exact bytes, before
  // compression), bound to the request's device, nonce and path: a post believes only these.
  app.addHook('onSend', async (request, reply, payload) => {
    const device = devices.get(request);
    if (!device || reply.statusCode < 200 || reply.statusCode >= 300) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const signer = await store.centreSigner();
    const text = centreSigningText({
      deviceId: device.id,
      nonce: String(request.headers[AUTH_HEADERS.nonce]),
      method: request.method,
      path: request.url,
      bodySha256: createHash('sha256').update(payload).digest('hex'),
    });
    void reply.header(CENTRE_SIGNATURE_HEADER, signer.sign(text));
    // Key rotations and certificate announcements ride on every signed answer (each record signed).
    const records = await store.trustRecords();
    if (records.length > 0) void reply.header(CENTRE_TRUST_HEADER, encodeTrustRecords(records));
    return payload;
  });

  // Compressed answers above 1 KiB when the client accepts it (pull pages on slow links):
  // brotli at a fast quality level compresses PV pages about twice as well as gzip.
  app.addHook('onSend', async (request, reply, payload) => {
    const accepted = String(request.headers['accept-encoding'] ?? '');
    const br = /\bbr\b/.test(accepted);
    const gzip = /\bgzip\b/.test(accepted);
    if ((!br && !gzip) || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    if (bytes.length < 1024) return payload;
    void reply.header('content-encoding', br ? 'br' : 'gzip');
    return br ? brotliCompress(bytes) : gzipSync(bytes);
  });

  /** Refuses without reading the body: the connection is closed so the rest is never received. */
  const refuse = (reply: FastifyReply, status: number, body: Record<string, unknown>) =>
    reply.code(status).header('connection', 'close').send(body);

  const adminTokenHash = createHash('sha256').update(options.adminToken).digest();
  const checkAdmin = (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const given = createHash('sha256').update(token).digest();
    if (!timingSafeEqual(given, adminTokenHash)) return refuse(reply, 401, { error: 'auth.admin' });
    return undefined;
  };

  const checkDevice = async (request: FastifyRequest, reply: FastifyReply) => {
    const h = request.headers;
    const deviceId = h[AUTH_HEADERS.device];
    const time = Number(h[AUTH_HEADERS.time]);
    const nonce = h[AUTH_HEADERS.nonce];
    const signature = h[AUTH_HEADERS.signature];
    const bodySha256 = h[AUTH_HEADERS.bodySha256];
    if (
      typeof deviceId !== 'string' ||
      deviceId.length > 64 ||
      typeof nonce !== 'string' ||
      typeof signature !== 'string' ||
      signature.length > 200 ||
      typeof bodySha256 !== 'string' ||
      !nonceSchema.safeParse(nonce).success ||
      !sha256HexSchema.safeParse(bodySha256).success
    )
      return refuse(reply, 401, { error: 'auth.missing' });
    const signedText = signingText({ method: request.method, path: request.url, time, nonce, bodySha256 });
    const result = await store.authenticate({ deviceId, time, nonce, signature, signedText });
    if (!result.ok) {
      // A post whose clock drifted is told the centre's time so it can sign with an offset; the
      // window is still checked against the centre's clock, so old requests stay refused.
      if (result.error === 'clock') return refuse(reply, 401, { error: 'auth.clock', serverTime: Date.now() });
      return refuse(reply, result.error === 'revoked' ? 403 : 401, { error: `auth.${result.error}` });
    }
    devices.set(request, result.value);
    return undefined;
  };

  app.addHook('onRequest', async (request, reply) => {
    const auth = request.routeOptions.config.auth;
    if (auth === 'admin') return checkAdmin(request, reply);
    if (auth === 'device') return checkDevice(request, reply);
    return undefined;
  });
  // A signed request whose body never went through the parser (none sent) must have signed the empty body.
  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.config.auth !== 'device' || bodyChecked.has(request)) return undefined;
    if (request.headers[AUTH_HEADERS.bodySha256] !== EMPTY_SHA256) return refuse(reply, 401, { error: 'auth.bodyHash' });
    return undefined;
  });

  await registerConsole(app, {
    store,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.centre ? { centre: options.centre } : {}),
  });
  const health = { ok: true, protocol: PROTOCOL_VERSION, demo: options.demo ?? false };
  app.get('/health', async () => health);
  const openapi = buildOpenApi();
  app.get('/openapi.json', async () => openapi);

  const enrolRoute = {
    bodyLimit: BODY_LIMITS.enrol.raw,
    config: {
      auth: 'none' as const,
      maxBodyBytes: BODY_LIMITS.enrol.decompressed,
      rateLimit: { max: limits.enrolMax, timeWindow: limits.windowMs },
    },
  };
  app.post('/v1/enrol', enrolRoute, async (request, reply) => {
    const parsed = enrolRequestSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const result = await store.enrol(parsed.data);
    // The person at the post is told whether the code was wrong, expired or used, and nothing more
    // (a device clash or a bad key is a plain refusal); guessing stays bounded by the rate limit.
    if (!result.ok) return reply.code(403).send({ error: ENROL_ANSWERS[result.error] });
    const signer = await store.centreSigner();
    const recovery = await store.recovery();
    return {
      deviceId: result.value.id,
      postCode: result.value.postCode,
      protocol: PROTOCOL_VERSION,
      centreKey: signer.publicKey,
      demo: options.demo ?? false,
      ...(recovery ? { recovery } : {}),
    };
  });

  // The whole trust chain, for a post too far behind for the records sent with each answer, or one
  // meeting a certificate it was not told of. No credential: every record carries its signature.
  app.get(TRUST_CHAIN_PATH, async (request, reply) => {
    const parsed = z
      .object({ after: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(0) })
      .strict()
      .safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    return store.trustChain(parsed.data.after);
  });

  const pushRoute = { bodyLimit: BODY_LIMITS.push.raw, config: { auth: 'device' as const, maxBodyBytes: BODY_LIMITS.push.decompressed } };
  app.post('/v1/push', pushRoute, async (request, reply) => {
    const parsed = pushRequestSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const results = await store.push(devices.get(request)!, parsed.data.events);
    return { results };
  });

  const pullRoute = { bodyLimit: BODY_LIMITS.pull.raw, config: { auth: 'device' as const, maxBodyBytes: BODY_LIMITS.pull.decompressed } };
  app.get('/v1/pull', pullRoute, async (request, reply) => {
    const parsed = pullQuerySchema.safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const device = devices.get(request)!;
    // The query is part of the signed request line: these values come from the device's key.
    const { appVersion, backlog } = parsed.data;
    if (appVersion !== undefined && backlog !== undefined) await store.recordDeviceReport(device, { appVersion, backlog });
    return store.pull(device, parsed.data.cursor, parsed.data.limit);
  });

  // Administration: PVs, users, settings, enrolment codes, device revocation.
  const adminRoute = {
    bodyLimit: BODY_LIMITS.adminSmall.raw,
    config: { auth: 'admin' as const, maxBodyBytes: BODY_LIMITS.adminSmall.decompressed },
  };
  const adminPvRoute = {
    bodyLimit: BODY_LIMITS.adminPvs.raw,
    config: { auth: 'admin' as const, maxBodyBytes: BODY_LIMITS.adminPvs.decompressed },
  };
  app.post('/admin/enrol-codes', adminRoute, async (request, reply) => {
    const parsed = z.object({ postCode: postCodeSchema }).strict().safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    return store.createEnrolCode(parsed.data.postCode);
  });
  app.post('/admin/pvs', adminPvRoute, async (request, reply) => {
    const file = pvImportFileSchema.safeParse(request.body);
    const loose = z.object({ pvs: z.array(z.unknown()).max(100_000) }).safeParse(request.body);
    const pvs = file.success ? file.data.pvs : loose.success ? loose.data.pvs : null;
    if (!pvs) return reply.code(400).send({ error: 'request.invalid' });
    const result = await store.importPvs(pvs);
    if (result.errors.length > 0) return reply.code(400).send({ error: 'pv.error.import', errors: result.errors.slice(0, 50) });
    return result;
  });
  app.post<{ Params: { pvNumber: string } }>('/admin/pvs/:pvNumber/revoke', adminRoute, async (request, reply) => {
    const done = await store.revokePv(request.params.pvNumber);
    if (!done) return reply.code(404).send({ error: 'pv.error.unknown' });
    return { revoked: true };
  });
  app.put('/admin/users', adminRoute, async (request, reply) => {
    const parsed = z
      .object({ users: z.array(centralUserSchema).max(10_000) })
      .strict()
      .safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    return store.putUsers(parsed.data.users);
  });
  app.put('/admin/settings', adminRoute, async (request, reply) => {
    const parsed = centralSettingsSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    return store.putSettings(parsed.data);
  });
  // One post's time zone and idle logout (the console's posts screen does the same, audited).
  app.put<{ Params: { code: string } }>('/admin/posts/:code/settings', adminRoute, async (request, reply) => {
    const code = postCodeSchema.safeParse(request.params.code);
    const parsed = postSettingsRequestSchema.safeParse(request.body);
    if (!code.success || !parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const result = await store.putPostSettings({ postCode: code.data, ...parsed.data });
    if (!result.ok) return reply.code(404).send({ error: 'post.unknown' });
    return { changed: result.changed, settings: result.settings };
  });
  app.put('/admin/pv-keys', adminRoute, async (request, reply) => {
    const parsed = z
      .object({ keys: z.array(pvTrustedKeySchema).max(50) })
      .strict()
      .safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    return store.putPvKeys(parsed.data.keys);
  });
  app.post<{ Params: { deviceId: string } }>('/admin/devices/:deviceId/revoke', adminRoute, async (request, reply) => {
    const done = await store.revokeDevice(request.params.deviceId);
    if (!done) return reply.code(404).send({ error: 'device.unknown' });
    return { revoked: true };
  });
  app.get<{ Params: { deviceId: string } }>('/admin/devices/:deviceId', adminRoute, async (request, reply) => {
    const summary = await store.deviceSummary(request.params.deviceId);
    if (!summary) return reply.code(404).send({ error: 'device.unknown' });
    return summary;
  });
  app.get('/admin/conflicts', adminRoute, async () => ({ conflicts: await store.conflicts() }));
  // Trust changes without re-enrolling posts: a next signing key, the next certificate.
  app.post('/admin/centre-keys/rotate', adminRoute, async (request, reply) => {
    const parsed = z
      .object({
        notBefore: z.number().int().nonnegative(),
        overlapMs: z
          .number()
          .int()
          .nonnegative()
          .max(365 * 86_400_000),
      })
      .strict()
      .safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const rotated = await store.rotateSigningKey(parsed.data);
    if (!rotated.ok) return reply.code(409).send({ error: `centreKey.${rotated.error}` });
    return rotated.record;
  });
  // The offline recovery key: its public half, then revocations it signed.
  app.post('/admin/centre-keys/recovery', adminRoute, async (request, reply) => {
    const parsed = z.object({ publicKey: centreKeySchema }).strict().safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const set = await store.setRecoveryKey(parsed.data.publicKey);
    if (!set.ok) return reply.code(409).send({ error: `recoveryKey.${set.error}` });
    return { recoveryKey: parsed.data.publicKey };
  });
  app.get('/admin/centre-keys/revocation', adminRoute, async () => store.revocationBasis());
  app.post('/admin/centre-keys/revoke', adminRoute, async (request, reply) => {
    const parsed = z
      .object({ record: revocationSchema, privateKey: z.string().max(200) })
      .strict()
      .safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const revoked = await store.revokeSigningKey(parsed.data);
    if (!revoked.ok) return reply.code(409).send({ error: `centreKey.${revoked.error}` });
    return revoked.record;
  });
  app.post('/admin/tls/announce', adminRoute, async (request, reply) => {
    const parsed = z
      .object({ fingerprint256: z.string().regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$/) })
      .strict()
      .safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    return store.announceCertificate(parsed.data.fingerprint256);
  });
  app.get('/admin/tls', adminRoute, async () => ({ announced: await store.announcedCertificate() }));
  app.post('/admin/tls/reload', adminRoute, async (_request, reply) => {
    if (!options.reloadTls) return reply.code(409).send({ error: 'tls.notReloadable' });
    return options.reloadTls();
  });

  return app;
}
