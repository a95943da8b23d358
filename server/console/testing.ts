/**
 * A console for the server tests: PGlite, a manual clock, an administrator (amina) and an analyst
 * (karim), and their sign-in at the next TOTP step.
 */
import Fastify from 'fastify';
import { expect } from 'vitest';
import { migrateServer } from '../migrations';
import { createPgliteStorage } from '../storage';
import { createStore } from '../store';
import { totpFor } from './console-store';
import { registerConsole } from './plugin';

export const TEST_PASSWORD = 'correct horse battery';

export async function consoleTestApp(options: { staticDir?: string; startAt?: number } = {}) {
  const { startAt = Date.parse('2026-06-15T10:00:00Z'), ...consoleOptions } = options;
  let t = startAt;
  const clock = { now: () => t };
  const storage = await createPgliteStorage();
  await migrateServer(storage);
  const app = Fastify();
  const store = createStore(storage, { clock });
  const consoleStore = await registerConsole(app, { store, clock, ...consoleOptions });
  await app.ready();
  const secrets = {
    amina: (await consoleStore.createAdmin({ username: 'amina', password: TEST_PASSWORD, role: 'administrator' })).totpSecret,
    karim: (await consoleStore.createAdmin({ username: 'karim', password: TEST_PASSWORD, role: 'analyst' })).totpSecret,
  };
  return {
    storage,
    app,
    store,
    consoleStore,
    /** The console's clock now. */
    now: () => t,
    /** Moves the console's clock forward. */
    advance(ms: number) {
      t += ms;
    },
    /** Signs in at the next TOTP step (a code is accepted once): the session cookie and CSRF token headers. */
    async headers(username: keyof typeof secrets) {
      t += 30_000;
      const res = await app.inject({
        method: 'POST',
        url: '/console/api/sign-in',
        payload: { username, password: TEST_PASSWORD, code: totpFor(secrets[username]).generate({ timestamp: t }) },
      });
      expect(res.statusCode).toBe(200);
      return {
        cookie: String(res.headers['set-cookie']).split(';')[0] as string,
        'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken,
      };
    },
    async close() {
      await app.close();
      await storage.close();
    },
  };
}
