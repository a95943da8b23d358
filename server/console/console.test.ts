import { request as httpsRequest } from 'node:https';
/**
 * The console API on PGlite with a manual clock: sign-in with password and TOTP, lockout, CSRF,
 * roles and the audit log. Each refusal leaves nothing written but its audit entry.
 */
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { reenrolSigningText } from '../../core/sync/protocol';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateServer } from '../migrations';
import { startServer } from '../start';
import type { Storage } from '../storage';
import { createPgliteStorage } from '../storage';
import { samplePv } from '../../core/departure/testing';
import type { Store } from '../store';
import { createStore } from '../store';
import type { ConsoleStore } from './console-store';
import { LOCK_MS, SESSION_IDLE_MS, totpFor } from './console-store';
import { hashPassword, verifyPassword } from './password';
import { registerConsole } from './plugin';

let storage: Storage;
let app: FastifyInstance;
let consoleStore: ConsoleStore;
let store: Store;
let t = Date.parse('2026-06-15T10:00:00Z');
const clock = { now: () => t };
const secrets: Record<string, string> = {};
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  storage = await createPgliteStorage();
  await migrateServer(storage);
  app = Fastify();
  store = createStore(storage, { clock });
  consoleStore = await registerConsole(app, { store, clock });
  await app.ready();
  secrets.amina = (await consoleStore.createAdmin({ username: 'amina', password: PASSWORD, role: 'administrator' })).totpSecret;
  secrets.karim = (await consoleStore.createAdmin({ username: 'karim', password: PASSWORD, role: 'analyst' })).totpSecret;
  secrets.locky = (await consoleStore.createAdmin({ username: 'locky', password: PASSWORD, role: 'administrator' })).totpSecret;
}, 60_000);
afterAll(async () => {
  await app.close();
  await storage.close();
});

/** The code of the next TOTP step (each sign-in uses a fresh step: a code is accepted once). */
function nextCode(username: string): string {
  t += 30_000;
  return totpFor(secrets[username] as string).generate({ timestamp: t });
}

const signIn = (username: string, password: string, code: string, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/console/api/sign-in',
    payload: { username, password, code },
    headers: { host: 'centre.test', ...headers },
  });

