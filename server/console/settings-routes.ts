/**
 * The console's settings: the trusted PV signing keys (list, add, retire), the national settings
 * every post receives (per diem amount, currency and period, retention) and each post's own (time
 * zone, idle logout; on the posts screen). Changes go
 * through the same store functions as the admin API (`putSettings`, `updatePvKeys`, which
 * `putPvKeys` uses), so posts receive them through their signed pull; each one, allowed or
 * refused, is in the console audit log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { addPvKeyRequestSchema, postSettingsRequestSchema, putSettingsRequestSchema } from '../../core/console/contract';
import type { PostSettingsView, PvKeyRow, SettingsView } from '../../core/console/contract';
import { postCodeSchema } from '../../core/departure/pv';
import { DEFAULT_POST_SETTINGS } from '../../core/sync/protocol';
import { parsePvKeyText, pvKeyFingerprint } from '../../core/console/pv-key';
import type { PvKeyEntry, Store } from '../store';
import type { ConsoleSession, ConsoleStore } from './console-store';

/** Most PV keys trusted at once (the sync protocol carries up to 50). */
export const MAX_ACTIVE_PV_KEYS = 50;

export type PvKeyRefusal = 'keyIdUsed' | 'keyTrusted' | 'tooMany' | 'unknown' | 'retired' | 'lastKey';

interface SettingsRouteDeps {
  store: Store;
  consoleStore: ConsoleStore;
  anyone: RouteShorthandOptions;
  administrator: RouteShorthandOptions;
  current: (request: FastifyRequest) => ConsoleSession;
}

const keyRow = (k: PvKeyEntry): PvKeyRow => ({ ...k, fingerprint: pvKeyFingerprint(k.publicKey) });
const active = (known: PvKeyEntry[]) => known.filter((k) => k.retiredAt === null).map(({ keyId, publicKey }) => ({ keyId, publicKey }));

