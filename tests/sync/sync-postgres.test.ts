/**
 * Against a real PostgreSQL cluster started for this file: the change feed under interleaved
 * transactions, concurrent double use of a PV, two administrators re-scheduling one no-show at
 * the same moment, and the whole engine end to end.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateServer } from '../../server/migrations';
import type { Storage } from '../../server/storage';
import { createPgStorage } from '../../server/storage';
import { createStore, emitChanges } from '../../server/store';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import { createSyncClient } from '../../main/sync/index';
import { GENESIS_HASH, hashAuditRecord } from '../../core/audit/chain';
import { toWireEvent } from '../../core/sync/protocol';
import type { AuditRecord } from '../../core/audit/chain';
import type { PgCluster } from './pg-cluster';
import { startPgCluster } from './pg-cluster';
import { samplePv } from '../../core/departure/testing';
import { createNoShowFollowUp } from '../../server/console/no-shows';
import { admin, applyTestPvs, makePv, newId, openPostDb, outboxCount, writeRecords } from './helpers';

let cluster: PgCluster;
let storage: Storage;

beforeAll(async () => {
  cluster = await startPgCluster();
  storage = await createPgStorage(cluster.url, { max: 20 });
  await migrateServer(storage);
});
afterAll(async () => {
  await storage?.close();
  await cluster?.stop();
});

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
const pvChange = (n: number) => ({ scope: '*', body: { kind: 'pv' as const, pv: makePv(n) } });

describe('change feed cursor on PostgreSQL', () => {
  it('a change committed late is never skipped by a reader', async () => {
    const store = createStore(storage);
    const reader = { id: 'r', postCode: 'CMN' };
    const start = (await store.pull(reader, '0', 1000)).cursor;
    const aEmitted = deferred();
    const releaseA = deferred();
    // A takes its sequence number, then stays open.
    const a = storage.transaction(async (tx) => {
      await emitChanges(tx, [pvChange(1)], Date.now());
      aEmitted.resolve();
      await releaseA.promise;
    });
    await aEmitted.promise;
    // B starts after A took its number and commits as soon as it can.
    let bDone = false;
    const b = storage.transaction(async (tx) => emitChanges(tx, [pvChange(2)], Date.now())).then(() => (bDone = true));
    // B is seen by the server itself as waiting on a lock held by A: numbers follow commit order.
    await expect
      .poll(async () => {
        const { rows } = await storage.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        return rows[0]?.n;
      })
      .toBe(1);
    expect(bDone).toBe(false);
    const during = await store.pull(reader, start, 1000);
    expect(during.changes).toEqual([]);
    expect(during.cursor).toBe(start);
    releaseA.resolve();
    await Promise.all([a, b]);
    const after = await store.pull(reader, start, 1000);
    expect(after.changes.map((c) => (c.kind === 'pv' ? c.pv.pvNumber : c.kind))).toEqual([makePv(1).pvNumber, makePv(2).pvNumber]);
    expect(after.changes.map((c) => BigInt(c.seq) - BigInt(start))).toEqual([1n, 2n]);
  });

  it('(contrast) a plain sequence lets a reader skip a late commit', async () => {
    await storage.query('CREATE TABLE naive_feed (seq bigserial PRIMARY KEY, v text)');
    const aTook = deferred();
    const releaseA = deferred();
    const a = storage.transaction(async (tx) => {
      await tx.query("INSERT INTO naive_feed (v) VALUES ('a')");
      aTook.resolve();
      await releaseA.promise;
    });
    await aTook.promise;
    await storage.transaction(async (tx) => tx.query("INSERT INTO naive_feed (v) VALUES ('b')"));
    const seen = await storage.query<{ seq: string }>('SELECT seq::text FROM naive_feed WHERE seq > 0 ORDER BY naive_feed.seq');
    const cursor = seen.rows.at(-1)!.seq;
    releaseA.resolve();
    await a;
    const next = await storage.query('SELECT seq FROM naive_feed WHERE seq > $1', [cursor]);
    // 'a' committed with a number below the cursor: this reader never gets it.
    expect(next.rows).toEqual([]);
    expect((await storage.query('SELECT count(*)::int AS n FROM naive_feed')).rows[0]).toEqual({ n: 2 });
  });

  it('a reader polling during many concurrent writers sees every change exactly once, in order', async () => {
    const store = createStore(storage);
    const reader = { id: 'r', postCode: 'CMN' };
    let cursor = (await store.pull(reader, '0', 1000)).cursor;
    const writers = Array.from({ length: 8 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 15; i++) {
          await storage.transaction(async (tx) => {
            await tx.query('SELECT pg_sleep($1)', [Math.random() * 0.01]);
            await emitChanges(tx, [pvChange(100_000 + w * 100 + i)], Date.now());
            await tx.query('SELECT pg_sleep($1)', [Math.random() * 0.01]);
          });
        }
      })(),
    );
    const seen: string[] = [];
    let writing = true;
    const all = Promise.all(writers).then(() => (writing = false));
    while (writing) {
      const page = await store.pull(reader, cursor, 7);
      for (const c of page.changes) if (c.kind === 'pv') seen.push(c.pv.pvNumber);
      cursor = page.cursor;
    }
    await all;
    for (;;) {
      const page = await store.pull(reader, cursor, 100);
      for (const c of page.changes) if (c.kind === 'pv') seen.push(c.pv.pvNumber);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen.length).toBe(120);
    expect(new Set(seen).size).toBe(120);
  });
});

describe('double use of a PV on PostgreSQL', () => {
  it('concurrent pushes from two posts raise one case per PV naming both posts', async () => {
    const store = createStore(storage);
    const devices = await Promise.all(
      ['TNG', 'RAK'].map(async (post) => {
        const { code } = await store.createEnrolCode(post);
        const id = newId();
        const { generateKeyPairSync } = await import('node:crypto');
        const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
        const enrolled = await store.enrol({ code, deviceId: id, publicKey });
        expect(enrolled.ok).toBe(true);
        return { id, postCode: post };
      }),
    );
    const chain = (device: { id: string; postCode: string }, pvs: string[]): AuditRecord[] => {
      let prev = GENESIS_HASH;
      return pvs.map((pvNumber, i) => {
        const base = {
          id: newId(),
          deviceId: device.id,
          postCode: device.postCode,
          seq: i + 1,
          at: 1_000 + i,
          actorId: 'u',
          actorRole: 'escort',
          action: 'perDiem.paid',
          subject: pvNumber,
          details: { pvNumber },
          prevHash: prev,
        };
        const record = { ...base, hash: hashAuditRecord(base) };
        prev = record.hash;
        return record;
      });
    };
    const pvs = Array.from({ length: 40 }, (_, i) => `PV-C-${i}`);
    const recordsA = chain(devices[0]!, pvs);
    const recordsB = chain(devices[1]!, [...pvs].reverse());
    // Ten batches of four from each device, interleaved on separate connections.
    const pushes = [recordsA, recordsB].map(async (records, d) => {
      for (let i = 0; i < records.length; i += 4) {
        const results = await store.push({ id: devices[d]!.id, postCode: devices[d]!.postCode }, records.slice(i, i + 4).map(toWireEvent));
        expect(results.every((r) => r.status === 'accepted')).toBe(true);
      }
    });
    await Promise.all(pushes);
    const cases = (await store.conflicts()).filter((c) => c.pvNumber.startsWith('PV-C-'));
    expect(cases.length).toBe(40);
    for (const c of cases) {
      expect(c.posts).toEqual(['RAK', 'TNG']);
      expect(c.eventIds.length).toBe(2);
      expect(c.revision).toBe(1);
    }
    for (const device of devices) {
      const page = await store.pull(device, '0', 1000);
      const conflictIds = new Set(page.changes.flatMap((c) => (c.kind === 'conflict' ? [c.conflict.id] : [])));
      expect(conflictIds.size).toBe(40);
    }
  });
});

describe('re-scheduling a no-show on PostgreSQL', () => {
  /** A post's no-show as the push stores it, for a PV the centre holds. */
  async function noShowOf(seq: number, eventId: string, pvNumber: string, flightKey: string): Promise<void> {
    await storage.query(
      `INSERT INTO events (id, device_id, post_code, seq, at, actor_id, actor_role, action, subject, details, prev_hash, hash, body_sha256, received_at)
       VALUES ($1, 'd-race', 'RACE', $3, 0, 'u', 'supervisor', 'flight.noShow', NULL, $2, 'p', 'h', 's', 0)`,
      [eventId, JSON.stringify({ id: `n-${eventId}`, pvNumber, flightKey, reason: 'medical', note: '' }), seq],
    );
    await storage.query(
      `INSERT INTO no_shows (device_id, event_id, post_code, pv_number, flight_key, reason, note, at, received_at)
       VALUES ('d-race', $1, 'RACE', $2, $3, 'medical', '', 0, 0)`,
      [eventId, pvNumber, flightKey],
    );
  }
  const air = (flightNumber: string) => ({ mode: 'air' as const, carrier: 'AT', flightNumber, date: '2026-06-20' });

  /** Both administrators' requests start while the PV's row is locked, so both pass the first checks before either commits. */
  async function race(eventId: string, pvNumber: string, requests: [ReturnType<typeof air>, ReturnType<typeof air>]) {
    const store = createStore(storage);
    const followUp = createNoShowFollowUp(store, { now: () => Date.UTC(2026, 5, 15) });
    const locked = deferred();
    const release = deferred();
    const holder = storage.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM pvs WHERE pv_number = $1 FOR UPDATE', [pvNumber]);
      locked.resolve();
      await release.promise;
    });
    await locked.promise;
    const both = Promise.all([followUp.reschedule(eventId, 'amina', requests[0]), followUp.reschedule(eventId, 'karim', requests[1])]);
    await expect
      .poll(async () => {
        const { rows } = await storage.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        return rows[0]?.n;
      })
      .toBe(2);
    release.resolve();
    await holder;
    return both;
  }

  beforeAll(async () => {
    await storage.query("INSERT INTO posts (code, created_at) VALUES ('RACE', 0)");
    await storage.query("INSERT INTO devices (id, post_code, public_key, enrolled_at, last_hash) VALUES ('d-race', 'RACE', 'k', 0, 'h')");
    const doc = (number: string) => ({ ...samplePv().travelDocument, number });
    const ticket = { mode: 'air' as const, carrier: 'AT', flightNumber: '999', date: '2026-06-15' };
    const imported = await createStore(storage).importPvs([
      samplePv({ pvNumber: 'PV-RACE-2026-000001', travelDocument: doc('LR0000001'), ticket }),
      samplePv({ pvNumber: 'PV-RACE-2026-000002', travelDocument: doc('LR0000002'), ticket }),
    ]);
    expect(imported.errors).toEqual([]);
    await noShowOf(1, 'race-1', 'PV-RACE-2026-000001', 'AIR:AT999:2026-06-15');
    await noShowOf(2, 'race-2', 'PV-RACE-2026-000002', 'AIR:AT999:2026-06-15');
  });

  const outcome = async (eventId: string, pvNumber: string) => {
    const departures = await storage.query<{ rescheduled_by: string; departure: { flightNumber: string } }>(
      'SELECT rescheduled_by, departure FROM no_show_departures WHERE event_id = $1',
      [eventId],
    );
    const pv = await storage.query<{ revision: string; body: { ticket: { flightNumber: string } } }>(
      'SELECT revision::text, body FROM pvs WHERE pv_number = $1',
      [pvNumber],
    );
    const changes = await storage.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM changes WHERE body->>'kind' = 'pv' AND body->'pv'->>'pvNumber' = $1",
      [pvNumber],
    );
    return { departures: departures.rows, pv: pv.rows[0]!, changes: changes.rows[0]!.n };
  };

  it('two administrators giving the same new flight at once: one is done, the other is told it already was', async () => {
    const results = await race('race-1', 'PV-RACE-2026-000001', [air('1001'), air('1001')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'already' }]);
    const { departures, pv, changes } = await outcome('race-1', 'PV-RACE-2026-000001');
    expect(departures).toHaveLength(1);
    expect(pv.body.ticket.flightNumber).toBe('1001');
    expect(Number(pv.revision)).toBe(2);
    // The import wrote revision 1, the one re-scheduling revision 2: posts pull it once.
    expect(changes).toBe(2);
  });

  it('two administrators giving different flights at once: the PV takes the one recorded, the other is refused', async () => {
    const results = await race('race-2', 'PV-RACE-2026-000002', [air('1002'), air('1003')]);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'already' }]);
    const { departures, pv, changes } = await outcome('race-2', 'PV-RACE-2026-000002');
    expect(departures).toHaveLength(1);
    const winner = results[0]!.ok ? 'amina' : 'karim';
    expect(departures[0]!.rescheduled_by).toBe(winner);
    expect(pv.body.ticket.flightNumber).toBe(departures[0]!.departure.flightNumber);
    expect(Number(pv.revision)).toBe(2);
    expect(changes).toBe(2);
  });
});

