import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createIpc } from '../ipc/index';
import { createAppServices } from './app-services';
import { LOCK_MS } from './auth-service';
import { createManualClock, silentLogger } from './runtime';

const dir = mkdtempSync(join(tmpdir(), 'rva-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function app(options: { dataDir?: string; idleTimeoutMs?: number } = {}) {
  const clock = createManualClock();
  const services = await createAppServices({
    dataDir: options.dataDir ?? ':memory:',
    mode: 'browser',
    version: 'test',
    demo: true,
    clock,
    logger: silentLogger,
    idleTimeoutMs: options.idleTimeoutMs,
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

  it('answers the same for an unknown user and a wrong PIN', async () => {
    const { call } = await app();
    const unknown = await call('auth.login', { username: 'nobody', pin: '1234' });
    const wrong = await call('auth.login', { username: 'officier', pin: '9999' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'badCredentials' } });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'badCredentials', params: { attemptsLeft: 4 } } });
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
