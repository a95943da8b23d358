/**
 * A centre (or someone in between) answering nonsense: nothing changes locally, the cursor stays
 * where it was, the outbox keeps its records.
 */
import type http from 'node:http';
import https from 'node:https';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSyncClient } from '../../main/sync/index';
import type { SyncEngine } from '../../main/sync/sync-engine';
import type { Db } from '../../main/db/connection';
import { createSelfSignedTls } from '../../server/tls';
import { applyTestPvs, makePv, newId, openPostDb, outboxCount, writeRecords } from './helpers';

type Reply = { status?: number; body: string | Buffer; headers?: Record<string, string> };
let answer: (req: http.IncomingMessage, body: string) => Reply;
let fake: https.Server;
let url: string;
/** The fake centre holds a certificate the post pinned: these are answers over a trusted channel. */
const fakeTls = createSelfSignedTls();

beforeAll(async () => {
  fake = https.createServer({ key: fakeTls.key, cert: fakeTls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = answer(req, Buffer.concat(chunks).toString('utf8'));
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
  const address = fake.address();
  url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((r) => fake.close(r));
});

let db: Db;
let engine: SyncEngine;
let sent: string[];
const deviceId = newId();

beforeEach(() => {
  db = openPostDb();
  engine = createSyncClient({ db, baseUrl: url, tls: { fingerprint256: fakeTls.fingerprint256 }, applyPvs: applyTestPvs, pullLimit: 50 });
  engine.state.pendingPublicKey();
  engine.state.saveEnrolment(deviceId, 'CMN', 1);
  engine.state.setCursor('40');
  const records = writeRecords(db, { deviceId, postCode: 'CMN' }, [
    { action: 'stamp.recorded', details: { pvNumber: 'PV-F-1' } },
    { action: 'a.b' },
  ]);
  sent = records.map((r) => r.id);
});

const pvChange = (seq: string, n = 1) => ({ seq, kind: 'pv', pv: makePv(n) });
const page = (changes: unknown[], cursor: string, hasMore = false) => JSON.stringify({ cursor, changes, hasMore });
const goodPush = () => JSON.stringify({ results: sent.map((id) => ({ id, status: 'accepted' })) });

function unchanged(expectOutbox: number) {
  expect(engine.state.cursor()).toBe('40');
  expect(db.prepare('SELECT count(*) AS n FROM test_pvs').get()).toEqual({ n: 0 });
  expect(db.prepare('SELECT count(*) AS n FROM sync_conflicts').get()).toEqual({ n: 0 });
  expect(outboxCount(db)).toBe(expectOutbox);
}

describe('forged pull pages', () => {
  const cases: [string, () => string][] = [
    ['a cursor of the wrong type', () => JSON.stringify({ cursor: 41, changes: [pvChange('41')], hasMore: false })],
    ['a change with a __proto__ key', () => page([{ ...pvChange('41'), ['__proto__']: { polluted: true } }], '41')],
    [
      'a raw __proto__ key in the JSON text',
      () => `{"cursor":"41","changes":[{"seq":"41","kind":"pv","pv":${JSON.stringify(makePv(1))},"__proto__":{"x":1}}],"hasMore":false}`,
    ],
    ['a cursor going back', () => page([], '12')],
    ['a change at or before the cursor', () => page([pvChange('40')], '40')],
    ['changes out of order', () => page([pvChange('43'), pvChange('42', 2)], '42')],
    ['a cursor that is not the last change', () => page([pvChange('41')], '45')],
    [
      "another post's user",
      () =>
        page(
          [
            {
              seq: '41',
              kind: 'user',
              user: { id: 'u9', postCode: 'TNG', username: 'x.y', displayName: 'X', role: 'supervisor', active: true, pinHash: 'h' },
            },
          ],
          '41',
        ),
    ],
    [
      "another post's conflict case",
      () =>
        page(
          [
            {
              seq: '41',
              kind: 'conflict',
              conflict: {
                id: 'a'.repeat(32),
                pvNumber: 'P',
                kind: 'perDiem.paid',
                posts: ['RAK', 'TNG'],
                eventIds: [newId(), newId()],
                revision: 1,
              },
            },
          ],
          '41',
        ),
    ],
    ['an invalid PV', () => page([{ seq: '41', kind: 'pv', pv: { ...makePv(1), status: 'whatever' } }], '41')],
    ['an unknown change kind', () => page([{ seq: '41', kind: 'shell', command: 'rm' }], '41')],
    [
      'more changes than asked',
      () =>
        page(
          Array.from({ length: 51 }, (_, i) => pvChange(String(41 + i), i + 1)),
          '91',
        ),
    ],
    ['not JSON', () => '<html>proxy error</html>'],
  ];
  for (const [name, body] of cases) {
    it(`refuses ${name}`, async () => {
      answer = (req) => (req.url!.startsWith('/v1/push') ? { body: goodPush() } : { body: body() });
      const status = await engine.syncNow();
      expect(status.state).toBe('error');
      unchanged(0);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('refuses a 50 MB body without reading it all', async () => {
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x20);
    answer = (req) => (req.url!.startsWith('/v1/push') ? { body: goodPush() } : { body: huge });
    expect(await engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.tooLarge' });
    unchanged(0);
  });

  it('refuses a gzip bomb', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    answer = (req) => (req.url!.startsWith('/v1/push') ? { body: goodPush() } : { body: bomb, headers: { 'content-encoding': 'gzip' } });
    expect(await engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.tooLarge' });
    unchanged(0);
  });

  it('applies a well-formed page (the fake is able to succeed)', async () => {
    answer = (req) => (req.url!.startsWith('/v1/push') ? { body: goodPush() } : { body: page([pvChange('41'), pvChange('44', 2)], '44') });
    expect((await engine.syncNow()).state).toBe('idle');
    expect(engine.state.cursor()).toBe('44');
    expect(db.prepare('SELECT count(*) AS n FROM test_pvs').get()).toEqual({ n: 2 });
  });
});

describe('forged push answers', () => {
  const cases: [string, () => string][] = [
    ['an answer for a record never sent', () => JSON.stringify({ results: [{ id: newId(), status: 'accepted' }] })],
    [
      'two answers for one record',
      () =>
        JSON.stringify({
          results: [
            { id: sent[0], status: 'accepted' },
            { id: sent[0], status: 'duplicate' },
          ],
        }),
    ],
    ['a status of the wrong type', () => JSON.stringify({ results: sent.map((id) => ({ id, status: true })) })],
    ['an unknown status', () => JSON.stringify({ results: sent.map((id) => ({ id, status: 'ok' })) })],
    ['a __proto__ key', () => `{"results":[{"id":"${sent[0]}","status":"accepted","__proto__":{"polluted":1}}]}`],
    ['an empty answer', () => JSON.stringify({ results: [] })],
  ];
  for (const [name, body] of cases) {
    it(`keeps the outbox on ${name}`, async () => {
      answer = (req) => (req.url!.startsWith('/v1/pull') ? { body: page([], '40') } : { body: body() });
      const status = await engine.syncNow();
      expect(status.state).toBe('error');
      unchanged(2);
    });
  }

  it('a server error is reported as offline and keeps everything', async () => {
    answer = () => ({ status: 503, body: '{}' });
    expect((await engine.syncNow()).state).toBe('offline');
    unchanged(2);
  });
});
