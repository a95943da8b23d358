/**
 * The centre console's API under /console/api: administrators sign in with a password and a TOTP
 * code and get a session cookie (HttpOnly, Secure, SameSite=Strict); every request that changes
 * something also needs the session's CSRF token in `x-csrf-token` and, from a browser, this
 * server's own Origin. Analysts read; administrators act; every action, allowed or refused, is in
 * the console audit log.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { postCodeSchema } from '../../core/departure/pv';
import { parsePvImport } from '../../core/departure/pv-import';
import { DEFAULT_TIME_ZONE } from '../../core/format/format';
import { isLanguage } from '../../core/i18n/messages';
import type { NationalStats } from '../../core/stats/national';
import { computeNationalStats } from '../../core/stats/national';
import type { Store } from '../store';
import type { ConsoleRole, ConsoleSession, ConsoleStore } from './console-store';
import { SESSION_MAX_MS, createConsoleStore } from './console-store';
import { statsCsvFile, statsFileName, statsPdfFile } from './stats-export';

export const CONSOLE_COOKIE = 'rva_console';
const CONSOLE_BODY_LIMIT = 64 * 1024;
/** A PV file as text (the same files a post imports). */
const PV_FILE_MAX_CHARS = 32 * 1024 * 1024;

export interface ConsoleOptions {
  store: Store;
  clock?: { now(): number };
}

export const statsQuerySchema = z
  .object({
    year: z.coerce.number().int().min(2004).max(2100),
    month: z.coerce.number().int().min(1).max(12).optional(),
    lang: z.string().refine(isLanguage).optional(),
  })
  .strict();

