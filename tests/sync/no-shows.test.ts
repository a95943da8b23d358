/**
 * A flight closed at a post with a no-show: the no-show reaches the centre through the audit
 * chain and is kept there by PV (server migration 4), so the PV can be re-scheduled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Pv } from '../../core/departure/pv';
import { SAMPLE_NOW, samplePv } from '../../core/departure/testing';
import { createAppServices } from '../../main/services/app-services';
import { createManualClock, silentLogger } from '../../main/services/runtime';
import { seedDemo } from '../../main/demo/demo-seed';
import { startDemoCentre } from '../../server/embedded';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'rva-no-show-'));
  dirs.push(d);
  return d;
};

type Services = Awaited<ReturnType<typeof createAppServices>>;
type Centre = Awaited<ReturnType<typeof startDemoCentre>>;

/** A demo centre holding `pvs` and post CMN enrolled with it and synced once; `run` gets both and the supervisor. */
async function withEnrolledPost(
  pvs: Pv[],
  run: (post: Services, centre: Centre, supervisor: { userId: string; role: 'supervisor' }) => Promise<void>,
): Promise<void> {
  const centre = await startDemoCentre({ dataDir: temp(), pvs });
  try {
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
      const supervisor = services.db.prepare("SELECT id FROM users WHERE username = 'superviseur'").get() as { id: string };
      await run(services, centre, { userId: supervisor.id, role: 'supervisor' });
    } finally {
      await services.close();
    }
  } finally {
    await centre.close();
  }
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('no-shows', () => {
  it('reach the centre, once, with the PV, the flight and the reason', async () => {
    const flight = { mode: 'air' as const, carrier: 'AT', flightNumber: '999', date: '2026-06-15' };
    const stays = samplePv({ pvNumber: 'PV-NS-1', ticket: flight, travelDocument: { ...samplePv().travelDocument, number: 'LP1111111' } });
    const other = samplePv({ pvNumber: 'PV-NS-2', ticket: flight, travelDocument: { ...samplePv().travelDocument, number: 'LP2222222' } });
    await withEnrolledPost([stays, other], async (services, centre, supervisor) => {
      const closed = services.flights.close(
        { flightKey: 'AIR:AT999:2026-06-15', noShows: [{ pvNumber: 'PV-NS-1', reason: 'withdrew', note: '' }] },
        supervisor,
      );
      expect(closed.ok).toBe(true);
      expect(await centre.store.noShows()).toEqual([]);

      expect(await services.sync.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
      const atCentre = await centre.store.noShows('PV-NS-1');
      expect(atCentre).toEqual([
        expect.objectContaining({
          pvNumber: 'PV-NS-1',
          postCode: 'CMN',
          flightKey: 'AIR:AT999:2026-06-15',
          reason: 'withdrew',
          note: '',
        }),
      ]);
      expect(await centre.store.noShows('PV-NS-2')).toEqual([]);
      // Pushing again changes nothing.
      await services.sync.syncNow();
      expect(await centre.store.noShows()).toHaveLength(1);
    });
  });

  it('a no-show cleared at the post before closing, and a reopening, reach the centre; the cleared one is no longer listed', async () => {
    const flight = { mode: 'air' as const, carrier: 'AT', flightNumber: '998', date: '2026-06-15' };
    const came = samplePv({ pvNumber: 'PV-NS-3', ticket: flight, travelDocument: { ...samplePv().travelDocument, number: 'LP3333333' } });
    const stays = samplePv({ pvNumber: 'PV-NS-4', ticket: flight, travelDocument: { ...samplePv().travelDocument, number: 'LP4444444' } });
    await withEnrolledPost([came, stays], async (services, centre, actor) => {
      const flightKey = 'AIR:AT998:2026-06-15';
      for (const pvNumber of ['PV-NS-3', 'PV-NS-4'])
        expect(services.flights.markNoShow({ flightKey, pvNumber, reason: 'didNotCome', note: '' }, actor).ok).toBe(true);
      expect(await services.sync.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
      expect((await centre.store.noShows()).map((n) => n.pvNumber).sort()).toEqual(['PV-NS-3', 'PV-NS-4']);

      expect(services.flights.clearNoShow({ flightKey, pvNumber: 'PV-NS-3' }, actor).ok).toBe(true);
      expect(services.flights.close({ flightKey, noShows: [] }, actor).ok).toBe(true);
      expect(services.flights.reopen({ flightKey, reason: 'Bénéficiaire arrivé après la clôture' }, actor).ok).toBe(true);
      expect(await services.sync.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
      expect((await centre.store.noShows()).map((n) => n.pvNumber)).toEqual(['PV-NS-4']);
      const { rows } = await centre.store.storage.query<{ action: string }>(
        "SELECT action FROM events WHERE action IN ('flight.noShowCleared', 'flight.reopened') ORDER BY seq",
      );
      expect(rows.map((r) => r.action)).toEqual(['flight.noShowCleared', 'flight.reopened']);
    });
  });
});