export function registerSettingsRoutes(app: FastifyInstance, deps: SettingsRouteDeps): void {
  const { store, consoleStore, anyone, administrator, current } = deps;
  const audit = (request: FastifyRequest, action: string, outcome: 'ok' | 'refused', subject: string | null, details: object) => {
    const s = current(request);
    return consoleStore.audit({ adminId: s.adminId, username: s.username, action, outcome, subject, details });
  };
  const refuse = async (
    request: FastifyRequest,
    reply: FastifyReply,
    action: string,
    subject: string | null,
    status: number,
    error: string,
    fields?: Record<string, string>,
  ) => {
    await audit(request, action, 'refused', subject, { reason: error });
    return reply.code(status).send({ error, ...(fields ? { fields } : {}) });
  };
  const settingsView = async (): Promise<SettingsView> => {
    const saved = await store.settings();
    return { settings: saved?.settings ?? null, updatedAt: saved?.updatedAt ?? null };
  };
  const keyRows = async () => (await store.pvKeys()).map(keyRow);

  app.get('/console/api/settings', anyone, async () => settingsView());

  app.post('/console/api/settings', administrator, async (request, reply) => {
    const parsed = putSettingsRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      // Each field at fault, so the screen can say what is wrong beside it.
      const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'settings', 'invalid']));
      return refuse(request, reply, 'settings.change', null, 400, 'console.settingsInvalid', fields);
    }
    const before = await store.settings();
    const { changed } = await store.putSettings(parsed.data);
    // Settings are not personal: the values before and after are kept.
    await audit(request, 'settings.change', 'ok', null, { changed, before: before?.settings ?? null, after: parsed.data });
    return { changed, view: await settingsView() };
  });

  // One post's own settings: read by anyone, changed by administrators; only that post receives them.
  const postSettingsView = async (postCode: string): Promise<PostSettingsView | null> => {
    const saved = await store.postSettings(postCode);
    if (saved === 'unknownPost') return null;
    const { timeZone, idleTimeoutMinutes } = saved?.settings ?? DEFAULT_POST_SETTINGS;
    return { postCode, timeZone, idleTimeoutMinutes, updatedAt: saved?.updatedAt ?? null };
  };

  app.get<{ Params: { code: string } }>('/console/api/posts/:code/settings', anyone, async (request, reply) => {
    const code = postCodeSchema.safeParse(request.params.code);
    const view = code.success ? await postSettingsView(code.data) : null;
    return view ?? reply.code(404).send({ error: 'console.postUnknown' });
  });

  app.post<{ Params: { code: string } }>('/console/api/posts/:code/settings', administrator, async (request, reply) => {
    const code = postCodeSchema.safeParse(request.params.code);
    const subject = code.success ? code.data : null;
    const before = code.success ? await postSettingsView(code.data) : null;
    if (!code.success || !before) return refuse(request, reply, 'post.settings', subject, 404, 'console.postUnknown');
    const parsed = postSettingsRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'settings', 'invalid']));
      return refuse(request, reply, 'post.settings', subject, 400, 'console.postSettingsInvalid', fields);
    }
    const result = await store.putPostSettings({ postCode: code.data, ...parsed.data });
    if (!result.ok) return refuse(request, reply, 'post.settings', subject, 404, 'console.postUnknown');
    const after = { timeZone: result.settings.timeZone, idleTimeoutMinutes: result.settings.idleTimeoutMinutes };
    // Not personal: the values before and after are kept.
    await audit(request, 'post.settings', 'ok', subject, {
      changed: result.changed,
      before: { timeZone: before.timeZone, idleTimeoutMinutes: before.idleTimeoutMinutes },
      after,
    });
    return { changed: result.changed, view: await postSettingsView(code.data) };
  });

  app.get('/console/api/pv-keys', anyone, async () => ({ keys: await keyRows() }));

  app.post('/console/api/pv-keys', administrator, async (request, reply) => {
    const parsed = addPvKeyRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'key'), 'invalid']));
      return refuse(request, reply, 'pvKey.add', null, 400, 'console.pvKey.invalid', fields);
    }
    const { keyId } = parsed.data;
    const key = parsePvKeyText(parsed.data.key);
    if (!key.ok) return refuse(request, reply, 'pvKey.add', keyId, 400, `console.pvKey.${key.error}`, { key: key.error });
    if (key.keyId !== null && key.keyId !== keyId)
      return refuse(request, reply, 'pvKey.add', keyId, 400, 'console.pvKey.keyIdMismatch', { keyId: 'keyIdMismatch' });
    const publicKey = key.publicKey;
    const result = await store.updatePvKeys<PvKeyRefusal>((known) => {
      if (known.some((k) => k.keyId === keyId)) return { ok: false, error: 'keyIdUsed' };
      if (known.some((k) => k.retiredAt === null && k.publicKey === publicKey)) return { ok: false, error: 'keyTrusted' };
      const keys = active(known);
      if (keys.length >= MAX_ACTIVE_PV_KEYS) return { ok: false, error: 'tooMany' };
      return { ok: true, keys: [...keys, { keyId, publicKey }] };
    });
    if (!result.ok)
      return refuse(request, reply, 'pvKey.add', keyId, 409, `console.pvKey.${result.error}`, {
        [result.error === 'keyTrusted' ? 'key' : 'keyId']: result.error,
      });
    await audit(request, 'pvKey.add', 'ok', keyId, { fingerprint: pvKeyFingerprint(publicKey) });
    return reply.code(201).send({ changed: result.changed, keys: await keyRows() });
  });

  app.post<{ Params: { keyId: string } }>('/console/api/pv-keys/:keyId/retire', administrator, async (request, reply) => {
    const { keyId } = request.params;
    const result = await store.updatePvKeys<PvKeyRefusal>((known) => {
      const key = known.find((k) => k.keyId === keyId);
      if (!key) return { ok: false, error: 'unknown' };
      if (key.retiredAt !== null) return { ok: false, error: 'retired' };
      const keys = active(known);
      // Posts with no trusted key could verify no PV QR at all.
      if (keys.length <= 1) return { ok: false, error: 'lastKey' };
      return { ok: true, keys: keys.filter((k) => k.keyId !== keyId) };
    });
    if (!result.ok)
      return refuse(request, reply, 'pvKey.retire', keyId, result.error === 'unknown' ? 404 : 409, `console.pvKey.${result.error}`);
    await audit(request, 'pvKey.retire', 'ok', keyId, {});
    return { changed: result.changed, keys: await keyRows() };
  });
}
