import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/sync/protocol';
import type { SyncTransport } from '../../main/sync/http-transport';
import { createSyncEngine } from '../../main/sync/sync-engine';
import { applyTestPvs, newId, openPostDb, outboxCount, writeRecords } from './helpers';

function fakeTimers() {
  const pending: { fn: () => void; ms: number }[] = [];
  return {
    pending,
    setTimeout(fn: () => void, ms: number) {
      const t = { fn, ms };
      pending.push(t);
      return t;
    },
    clearTimeout(handle: unknown) {
      const i = pending.indexOf(handle as { fn: () => void; ms: number });
      if (i >= 0) pending.splice(i, 1);
    },
    async fire() {
      const t = pending.shift();
      t?.fn();
      await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => setTimeout(r, 0));
      return t?.ms;
    },
  };
}

const offline: SyncTransport = {
  enrol: async () => ({ ok: false, error: { code: 'offline' } }),
  push: async () => ({ ok: false, error: { code: 'offline' } }),
  pull: async () => ({ ok: false, error: { code: 'offline' } }),
};

function enrolledDb() {
  const db = openPostDb();
  return db;
}

describe('sync engine', () => {
  it('is notConfigured until enrolled', async () => {
    const engine = createSyncEngine({ db: openPostDb(), transport: offline, applyPvs: applyTestPvs });
    expect(engine.status()).toEqual({ state: 'notConfigured' });
    expect(await engine.syncNow()).toEqual({ state: 'notConfigured' });
  });

  it('backs off exponentially with jitter while offline, and reports offline with the queue length', async () => {
    const db = enrolledDb();
    const timers = fakeTimers();
    const statuses: SyncStatus[] = [];
    const engine = createSyncEngine({
      db,
      transport: offline,
      applyPvs: applyTestPvs,
      timers,
      random: () => 0.5,
      backoff: { baseMs: 1000, maxMs: 8000 },
      onStatus: (s) => statuses.push(s),
    });
    engine.state.pendingPublicKey();
    engine.state.saveEnrolment(newId(), 'CMN', 1, { centreKey: 'A'.repeat(43) + '=' });
    writeRecords(db, { deviceId: newId(), postCode: 'CMN' }, [{ action: 'a.b' }, { action: 'a.c' }]);
    engine.start();
    const delays: number[] = [];
    expect(await timers.fire()).toBe(0);
    for (let i = 0; i < 6; i++) delays.push((await timers.fire())!);
    // ceiling 1, 2, 4, 8, 8, 8 s; equal jitter with random 0.5 gives 3/4 of the ceiling.
    expect(delays).toEqual([750, 1500, 3000, 6000, 6000, 6000]);
    expect(engine.status()).toEqual({ state: 'offline', lastSuccessAt: null, queueLength: 2 });
    expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['syncing', 'offline']));
    await engine.stop();
    expect(timers.pending).toEqual([]);
  });

  it('jitter spreads the retry delay between half and all of the ceiling', async () => {
    for (const [r, expected] of [
      [0, 500],
      [0.99, 995],
    ] as const) {
      const timers = fakeTimers();
      const engine = createSyncEngine({
        db: enrolledDb(),
        transport: offline,
        applyPvs: applyTestPvs,
        timers,
        random: () => r,
        backoff: { baseMs: 1000, maxMs: 8000 },
      });
      engine.state.pendingPublicKey();
      engine.state.saveEnrolment(newId(), 'CMN', 1, { centreKey: 'A'.repeat(43) + '=' });
      engine.start();
      await timers.fire();
      expect(Math.round((await timers.fire())!)).toBe(expected);
      await engine.stop();
    }
  });

  it('coalesces syncNow calls made while a cycle runs into one more cycle', async () => {
    let pushes = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const transport: SyncTransport = {
      ...offline,
      push: async (events) => {
        pushes++;
        await gate;
        return { ok: true, value: { results: events.map((e) => ({ id: e.id, status: 'accepted' as const })) } };
      },
      pull: async (cursor) => ({ ok: true, value: { cursor, changes: [], hasMore: false } }),
    };
    const db = enrolledDb();
    const engine = createSyncEngine({ db, transport, applyPvs: applyTestPvs });
    engine.state.pendingPublicKey();
    const deviceId = newId();
    engine.state.saveEnrolment(deviceId, 'CMN', 1, { centreKey: 'A'.repeat(43) + '=' });
    writeRecords(db, { deviceId, postCode: 'CMN' }, [{ action: 'a.b' }]);
    const first = engine.syncNow();
    writeRecords(db, { deviceId, postCode: 'CMN' }, [{ action: 'a.c' }]);
    const others = [engine.syncNow(), engine.syncNow(), engine.syncNow()];
    release();
    await Promise.all([first, ...others]);
    expect(pushes).toBe(2);
    expect(outboxCount(db)).toBe(0);
    expect(engine.status()).toMatchObject({ state: 'idle', queueLength: 0 });
    expect((engine.status() as { lastSuccessAt: number | null }).lastSuccessAt).not.toBeNull();
  });

  it('rolls the page back and keeps the cursor when applying it fails', async () => {
    const { makePv } = await import('./helpers');
    const transport: SyncTransport = {
      ...offline,
      push: async () => ({ ok: true, value: { results: [] } }),
      pull: async () => ({
        ok: true,
        value: {
          cursor: '2',
          hasMore: false,
          changes: [
            { seq: '1', kind: 'settings', settings: { perDiem: { amount: 10000, currency: 'USD', periodDays: 365 } } },
            { seq: '2', kind: 'pv', pv: makePv(1) },
          ],
        },
      }),
    };
    const db = enrolledDb();
    const engine = createSyncEngine({
      db,
      transport,
      applyPvs: () => {
        throw new Error('disk full');
      },
    });
    engine.state.pendingPublicKey();
    engine.state.saveEnrolment(newId(), 'CMN', 1, { centreKey: 'A'.repeat(43) + '=' });
    expect(await engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.applyFailed' });
    expect(engine.state.cursor()).toBe('0');
    expect(engine.state.settings()).toBeNull();
  });
});