describe('engine end to end on PostgreSQL', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ databaseUrl: cluster.url });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('pushes a backlog exactly once and pulls PVs', async () => {
    const db = openPostDb();
    const engine = createSyncClient({ db, baseUrl: server.url, tls: server.tls, applyPvs: applyTestPvs, pushBatchSize: 100 });
    const { code } = await server.store.createEnrolCode('CMN');
    const deviceId = newId();
    expect(await engine.enrol({ code, deviceId })).toEqual({ ok: true, postCode: 'CMN', demo: false });
    const records = writeRecords(
      db,
      { deviceId, postCode: 'CMN' },
      Array.from({ length: 350 }, (_, i) => ({ action: 'checkin.confirmed', details: { n: i } })),
    );
    await admin(server, 'POST', '/admin/pvs', { pvs: [makePv(777_001), makePv(777_002)] });
    const [first, second] = await Promise.all([engine.syncNow(), engine.syncNow()]);
    expect(first.state).toBe('idle');
    expect(second.state).toBe('idle');
    expect(outboxCount(db)).toBe(0);
    expect(await server.store.eventIds(deviceId)).toEqual(records.map((r) => r.id));
    expect(
      db
        .prepare('SELECT pv_number FROM test_pvs WHERE pv_number IN (?, ?) ORDER BY 1')
        .all(makePv(777_001).pvNumber, makePv(777_002).pvNumber),
    ).toHaveLength(2);
    const direct = new pg.Client(cluster.url);
    await direct.connect();
    const dupes = await direct.query('SELECT count(*)::int AS n FROM (SELECT id FROM events GROUP BY id HAVING count(*) > 1) d');
    await direct.end();
    expect(dupes.rows[0]).toEqual({ n: 0 });
  });
});
