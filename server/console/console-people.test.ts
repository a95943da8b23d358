/**
 * Users per post (one-time PIN shown once, reaching the post through the change feed), PV search,
 * conflict notes and the console's pages with their CSP, on PGlite.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePinHash, PIN_HASH_PARAMS } from '../../core/auth/pin-policy';
import { samplePv } from '../../core/departure/testing';
import { migrateServer } from '../migrations';
import type { Storage } from '../storage';
import { createPgliteStorage } from '../storage';
import type { Store } from '../store';
import { createStore } from '../store';
import type { ConsoleStore } from './console-store';
import { CONSOLE_CSP, registerConsole } from './plugin';
import { signedInHeaders } from './test-session';

let storage: Storage;
let app: FastifyInstance;
let store: Store;
let consoleStore: ConsoleStore;
let t = Date.parse('2026-06-15T10:00:00Z');
const clock = { now: () => t };
const PASSWORD = 'correct horse battery';
const secrets: Record<string, string> = {};
const pages = mkdtempSync(join(tmpdir(), 'console-pages-'));

beforeAll(async () => {
  mkdirSync(join(pages, 'assets'));
  writeFileSync(join(pages, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(pages, 'assets', 'app.js'), 'void 0;');
  storage = await createPgliteStorage();
  await migrateServer(storage);
  app = Fastify();
  store = createStore(storage, { clock });
  consoleStore = await registerConsole(app, { store, clock, staticDir: pages });
  await app.ready();
  secrets.amina = (await consoleStore.createAdmin({ username: 'amina', password: PASSWORD, role: 'administrator' })).totpSecret;
  secrets.karim = (await consoleStore.createAdmin({ username: 'karim', password: PASSWORD, role: 'analyst' })).totpSecret;
  await storage.query('INSERT INTO posts (code, created_at) VALUES ($1, 0)', ['RAK']);
}, 60_000);
afterAll(async () => {
  await app.close();
  await storage.close();
});

async function headers(username: string) {
  t += 30_000;
  return signedInHeaders(app, username, PASSWORD, secrets[username] as string, t);
}

describe('console users per post', () => {
  it('creates a user with a one-time PIN shown once, sent to the post; resets, changes role, deactivates', async () => {
    const h = await headers('amina');
    const created = await app.inject({
      method: 'POST',
      url: '/console/api/posts/RAK/users',
      headers: h,
      payload: { username: 'y.alaoui', displayName: 'Youssef Alaoui', role: 'officer' },
    });
    expect(created.statusCode).toBe(201);
    const { user, pin } = created.json() as { user: { id: string; active: boolean }; pin: string };
    expect(pin).toMatch(/^\d{6}$/);
    expect(created.body).not.toContain('pinHash');
    const { rows } = await storage.query<{ body: { pinHash: string; mustChangePin?: boolean } }>('SELECT body FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(decodePinHash(rows[0]?.body.pinHash ?? '')?.params).toEqual(PIN_HASH_PARAMS);
    // A PIN the administrator has seen is one-time: the post asks for a new one at first sign-in.
    expect(rows[0]?.body.mustChangePin).toBe(true);
    const feed = await storage.query<{ scope: string; body: { kind: string } }>(
      "SELECT scope, body FROM changes WHERE body->>'kind' = 'user'",
    );
    expect(feed.rows.map((r) => r.scope)).toEqual(['RAK']);

    const again = await app.inject({
      method: 'POST',
      url: '/console/api/posts/RAK/users',
      headers: h,
      payload: { username: 'y.alaoui', displayName: 'Y', role: 'officer' },
    });
    expect(again.statusCode).toBe(409);
    const reset = await app.inject({ method: 'POST', url: `/console/api/users/${user.id}/reset-pin`, headers: h });
    expect((reset.json() as { pin: string }).pin).toMatch(/^\d{6}$/);
    await storage.query("UPDATE users SET body = jsonb_set(body, '{mustChangePin}', 'false') WHERE id = $1", [user.id]);
    await app.inject({ method: 'POST', url: `/console/api/users/${user.id}/reset-pin`, headers: h });
    const afterReset = await storage.query<{ body: { mustChangePin?: boolean } }>('SELECT body FROM users WHERE id = $1', [user.id]);
    expect(afterReset.rows[0]?.body.mustChangePin).toBe(true);
    expect(
      (await app.inject({ method: 'POST', url: `/console/api/users/${user.id}/role`, headers: h, payload: { role: 'supervisor' } }))
        .statusCode,
    ).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/console/api/users/${user.id}/deactivate`, headers: h })).statusCode).toBe(200);
    const listed = (await app.inject({ method: 'GET', url: '/console/api/posts/RAK/users', headers: h })).json() as {
      users: Array<{ role: string; active: boolean }>;
    };
    expect(listed.users).toEqual([expect.objectContaining({ username: 'y.alaoui', role: 'supervisor', active: false })]);
    const audit = await consoleStore.auditLog(10);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['user.create', 'user.resetPin', 'user.role', 'user.deactivate']));
    expect(JSON.stringify(audit)).not.toContain(pin);
  }, 30_000);

  it('refuses a user for an unknown post, bad fields, and any change by an analyst', async () => {
    const h = await headers('amina');
    const unknown = await app.inject({
      method: 'POST',
      url: '/console/api/posts/XYZ/users',
      headers: h,
      payload: { username: 'a.b', displayName: 'A B', role: 'officer' },
    });
    expect(unknown.statusCode).toBe(409);
    const bad = await app.inject({
      method: 'POST',
      url: '/console/api/posts/RAK/users',
      headers: h,
      payload: { username: 'A B', displayName: 'x', role: 'officer' },
    });
    expect(bad.json()).toEqual({ error: 'request.invalid', field: 'username' });
    const analyst = await headers('karim');
    const refused = await app.inject({
      method: 'POST',
      url: '/console/api/posts/RAK/users',
      headers: analyst,
      payload: { username: 'c.d', displayName: 'C D', role: 'officer' },
    });
    expect(refused.statusCode).toBe(403);
  });
});

describe('console PVs, conflicts and pages', () => {
  it('finds PVs by number, surname or document number', async () => {
    await store.importPvs([samplePv({ pvNumber: 'PV-RAK-2026-000777' })]);
    const h = await headers('karim');
    for (const q of ['000777', 'diaye', 'LP0451278']) {
      const found = (await app.inject({ method: 'GET', url: `/console/api/pvs?q=${q}`, headers: h })).json() as {
        pvs: Array<{ pvNumber: string }>;
      };
      expect(found.pvs.map((p) => p.pvNumber)).toEqual(['PV-RAK-2026-000777']);
    }
    expect(((await app.inject({ method: 'GET', url: '/console/api/pvs?q=%25', headers: h })).json() as { pvs: unknown[] }).pvs).toEqual([]);
  });

  it('closes a conflict case once, with a note', async () => {
    const id = 'a'.repeat(32);
    const body = { id, pvNumber: 'PV-RAK-2026-000777', kind: 'stamp.recorded', posts: ['CMN', 'RAK'], eventIds: ['e1', 'e2'], revision: 1 };
    await storage.query(
      'INSERT INTO conflict_cases (id, pv_number, kind, body, revision, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, 0, 0)',
      [id, body.pvNumber, body.kind, JSON.stringify(body)],
    );
    const h = await headers('amina');
    const close = () =>
      app.inject({
        method: 'POST',
        url: `/console/api/conflict-cases/${id}/close`,
        headers: h,
        payload: { note: 'Second stamp entered in error at CMN.' },
      });
    expect((await close()).statusCode).toBe(200);
    expect((await close()).statusCode).toBe(409);
    const list = (await app.inject({ method: 'GET', url: '/console/api/conflict-cases', headers: h })).json() as {
      conflicts: Array<{ id: string; closed: { by: string; note: string } | null }>;
    };
    expect(list.conflicts).toEqual([
      expect.objectContaining({ id, uses: 2, closed: { at: t, by: 'amina', note: 'Second stamp entered in error at CMN.' } }),
    ]);
  });

  it('serves the console’s pages with a strict CSP, and nothing outside them', async () => {
    const index = await app.inject({ method: 'GET', url: '/console' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
    expect((await app.inject({ method: 'GET', url: '/console/assets/app.js' })).headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await app.inject({ method: 'GET', url: '/console/assets/..%2Findex.html' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/console/assets/missing.js' })).statusCode).toBe(404);
  });
});
