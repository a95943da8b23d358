/**
 * A post whose machine the centre revoked enrols again from the desk, against a real centre over
 * TLS: a supervisor types a new one-time code; the records made while revoked (a passage, its per
 * diem, sign-ins) stay queued until then and reach the centre under the new device, continuing
 * the same audit chain, nothing lost and nothing twice. Wrong, expired and other posts' codes are
 * refused in plain words with the outbox intact; the revoked key can push nothing.
 */
import { createHash, createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE_NOW, samplePv } from '../../core/departure/testing';
import { reenrolSigningText } from '../../core/sync/protocol';
import { createIpc } from '../../main/ipc/index';
import { createAppServices } from '../../main/services/app-services';
import { createManualClock, silentLogger } from '../../main/services/runtime';
import { createHttpTransport } from '../../main/sync/http-transport';
import type { DeviceCredentials } from '../../main/sync/sync-state-repository';
import { createSyncStateRepository } from '../../main/sync/sync-state-repository';
import { TINY_SIGNATURE_PNG, boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';
import { createTestPinHasher } from '../../main/testing/pin-hasher';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'rva-reenrol-'));
  dirs.push(d);
  return d;
};

let centre: RunningServer;
const hasher = createTestPinHasher();
const PV = samplePv({
  pvNumber: 'PV-RAK-7',
  authorisedPosts: ['RAK'],
  travelDocument: { ...samplePv().travelDocument, number: 'LP7654321' },
});

