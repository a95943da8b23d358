import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_HEADERS, signingText } from '../../core/sync/protocol';
import { createSyncClient } from '../../main/sync/index';
import { createSyncStateRepository } from '../../main/sync/sync-state-repository';
import { createConsoleStore } from '../../server/console/console-store';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import { applyTestPvs, centreFetch, newId, openPostDb, writeRecords } from './helpers';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({});
});
afterAll(async () => {
  await server.close();
});

const EMPTY_SHA256 = createHash('sha256').update(Buffer.alloc(0)).digest('hex');

/** Headers of a request signed with the post's device key, over `signedPath`. */
function signedHeaders(privateKeyDer: string, deviceId: string, signedPath: string): Record<string, string> {
  const time = Date.now();
  const nonce = randomBytes(16).toString('hex');
  const key = createPrivateKey({ key: Buffer.from(privateKeyDer, 'base64'), format: 'der', type: 'pkcs8' });
  const text = signingText({ method: 'GET', path: signedPath, time, nonce, bodySha256: EMPTY_SHA256 });
  return {
    [AUTH_HEADERS.device]: deviceId,
    [AUTH_HEADERS.time]: String(time),
    [AUTH_HEADERS.nonce]: nonce,
    [AUTH_HEADERS.bodySha256]: EMPTY_SHA256,
    [AUTH_HEADERS.signature]: sign(null, Buffer.from(text, 'utf8'), key).toString('base64'),
  };
}

async function deviceRow(postCode: string, deviceId: string) {
  const devices = await createConsoleStore(server.store.storage).devices(postCode);
  return devices.find((d) => d.id === deviceId);
}

describe('device report (app version, sync backlog)', () => {
  it('a signed pull tells the centre the app version, the records waiting and when the device was seen', async () => {
    const db = openPostDb();
    const engine = createSyncClient({ db, baseUrl: server.url, tls: server.tls, applyPvs: applyTestPvs, appVersion: '1.4.2' });
    const { code } = await server.store.createEnrolCode('OUJ');
    const deviceId = newId();
    expect(await engine.enrol({ code, deviceId })).toMatchObject({ ok: true });
    expect(await deviceRow('OUJ', deviceId)).toMatchObject({ appVersion: null, syncBacklog: null, lastSeenAt: null });

    writeRecords(db, { deviceId, postCode: 'OUJ' }, [
      { action: 'auth.loggedIn' },
      { action: 'auth.loggedIn' },
      { action: 'auth.loggedIn' },
    ]);
    const before = Date.now();
    await engine.syncNow();
    // The pull leaves with the push: the three records were still waiting when it was signed.
    const first = await deviceRow('OUJ', deviceId);
    expect(first).toMatchObject({ appVersion: '1.4.2', syncBacklog: 3 });
    expect(first?.lastSeenAt).toBeGreaterThanOrEqual(before);
    expect(first?.reportedAt).toBeGreaterThanOrEqual(before);

    await engine.syncNow();
    expect(await deviceRow('OUJ', deviceId)).toMatchObject({ appVersion: '1.4.2', syncBacklog: 0 });
  });

  it('stores nothing from an altered query, an unsigned header or a malformed value', async () => {
    const db = openPostDb();
    const engine = createSyncClient({ db, baseUrl: server.url, tls: server.tls, applyPvs: applyTestPvs, appVersion: '2.0.0' });
    const { code } = await server.store.createEnrolCode('TNG');
    const deviceId = newId();
    expect(await engine.enrol({ code, deviceId })).toMatchObject({ ok: true });
    await engine.syncNow();
    expect(await deviceRow('TNG', deviceId)).toMatchObject({ appVersion: '2.0.0', syncBacklog: 0 });
    const creds = createSyncStateRepository(db).credentials()!;

    // Signed with one version, sent with another: the signature does not hold.
    const signedPath = '/v1/pull?cursor=0&limit=1&appVersion=2.0.0&backlog=0';
    const forged = await centreFetch(server, '/v1/pull?cursor=0&limit=1&appVersion=9.9.9&backlog=0', {
      headers: signedHeaders(creds.privateKey, deviceId, signedPath),
    });
    expect(forged.status).toBe(401);
    expect(forged.json()).toEqual({ error: 'auth.signature' });

    // Values outside the signed request are not read.
    const unsigned = await centreFetch(server, '/v1/pull?cursor=0&limit=1', {
      headers: {
        ...signedHeaders(creds.privateKey, deviceId, '/v1/pull?cursor=0&limit=1'),
        'x-rva-app-version': '9.9.9',
        'x-rva-backlog': '77',
      },
    });
    expect(unsigned.status).toBe(200);

    // Signed but malformed: refused whole.
    const badPath = '/v1/pull?cursor=0&limit=1&appVersion=%3Cscript%3E&backlog=-4';
    const malformed = await centreFetch(server, badPath, { headers: signedHeaders(creds.privateKey, deviceId, badPath) });
    expect(malformed.status).toBe(400);

    expect(await deviceRow('TNG', deviceId)).toMatchObject({ appVersion: '2.0.0', syncBacklog: 0 });
  });
});
