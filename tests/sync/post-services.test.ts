/**
 * The post app as it runs (createAppServices) synced with an embedded centre: enrolment on first
 * start, PVs issued by the centre reach the post cache, departure facts reach the centre, status
 * reaches the UI as events.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SAMPLE_NOW, samplePv } from '../../core/departure/testing';
import { syncConfigFromEnv } from '../../main/services/sync-service';
import { createAppServices } from '../../main/services/app-services';
import { createManualClock, silentLogger } from '../../main/services/runtime';
import { TINY_SIGNATURE_PNG, boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';
import { startDemoCentre } from '../../server/embedded';
import { seedDemo } from '../../main/demo/demo-seed';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'rva-post-sync-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('post services synced with a centre', () => {
  it('enrols, pulls the centre PVs, pushes a payment and drains its outbox', async () => {
    const pv = samplePv({ pvNumber: 'PV-CENTRE-1', travelDocument: { ...samplePv().travelDocument, number: 'LP7777777' } });
    const centre = await startDemoCentre({ dataDir: temp(), pvs: [pv] });
    try {
      const clock = createManualClock(SAMPLE_NOW);
      const services = await createAppServices({
        dataDir: temp(),
        mode: 'browser',
        version: 'test',
        seed: seedDemo,
        clock,
        logger: silentLogger,
        sync: { baseUrl: centre.url, tls: centre.tls, enrolCode: await centre.issueEnrolCode('CMN'), intervalMs: 60_000 },
      });
      const statuses: string[] = [];
      services.bus.subscribe((key, payload) => {
        if (key === 'sync.statusChanged') statuses.push((payload as { state: string }).state);
      });
      try {
        expect(services.sync.configured).toBe(true);
        expect(await services.sync.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
        expect(services.db.prepare("SELECT source FROM pvs WHERE pv_number = 'PV-CENTRE-1'").get()).toEqual({ source: 'sync' });

        const escort = services.db.prepare("SELECT id FROM users WHERE username = 'escorte'").get() as { id: string };
        const actor = { userId: escort.id, role: 'escort' as const };
        const view = services.departures.verify(
          {
            scans: [
              { source: 'wedge', raw: mrzFor(pv) },
              { source: 'wedge', raw: boardingPassFor(pv) },
            ],
          },
          actor,
        );
        if (!view.ok) throw new Error(view.error.message);
        const paid = services.departures.payPerDiem(
          { passageId: view.value.passageId, receiptNumber: 'R-9', formsSigned: true, signaturePng: TINY_SIGNATURE_PNG },
          actor,
        );
        expect(paid.ok).toBe(true);
        expect((services.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n).toBeGreaterThan(0);

        expect(await services.sync.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
        expect(services.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
        expect(statuses).toContain('syncing');
        expect(statuses.at(-1)).toBe('idle');
      } finally {
        await services.close();
      }
    } finally {
      await centre.close();
    }
  }, 120_000);

  it('says offline, keeps working and keeps its outbox when the centre goes away', async () => {
    const centre = await startDemoCentre({ dataDir: temp() });
    const services = await createAppServices({
      dataDir: temp(),
      mode: 'browser',
      version: 'test',
      seed: seedDemo,
      clock: createManualClock(SAMPLE_NOW),
      logger: silentLogger,
      sync: { baseUrl: centre.url, tls: centre.tls, enrolCode: await centre.issueEnrolCode('CMN'), intervalMs: 60_000 },
    });
    try {
      expect(await services.sync.syncNow()).toMatchObject({ state: 'idle' });
      await centre.close();
      expect(services.departures.importPvs(JSON.stringify({ version: 1, pvs: [samplePv()] }), 'json', null)).toMatchObject({ ok: true });
      const status = await services.sync.syncNow();
      expect(status.state).toBe('offline');
      expect(status).toMatchObject({ queueLength: 1 });
      expect(services.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 1 });
    } finally {
      await services.close();
    }
  }, 60_000);

  it('refuses a plain http:// centre with a clear error, and still starts', async () => {
    const services = await createAppServices({
      dataDir: ':memory:',
      mode: 'browser',
      version: 'test',
      seed: seedDemo,
      logger: silentLogger,
      sync: { baseUrl: 'http://127.0.0.1:4100', tls: null, enrolCode: 'AAAA-BBBB-CCCC' },
    });
    try {
      expect(services.sync.status()).toEqual({ state: 'error', lastSuccessAt: null, queueLength: 0, message: 'sync.error.insecureUrl' });
    } finally {
      await services.close();
    }
  });

  it('starts with an https:// centre (no pin: a clear error, not a failed start)', async () => {
    const config = syncConfigFromEnv({ RVA_CENTRAL_URL: 'https://centre.example:8443', RVA_ENROL_CODE: 'AAAA-BBBB-CCCC' });
    const services = await createAppServices({
      dataDir: ':memory:',
      mode: 'browser',
      version: 'test',
      seed: seedDemo,
      logger: silentLogger,
      sync: config,
    });
    try {
      expect(services.sync.status()).toMatchObject({ state: 'error', message: 'sync.error.noPin' });
    } finally {
      await services.close();
    }
  });

  it('enrols with address + fingerprint + code, with clear errors, and moves from the demo centre to a real one', async () => {
    const demo = await startDemoCentre({ dataDir: temp() });
    const real = await startDemoCentre({ dataDir: temp() });
    const dataDir = temp();
    const services = await createAppServices({
      dataDir,
      mode: 'browser',
      version: 'test',
      seed: seedDemo,
      logger: silentLogger,
      sync: { baseUrl: demo.url, tls: demo.tls, enrolCode: await demo.issueEnrolCode('CMN'), intervalMs: 60_000 },
    });
    try {
      expect(await services.sync.syncNow()).toMatchObject({ state: 'idle' });
      const fingerprint256 = real.tls!.fingerprint256;
      const code = await real.issueEnrolCode('CMN');
      expect(await services.sync.enrol({ baseUrl: real.url.replace('https', 'http'), fingerprint256, code })).toEqual({
        ok: false,
        error: 'insecureUrl',
      });
      expect(await services.sync.enrol({ baseUrl: real.url, fingerprint256: demo.tls!.fingerprint256, code })).toEqual({
        ok: false,
        error: 'fingerprintMismatch',
      });
      expect(await services.sync.enrol({ baseUrl: real.url, fingerprint256, code: 'AAAA-BBBB-CCCC' })).toEqual({
        ok: false,
        error: 'wrongCode',
      });
      expect(await services.sync.enrol({ baseUrl: 'https://127.0.0.1:1', fingerprint256, code })).toEqual({
        ok: false,
        error: 'unreachable',
      });
      // Still on the demo centre after the failures.
      expect(await services.sync.syncNow()).toMatchObject({ state: 'idle' });
      expect(await services.sync.enrol({ baseUrl: real.url, fingerprint256, code })).toEqual({ ok: true, postCode: 'CMN' });
      expect(await services.sync.syncNow()).toMatchObject({ state: 'idle' });
      // A code is used once (both centres here are demo centres, so moving again is allowed).
      expect(await services.sync.enrol({ baseUrl: real.url, fingerprint256, code })).toEqual({ ok: false, error: 'usedCode' });
      expect(await services.sync.syncNow()).toMatchObject({ state: 'idle' });
    } finally {
      await services.close();
      await demo.close();
      await real.close();
    }
  }, 180_000);

  it('a post moved from the demo centre to a real one takes the post code the real centre gives it', async () => {
    const demo = await startDemoCentre({ dataDir: temp() });
    const real = await startDemoCentre({ dataDir: temp() });
    const services = await createAppServices({
      dataDir: temp(),
      mode: 'browser',
      version: 'test',
      seed: seedDemo,
      logger: silentLogger,
      sync: { baseUrl: demo.url, tls: demo.tls, enrolCode: await demo.issueEnrolCode('CMN'), intervalMs: 60_000 },
    });
    try {
      expect(await services.sync.syncNow()).toMatchObject({ state: 'idle' });
      expect(services.post.post.code).toBe('CMN');
      const code = await real.issueEnrolCode('RAK');
      expect(await services.sync.enrol({ baseUrl: real.url, fingerprint256: real.tls!.fingerprint256, code })).toEqual({
        ok: true,
        postCode: 'RAK',
      });
      expect(services.post.post.code).toBe('RAK');
    } finally {
      await services.close();
      await demo.close();
      await real.close();
    }
  }, 180_000);

  it('reports notConfigured without a centre', async () => {
    const services = await createAppServices({
      dataDir: ':memory:',
      mode: 'browser',
      version: 'test',
      seed: seedDemo,
      logger: silentLogger,
    });
    expect(services.sync.status()).toEqual({ state: 'notConfigured' });
    await services.close();
  });
});
