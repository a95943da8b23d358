/**
 * Sign-in decides on the lock, the password and the TOTP step in one step under the admin's row
 * lock: a correct sign-in whose password check was still running when the fifth failure locked
 * the account is refused, and one TOTP code sent twice at once is accepted once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateServer } from '../migrations';
import type { Storage } from '../storage';
import { createPgliteStorage } from '../storage';
import { createConsoleStore, totpFor } from './console-store';
import { verifyPassword } from './password';

const PASSWORD = 'correct horse battery';
let storage: Storage;
let t = Date.parse('2026-06-15T10:00:00Z');
const clock = { now: () => t };

beforeAll(async () => {
  storage = await createPgliteStorage();
  await migrateServer(storage);
}, 60_000);
afterAll(async () => {
  await storage.close();
});

describe('console sign-in under concurrency', () => {
  it('refuses correct sign-ins still checking their password when the fifth failure locks the account', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let waiting = 0;
    // Correct passwords wait at the gate: their check is still running while the failure lands.
    const verifier = async (password: string, stored: string) => {
      const ok = await verifyPassword(password, stored);
      if (ok) {
        waiting++;
        await gate;
      }
      return ok;
    };
    const store = createConsoleStore(storage, clock, { verifyPassword: verifier });
    const { totpSecret } = await store.createAdmin({ username: 'racy', password: PASSWORD, role: 'administrator' });
    const code = (offsetSteps: number) => totpFor(totpSecret).generate({ timestamp: t + offsetSteps * 30_000 });
    for (let i = 0; i < 4; i++) expect(await store.signIn('racy', 'wrong password!!', code(0))).toMatchObject({ ok: false });
    const correct = [
      store.signIn('racy', PASSWORD, code(-1)),
      store.signIn('racy', PASSWORD, code(0)),
      store.signIn('racy', PASSWORD, code(1)),
    ];
    await expect.poll(() => waiting).toBe(3);
    expect(await store.signIn('racy', 'wrong password!!', code(0))).toMatchObject({ ok: false, error: 'locked' });
    release();
    for (const result of await Promise.all(correct)) expect(result).toMatchObject({ ok: false, error: 'locked' });
    const { rows } = await storage.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM console_sessions s JOIN console_admins a ON a.id = s.admin_id WHERE a.username = 'racy'",
    );
    expect(rows[0]?.n).toBe('0');
  });

  it('accepts one TOTP code once when it is sent twice at the same moment', async () => {
    const store = createConsoleStore(storage, clock);
    const { totpSecret } = await store.createAdmin({ username: 'twice', password: PASSWORD, role: 'administrator' });
    t += 60_000;
    const code = totpFor(totpSecret).generate({ timestamp: t });
    const results = await Promise.all([store.signIn('twice', PASSWORD, code), store.signIn('twice', PASSWORD, code)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});
