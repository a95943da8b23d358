/**
 * The first run of a new post against a real centre over TLS: the setup service (and the IPC
 * commands the setup screen calls) enrol with address, fingerprint and one-time code, say plainly
 * why a code is refused, follow the first pull and open the login only when the post has its
 * settings, a user and the trusted PV keys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { samplePv } from '../../core/departure/testing';
import { createIpc } from '../../main/ipc/index';
import { createAppServices } from '../../main/services/app-services';
import { silentLogger } from '../../main/services/runtime';
import { createTestPinHasher } from '../../main/testing/pin-hasher';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'rva-post-setup-'));
  dirs.push(d);
  return d;
};

let centre: RunningServer;
const hasher = createTestPinHasher();
const PV_KEY = { keyId: 'centre-2026', publicKey: 'ab'.repeat(32) };

beforeAll(async () => {
  centre = await startServer({ dataDir: temp(), port: 0, host: '127.0.0.1', tls: 'self-signed' });
  await centre.store.putSettings({ perDiem: { amount: 10_000, currency: 'USD', periodDays: 365 } });
  await centre.store.putPvKeys([PV_KEY]);
  await centre.store.importPvs([samplePv({ pvNumber: 'PV-RAK-1', authorisedPosts: ['RAK'] })]);
  await centre.store.putUsers([
    {
      id: 'u-rak-officer',
      postCode: 'RAK',
      username: 'k.amrani',
      displayName: 'Karim Amrani',
      role: 'officer',
      active: true,
      pinHash: await hasher.hash('4821'),
      mustChangePin: true,
    },
  ]);
});
afterAll(async () => {
  await centre.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const newPost = () => createAppServices({ dataDir: temp(), mode: 'browser', version: 'test', logger: silentLogger, pinHasher: hasher });

describe('first run of a new post', () => {
  it('refuses wrong and expired codes, a plain http address, a wrong fingerprint and an unreachable centre in plain words, and limits attempts', async () => {
    const services = await newPost();
    const ipc = createIpc(services);
    const client = 'browser:0190a2b4-1111-7222-8333-777788889999';
    const fingerprint = centre.tls!.fingerprint256.toLowerCase();
    try {
      expect(services.postStatus()).toEqual({ configured: false, demo: false });
      expect(await ipc.dispatch('post.setupProgress', {}, client)).toEqual({
        ok: true,
        value: {
          enrolled: false,
          postCode: null,
          settings: false,
          users: 0,
          pvs: 0,
          pvKeys: 0,
          ready: false,
          sync: 'notConfigured',
          message: null,
        },
      });
      const enrol = (code: string, url = centre.url, fp = fingerprint) =>
        ipc.dispatch('post.enrol', { url, fingerprint: fp, code }, client);

      expect(await enrol('aaaa bbbb cccc')).toMatchObject({ ok: false, error: { code: 'refused', message: 'setup.errors.wrongCode' } });
      const expired = await centre.store.createEnrolCode('RAK');
      await centre.store.storage.query("UPDATE enrol_codes SET expires_at = 1 WHERE post_code = 'RAK' AND used_at IS NULL");
      expect(await enrol(expired.code)).toMatchObject({ ok: false, error: { message: 'setup.errors.expiredCode' } });
      expect(await enrol(expired.code, centre.url.replace('https:', 'http:'))).toMatchObject({
        ok: false,
        error: { code: 'badInput', message: 'setup.errors.insecureUrl' },
      });
      const { code } = await centre.store.createEnrolCode('RAK');
      expect(await enrol(code, centre.url, 'AB'.repeat(32))).toMatchObject({
        ok: false,
        error: { message: 'setup.errors.fingerprintMismatch' },
      });
      expect(await enrol(code, 'https://127.0.0.1:1')).toMatchObject({ ok: false, error: { message: 'setup.errors.unreachable' } });
      expect(await enrol('AAAA-BBBB-CCCD')).toMatchObject({ ok: false, error: { message: 'setup.errors.wrongCode' } });
      // Five attempts a minute: the sixth waits, whatever it holds.
      expect(await enrol(code)).toMatchObject({ ok: false, error: { code: 'locked', message: 'setup.errors.tooMany' } });
      expect(services.postStatus().configured).toBe(false);
    } finally {
      await services.close();
    }
  });

  it('enrols with the fingerprint as the centre prints it, follows the first pull and refuses the used code to another post, and lets the officer choose a PIN', async () => {
    const services = await newPost();
    const ipc = createIpc(services);
    const client = 'browser:0190a2b4-1111-7222-8333-77778888aaaa';
    try {
      const { code } = await centre.store.createEnrolCode('RAK');
      expect(await ipc.dispatch('post.enrol', { url: centre.url, fingerprint: centre.tls!.fingerprint256, code }, client)).toEqual({
        ok: true,
        value: { postCode: 'RAK' },
      });
      // The first pull runs in the background; the screen follows it the same way.
      await vi.waitFor(
        () =>
          expect(services.setup.progress()).toEqual({
            enrolled: true,
            postCode: 'RAK',
            settings: true,
            users: 1,
            pvs: 1,
            pvKeys: 1,
            ready: true,
            sync: 'idle',
            message: null,
          }),
        { timeout: 30_000, interval: 100 },
      );
      expect(services.postStatus()).toEqual({ configured: true, demo: false });
      expect(services.post.post.code).toBe('RAK');
      // Enrolment is closed once the post is configured.
      const again = await centre.store.createEnrolCode('RAK');
      expect(
        await ipc.dispatch('post.enrol', { url: centre.url, fingerprint: centre.tls!.fingerprint256, code: again.code }, client),
      ).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: 'setup.errors.alreadyConfigured' },
      });
      // The one-time PIN the centre set opens a session that must change it first.
      const login = await ipc.dispatch('auth.login', { username: 'k.amrani', pin: '4821' }, client);
      expect(login).toMatchObject({ ok: true, value: { mustChangePin: true, user: { username: 'k.amrani', role: 'officer' } } });
      expect(await ipc.dispatch('auth.changePin', { currentPin: '4821', newPin: '7395' }, client)).toEqual({
        ok: true,
        value: { changed: true },
      });
      // Another post with the same code: used.
      const other = await newPost();
      try {
        expect(await other.setup.enrol({ url: centre.url, fingerprint: centre.tls!.fingerprint256, code })).toMatchObject({
          ok: false,
          error: { code: 'refused', message: 'setup.errors.usedCode' },
        });
      } finally {
        await other.close();
      }
      // A record written now carries the post's code: the centre accepts it.
      expect(await services.sync.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
    } finally {
      await services.close();
    }
  });
});
