import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scryptSync } from 'node:crypto';
import { createUserRepository } from '../db/repositories/user-repository';
import { createIpc } from '../ipc/index';
import { createTestPinHasher } from '../testing/pin-hasher';
import { createAppServices } from './app-services';
import { LOCK_MS } from './auth-service';
import type { PinHasher } from './pin-hash';
import { createManualClock, silentLogger } from './runtime';
import { seedDemo } from '../demo/demo-seed';

const dir = mkdtempSync(join(tmpdir(), 'rva-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function app(options: { dataDir?: string; idleTimeoutMs?: number; pinHasher?: PinHasher } = {}) {
  const clock = createManualClock();
  const services = await createAppServices({
    dataDir: options.dataDir ?? ':memory:',
    mode: 'browser',
    version: 'test',
    seed: seedDemo,
    clock,
    logger: silentLogger,
    idleTimeoutMs: options.idleTimeoutMs,
    pinHasher: options.pinHasher ?? createTestPinHasher(),
  });
  const call = (key: string, input: unknown, client = 'c1') => createIpc(services).dispatch(key, input, client);
  return { services, clock, call };
}

describe('login', () => {
  it('signs in a demo user with the right PIN and names the role', async () => {
    const { call } = await app();
    const result = await call('auth.login', { username: 'officier', pin: '1234' });
    expect(result).toMatchObject({ ok: true, value: { user: { username: 'officier', role: 'officer' } } });
    expect(await call('auth.session', {})).toMatchObject({ ok: true, value: { user: { role: 'officer' } } });
  });

  it('answers an unknown user exactly as a known user with a wrong PIN, lock included', async () => {
    const { call } = await app();
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await call('auth.login', { username: 'officier', pin: '9999' }));
      unknown.push(await call('auth.login', { username: 'nobody', pin: '9999' }));
    }
    expect(unknown).toEqual(known);
    expect(known[0]).toEqual({ ok: false, error: { code: 'badCredentials', message: 'auth.badCredentials', params: { attemptsLeft: 4 } } });
    expect(known[4]).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(known[6]).toMatchObject({ ok: false, error: { code: 'locked' } });
  });

  it('spends the same hashing work on an unknown user as on a known one', async () => {
    const base = createTestPinHasher();
    let work = 0;
    const counting: PinHasher = {
      ...base,
      verify: (pin, stored) => {
        work++;
        return base.verify(pin, stored);
      },
      verifyNothing: (pin) => {
        work++;
        return base.verifyNothing(pin);
      },
    };
    const { call } = await app({ pinHasher: counting });
    work = 0;
    await call('auth.login', { username: 'officier', pin: '9999' });
    const knownWork = work;
    work = 0;
    await call('auth.login', { username: 'nobody', pin: '9999' });
    expect(knownWork).toBe(1);
    expect(work).toBe(knownWork);
  });

  it('counts 40 parallel wrong PINs as 40 attempts: the limit holds, the account locks', async () => {
    const { call, services } = await app();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => call('auth.login', { username: 'escorte', pin: `9${i}`.padStart(4, '0') }, `c${i}`)),
    );
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'badCredentials')).toHaveLength(4);
    expect(codes.filter((c) => c === 'locked')).toHaveLength(36);
    expect(await call('auth.login', { username: 'escorte', pin: '2345' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    const audited = services.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action IN ('auth.loginFailed', 'auth.locked')").get();
    expect(audited).toEqual({ n: 5 });
  });

  it('never lets the right PIN in from bursts of 60 parallel guesses once 5 have failed', async () => {
    const { call, clock } = await app();
    let signedIn = 0;
    for (let burst = 0; burst < 5; burst++) {
      const guesses = Array.from({ length: 60 }, (_, i) => (burst === 4 && i === 30 ? '2345' : String(1000 + burst * 60 + i)));
      const results = await Promise.all(guesses.map((pin, i) => call('auth.login', { username: 'escorte', pin }, `b${burst}-${i}`)));
      signedIn += results.filter((r) => r.ok).length;
      expect(results.filter((r) => !r.ok && r.error.code === 'badCredentials').length).toBeLessThanOrEqual(4);
      clock.advance(LOCK_MS + 1);
    }
    expect(signedIn).toBe(0);
  });

  it('refuses a stored hash whose own parameters are weak (N=2), even with the right PIN', async () => {
    const { call, services } = await app();
    const salt = Buffer.alloc(16, 7);
    const weak = `scrypt$2$1$1$${salt.toString('base64')}$${scryptSync('1234', salt, 32, { N: 2, r: 1, p: 1 }).toString('base64')}`;
    services.db.prepare("UPDATE users SET pin_hash = ? WHERE username = 'officier'").run(weak);
    expect(await call('auth.login', { username: 'officier', pin: '1234' })).toMatchObject({ ok: false, error: { code: 'badCredentials' } });
  });

  it('locks after 5 failures for 5 minutes, even against the right PIN, and the lock survives a restart', async () => {
    const dataDir = join(dir, 'lock');
    const first = await app({ dataDir });
    for (let i = 0; i < 4; i++) expect((await first.call('auth.login', { username: 'escorte', pin: '0000' })).ok).toBe(false);
    const fifth = await first.call('auth.login', { username: 'escorte', pin: '0000' });
    expect(fifth).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await first.call('auth.login', { username: 'escorte', pin: '2345' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    const lockedAt = first.clock.now();
    await first.services.close();

    const second = await app({ dataDir });
    second.clock.set(lockedAt + LOCK_MS - 1000);
    expect(await second.call('auth.login', { username: 'escorte', pin: '2345' })).toMatchObject({
      ok: false,
      error: { code: 'locked', params: { remainingSeconds: 1 } },
    });
    second.clock.set(lockedAt + LOCK_MS + 1);
    expect(await second.call('auth.login', { username: 'escorte', pin: '2345' })).toMatchObject({ ok: true });
    await second.services.close();
  });

  it('rehashes a PIN stored with accepted legacy parameters at the next sign-in', async () => {
    const { createPinHasher } = await import('./pin-hash');
    const hasher = createPinHasher({ params: { N: 2 ** 10, r: 8, p: 1 }, legacy: [{ N: 2 ** 9, r: 8, p: 1 }] });
    const { call, services } = await app({ pinHasher: hasher });
    const salt = Buffer.alloc(16, 3);
    const old = `scrypt$512$8$1$${salt.toString('base64')}$${scryptSync('1234', salt, 32, { N: 512, r: 8, p: 1 }).toString('base64')}`;
    services.db.prepare("UPDATE users SET pin_hash = ? WHERE username = 'officier'").run(old);
    expect((await call('auth.login', { username: 'officier', pin: '1234' })).ok).toBe(true);
    const row = services.db.prepare("SELECT pin_hash FROM users WHERE username = 'officier'").get() as { pin_hash: string };
    expect(row.pin_hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect((await call('auth.login', { username: 'officier', pin: '1234' }, 'again')).ok).toBe(true);
  });

  it('the Electron shell refuses a hasher weaker than the policy', async () => {
    await expect(
      createAppServices({ dataDir: ':memory:', mode: 'electron', version: 't', logger: silentLogger, pinHasher: createTestPinHasher() }),
    ).rejects.toThrow(/weaker than the PIN policy/);
  });

  it('rejects a malformed call before it reaches the service', async () => {
    const { call } = await app();
    expect(await call('auth.login', { username: '', pin: '1' })).toMatchObject({
      ok: false,
      error: { code: 'badInput', params: { field: 'username' } },
    });
    expect(await call('auth.login', { username: 'a', pin: '1', extra: true })).toMatchObject({ ok: false, error: { code: 'badInput' } });
    expect(await call('nope.nothing', {})).toMatchObject({ ok: false, error: { code: 'unknownCommand' } });
  });
});

describe('sessions and roles', () => {
  it('refuses signed-in commands without a session', async () => {
    const { call } = await app();
    expect(await call('sync.status', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('checks the role of every call against the contract', async () => {
    const { call } = await app();
    await call('auth.login', { username: 'officier', pin: '1234' }, 'officer');
    await call('auth.login', { username: 'superviseur', pin: '3456' }, 'supervisor');
    expect(await call('audit.verify', {}, 'officer')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('audit.verify', {}, 'supervisor')).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('keeps sessions apart per client', async () => {
    const { call } = await app();
    await call('auth.login', { username: 'officier', pin: '1234' }, 'a');
    expect(await call('auth.session', {}, 'b')).toEqual({ ok: true, value: null });
  });

  it('ends an idle session and tells the client', async () => {
    const { call, clock, services } = await app({ idleTimeoutMs: 60_000 });
    const ended: unknown[] = [];
    services.bus.subscribe((key, payload, target) => ended.push({ key, payload, target }));
    await call('auth.login', { username: 'officier', pin: '1234' });
    clock.advance(59_000);
    expect((await call('auth.heartbeat', {})).ok).toBe(true);
    clock.advance(59_000);
    expect((await call('sync.status', {})).ok).toBe(true);
    clock.advance(60_001);
    expect(await call('sync.status', {})).toMatchObject({ ok: false, error: { code: 'sessionExpired' } });
    expect(ended).toContainEqual({ key: 'session.ended', payload: { reason: 'idle' }, target: 'c1' });
    expect(await call('sync.status', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('logs out on request and records it in the audit chain', async () => {
    const { call, services } = await app();
    await call('auth.login', { username: 'officier', pin: '1234' });
    expect(await call('auth.logout', {})).toEqual({ ok: true, value: { ended: true } });
    expect(await call('auth.session', {})).toEqual({ ok: true, value: null });
    const actions = services.db.prepare('SELECT action FROM audit_log ORDER BY seq').all();
    expect(actions).toEqual([{ action: 'auth.loggedIn' }, { action: 'auth.loggedOut' }]);
  });

  it('changes a PIN only against the current one', async () => {
    const { call } = await app();
    await call('auth.login', { username: 'officier', pin: '1234' });
    expect(await call('auth.changePin', { currentPin: '0000', newPin: '5678' })).toMatchObject({
      ok: false,
      error: { code: 'badCredentials' },
    });
    expect(await call('auth.changePin', { currentPin: '1234', newPin: '56' })).toMatchObject({ ok: false, error: { code: 'badInput' } });
    expect(await call('auth.changePin', { currentPin: '1234', newPin: '5678' })).toEqual({ ok: true, value: { changed: true } });
    expect((await call('auth.login', { username: 'officier', pin: '5678' }, 'other')).ok).toBe(true);
  });
});

describe('one-time PIN from the centre', () => {
  async function withOneTimePin() {
    const ctx = await app();
    const hasher = createTestPinHasher();
    const centreUser = {
      id: 'u-centre-1',
      username: 'agent.rak',
      displayName: 'Agent RAK',
      role: 'officer' as const,
      active: true,
      pinHash: await hasher.hash('739104'),
      mustChangePin: true,
    };
    ctx.services.db.transaction(() => createUserRepository(ctx.services.db).upsertFromCentre(centreUser, ctx.clock.now()))();
    return { ...ctx, centreUser, hasher };
  }

  it('signs in to a session that can only change the PIN or end, enforced by the dispatcher', async () => {
    const { call } = await withOneTimePin();
    const login = await call('auth.login', { username: 'agent.rak', pin: '739104' });
    expect(login).toMatchObject({ ok: true, value: { mustChangePin: true, user: { role: 'officer' } } });
    for (const [key, input] of [
      ['departures.verify', { scans: [] }],
      ['sync.status', {}],
      ['departures.view', { passageId: 'x' }],
    ] as const) {
      expect(await call(key, input)).toEqual({ ok: false, error: { code: 'forbidden', message: 'auth.mustChangePin' } });
    }
    expect((await call('auth.heartbeat', {})).ok).toBe(true);
    expect(await call('auth.session', {})).toMatchObject({ ok: true, value: { mustChangePin: true } });
  });

  it('refuses the same PIN again, then after the change serves the session fully and the new PIN signs in', async () => {
    const { call, services } = await withOneTimePin();
    await call('auth.login', { username: 'agent.rak', pin: '739104' });
    expect(await call('auth.changePin', { currentPin: '739104', newPin: '739104' })).toMatchObject({
      ok: false,
      error: { code: 'badInput', message: 'auth.samePin' },
    });
    expect(await call('auth.changePin', { currentPin: '739104', newPin: '5820' })).toEqual({ ok: true, value: { changed: true } });
    expect(await call('auth.session', {})).toMatchObject({ ok: true, value: { mustChangePin: false } });
    expect((await call('sync.status', {})).ok).toBe(true);
    expect((await call('auth.login', { username: 'agent.rak', pin: '739104' }, 'other')).ok).toBe(false);
    expect((await call('auth.login', { username: 'agent.rak', pin: '5820' }, 'third')).ok).toBe(true);
    const audit = services.db.prepare("SELECT details FROM audit_log WHERE action = 'auth.pinChanged'").all() as { details: string }[];
    expect(audit.map((a) => JSON.parse(a.details) as unknown)).toEqual([{ wasOneTime: true }]);
  });

  it('keeps the PIN the user chose when the centre sends the same record again; a reset at the centre forces a new change', async () => {
    const { call, services, centreUser, hasher, clock } = await withOneTimePin();
    await call('auth.login', { username: 'agent.rak', pin: '739104' });
    await call('auth.changePin', { currentPin: '739104', newPin: '5820' });
    const users = createUserRepository(services.db);
    users.upsertFromCentre({ ...centreUser, displayName: 'Agent RAK 2' }, clock.now());
    expect(await call('auth.login', { username: 'agent.rak', pin: '5820' }, 'b')).toMatchObject({
      ok: true,
      value: { mustChangePin: false, user: { displayName: 'Agent RAK 2' } },
    });
    users.upsertFromCentre({ ...centreUser, pinHash: await hasher.hash('640022') }, clock.now());
    expect((await call('auth.login', { username: 'agent.rak', pin: '5820' }, 'c')).ok).toBe(false);
    expect(await call('auth.login', { username: 'agent.rak', pin: '640022' }, 'd')).toMatchObject({
      ok: true,
      value: { mustChangePin: true },
    });
  });
});
