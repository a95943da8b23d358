/**
 * A flight closed at a post with a no-show: the no-show reaches the centre through the audit
 * chain and is kept there by PV (server migration 4), so the PV can be re-scheduled; the new
 * departure the centre gives it reaches the post in its signed pull, and the post then shows the
 * PV on the new flight and lets it leave on it, the old no-show staying with the old flight.
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
import { createNoShowFollowUp } from '../../server/console/no-shows';
import { boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';

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
  clock = createManualClock(SAMPLE_NOW),
): Promise<void> {
  const centre = await startDemoCentre({ dataDir: temp(), pvs });
  try {
    const services = await createAppServices({
      dataDir: temp(),
      mode: 'browser',
      version: 'test',
      seed: seedDemo,
      clock,
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

  it('a re-scheduled PV reaches the post: on the new flight, allowed there; the old no-show stays with the old flight', async () => {
    const oldFlight = { mode: 'air' as const, carrier: 'AT', flightNumber: '997', date: '2026-06-15', pnr: 'K7QZ2P' };
    const moved = samplePv({
      pvNumber: 'PV-NS-5',
      ticket: oldFlight,
      travelDocument: { ...samplePv().travelDocument, number: 'LP5555555' },
    });
    const stays = samplePv({
      pvNumber: 'PV-NS-6',
      ticket: oldFlight,
      beneficiary: { ...samplePv().beneficiary, surname: 'TRAORE', givenNames: 'AWA' },
      travelDocument: { ...samplePv().travelDocument, number: 'LP6666666' },
    });
    const alone = samplePv({
      pvNumber: 'PV-NS-7',
      ticket: { ...oldFlight, flightNumber: '996' },
      travelDocument: { ...samplePv().travelDocument, number: 'LP7777777' },
    });
    const clock = createManualClock(SAMPLE_NOW);
    await withEnrolledPost(
      [moved, stays, alone],
      async (services, centre, supervisor) => {
        const oldKey = 'AIR:AT997:2026-06-15';
        const aloneKey = 'AIR:AT996:2026-06-15';
        const closed = services.flights.close(
          { flightKey: oldKey, noShows: [{ pvNumber: 'PV-NS-5', reason: 'medical', note: '' }] },
          supervisor,
        );
        expect(closed.ok).toBe(true);
        expect(
          services.flights.close({ flightKey: aloneKey, noShows: [{ pvNumber: 'PV-NS-7', reason: 'didNotCome', note: '' }] }, supervisor)
            .ok,
        ).toBe(true);
        expect(await services.sync.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });

        // The centre gives both PVs a new departure (as the console's route does).
        const followUp = createNoShowFollowUp(centre.store, { now: () => SAMPLE_NOW });
        for (const [pvNumber, flightNumber] of [
          ['PV-NS-5', '1001'],
          ['PV-NS-7', '1002'],
        ] as const) {
          const [noShow] = await centre.store.noShows(pvNumber);
          const done = await followUp.reschedule(noShow!.eventId, 'amina', {
            mode: 'air',
            carrier: 'AT',
            flightNumber,
            date: '2026-06-16',
          });
          expect(done).toEqual({ ok: true, pvNumber, revision: 2 });
        }
        expect(await services.sync.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
        const cached = services.db.prepare("SELECT revision, body FROM pvs WHERE pv_number = 'PV-NS-5'").get() as {
          revision: number;
          body: string;
        };
        expect(cached.revision).toBe(2);
        expect(JSON.parse(cached.body).ticket).toEqual({ mode: 'air', carrier: 'AT', flightNumber: '1001', date: '2026-06-16' });

        // The new day's board: the PV on its new flight, expected, no no-show carried over.
        const nextDay = services.flights.board('2026-06-16');
        const newFlight = nextDay.flights.find((f) => f.key === 'AIR:AT1001:2026-06-16');
        expect(newFlight?.beneficiaries.map((b) => [b.pvNumber, b.stage, b.noShow])).toEqual([['PV-NS-5', 'expected', null]]);
        expect(newFlight?.counts).toMatchObject({ total: 1, noShow: 0, missing: 1 });

        // The old day's board and report still have the no-show on the old flight, also where it was the flight's only PV.
        const oldDay = services.flights.board('2026-06-15');
        const before = oldDay.flights.find((f) => f.key === oldKey);
        expect(before?.beneficiaries.map((b) => [b.pvNumber, b.stage])).toEqual([
          ['PV-NS-5', 'noShow'],
          ['PV-NS-6', 'expected'],
        ]);
        expect(before?.identity).toEqual({ mode: 'air', carrier: 'AT', flightNumber: '997', date: '2026-06-15' });
        const report = services.flights.report(oldKey);
        expect(report?.noShows.map((n) => [n.pvNumber, n.reason])).toEqual([['PV-NS-5', 'medical']]);
        expect(report?.flight.counts).toMatchObject({ total: 2, noShow: 1 });
        const aloneReport = services.flights.report(aloneKey);
        expect(aloneReport?.flight.identity).toEqual({ mode: 'air', carrier: 'AT', flightNumber: '996', date: '2026-06-15' });
        expect(aloneReport?.noShows.map((n) => n.pvNumber)).toEqual(['PV-NS-7']);
        expect(aloneReport?.flight.beneficiaries.map((b) => [b.pvNumber, b.stage])).toEqual([['PV-NS-7', 'noShow']]);

        // On the new day, a passage against the new flight is allowed; the old flight's boarding pass is refused as before.
        clock.set(Date.parse('2026-06-16T08:00:00Z'));
        const officer = services.db.prepare("SELECT id FROM users WHERE username = 'officier'").get() as { id: string };
        const actor = { userId: officer.id, role: 'officer' as const };
        const now = { ...moved, ticket: { mode: 'air' as const, carrier: 'AT', flightNumber: '1001', date: '2026-06-16' } };
        // The document and the boarding pass of a ticket, scanned at the desk.
        const scan = (pv: Pv) => {
          const view = services.departures.verify(
            { scans: [mrzFor(pv), boardingPassFor(pv)].map((raw) => ({ source: 'wedge', raw })) },
            actor,
          );
          if (!view.ok) throw new Error(view.error.message);
          return view.value;
        };
        const stale = scan(moved);
        expect(stale.verdict).not.toBe('ALLOW');
        expect(stale.rules.filter((r) => r.status === 'failed').map((r) => r.id)).toEqual(
          expect.arrayContaining(['ticket.date', 'ticket.flight']),
        );
        const allowed = scan(now);
        expect(allowed.verdict).toBe('ALLOW');
        const stamped = services.departures.recordStamp({ passageId: allowed.passageId, stampNumber: 'S-1001' }, actor);
        expect(stamped.ok).toBe(true);
        const after = services.flights.board('2026-06-16').flights.find((f) => f.key === 'AIR:AT1001:2026-06-16');
        expect(after?.beneficiaries.map((b) => [b.pvNumber, b.stage])).toEqual([['PV-NS-5', 'stamped']]);
        // The new flight closes with no no-show, while the old one keeps its own.
        expect(services.flights.close({ flightKey: 'AIR:AT1001:2026-06-16', noShows: [] }, supervisor)).toMatchObject({
          ok: true,
          value: { counts: expect.objectContaining({ noShow: 0, stamped: 1 }) },
        });
        expect(services.flights.report(oldKey)?.flight.counts).toMatchObject({ noShow: 1 });
      },
      clock,
    );
  });
});
