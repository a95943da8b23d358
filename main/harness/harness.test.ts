import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from '../../core/ipc/contract';
import { seedDemo } from '../demo/demo-seed';
import { silentLogger } from '../services/runtime';
import { createTestPinHasher } from '../testing/pin-hasher';
import type { Harness } from './harness';
import { bodyLimit, startHarness } from './harness';

let dir: string;
let harness: Harness;
const client = '0190a2b4-1111-7222-8333-444455556666';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rva-harness-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<html><body><script type="module" src="./main.js"></script></body></html>');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  harness = await startHarness({
    dataDir: join(dir, 'data'),
    rendererDir,
    seed: seedDemo,
    logger: silentLogger,
    pinHasher: createTestPinHasher(),
  });
});
afterAll(async () => {
  await harness.close();
  rmSync(dir, { recursive: true, force: true });
});

const ipc = (key: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${harness.origin}/__ipc/${key}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: harness.origin,
      'x-rva-token': harness.token,
      'x-rva-client': client,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('browser harness', () => {
  it('listens on loopback only and injects the bridge before the app', async () => {
    expect(new URL(harness.url).hostname).toBe('127.0.0.1');
    const html = await (await fetch(harness.origin)).text();
    expect(html.indexOf('/__bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('/__bridge.js')).toBeLessThan(html.indexOf('type="module"'));
  });

  it('runs the real services behind the contract', async () => {
    const login = await (await ipc('auth.login', { username: 'officier', pin: '1234' })).json();
    expect(login).toMatchObject({ ok: true, value: { user: { role: 'officer' } } });
    const info = await (await ipc('app.info', {})).json();
    expect(info).toMatchObject({ ok: true, value: { mode: 'browser', post: { code: 'CMN' } } });
  });

  it('answers post.status before anyone signs in', async () => {
    const status = await (await ipc('post.status', {}, { 'x-rva-client': '0190a2b4-1111-7222-8333-777788889999' })).json();
    expect(status).toEqual({ ok: true, value: { configured: true, demo: true } });
  });

  it('refuses a wrong token, a foreign origin and a bad body', async () => {
    expect((await ipc('app.info', {}, { 'x-rva-token': 'guess' })).status).toBe(403);
    expect((await ipc('app.info', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect(await (await ipc('app.info', '{not json')).json()).toMatchObject({ ok: false, error: { code: 'badInput' } });
    expect((await ipc('app.info', 'x'.repeat(3 * 1024 * 1024))).status).toBe(413);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await fetch(`${harness.origin}/..%2fsecret.txt`);
    expect(res.status).toBe(404);
  });

  it('refuses the event stream without the token', async () => {
    expect((await fetch(`${harness.origin}/__events?token=nope&client=${client}`)).status).toBe(403);
  });

  it('reads a PV import up to the contract maximum, not the 2 MiB of other commands', async () => {
    await ipc('auth.logout', {});
    await ipc('auth.login', { username: 'superviseur', pin: '3456' });
    const big = { format: 'csv', content: 'x'.repeat(3 * 1024 * 1024) };
    const imported = await ipc('pvs.import', big);
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ ok: true, value: { ok: false } });
    expect((await ipc('app.info', { pad: 'x'.repeat(3 * 1024 * 1024) })).status).toBe(413);
    expect((await ipc('__proto__', 'x'.repeat(3 * 1024 * 1024))).status).toBe(413);
    expect(bodyLimit('pvs.import')).toBeGreaterThanOrEqual(commands['pvs.import'].input.shape.content.maxLength ?? Infinity);
  });

  it('sends broadcast events only to a signed-in client; before sign-in only what is addressed to it', async () => {
    const other = '0190a2b4-2222-7222-8333-444455556666';
    const stream = await fetch(`${harness.origin}/__events?token=${harness.token}&client=${other}`);
    expect(stream.status).toBe(200);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    let received = '';
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received += new TextDecoder().decode(value);
      }
    })();
    const scan = (raw: string) => harness.services.bus.emit('scanner.scanned', { source: 'hid', raw, at: 1 });
    scan('BEFORE-SIGN-IN');
    harness.services.bus.emit('session.ended', { reason: 'replaced' }, `browser:${other}`);
    await vi.waitFor(() => expect(received).toContain('session.ended'));
    await ipc('auth.login', { username: 'officier', pin: '1234' }, { 'x-rva-client': other });
    scan('AFTER-SIGN-IN');
    await vi.waitFor(() => expect(received).toContain('AFTER-SIGN-IN'));
    expect(received).not.toContain('BEFORE-SIGN-IN');
    await reader.cancel();
    await pump.catch(() => {});
  });
});
