import { describe, expect, it } from 'vitest';
import { consoleAdmin } from '../../scripts/console-admin';
import { migrateServer } from '../migrations';
import type { Storage } from '../storage';
import { createPgliteStorage } from '../storage';
import { createConsoleStore, totpFor } from './console-store';

/** The storage the command opens and closes, kept open for the test to look into. */
async function sharedStorage(): Promise<{ storage: Storage; open: () => Promise<Storage> }> {
  const storage = await createPgliteStorage();
  return { storage, open: async () => ({ ...storage, close: async () => undefined }) };
}

describe('npm run console-admin', () => {
  it('creates the first administrator, who can then sign in with the printed TOTP secret', async () => {
    const { storage, open } = await sharedStorage();
    const out: string[] = [];
    const code = await consoleAdmin(['create', 'amina', 'administrator'], {
      storage: open,
      readPassword: async () => 'correct horse battery\n',
      out: (t) => out.push(t),
      err: (t) => out.push(t),
    });
    expect(code).toBe(0);
    const secret = /TOTP secret[^:]*: ([A-Z2-7]+)/.exec(out.join(''))?.[1] as string;
    expect(out.join('')).toContain('otpauth://totp/');
    const now = Date.now();
    const result = await createConsoleStore(storage).signIn('amina', 'correct horse battery', totpFor(secret).generate({ timestamp: now }));
    expect(result).toMatchObject({ ok: true, session: { role: 'administrator' } });
    await storage.close();
  }, 60_000);

  it('refuses a short password, a bad role and a duplicate with a clear message, writing nothing', async () => {
    const { storage, open } = await sharedStorage();
    await migrateServer(storage);
    const err: string[] = [];
    const io = (password: string) => ({
      storage: open,
      readPassword: async () => password,
      out: () => {},
      err: (t: string) => err.push(t),
    });
    expect(await consoleAdmin(['create', 'amina', 'administrator'], io('short'))).toBe(1);
    expect(err.pop()).toContain('at least 12 characters');
    expect(await consoleAdmin(['create', 'amina', 'root'], io('correct horse battery'))).toBe(2);
    expect(err.pop()).toContain('usage');
    const { rows } = await storage.query<{ n: string }>('SELECT count(*)::text AS n FROM console_admins');
    expect(rows[0]?.n).toBe('0');
    expect(await consoleAdmin(['create', 'amina', 'analyst'], io('correct horse battery'))).toBe(0);
    expect(await consoleAdmin(['create', 'amina', 'analyst'], io('correct horse battery'))).toBe(1);
    expect(err.pop()).toContain('amina exists already');
    await storage.close();
  }, 60_000);
});
