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
        sync: { baseUrl: centre.url, enrolCode: await centre.issueEnrolCode('CMN'), intervalMs: 60_000 },
      });
      const statuses: string[] = [];
      services.bus.subscribe((key, payload) => {
        if (key === 'sync.statusChanged') statuses.push((payload as { state: string }).state);
      });
      try {
        expect(services.sync.configured).toBe(true);
        expect(await services.sync.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
        expect(services.departures).toBeDefined();
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
      sync: { baseUrl: centre.url, enrolCode: await centre.issueEnrolCode('CMN'), intervalMs: 60_000 },
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