const signInSchema = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256), code: z.string().max(10) })
  .strict();

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=') || null;
  }
  return null;
}

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** A browser request from another site: refused before anything else (the CSRF token is checked too). */
function crossSite(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

const sessions = new WeakMap<FastifyRequest, ConsoleSession>();

export async function registerConsole(app: FastifyInstance, options: ConsoleOptions): Promise<ConsoleStore> {
  const consoleStore = createConsoleStore(options.store.storage, options.clock);

  const setCookie = (reply: FastifyReply, value: string, maxAgeS: number) =>
    reply.header('set-cookie', `${CONSOLE_COOKIE}=${value}; Path=/console; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAgeS}`);

  /** The signed-in administrator; for changes, also the CSRF token and same-origin; for `roles`, the role. */
  const guard =
    (roles: readonly ConsoleRole[], change: boolean) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
      if (change && crossSite(request)) return reply.code(403).send({ error: 'console.crossSite' });
      const id = cookieValue(request.headers.cookie, CONSOLE_COOKIE);
      const session = id ? await consoleStore.session(id) : null;
      if (!session) return reply.code(401).send({ error: 'console.unauthenticated' });
      if (change) {
        const token = request.headers['x-csrf-token'];
        if (typeof token !== 'string' || !sameToken(token, session.csrfToken)) {
          await consoleStore.audit({
            adminId: session.adminId,
            username: session.username,
            action: `${request.method} ${request.routeOptions.url}`,
            outcome: 'refused',
            details: { reason: 'csrf' },
          });
          return reply.code(403).send({ error: 'console.csrf' });
        }
      }
      if (!roles.includes(session.role)) {
        await consoleStore.audit({
          adminId: session.adminId,
          username: session.username,
          action: `${request.method} ${request.routeOptions.url}`,
          outcome: 'refused',
          details: { reason: 'role', role: session.role },
        });
        return reply.code(403).send({ error: 'console.forbidden' });
      }
      sessions.set(request, session);
      return undefined;
    };
  const anyone = { preHandler: guard(['administrator', 'analyst'], false), bodyLimit: CONSOLE_BODY_LIMIT };
  const administrator = { preHandler: guard(['administrator'], true), bodyLimit: CONSOLE_BODY_LIMIT };
  const signedIn = { preHandler: guard(['administrator', 'analyst'], true), bodyLimit: CONSOLE_BODY_LIMIT };
  const current = (request: FastifyRequest) => sessions.get(request) as ConsoleSession;

  app.post('/console/api/sign-in', { bodyLimit: CONSOLE_BODY_LIMIT }, async (request, reply) => {
    if (crossSite(request)) return reply.code(403).send({ error: 'console.crossSite' });
    const parsed = signInSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const result = await consoleStore.signIn(parsed.data.username, parsed.data.password, parsed.data.code);
    if (!result.ok) {
      if (result.error === 'locked') return reply.code(423).send({ error: 'console.locked', lockedUntil: result.lockedUntil });
      return reply.code(401).send({ error: 'console.badCredentials' });
    }
    setCookie(reply, result.sessionId, SESSION_MAX_MS / 1000);
    return { username: result.session.username, role: result.session.role, csrfToken: result.session.csrfToken };
  });

  app.get('/console/api/session', anyone, async (request) => {
    const s = current(request);
    return { username: s.username, role: s.role, csrfToken: s.csrfToken };
  });

  app.post('/console/api/sign-out', signedIn, async (request, reply) => {
    await consoleStore.signOut(current(request));
    setCookie(reply, '', 0);
    return { ok: true };
  });

  app.get('/console/api/posts', anyone, async () => ({ posts: await consoleStore.posts() }));

  app.post('/console/api/posts', administrator, async (request, reply) => {
    const parsed = z.object({ code: postCodeSchema }).strict().safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const created = await consoleStore.createPost(current(request), parsed.data.code);
    if (!created) return reply.code(409).send({ error: 'console.postExists' });
    return reply.code(201).send({ code: parsed.data.code });
  });

  app.post<{ Params: { code: string } }>('/console/api/posts/:code/enrol-codes', administrator, async (request, reply) => {
    const parsed = postCodeSchema.safeParse(request.params.code);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const s = current(request);
    const issued = await options.store.createEnrolCode(parsed.data);
    // The code itself is shown once to the administrator, never written to the audit log.
    await consoleStore.audit({
      adminId: s.adminId,
      username: s.username,
      action: 'enrolCode.issue',
      outcome: 'ok',
      subject: parsed.data,
      details: { expiresAt: issued.expiresAt },
    });
    return reply.code(201).send(issued);
  });

  app.get<{ Params: { code: string } }>('/console/api/posts/:code/devices', anyone, async (request, reply) => {
    const parsed = postCodeSchema.safeParse(request.params.code);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    return { devices: await consoleStore.devices(parsed.data) };
  });

  app.post<{ Params: { id: string } }>('/console/api/devices/:id/revoke', administrator, async (request, reply) => {
    const s = current(request);
    const done = await options.store.revokeDevice(request.params.id);
    await consoleStore.audit({
      adminId: s.adminId,
      username: s.username,
      action: 'device.revoke',
      outcome: done ? 'ok' : 'refused',
      subject: request.params.id,
    });
    if (!done) return reply.code(404).send({ error: 'device.unknown' });
    return { revoked: true };
  });

  // PVs: the same parser as the post (parsePvImport), so the same line/field error table; nothing
  // is imported from a file with an error.
  app.post('/console/api/pvs/import', { ...administrator, bodyLimit: PV_FILE_MAX_CHARS * 3 + 1024 }, async (request, reply) => {
    const parsed = z
      .object({ format: z.enum(['json', 'csv']), content: z.string().max(PV_FILE_MAX_CHARS) })
      .strict()
      .safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const s = current(request);
    const file = parsePvImport(parsed.data.content, parsed.data.format);
    if (!file.ok) {
      await consoleStore.audit({
        adminId: s.adminId,
        username: s.username,
        action: 'pvs.import',
        outcome: 'refused',
        details: { errors: file.errors.length },
      });
      return reply.code(400).send({
        error: 'pv.import',
        errors: file.errors.map((e) => ({ line: e.line, field: e.field, code: e.code, message: e.message })),
      });
    }
    const result = await options.store.importPvs(file.pvs);
    if (result.errors.length > 0) return reply.code(400).send({ error: 'pv.import', errors: result.errors });
    await consoleStore.audit({
      adminId: s.adminId,
      username: s.username,
      action: 'pvs.import',
      outcome: 'ok',
      details: { created: result.created, updated: result.updated, unchanged: result.unchanged },
    });
    return { created: result.created, updated: result.updated, unchanged: result.unchanged };
  });

  app.post<{ Params: { pvNumber: string } }>('/console/api/pvs/:pvNumber/revoke', administrator, async (request, reply) => {
    const s = current(request);
    const done = await options.store.revokePv(request.params.pvNumber);
    await consoleStore.audit({
      adminId: s.adminId,
      username: s.username,
      action: 'pv.revoke',
      outcome: done ? 'ok' : 'refused',
      subject: request.params.pvNumber,
    });
    if (!done) return reply.code(404).send({ error: 'pv.error.unknown' });
    return { revoked: true };
  });

  app.get('/console/api/conflicts', anyone, async () => ({ conflicts: await options.store.conflicts() }));

  // National statistics: JSON for the screen, CSV and PDF to take away (analysts too: reading only).
  const stats = async (query: unknown): Promise<{ stats: NationalStats; lang: 'fr' | 'ar' | 'en' } | null> => {
    const parsed = statsQuerySchema.safeParse(query);
    if (!parsed.success) return null;
    const { year, month } = parsed.data;
    const data = await consoleStore.statsData(year);
    const lang = parsed.data.lang && isLanguage(parsed.data.lang) ? parsed.data.lang : 'fr';
    return { stats: computeNationalStats({ ...data, year, month: month ?? null, timeZone: DEFAULT_TIME_ZONE }), lang };
  };
  app.get('/console/api/stats', anyone, async (request, reply) => {
    const result = await stats(request.query);
    if (!result) return reply.code(400).send({ error: 'request.invalid' });
    return result.stats;
  });
  app.get('/console/api/stats.csv', anyone, async (request, reply) => {
    const result = await stats(request.query);
    if (!result) return reply.code(400).send({ error: 'request.invalid' });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${statsFileName(result.stats, 'csv')}"`)
      .send(statsCsvFile(result.stats, result.lang));
  });
  app.get('/console/api/stats.pdf', anyone, async (request, reply) => {
    const result = await stats(request.query);
    if (!result) return reply.code(400).send({ error: 'request.invalid' });
    const pdf = await statsPdfFile(result.stats, result.lang, options.clock?.now() ?? Date.now());
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${statsFileName(result.stats, 'pdf')}"`)
      .send(pdf);
  });

  app.get('/console/api/audit', { ...administrator, preHandler: guard(['administrator'], false) }, async () => ({
    entries: await consoleStore.auditLog(),
  }));

  return consoleStore;
}
