/**
 * HTTP routes of the centre. Every input is parsed with the zod schemas of core/sync; device
 * routes require a signed request, admin routes a bearer token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import Fastify from 'fastify';
import { z } from 'zod';
import { pvImportFileSchema } from '../core/departure/pv';
import {
  AUTH_HEADERS,
  PROTOCOL_VERSION,
  centralSettingsSchema,
  centralUserSchema,
  enrolRequestSchema,
  nonceSchema,
  parseJsonSafely,
  pullQuerySchema,
  pushRequestSchema,
  signingText,
} from '../core/sync/protocol';
import { postCodeSchema } from '../core/departure/pv';
import { registerConsole } from './console/plugin';
import { buildOpenApi } from './openapi';
import type { AuthenticatedDevice, Store } from './store';

export interface AppOptions {
  store: Store;
  adminToken: string;
  https?: { key: string | Buffer; cert: string | Buffer } | null;
}

const PUSH_BODY_LIMIT = 8 * 1024 * 1024;
const ADMIN_BODY_LIMIT = 128 * 1024 * 1024;

export const brotliCompress = (bytes: Buffer) =>
  brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });

const raw = new WeakMap<FastifyRequest, Buffer>();
const devices = new WeakMap<FastifyRequest, AuthenticatedDevice>();

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store } = options;
  const fastifyOptions: FastifyServerOptions & { https?: unknown } = {
    logger: false,
    bodyLimit: PUSH_BODY_LIMIT,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    requestTimeout: 120_000,
  };
  if (options.https) fastifyOptions.https = options.https;
  const app = Fastify(fastifyOptions as FastifyServerOptions) as unknown as FastifyInstance;

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let buffer = body as Buffer;
    const encoding = request.headers['content-encoding'];
    if (encoding === 'gzip' || encoding === 'br') {
      try {
        const limit = { maxOutputLength: request.routeOptions.bodyLimit ?? PUSH_BODY_LIMIT };
        buffer = encoding === 'br' ? brotliDecompressSync(buffer, limit) : gunzipSync(buffer, limit);
      } catch {
        const error = new Error('request.tooLarge') as Error & { statusCode: number };
        error.statusCode = 413;
        return done(error, undefined);
      }
    } else if (encoding && encoding !== 'identity') {
      const error = new Error('request.encoding') as Error & { statusCode: number };
      error.statusCode = 415;
      return done(error, undefined);
    }
    raw.set(request, buffer);
    if (buffer.length === 0) return done(null, undefined);
    const parsed = parseJsonSafely(buffer.toString('utf8'));
    if (!parsed.ok) {
      const error = new Error('request.badJson') as Error & { statusCode: number };
      error.statusCode = 400;
      return done(error, undefined);
    }
    done(null, parsed.value);
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    const code =
      status === 413
        ? 'request.tooLarge'
        : status === 500
          ? 'server.error'
          : error.message.startsWith('request.')
            ? error.message
            : 'request.invalid';
    void reply.code(status).send({ error: code });
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

  const adminTokenHash = createHash('sha256').update(options.adminToken).digest();
  const requireAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const given = createHash('sha256').update(token).digest();
    if (!timingSafeEqual(given, adminTokenHash)) return reply.code(401).send({ error: 'auth.admin' });
  };

  const requireDevice = async (request: FastifyRequest, reply: FastifyReply) => {
    const h = request.headers;
    const deviceId = h[AUTH_HEADERS.device];
    const time = Number(h[AUTH_HEADERS.time]);
    const nonce = h[AUTH_HEADERS.nonce];
    const signature = h[AUTH_HEADERS.signature];
    if (typeof deviceId !== 'string' || typeof nonce !== 'string' || typeof signature !== 'string' || !nonceSchema.safeParse(nonce).success)
      return reply.code(401).send({ error: 'auth.missing' });
    const body = raw.get(request) ?? Buffer.alloc(0);
    const signedText = signingText({
      method: request.method,
      path: request.url,
      time,
      nonce,
      bodySha256: createHash('sha256').update(body).digest('hex'),
    });
    const result = await store.authenticate({ deviceId, time, nonce, signature, signedText });
    if (!result.ok) {
      // A post whose clock drifted is told the centre's time so it can sign with an offset; the
      // window is still checked against the centre's clock, so old requests stay refused.
      if (result.error === 'clock') return reply.code(401).send({ error: 'auth.clock', serverTime: Date.now() });
      return reply.code(result.error === 'revoked' ? 403 : 401).send({ error: `auth.${result.error}` });
    }
    devices.set(request, result.value);
  };

  await registerConsole(app, { store });
  app.get('/health', async () => ({ ok: true, protocol: PROTOCOL_VERSION }));
  const openapi = buildOpenApi();
  app.get('/openapi.json', async () => openapi);

  app.post('/v1/enrol', async (request, reply) => {
    const parsed = enrolRequestSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const result = await store.enrol(parsed.data);
    if (!result.ok) return reply.code(403).send({ error: 'enrol.refused' });
    return { deviceId: result.value.id, postCode: result.value.postCode, protocol: PROTOCOL_VERSION };
  });

  app.post('/v1/push', { preHandler: requireDevice }, async (request, reply) => {
    const parsed = pushRequestSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const results = await store.push(devices.get(request)!, parsed.data.events);
    return { results };
  });

  app.get('/v1/pull', { preHandler: requireDevice }, async (request, reply) => {
    const parsed = pullQuerySchema.safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    return store.pull(devices.get(request)!, parsed.data.cursor, parsed.data.limit);
  });

  // Administration: PVs, users, settings, enrolment codes, device revocation.
  const adminRoute = { preHandler: requireAdmin, bodyLimit: ADMIN_BODY_LIMIT };
  app.post('/admin/enrol-codes', adminRoute, async (request, reply) => {
    const parsed = z.object({ postCode: postCodeSchema }).strict().safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    return store.createEnrolCode(parsed.data.postCode);
  });
  app.post('/admin/pvs', adminRoute, async (request, reply) => {
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

  return app;
}
