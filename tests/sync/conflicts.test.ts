import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient } from '../../main/sync/index';
import type { SyncEngine } from '../../main/sync/sync-engine';
import type { Db } from '../../main/db/connection';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import { applyTestPvs, newId, openPostDb, writeRecords } from './helpers';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({});
});
afterAll(async () => {
  await server.close();
});

interface Post {
  db: Db;
  engine: SyncEngine;
  device: { deviceId: string; postCode: string };
}

async function post(postCode: string): Promise<Post> {
  const db = openPostDb();
  const engine = createSyncClient({ db, baseUrl: server.url, tls: server.tls, applyPvs: applyTestPvs });
  const { code } = await server.store.createEnrolCode(postCode);
  const deviceId = newId();
  expect((await engine.enrol({ code, deviceId })).ok).toBe(true);
  return { db, engine, device: { deviceId, postCode } };
}

describe('one PV paid at two posts', () => {
  it('keeps both payments and raises the same case to both posts, whichever syncs first', async () => {
    const tng = await post('TNG');
    const rak = await post('RAK');
    const outcome = async (pvNumber: string, first: Post, second: Post) => {
      // Device clocks disagree on purpose: the later sync carries the earlier time.
      const [a] = writeRecords(
        first.db,
        first.device,
        [{ action: 'perDiem.paid', subject: 'pay-1', details: { pvNumber, amount: 10000 } }],
        2_000_000,
      );
      const [b] = writeRecords(
        second.db,
        second.device,
        [{ action: 'perDiem.paid', subject: 'pay-2', details: { pvNumber, amount: 10000 } }],
        1_000_000,
      );
      expect((await first.engine.syncNow()).state).toBe('idle');
      expect((await second.engine.syncNow()).state).toBe('idle');
      await first.engine.syncNow();
      const eventIds = new Set([a!.id, b!.id]);
      const cases = (await server.store.conflicts()).filter((c) => c.pvNumber === pvNumber);
      expect(cases).toHaveLength(1);
      const [theCase] = cases;
      expect(new Set(theCase!.eventIds)).toEqual(eventIds);
      // Both records are kept at the centre.
      expect((await server.store.eventIds(first.device.deviceId)).includes(a!.id)).toBe(true);
      expect((await server.store.eventIds(second.device.deviceId)).includes(b!.id)).toBe(true);
      // Both posts hold the case.
      for (const p of [first, second]) expect(p.engine.state.conflicts().filter((c) => c.pvNumber === pvNumber)).toEqual([theCase]);
      const { id: _id, pvNumber: _pv, eventIds: _e, ...shape } = theCase!;
      return shape;
    };
    const tangierFirst = await outcome('PV-X-1', tng, rak);
    const rabatFirst = await outcome('PV-X-2', rak, tng);
    expect(tangierFirst).toEqual({ kind: 'perDiem.paid', posts: ['RAK', 'TNG'], revision: 1 });
    expect(rabatFirst).toEqual(tangierFirst);
  });

  it('raises nothing for one use, and nothing for uses of different PVs', async () => {
    const a = await post('OUJ');
    const b = await post('NDR');
    writeRecords(a.db, a.device, [{ action: 'stamp.recorded', details: { pvNumber: 'PV-U-1' } }]);
    writeRecords(b.db, b.device, [
      { action: 'stamp.recorded', details: { pvNumber: 'PV-U-2' } },
      { action: 'perDiem.paid', details: { pvNumber: 'PV-U-1' } },
    ]);
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect((await server.store.conflicts()).filter((c) => c.pvNumber.startsWith('PV-U-'))).toEqual([]);
    expect(a.engine.state.conflicts()).toEqual([]);
  });

  it('a third post using the PV grows the case and reaches all three', async () => {
    const [p1, p2, p3] = [await post('AGA'), await post('FES'), await post('ESS')];
    for (const p of [p1, p2, p3]) {
      writeRecords(p!.db, p!.device, [{ action: 'stamp.recorded', details: { pvNumber: 'PV-T-1' } }]);
      await p!.engine.syncNow();
    }
    for (const p of [p1, p2, p3]) await p!.engine.syncNow();
    const expected = (await server.store.conflicts()).find((c) => c.pvNumber === 'PV-T-1');
    expect(expected).toMatchObject({ posts: ['AGA', 'ESS', 'FES'], revision: 2 });
    for (const p of [p1, p2, p3]) expect(p!.engine.state.conflicts()).toEqual([expected]);
  });
});
