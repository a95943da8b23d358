/**
 * A centre (or someone in between) answering nonsense: nothing changes locally, the cursor stays
 * where it was, the outbox keeps its records.
 */
import type http from 'node:http';
import https from 'node:https';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { AUTH_HEADERS, CENTRE_SIGNATURE_HEADER, centreSigningText } from '../../core/sync/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSyncClient } from '../../main/sync/index';
import type { SyncEngine } from '../../main/sync/sync-engine';
import type { Db } from '../../main/db/connection';
import { createSelfSignedTls } from '../../server/tls';
import { applyTestPvs, makePv, newId, openPostDb, outboxCount, writeRecords } from './helpers';

/** How the fake signs: with the centre key the post pinned, another key, or not at all. */
type Reply = { status?: number; body: string | Buffer; headers?: Record<string, string>; signWith?: 'centre' | 'other' | 'none' };

const centreKey = generateKeyPairSync('ed25519');
const otherKey = generateKeyPairSync('ed25519');
const pinnedCentreKey = Buffer.from(centreKey.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');

function signAnswer(req: http.IncomingMessage, body: Buffer, signWith: 'centre' | 'other'): string {
  const text = centreSigningText({
    deviceId: String(req.headers[AUTH_HEADERS.device]),
    nonce: String(req.headers[AUTH_HEADERS.nonce]),
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    bodySha256: createHash('sha256').update(body).digest('hex'),
  });
  return sign(null, Buffer.from(text), (signWith === 'centre' ? centreKey : otherKey).privateKey).toString('base64');
}
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
      const signWith = reply.signWith ?? 'centre';
      const body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body);
      const signature =
        signWith === 'none' || reply.headers?.['content-encoding'] ? {} : { [CENTRE_SIGNATURE_HEADER]: signAnswer(req, body, signWith) };
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...signature, ...reply.headers });
      res.end(body);
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
let appliedUsers: unknown[];
let appliedKeys: unknown[];
const deviceId = newId();

beforeEach(() => {
  db = openPostDb();
  appliedUsers = [];
  appliedKeys = [];
  engine = createSyncClient({
    db,
    baseUrl: url,
    tls: { fingerprint256: fakeTls.fingerprint256 },
    applyPvs: applyTestPvs,
    applyUsers: (_db, users) => appliedUsers.push(...users),
    applyPvKeys: (_db, keys) => appliedKeys.push(keys),
    pullLimit: 50,
  });
  engine.state.pendingPublicKey();
  engine.state.saveEnrolment(deviceId, 'CMN', 1, { centreKey: pinnedCentreKey });
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

describe('a fake centre without the pinned centre key', () => {
  const supervisor = {
    seq: '41',
    kind: 'user',
    user: { id: 'u-evil', postCode: 'CMN', username: 'evil.sup', displayName: 'Evil', role: 'supervisor', active: true, pinHash: 'h' },
  };
  const perDiem = { seq: '41', kind: 'settings', settings: { perDiem: { amount: 100_000, currency: 'USD', periodDays: 1 } } };
  const keys = { seq: '41', kind: 'pvKeys', keys: [{ keyId: 'evil', publicKey: 'a'.repeat(64) }] };
  const cases: [string, unknown, Reply['signWith']][] = [
    ['planting a supervisor (unsigned)', supervisor, 'none'],
    ['planting a supervisor (signed with another key)', supervisor, 'other'],
    ['raising the per diem', perDiem, 'other'],
    ['planting an active PV', pvChange('41'), 'none'],
    ['replacing the trusted PV keys', keys, 'other'],
  ];
  for (const [name, change, signWith] of cases) {
    it(`refuses ${name}; nothing is applied`, async () => {
      answer = (req) =>
        req.url!.startsWith('/v1/push') ? { body: goodPush() } : { body: page([change], '41'), ...(signWith ? { signWith } : {}) };
      expect(await engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.badSignature' });
      unchanged(0);
      expect(appliedUsers).toEqual([]);
      expect(appliedKeys).toEqual([]);
      expect(engine.state.settings()).toBeNull();
    });
  }

  it('cannot acknowledge records: the outbox keeps them', async () => {
    answer = (req) => (req.url!.startsWith('/v1/pull') ? { body: page([], '40') } : { body: goodPush(), signWith: 'other' });
    expect(await engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.badSignature' });
    unchanged(2);
  });

  it('cannot replay a signed answer to another request', async () => {
    let captured: { body: string; signature: string } | null = null;
    answer = (req) => {
      if (req.url!.startsWith('/v1/pull')) return { body: page([], '40') };
      const body = goodPush();
      // The answer is signed, but for a request with another nonce.
      captured ??= {
        body,
        signature: signAnswer(
          {
            method: req.method,
            url: req.url,
            headers: { ...req.headers, [AUTH_HEADERS.nonce]: '0'.repeat(32) },
          } as unknown as http.IncomingMessage,
          Buffer.from(body),
          'centre',
        ),
      };
      return { body: captured.body, headers: { [CENTRE_SIGNATURE_HEADER]: captured.signature }, signWith: 'none' };
    };
    expect(await engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.badSignature' });
    unchanged(2);
  });

  it('the real centre key applies users, settings and PV keys (the checks are able to pass)', async () => {
    answer = (req) =>
      req.url!.startsWith('/v1/push')
        ? { body: goodPush() }
        : { body: page([supervisor, { ...perDiem, seq: '42' }, { ...keys, seq: '43' }], '43') };
    expect((await engine.syncNow()).state).toBe('idle');
    expect(appliedUsers).toHaveLength(1);
    expect(appliedKeys).toEqual([[{ keyId: 'evil', publicKey: 'a'.repeat(64) }]]);
    expect(engine.state.settings()).toMatchObject({ perDiem: { amount: 100_000 } });
    expect(outboxCount(db)).toBe(0);
  });

  it("refuses a signed PV that is not for this post (PVs come only for the post or 'any')", async () => {
    answer = (req) =>
      req.url!.startsWith('/v1/push')
        ? { body: goodPush() }
        : { body: page([{ seq: '41', kind: 'pv', pv: makePv(7, { authorisedPosts: ['RAK'] }) }], '41') };
    expect(await engine.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.badPage' });
    unchanged(0);
  });
});
