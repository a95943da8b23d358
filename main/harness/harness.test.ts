import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../services/runtime';
import { createTestPinHasher } from '../testing/pin-hasher';
import type { Harness } from './harness';
import { startHarness } from './harness';

let dir: string;
let harness: Harness;
const client = '0190a2b4-1111-7222-8333-444455556666';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rva-harness-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<html><body><script type="module" src="./main.js"></script></body></html>');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  harness = await startHarness({ dataDir: join(dir, 'data'), rendererDir, logger: silentLogger, pinHasher: createTestPinHasher() });
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
});