async function session(username: string) {
  const res = await signIn(username, PASSWORD, nextCode(username));
  expect(res.statusCode).toBe(200);
  const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
  return { cookie, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

const postsCount = async () => (await storage.query<{ n: string }>('SELECT count(*)::text AS n FROM posts')).rows[0]?.n ?? '0';

describe('console sign-in', () => {
  it('hashes passwords with scrypt and a salt', async () => {
    const a = await hashPassword(PASSWORD);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(await hashPassword(PASSWORD));
    expect(await verifyPassword(PASSWORD, a)).toBe(true);
    expect(await verifyPassword('correct horse battery!', a)).toBe(false);
  });

  it('needs the password and a TOTP code, and sets a secure session cookie', async () => {
    const res = await signIn('amina', PASSWORD, nextCode('amina'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'amina', role: 'administrator', csrfToken: expect.stringMatching(/^[\w-]{43}$/) });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^rva_console=[\w-]{43};/);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/console']) expect(cookie).toContain(attribute);
    const me = await app.inject({ method: 'GET', url: '/console/api/session', headers: { cookie: cookie.split(';')[0] as string } });
    expect(me.json()).toMatchObject({ username: 'amina', role: 'administrator' });
  });

  it('refuses a wrong password, a wrong code, a reused code and an unknown user with the same answer', async () => {
    const code = nextCode('amina');
    expect((await signIn('amina', 'wrong password!!', code)).json()).toEqual({ error: 'console.badCredentials' });
    expect((await signIn('amina', PASSWORD, '000000')).json()).toEqual({ error: 'console.badCredentials' });
    expect((await signIn('nobody', PASSWORD, code)).json()).toEqual({ error: 'console.badCredentials' });
    expect((await signIn('amina', PASSWORD, code)).statusCode).toBe(200);
    const reused = await signIn('amina', PASSWORD, code);
    expect(reused.statusCode).toBe(401);
    expect(reused.headers['set-cookie']).toBeUndefined();
  });

  it('locks an account after 5 failures for 15 minutes, even against the right password and code', async () => {
    for (let i = 0; i < 4; i++) expect((await signIn('locky', 'wrong password!!', nextCode('locky'))).statusCode).toBe(401);
    const fifth = await signIn('locky', 'wrong password!!', nextCode('locky'));
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json()).toMatchObject({ error: 'console.locked' });
    expect((await signIn('locky', PASSWORD, nextCode('locky'))).statusCode).toBe(423);
    t += LOCK_MS;
    expect((await signIn('locky', PASSWORD, nextCode('locky'))).statusCode).toBe(200);
  });

  it('ends a session after 30 idle minutes and on sign-out', async () => {
    const s = await session('amina');
    t += SESSION_IDLE_MS + 1;
    expect((await app.inject({ method: 'GET', url: '/console/api/session', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    const again = await session('amina');
    const out = await app.inject({
      method: 'POST',
      url: '/console/api/sign-out',
      headers: { cookie: again.cookie, 'x-csrf-token': again.csrf },
    });
    expect(out.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/console/api/session', headers: { cookie: again.cookie } })).statusCode).toBe(401);
  });
});

describe('console actions', () => {
  it('an administrator creates a post and issues an enrolment code, both in the audit log (not the code)', async () => {
    const s = await session('amina');
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, host: 'centre.test', origin: 'https://centre.test' };
    const created = await app.inject({ method: 'POST', url: '/console/api/posts', payload: { code: 'RAK' }, headers });
    expect(created.statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/console/api/posts', payload: { code: 'RAK' }, headers })).statusCode).toBe(409);
    const issued = await app.inject({ method: 'POST', url: '/console/api/posts/RAK/enrol-codes', headers });
    expect(issued.statusCode).toBe(201);
    const { code } = issued.json() as { code: string };
    expect(code).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    const audit = await app.inject({ method: 'GET', url: '/console/api/audit', headers: { cookie: s.cookie } });
    const entries = (
      audit.json() as { entries: Array<{ action: string; outcome: string; subject: string | null; username: string | null }> }
    ).entries;
    expect(entries.slice(0, 3).map((e) => [e.action, e.outcome, e.subject, e.username])).toEqual([
      ['enrolCode.issue', 'ok', 'RAK', 'amina'],
      ['post.create', 'refused', 'RAK', 'amina'],
      ['post.create', 'ok', 'RAK', 'amina'],
    ]);
    expect(audit.body).not.toContain(code);
  });

  it('refuses a change without the CSRF token, with a forged one, or from another site; nothing is written', async () => {
    const s = await session('amina');
    const before = await postsCount();
    const post = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/console/api/posts',
        payload: { code: 'TNG' },
        headers: { cookie: s.cookie, host: 'centre.test', ...headers },
      });
    expect((await post({})).json()).toEqual({ error: 'console.csrf' });
    expect((await post({ 'x-csrf-token': 'A'.repeat(43) })).json()).toEqual({ error: 'console.csrf' });
    expect((await post({ 'x-csrf-token': s.csrf, origin: 'https://evil.example' })).json()).toEqual({ error: 'console.crossSite' });
    expect((await post({ 'x-csrf-token': s.csrf, 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect(await postsCount()).toBe(before);
    const crossSignIn = await signIn('amina', PASSWORD, nextCode('amina'), { origin: 'https://evil.example' });
    expect(crossSignIn.json()).toEqual({ error: 'console.crossSite' });
  });

  it('lets an analyst read but not act, and audits the refusal', async () => {
    const s = await session('karim');
    expect((await app.inject({ method: 'GET', url: '/console/api/posts', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    const before = await postsCount();
    const refused = await app.inject({
      method: 'POST',
      url: '/console/api/posts',
      payload: { code: 'OUD' },
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: 'console.forbidden' });
    expect(await postsCount()).toBe(before);
    expect((await app.inject({ method: 'GET', url: '/console/api/audit', headers: { cookie: s.cookie } })).statusCode).toBe(403);
    const [last] = await consoleStore.auditLog(1);
    expect(last).toMatchObject({ username: 'karim', action: 'GET /console/api/audit', outcome: 'refused', details: { reason: 'role' } });
  });

  it('answers 401 without a session', async () => {
    expect((await app.inject({ method: 'GET', url: '/console/api/posts' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/console/api/posts', headers: { cookie: 'rva_console=forged' } })).statusCode).toBe(
      401,
    );
  });
});

describe('console PVs and devices', () => {
  const admin = async () => {
    const s = await session('amina');
    return { cookie: s.cookie, 'x-csrf-token': s.csrf };
  };

  it('imports PVs through the post’s parser, or refuses the whole file with the line and field at fault', async () => {
    const headers = await admin();
    const good = JSON.stringify({ version: 1, pvs: [samplePv({ pvNumber: 'PV-RAK-2026-000001' })] }, null, 2);
    const imported = await app.inject({
      method: 'POST',
      url: '/console/api/pvs/import',
      payload: { format: 'json', content: good },
      headers,
    });
    expect(imported.json()).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const bad = good.replace('"PV-RAK-2026-000001"', '"PV-RAK-2026-000002"').replace(/"surname": "[^"]*"/, '"surname": 42');
    const refused = await app.inject({
      method: 'POST',
      url: '/console/api/pvs/import',
      payload: { format: 'json', content: bad },
      headers,
    });
    expect(refused.statusCode).toBe(400);
    const body = refused.json() as { error: string; errors: Array<{ line: number; field: string; code: string }> };
    expect(body.error).toBe('pv.import');
    expect(body.errors[0]).toMatchObject({ field: 'beneficiary.surname', code: expect.any(String) });
    expect(body.errors[0]?.line).toBe(bad.split('\n').findIndex((l) => l.includes('"surname": 42')) + 1);
    const { rows } = await storage.query<{ n: string }>("SELECT count(*)::text AS n FROM pvs WHERE pv_number = 'PV-RAK-2026-000002'");
    expect(rows[0]?.n).toBe('0');
    const [last] = await consoleStore.auditLog(1);
    expect(last).toMatchObject({ action: 'pvs.import', outcome: 'refused', details: { errors: 1 } });
    expect(JSON.stringify(last)).not.toContain('Diaye');
  });

  it('revokes a PV, and says when it is unknown', async () => {
    const headers = await admin();
    expect((await app.inject({ method: 'POST', url: '/console/api/pvs/PV-RAK-2026-000001/revoke', headers })).json()).toEqual({
      revoked: true,
    });
    expect((await app.inject({ method: 'POST', url: '/console/api/pvs/PV-NONE/revoke', headers })).statusCode).toBe(404);
  });

  it('lists a post’s devices and revokes one; an analyst cannot', async () => {
    const { code } = await store.createEnrolCode('RAK');
    const deviceId = randomUUID();
    const pair = generateKeyPairSync('ed25519');
    const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(await store.enrol({ code, deviceId, publicKey })).toMatchObject({ ok: true });
    const enrolledAt = t;
    const analyst = await session('karim');
    const listed = await app.inject({ method: 'GET', url: '/console/api/posts/RAK/devices', headers: { cookie: analyst.cookie } });
    expect(listed.json()).toEqual({
      devices: [
        {
          id: deviceId,
          enrolledAt,
          revokedAt: null,
          lastSeq: 0,
          lastSeenAt: null,
          appVersion: null,
          syncBacklog: null,
          reportedAt: null,
          replaces: null,
        },
      ],
    });
    const byAnalyst = await app.inject({
      method: 'POST',
      url: `/console/api/devices/${deviceId}/revoke`,
      headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf },
    });
    expect(byAnalyst.statusCode).toBe(403);
    const headers = await admin();
    expect((await app.inject({ method: 'POST', url: `/console/api/devices/${deviceId}/revoke`, headers })).json()).toEqual({
      revoked: true,
    });
    const after = await app.inject({ method: 'GET', url: '/console/api/posts/RAK/devices', headers: { cookie: analyst.cookie } });
    expect((after.json() as { devices: Array<{ revokedAt: number | null }> }).devices[0]?.revokedAt).toBe(t);

    // The same machine enrolled again: the new device says which one it replaces.
    const again = await store.createEnrolCode('RAK');
    const next = {
      id: randomUUID(),
      publicKey: generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    };
    const text = reenrolSigningText({ previousDeviceId: deviceId, deviceId: next.id, publicKey: next.publicKey, code: again.code });
    const signature = sign(null, Buffer.from(text, 'utf8'), pair.privateKey).toString('base64');
    expect(
      await store.enrol({ code: again.code, deviceId: next.id, publicKey: next.publicKey, replaces: { deviceId, signature } }),
    ).toMatchObject({ ok: true });
    const replaced = await app.inject({ method: 'GET', url: '/console/api/posts/RAK/devices', headers: { cookie: analyst.cookie } });
    expect((replaced.json() as { devices: Array<{ id: string; replaces: string | null }> }).devices.map((d) => [d.id, d.replaces])).toEqual(
      [
        [deviceId, null],
        [next.id, deviceId],
      ],
    );
  });
});

describe('the centre serves the console', () => {
  it('registers the console routes next to the sync routes', async () => {
    const server = await startServer({});
    try {
      // The centre speaks TLS with its own certificate: trust exactly that one.
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpsRequest(
          `${server.url}/console/api/sign-in`,
          { method: 'POST', headers: { 'content-type': 'application/json' }, ca: server.tls?.caPem, checkServerIdentity: () => undefined },
          (r) => {
            let body = '';
            r.setEncoding('utf8');
            r.on('data', (c: string) => (body += c));
            r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
      expect(server.url.startsWith('https://')).toBe(true);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ error: 'request.invalid' });
    } finally {
      await server.close();
    }
  }, 60_000);
});
