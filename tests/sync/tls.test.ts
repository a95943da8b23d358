import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../main/sync/http-transport';
import { createSyncClient } from '../../main/sync/index';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import { createPgliteStorage } from '../../server/storage';
import { createSelfSignedTls } from '../../server/tls';
import type { Storage } from '../../server/storage';
import { applyTestPvs, makePv, newId, openPostDb, outboxCount, writeRecords } from './helpers';

let dirs: string[] = [];
let storage: Storage;
let centre: RunningServer;
let impostor: RunningServer;

beforeAll(async () => {
  dirs = [mkdtempSync(join(tmpdir(), 'rva-tls-a-')), mkdtempSync(join(tmpdir(), 'rva-tls-b-'))];
  storage = await createPgliteStorage();
  centre = await startServer({ dataDir: dirs[0]!, storage, tls: 'demo' });
  // Another server with its own certificate, sharing the same data: only the certificate differs.
  impostor = await startServer({ dataDir: dirs[1]!, storage, tls: 'demo', adminToken: centre.adminToken });
});
afterAll(async () => {
  await centre?.close();
  await impostor?.close();
  await storage?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('TLS with a pinned certificate', () => {
  it('syncs over https with the right CA and pin', async () => {
    expect(centre.url.startsWith('https://')).toBe(true);
    expect(centre.tls?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const db = openPostDb();
    const engine = createSyncClient({ db, baseUrl: centre.url, tls: centre.tls, applyPvs: applyTestPvs });
    const { code } = await centre.store.createEnrolCode('CMN');
    const deviceId = newId();
    expect(await engine.enrol({ code, deviceId })).toEqual({ ok: true, postCode: 'CMN', demo: false });
    writeRecords(db, { deviceId, postCode: 'CMN' }, [{ action: 'stamp.recorded', details: { pvNumber: 'PV-TLS' } }]);
    await centre.store.importPvs([makePv(55_001)]);
    expect((await engine.syncNow()).state).toBe('idle');
    expect(outboxCount(db)).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM test_pvs').get()).toEqual({ n: 1 });
  });

  it('refuses a server whose certificate is not the pinned one, changing nothing', async () => {
    const db = openPostDb();
    const engine = createSyncClient({ db, baseUrl: centre.url, tls: centre.tls, applyPvs: applyTestPvs });
    const { code } = await centre.store.createEnrolCode('CMN');
    const deviceId = newId();
    expect((await engine.enrol({ code, deviceId })).ok).toBe(true);
    writeRecords(db, { deviceId, postCode: 'CMN' }, [{ action: 'stamp.recorded', details: { pvNumber: 'PV-TLS-2' } }]);
    // Same CA, wrong pin.
    const wrongPin = createSyncClient({
      db,
      baseUrl: centre.url,
      tls: { caPem: centre.tls!.caPem, fingerprint256: impostor.tls!.fingerprint256 },
      applyPvs: applyTestPvs,
    });
    expect(await wrongPin.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.fingerprintMismatch', queueLength: 1 });
    // The impostor with its own CA, while the post trusts the centre's CA and pin.
    const impostorUrl = impostor.url;
    const fooled = createSyncClient({ db, baseUrl: impostorUrl, tls: centre.tls, applyPvs: applyTestPvs });
    expect(await fooled.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.certificate', queueLength: 1 });
    // The impostor's CA and pin on the centre's address: refused too.
    const other = createSyncClient({ db, baseUrl: centre.url, tls: impostor.tls, applyPvs: applyTestPvs });
    expect(await other.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.certificate' });
    expect(engine.state.cursor()).toBe('0');
    expect(await centre.store.eventIds(deviceId)).toEqual([]);
  });

  it('will not talk https without a pin, nor plain http at all', () => {
    expect(() => createHttpTransport({ baseUrl: centre.url, tls: null, credentials: () => null })).toThrow('sync.error.noPin');
    expect(() => createHttpTransport({ baseUrl: centre.url.replace('https:', 'http:'), tls: centre.tls, credentials: () => null })).toThrow(
      'sync.error.insecureUrl',
    );
  });

  it('pins the fingerprint alone (no CA), as a post enrolled with address + fingerprint does', async () => {
    const db = openPostDb();
    const pinOnly = { fingerprint256: centre.tls!.fingerprint256 };
    const engine = createSyncClient({ db, baseUrl: centre.url, tls: pinOnly, applyPvs: applyTestPvs });
    const { code } = await centre.store.createEnrolCode('CMN');
    expect(await engine.enrol({ code, deviceId: newId() })).toEqual({ ok: true, postCode: 'CMN', demo: false });
    // The impostor's address with the centre's pin: refused before anything is sent.
    const fooled = createSyncClient({ db: openPostDb(), baseUrl: impostor.url, tls: pinOnly, applyPvs: applyTestPvs });
    const before = await centre.store.createEnrolCode('CMN');
    expect(await fooled.enrol({ code: before.code, deviceId: newId() })).toEqual({ ok: false, error: 'fingerprintMismatch' });
    // The code was never seen by anyone: still usable.
    const third = createSyncClient({ db: openPostDb(), baseUrl: centre.url, tls: pinOnly, applyPvs: applyTestPvs });
    expect(await third.enrol({ code: before.code, deviceId: newId() })).toEqual({ ok: true, postCode: 'CMN', demo: false });
  });

  it('makes its certificate without any external binary', () => {
    const made = createSelfSignedTls({ dns: ['centre.example'], ips: ['10.0.0.5'] });
    const cert = new X509Certificate(made.cert);
    expect(cert.subjectAltName).toBe('DNS:centre.example, IP Address:10.0.0.5');
    expect(made.fingerprint256).toBe(cert.fingerprint256);
    expect(cert.checkPrivateKey(createPrivateKey(made.key))).toBe(true);
  });
});
