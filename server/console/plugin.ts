/**
 * The centre console's API under /console/api: administrators sign in with a password and a TOTP
 * code and get a session cookie (HttpOnly, Secure, SameSite=Strict); every request that changes
 * something also needs the session's CSRF token in `x-csrf-token` and, from a browser, this
 * server's own Origin. Analysts read; administrators act; every action, allowed or refused, is in
 * the console audit log.
 */
import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  closeConflictRequestSchema,
  consoleResponses,
  createPostRequestSchema,
  createUserRequestSchema,
  rescheduleRequestSchema,
  setRoleRequestSchema,
  signInRequestSchema,
  signedQrImportRequestSchema,
  signedQrRequestSchema,
} from '../../core/console/contract';
import { SIGNED_QR_FILE_MAX_BYTES, SIGNED_QR_FILE_MAX_LINES } from '../../core/console/signed-qr-file';
import type { ConsoleRoute } from '../../core/console/contract';
import { postCodeSchema } from '../../core/departure/pv';
import { parsePvImport } from '../../core/departure/pv-import';
import { DEFAULT_TIME_ZONE, localIsoDate } from '../../core/format/format';
import { isLanguage } from '../../core/i18n/messages';
import type { NationalStats } from '../../core/stats/national';
import { computeNationalStats } from '../../core/stats/national';
import type { Store } from '../store';
import type { ConsoleRole, ConsoleSession, ConsoleStore } from './console-store';
import type { CentreIdentity } from './enrol-provisioning';
import { enrolProvisioning } from './enrol-provisioning';
import { SESSION_MAX_MS, createConsoleStore } from './console-store';
import { createNoShowFollowUp } from './no-shows';
import { createPeople } from './people';
import { registerSettingsRoutes } from './settings-routes';
import { MAX_SHEET_PVS, attachSignedQr, pvSheetPdf, sheetEntries, stationPvNumbers } from './pv-sheet';
import { importSignedQrs } from './signed-qr-import';
import { statsCsvFile, statsFileName, statsPdfFile } from './stats-export';

export const CONSOLE_COOKIE = 'rva_console';
const CONSOLE_BODY_LIMIT = 64 * 1024;
/** A PV file as text (the same files a post imports). */
const PV_FILE_MAX_CHARS = 32 * 1024 * 1024;

export interface ConsoleOptions {
  store: Store;
  clock?: { now(): number };
  /** Where the console's built pages are (vite, `npm run build`); default out/console. */
  staticDir?: string;
  /** What goes into the provisioning payload shown with a code; absent: the code alone. */
  centre?: CentreIdentity;
}

export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../out/console/', import.meta.url));