beforeAll(async () => {
  centre = await startServer({ dataDir: temp(), port: 0, host: '127.0.0.1', tls: 'self-signed' });
  await centre.store.putSettings({ perDiem: { amount: 10_000, currency: 'USD', periodDays: 365 } });
  await centre.store.putPvKeys([{ keyId: 'centre-2026', publicKey: 'ab'.repeat(32) }]);
  await centre.store.importPvs([PV]);
  const user = async (id: string, username: string, role: 'supervisor' | 'escort', pin: string) => ({
    id,
    postCode: 'RAK',
    username,
    displayName: username,
    role,
    active: true,
    pinHash: await hasher.hash(pin),
    mustChangePin: false,
  });
  await centre.store.putUsers([
    await user('u-rak-sup', 'n.bennani', 'supervisor', '5190'),
    await user('u-rak-esc', 'y.tazi', 'escort', '6281'),
  ]);
});
afterAll(async () => {
  await centre.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A post enrolled with the centre and ready (settings, users, PVs, keys), on the sample day. */
async function readyPost() {
  const clock = createManualClock(SAMPLE_NOW);
  const services = await createAppServices({
    dataDir: temp(),
    mode: 'browser',
    version: 'test',
    logger: silentLogger,
    pinHasher: hasher,
    clock,
  });
  const { code } = await centre.store.createEnrolCode('RAK');
  expect(await services.setup.enrol({ url: centre.url, fingerprint: centre.tls!.fingerprint256, code })).toMatchObject({ ok: true });
  await vi.waitFor(() => expect(services.setup.progress()).toMatchObject({ ready: true, pvs: 1, sync: 'idle' }), {
    timeout: 30_000,
    interval: 100,
  });
  return Object.assign(services, { clock });
}

type Services = Awaited<ReturnType<typeof readyPost>>;

const credentials = (services: Services): DeviceCredentials => createSyncStateRepository(services.db).credentials()!;
const outbox = (services: Services) =>
  (services.db.prepare('SELECT audit_seq FROM outbox ORDER BY audit_seq').all() as { audit_seq: number }[]).map((r) => r.audit_seq);
const localChain = (services: Services) =>
  services.db.prepare('SELECT id, seq, hash, device_id FROM audit_log ORDER BY seq').all() as {
    id: string;
    seq: number;
    hash: string;
    device_id: string;
  }[];
const centreChain = async (chainId: string) =>
  (
    await centre.store.storage.query<{ id: string; seq: string; hash: string; pushed_by: string }>(
      'SELECT id, seq::text, hash, pushed_by FROM events WHERE device_id = $1 ORDER BY seq',
      [chainId],
    )
  ).rows.map((r) => ({ ...r, seq: Number(r.seq) }));

/** Revokes the post's machine at the centre and lets the post hear it. */
async function revoke(services: Services): Promise<void> {
  expect(await centre.store.revokeDevice(credentials(services).deviceId)).toBe(true);
  expect(await services.sync.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.revoked' });
}

describe('re-enrolment of a revoked post from the desk', () => {
  it('keeps what was made while revoked and pushes it under the new device, continuing the chain, nothing lost nor twice', async () => {
    const services = await readyPost();
    const ipc = createIpc(services);
    const desk = 'browser:0190a2b4-1111-7222-8333-77778888bbbb';
    try {
      const chainId = services.post.deviceId;
      expect(await ipc.dispatch('auth.login', { username: 'n.bennani', pin: '5190' }, desk)).toMatchObject({ ok: true });
      expect(await services.sync.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
      const before = credentials(services);
      await revoke(services);

      // Offline from the centre's point of view: a departure and a sign-in are recorded as usual.
      const escort = { userId: 'u-rak-esc', role: 'escort' as const };
      const view = services.departures.verify(
        {
          scans: [
            { source: 'wedge', raw: mrzFor(PV) },
            { source: 'wedge', raw: boardingPassFor(PV) },
          ],
        },
        escort,
      );
      if (!view.ok) throw new Error(view.error.message);
      expect(
        services.departures.payPerDiem(
          { passageId: view.value.passageId, receiptNumber: 'R-71', formsSigned: true, signaturePng: TINY_SIGNATURE_PNG },
          escort,
        ),
      ).toMatchObject({ ok: true });
      const other = 'browser:0190a2b4-1111-7222-8333-77778888cccc';
      expect(await ipc.dispatch('auth.login', { username: 'y.tazi', pin: '6281' }, other)).toMatchObject({ ok: true });
      const queued = outbox(services);
      const actions = services.db.prepare('SELECT action FROM audit_log JOIN outbox ON audit_seq = seq ORDER BY seq').pluck().all();
      expect(actions).toEqual(['passage.verified', 'perDiem.paid', 'auth.loggedIn']);
      // Still revoked: the queue stays, the centre has none of it.
      expect(await services.sync.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.revoked', queueLength: queued.length });
      expect(outbox(services)).toEqual(queued);

      // The escort may not re-enrol: only the role that configures the post.
      const { code } = await centre.store.createEnrolCode('RAK');
      expect(await ipc.dispatch('post.reenrol', { code }, other)).toMatchObject({ ok: false, error: { code: 'forbidden' } });

      const done = await ipc.dispatch('post.reenrol', { code: code.toLowerCase().replaceAll('-', ' ') }, desk);
      expect(done).toMatchObject({ ok: true, value: { postCode: 'RAK' } });
      const after = credentials(services);
      expect(after.deviceId).not.toBe(before.deviceId);
      expect(after.privateKey).not.toBe(before.privateKey);
      await vi.waitFor(() => expect(services.sync.status()).toMatchObject({ state: 'idle', queueLength: 0 }), {
        timeout: 30_000,
        interval: 100,
      });

      // The centre holds the post's whole chain once, in order, with the same head.
      const local = localChain(services);
      const remote = await centreChain(chainId);
      expect(remote.map((r) => r.id)).toEqual(local.map((r) => r.id));
      expect(remote.map((r) => r.seq)).toEqual(local.map((_, i) => i + 1));
      expect(remote.at(-1)!.hash).toBe(local.at(-1)!.hash);
      expect(new Set(local.map((r) => r.device_id))).toEqual(new Set([chainId]));
      // Which device pushed what: the revoked one before, the new one after (its own re-enrolment record included).
      const firstQueued = local.findIndex((r) => r.seq === queued[0]);
      expect(new Set(remote.slice(0, firstQueued).map((r) => r.pushed_by))).toEqual(new Set([before.deviceId]));
      expect(new Set(remote.slice(firstQueued).map((r) => r.pushed_by))).toEqual(new Set([after.deviceId]));
      const reenrolled = await centre.store.storage.query<{ actor_id: string; subject: string }>(
        "SELECT actor_id, subject FROM events WHERE device_id = $1 AND action = 'post.reenrolled'",
        [chainId],
      );
      expect(reenrolled.rows).toEqual([{ actor_id: 'u-rak-sup', subject: after.deviceId }]);
      const devices = await centre.store.storage.query<{ id: string; revoked: boolean; replaces: string | null; chain_id: string | null }>(
        "SELECT id, revoked_at IS NOT NULL AS revoked, replaces, chain_id FROM devices WHERE post_code = 'RAK' AND id = ANY($1::text[]) ORDER BY enrolled_at",
        [[before.deviceId, after.deviceId]],
      );
      expect(devices.rows).toEqual([
        { id: before.deviceId, revoked: true, replaces: null, chain_id: null },
        { id: after.deviceId, revoked: false, replaces: before.deviceId, chain_id: chainId },
      ]);

      // The revoked key pushes nothing, and cannot replace its machine a second time.
      const revokedTransport = createHttpTransport({ baseUrl: centre.url, tls: centre.tls, credentials: () => before });
      const head = services.audit.head().seq;
      expect(await revokedTransport.push(services.audit.range(head, head))).toMatchObject({ ok: false, error: { code: 'revoked' } });
      const again = await centre.store.createEnrolCode('RAK');
      expect(await centre.store.enrol(replacement(before, again.code))).toEqual({ ok: false, error: 'notReplaceable' });

      // Later records go on under the new device.
      expect(await ipc.dispatch('auth.logout', {}, other)).toMatchObject({ ok: true });
      expect(await services.sync.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
      expect((await centreChain(chainId)).map((r) => r.id)).toEqual(localChain(services).map((r) => r.id));
    } finally {
      await services.close();
    }
  }, 120_000);

  it('refuses a wrong, expired or other post code, a post not revoked and a forged replacement, with the outbox intact', async () => {
    const services = await readyPost();
    const ipc = createIpc(services);
    const desk = 'browser:0190a2b4-1111-7222-8333-77778888dddd';
    try {
      expect(await ipc.dispatch('auth.login', { username: 'n.bennani', pin: '5190' }, desk)).toMatchObject({ ok: true });
      const reenrol = (code: string) => ipc.dispatch('post.reenrol', { code }, desk);
      // Not revoked: nothing to do, and the centre is not asked.
      const unused = await centre.store.createEnrolCode('RAK');
      expect(await reenrol(unused.code)).toMatchObject({ ok: false, error: { code: 'refused', message: 'setup.errors.notRevoked' } });

      const before = credentials(services);
      await revoke(services);
      const queued = outbox(services);
      expect(queued.length).toBeGreaterThan(0);

      expect(await reenrol('AAAA-BBBB-CCCD')).toMatchObject({ ok: false, error: { message: 'setup.errors.wrongCode' } });
      const expired = await centre.store.createEnrolCode('RAK');
      await centre.store.storage.query('UPDATE enrol_codes SET expires_at = 1 WHERE code_sha256 = $1', [
        createHash('sha256').update(expired.code).digest('hex'),
      ]);
      expect(await reenrol(expired.code)).toMatchObject({ ok: false, error: { message: 'setup.errors.expiredCode' } });
      const otherPost = await centre.store.createEnrolCode('TNG');
      expect(await reenrol(otherPost.code)).toMatchObject({ ok: false, error: { message: 'setup.errors.otherPost' } });
      expect(await reenrol('ABCD')).toMatchObject({ ok: false, error: { code: 'badInput', message: 'setup.errors.badCode' } });
      // Five attempts a minute, the first enrolment's included.
      expect(await reenrol(unused.code)).toMatchObject({ ok: false, error: { code: 'locked', message: 'setup.errors.tooMany' } });
      // Each refusal left everything as it was.
      expect(outbox(services)).toEqual(queued);
      expect(credentials(services)).toEqual(before);
      expect(services.sync.status()).toMatchObject({ state: 'error', message: 'sync.error.revoked' });

      // A code alone does not take over a revoked machine's chain: the replacement must be signed by its key.
      const forged = replacement({ ...before, privateKey: freshPrivateKey() }, unused.code);
      expect(await centre.store.enrol(forged)).toEqual({ ok: false, error: 'notReplaceable' });
      // ... and a refused request does not use the code up: the desk enrols with it, a minute later.
      services.clock.advance(60_000);
      expect(await reenrol(unused.code)).toMatchObject({ ok: true, value: { postCode: 'RAK' } });
      await vi.waitFor(() => expect(services.sync.status()).toMatchObject({ state: 'idle', queueLength: 0 }), {
        timeout: 30_000,
        interval: 100,
      });
      expect((await centreChain(services.post.deviceId)).map((r) => r.id)).toEqual(localChain(services).map((r) => r.id));
    } finally {
      await services.close();
    }
  }, 120_000);
});

/** An enrolment request replacing `device`, signed with the key in `device` (a new id and key pair). */
function replacement(device: DeviceCredentials, code: string) {
  const deviceId = randomUUID();
  const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const key = createPrivateKey({ key: Buffer.from(device.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  const signature = sign(
    null,
    Buffer.from(reenrolSigningText({ previousDeviceId: device.deviceId, deviceId, publicKey, code }), 'utf8'),
    key,
  );
  return { code, deviceId, publicKey, replaces: { deviceId: device.deviceId, signature: signature.toString('base64') } };
}

function freshPrivateKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}