/** The console's pages may load only their own scripts, styles and images, and talk only to this server. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export const statsQuerySchema = z
  .object({
    year: z.coerce.number().int().min(2004).max(2100),
    month: z.coerce.number().int().min(1).max(12).optional(),
    lang: z.string().refine(isLanguage).optional(),
  })
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

  // Every JSON answer of the console's API is checked against the one contract the screen parses
  // with (core/console/contract): an answer that drifted from it is a server error, not a surprise
  // on the screen.
  app.addHook('preSerialization', async (request, reply, payload) => {
    const url = request.routeOptions.url ?? '';
    if (!url.startsWith('/console/api/') || reply.statusCode < 200 || reply.statusCode >= 300) return payload;
    const route = `${request.method} ${url.slice('/console/api/'.length)}`;
    const schema = (consoleResponses as Record<string, (typeof consoleResponses)[ConsoleRoute] | undefined>)[route];
    if (schema && !schema.safeParse(payload).success) throw Object.assign(new Error('server.error'), { statusCode: 500 });
    return payload;
  });

  app.post('/console/api/sign-in', { bodyLimit: CONSOLE_BODY_LIMIT }, async (request, reply) => {
    if (crossSite(request)) return reply.code(403).send({ error: 'console.crossSite' });
    const parsed = signInRequestSchema.safeParse(request.body);
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
    const parsed = createPostRequestSchema.safeParse(request.body);
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
    const provisioning = options.centre
      ? enrolProvisioning(options.centre, { protocol: request.protocol, host: request.headers.host }, { postCode: parsed.data, ...issued })
      : null;
    return reply.code(201).send({ ...issued, provisioning });
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

  // Signed PV QR codes: the authority's signed text attached to a PV (checked, never made here),
  // and the sheet for a police station (administrators only: it carries names). One audit record each.
  app.post<{ Params: { pvNumber: string } }>('/console/api/pvs/:pvNumber/signed-qr', administrator, async (request, reply) => {
    const s = current(request);
    const parsed = signedQrRequestSchema.safeParse(request.body);
    const result = parsed.success
      ? await attachSignedQr(options.store.storage, request.params.pvNumber, parsed.data.qr, options.clock?.now() ?? Date.now())
      : ({ ok: false, error: 'qrInvalid' } as const);
    await consoleStore.audit({
      adminId: s.adminId,
      username: s.username,
      action: 'pv.signedQr',
      outcome: result.ok ? 'ok' : 'refused',
      subject: request.params.pvNumber,
      ...(result.ok ? { details: { keyId: result.keyId } } : { details: { reason: result.error } }),
    });
    if (!result.ok) return reply.code(result.error === 'pvUnknown' ? 404 : 400).send({ error: `pv.error.${result.error}` });
    return { keyId: result.keyId };
  });
  const qrImportTooLarge = { error: 'pv.error.qrImportTooLarge', maxLines: SIGNED_QR_FILE_MAX_LINES, maxBytes: SIGNED_QR_FILE_MAX_BYTES };
  // A file of signed QR texts (one a line, as a police station's system exports them): each line
  // checked and kept or refused on its own; the answer is the per-line table. One audit record,
  // counts only.
  app.post(
    '/console/api/pvs/signed-qr-import',
    // The file's own limit is checked by the handler (a refusal in plain words); the body limit
    // only leaves room for the JSON around it.
    {
      ...administrator,
      bodyLimit: SIGNED_QR_FILE_MAX_BYTES * 2 + 1024,
      // A body past that is refused before the handler runs: with the same words.
      errorHandler: (error: Error & { code?: string }, _request, reply) => {
        // Any other error goes on to the centre's own handler.
        if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
        void reply.code(413).send(qrImportTooLarge);
      },
    },
    async (request, reply) => {
      const s = current(request);
      const parsed = signedQrImportRequestSchema.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
      const result = await importSignedQrs(options.store.storage, parsed.data.content, options.clock?.now() ?? Date.now());
      await consoleStore.audit({
        adminId: s.adminId,
        username: s.username,
        action: 'pv.signedQrImport',
        ...(result.ok
          ? { outcome: 'ok', details: { lines: result.lines.length, ...result.counts } }
          : { outcome: 'refused', details: { reason: result.error } }),
      });
      if (!result.ok)
        return result.error === 'tooLarge'
          ? reply.code(413).send(qrImportTooLarge)
          : reply.code(400).send({ error: 'pv.error.qrImportEmpty' });
      return { lines: result.lines, counts: result.counts };
    },
  );
  const sheetQuerySchema = z
    .object({
      pvs: z
        .string()
        .max(MAX_SHEET_PVS * 41)
        .transform((v) => v.split(',').filter((n) => n.length > 0))
        .pipe(
          z
            .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/))
            .min(1)
            .max(MAX_SHEET_PVS),
        )
        .optional(),
      station: z.string().trim().min(1).max(120).optional(),
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
        .optional(),
      lang: z.enum(['fr', 'ar', 'en']).default('fr'),
    })
    .strict()
    .refine((q) => (q.pvs === undefined) !== (q.station === undefined) && (q.date === undefined || q.station !== undefined));
  app.get('/console/api/pvs/qr-sheet.pdf', { ...administrator, preHandler: guard(['administrator'], false) }, async (request, reply) => {
    const s = current(request);
    const parsed = sheetQuerySchema.safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const numbers = parsed.data.pvs ?? (await stationPvNumbers(options.store.storage, parsed.data.station!, parsed.data.date ?? null));
    if (numbers.length === 0) return reply.code(404).send({ error: 'pv.error.noneFound' });
    if (numbers.length > MAX_SHEET_PVS) return reply.code(400).send({ error: 'pv.error.tooMany' });
    const { entries, unknown } = await sheetEntries(options.store.storage, numbers);
    if (unknown.length > 0) return reply.code(404).send({ error: 'pv.error.unknown', unknown });
    const now = options.clock?.now() ?? Date.now();
    const pdf = await pvSheetPdf(entries, parsed.data.lang, now);
    await consoleStore.audit({
      adminId: s.adminId,
      username: s.username,
      action: 'pv.qrSheet',
      outcome: 'ok',
      details: { pvs: entries.length, signed: entries.filter((e) => e.signed).length },
    });
    return reply.type('application/pdf').header('content-disposition', 'attachment; filename="rva-pv-qr.pdf"').send(pdf);
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

  // Users per post: created with a one-time PIN (shown once), role changes, PIN resets, deactivation.
  const people = createPeople(options.store.storage, options.store, options.clock ?? { now: () => Date.now() });
  const auditOk = (request: FastifyRequest, action: string, subject: string, details?: object) => {
    const s = current(request);
    return consoleStore.audit({
      adminId: s.adminId,
      username: s.username,
      action,
      outcome: 'ok',
      subject,
      ...(details ? { details } : {}),
    });
  };
  app.get<{ Params: { code: string } }>('/console/api/posts/:code/users', anyone, async (request, reply) => {
    const parsed = postCodeSchema.safeParse(request.params.code);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    return { users: await people.users(parsed.data) };
  });
  app.post<{ Params: { code: string } }>('/console/api/posts/:code/users', administrator, async (request, reply) => {
    const parsed = createUserRequestSchema.safeParse({ ...(request.body as object), postCode: request.params.code });
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid', field: parsed.error.issues[0]?.path.join('.') });
    const created = await people.createUser(parsed.data);
    if (!created) return reply.code(409).send({ error: 'console.userExists' });
    await auditOk(request, 'user.create', created.user.id, { postCode: parsed.data.postCode, role: parsed.data.role });
    return reply.code(201).send(created);
  });
  app.post<{ Params: { id: string } }>('/console/api/users/:id/reset-pin', administrator, async (request, reply) => {
    const done = await people.resetPin(request.params.id);
    if (!done) return reply.code(404).send({ error: 'console.userUnknown' });
    await auditOk(request, 'user.resetPin', request.params.id);
    return done;
  });
  app.post<{ Params: { id: string } }>('/console/api/users/:id/role', administrator, async (request, reply) => {
    const parsed = setRoleRequestSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const done = await people.setRole(request.params.id, parsed.data.role);
    if (!done) return reply.code(404).send({ error: 'console.userUnknown' });
    await auditOk(request, 'user.role', request.params.id, { role: parsed.data.role });
    return { user: done };
  });
  app.post<{ Params: { id: string } }>('/console/api/users/:id/deactivate', administrator, async (request, reply) => {
    const done = await people.deactivate(request.params.id);
    if (!done) return reply.code(404).send({ error: 'console.userUnknown' });
    await auditOk(request, 'user.deactivate', request.params.id);
    return { user: done };
  });

  app.get('/console/api/pvs', anyone, async (request, reply) => {
    const parsed = z
      .object({ q: z.string().trim().max(60) })
      .strict()
      .safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    return { pvs: await people.searchPvs(parsed.data.q) };
  });

  app.get('/console/api/conflict-cases', anyone, async () => ({ conflicts: await people.conflicts() }));
  app.post<{ Params: { id: string } }>('/console/api/conflict-cases/:id/close', administrator, async (request, reply) => {
    const parsed = closeConflictRequestSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    const done = await people.closeConflict(request.params.id, current(request).username, parsed.data.note);
    if (!done) return reply.code(409).send({ error: 'console.conflictClosed' });
    await auditOk(request, 'conflict.close', request.params.id);
    return { closed: true };
  });

  registerSettingsRoutes(app, { store: options.store, consoleStore, anyone, administrator, current });

  // No-shows reported by the posts, and the administrator's "to reschedule" (docs/console.md).
  const noShows = createNoShowFollowUp(options.store, options.clock ?? { now: () => Date.now() });
  app.get('/console/api/no-shows', anyone, async (request, reply) => {
    const parsed = z
      .object({
        post: postCodeSchema.optional(),
        date: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
      })
      .strict()
      .safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ error: 'request.invalid' });
    return { noShows: await noShows.list({ postCode: parsed.data.post, date: parsed.data.date }) };
  });
  app.post<{ Params: { id: string } }>('/console/api/no-shows/:id/reschedule', administrator, async (request, reply) => {
    const s = current(request);
    const today = localIsoDate(options.clock?.now() ?? Date.now(), DEFAULT_TIME_ZONE);
    const parsed = rescheduleRequestSchema(today).safeParse(request.body);
    const refused = (reason: string) =>
      consoleStore.audit({
        adminId: s.adminId,
        username: s.username,
        action: 'noShow.reschedule',
        outcome: 'refused',
        subject: request.params.id,
        details: { reason },
      });
    if (!parsed.success) {
      await refused('invalid');
      // The first message for each field at fault (pv.error.carrier, console.reschedule.datePast, ...).
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path[0];
        fields[String(field ?? 'mode')] ??= issue.message;
      }
      return reply.code(400).send({ error: 'request.invalid', fields });
    }
    const done = await noShows.reschedule(request.params.id, s.username, parsed.data);
    if (!done.ok) {
      await refused(done.reason);
      return reply.code(done.reason === 'unknown' ? 404 : 409).send({ error: `console.noShow.${done.reason}` });
    }
    // The PV number and the revision made, nothing of the person or the journey.
    await auditOk(request, 'noShow.reschedule', request.params.id, { pvNumber: done.pvNumber, revision: done.revision });
    return { rescheduled: true, revision: done.revision };
  });

  // The console's pages (built by vite): index.html for /console, its assets; strict CSP.
  const staticDir = options.staticDir ?? DEFAULT_CONSOLE_DIR;
  const page = async (file: string, reply: FastifyReply) => {
    const path = normalize(join(staticDir, file));
    if (!path.startsWith(normalize(staticDir)) || !existsSync(path)) return reply.code(404).send({ error: 'console.notBuilt' });
    return reply
      .type(CONTENT_TYPES[extname(path)] ?? 'application/octet-stream')
      .header('content-security-policy', CONSOLE_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', file === 'index.html' ? 'no-store' : 'public, max-age=3600')
      .send(readFileSync(path));
  };
  app.get('/console', async (_request, reply) => page('index.html', reply));
  app.get('/console/', async (_request, reply) => page('index.html', reply));
  app.get<{ Params: { file: string } }>('/console/assets/:file', async (request, reply) =>
    /^[\w.-]+$/.test(request.params.file)
      ? page(`assets/${request.params.file}`, reply)
      : reply.code(404).send({ error: 'console.notBuilt' }),
  );

  app.get('/console/api/audit', { ...administrator, preHandler: guard(['administrator'], false) }, async () => ({
    entries: await consoleStore.auditLog(),
  }));

  return consoleStore;
}
