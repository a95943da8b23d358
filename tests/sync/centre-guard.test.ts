/**
 * The centre decides who is calling on the headers alone: anonymous bodies are neither read nor
 * decompressed, each route has its own limits, every client address is rate limited, and `/health`
 * keeps answering meanwhile. Also: a cursor past 64 bits, and record ids of other devices.
 */
import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import http from 'node:http';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_HEADERS, signingText } from '../../core/sync/protocol';
import { createAuditRepository } from '../../main/db/repositories/audit-repository';
import { createHttpTransport } from '../../main/sync/http-transport';
import { createSyncClient } from '../../main/sync/index';
import { createSyncStateRepository } from '../../main/sync/sync-state-repository';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import type { Db } from '../../main/db/connection';
import { applyTestPvs, newId, openPostDb, writeRecords } from './helpers';

let server: RunningServer;
let bomb: Buffer;

beforeAll(async () => {
  server = await startServer({});
  bomb = brotliBomb(256 * 1024 * 1024);
});
afterAll(async () => {
  await server.close();
});

/** A small brotli body that inflates to `size` bytes of JSON-ish text. */
function brotliBomb(size: number): Buffer {
  const text = Buffer.alloc(size, 0x20);
  text.write('{"pvs":[', 0);
  return brotliCompressSync(text, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } });
}

type Answer = { status: number; body: string; ms: number };

/** Sends headers and the first `sent` bytes of `body`, and waits for the answer without sending the rest. */
function partialRequest(path: string, headers: Record<string, string>, body: Buffer, sent: number): Promise<Answer> {
  const url = new URL(path, server.url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write(body.subarray(0, sent));
  });
}

async function timedFetch(path: string, init?: RequestInit): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${server.url}${path}`, init);
  return { status: res.status, body: await res.text(), ms: performance.now() - started };
}

async function enrolledPost(postCode: string): Promise<{ db: Db; deviceId: string }> {
  const db = openPostDb();
  const engine = createSyncClient({ db, baseUrl: server.url, applyPvs: applyTestPvs });
  const { code } = await server.store.createEnrolCode(postCode);
  const deviceId = newId();
  expect(await engine.enrol({ code, deviceId })).toEqual({ ok: true, postCode });
  return { db, deviceId };
}

function signed(db: Db, method: string, path: string, body: Buffer, overrides: Partial<Record<string, string>> = {}) {
  const creds = createSyncStateRepository(db).credentials()!;
  const key = createPrivateKey({ key: Buffer.from(creds.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  const time = Date.now();
  const nonce = randomBytes(16).toString('hex');
  const bodySha256 = overrides.bodySha256 ?? createHash('sha256').update(body).digest('hex');
  const text = signingText({ method, path, time, nonce, bodySha256 });
  return {
    [AUTH_HEADERS.device]: creds.deviceId,
    [AUTH_HEADERS.time]: String(time),
    [AUTH_HEADERS.nonce]: nonce,
    [AUTH_HEADERS.bodySha256]: bodySha256,
    [AUTH_HEADERS.signature]: sign(null, Buffer.from(text), key).toString('base64'),
  };
}

describe('anonymous bodies are refused on the headers', () => {
  it('refuses a brotli bomb to /admin/pvs without a token at once, and /health answers meanwhile', async () => {
    expect(bomb.length).toBeLessThan(2048);
    const [answer, health] = await Promise.all([
      timedFetch('/admin/pvs', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
        body: new Uint8Array(bomb),
      }),
      timedFetch('/health'),
    ]);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ error: 'auth.admin' });
    expect(answer.ms).toBeLessThan(2000);
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(2000);
  });

  it('refuses a 60 MB plain body without a token before reading it', async () => {
    const body = Buffer.alloc(60 * 1024 * 1024, 0x20);
    // Only 64 KiB are ever sent: the answer must come without the rest.
    const answer = await partialRequest('/admin/pvs', { 'content-type': 'application/json' }, body, 64 * 1024);
    expect(answer.status).toBe(401);
    expect(answer.ms).toBeLessThan(2000);
  });

  it('refuses an unsigned push before reading its body', async () => {
    const body = Buffer.alloc(8 * 1024 * 1024, 0x20);
    const answer = await partialRequest('/v1/push', { 'content-type': 'application/json' }, body, 16 * 1024);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ error: 'auth.missing' });
  });

  it('refuses a signed push whose body is not the one signed', async () => {
    const post = await enrolledPost('CMN');
    const body = Buffer.from(JSON.stringify({ events: [{ id: 'x' }] }));
    const headers = signed(post.db, 'POST', '/v1/push', Buffer.from('{"events":[]}'));
    const answer = await timedFetch('/v1/push', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ error: 'auth.bodyHash' });
  });

  it('a signed pull that claims a body it did not send is refused', async () => {
    const post = await enrolledPost('CMN');
    const headers = signed(post.db, 'GET', '/v1/pull?cursor=0&limit=5', Buffer.from('x'));
    const answer = await timedFetch('/v1/pull?cursor=0&limit=5', { headers });
    expect(answer.status).toBe(401);
  });
});

describe('authenticated bodies are capped', () => {
  it('refuses a brotli bomb from the administrator quickly (decompression ratio)', async () => {
    const [answer, health] = await Promise.all([
      timedFetch('/admin/pvs', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'br', authorization: `Bearer ${server.adminToken}` },
        body: new Uint8Array(bomb),
      }),
      timedFetch('/health'),
    ]);
    expect(answer.status).toBe(413);
    expect(answer.ms).toBeLessThan(2000);
    expect(health.status).toBe(200);
  });

  it('refuses a body above the route limit (enrolment takes 4 KiB)', async () => {
    const answer = await timedFetch('/v1/enrol', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'AAAA-BBBB-CCCC', deviceId: newId(), publicKey: 'A'.repeat(5000) }),
    });
    expect(answer.status).toBe(413);
  });
});

describe('pull cursor', () => {
  it('answers 400, not 500, for a cursor past 64 bits', async () => {
    const post = await enrolledPost('CMN');
    const transport = createHttpTransport({ baseUrl: server.url, credentials: () => createSyncStateRepository(post.db).credentials() });
    expect(await transport.pull('9223372036854775807', 5)).toMatchObject({ ok: true });
    expect(await transport.pull('9999999999999999999', 5)).toEqual({ ok: false, error: { code: 'http', status: 400 } });
  });
});

describe("other devices' record ids", () => {
  it('answers a record reusing another device id exactly like a new one', async () => {
    const a = await enrolledPost('CMN');
    const b = await enrolledPost('CMN');
    const [theirs] = writeRecords(a.db, { deviceId: a.deviceId, postCode: 'CMN' }, [{ action: 'a.b', details: { n: 1 } }]);
    const ta = createHttpTransport({ baseUrl: server.url, credentials: () => createSyncStateRepository(a.db).credentials() });
    expect(await ta.push([theirs!])).toMatchObject({ ok: true, value: { results: [{ id: theirs!.id, status: 'accepted' }] } });

    const tb = createHttpTransport({ baseUrl: server.url, credentials: () => createSyncStateRepository(b.db).credentials() });
    // Claiming the other device's record as it is: refused for the device, whether or not it exists.
    const asIs = await tb.push([theirs!]);
    const unknown = await tb.push([{ ...theirs!, id: newId() }]);
    expect(asIs).toEqual({ ok: true, value: { results: [{ id: theirs!.id, status: 'rejected', reason: 'wrongDevice' }] } });
    expect(unknown.ok && unknown.value.results[0]).toMatchObject({ status: 'rejected', reason: 'wrongDevice' });

    // Its own record under the other device's id: accepted like any new id.
    const audit = createAuditRepository(b.db);
    const mine = b.db.transaction(() =>
      audit.append(
        { id: theirs!.id, at: Date.now(), actorId: 'u-1', actorRole: 'escort', action: 'a.c', subject: null, details: {} },
        { deviceId: b.deviceId, postCode: 'CMN' },
      ),
    )();
    expect(await tb.push([mine])).toEqual({ ok: true, value: { results: [{ id: theirs!.id, status: 'accepted' }] } });
    expect(await tb.push([mine])).toEqual({ ok: true, value: { results: [{ id: theirs!.id, status: 'duplicate' }] } });
    expect(await server.store.eventIds(a.deviceId)).toEqual([theirs!.id]);
    expect(await server.store.eventIds(b.deviceId)).toEqual([theirs!.id]);
  });
});

describe('rate limits', () => {
  it('limits each client address, and enrolment attempts more tightly', async () => {
    const limited = await startServer({ rateLimit: { max: 8, enrolMax: 3, windowMs: 60_000 } });
    try {
      const enrol = () =>
        fetch(`${limited.url}/v1/enrol`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: 'AAAA-BBBB-CCCC', deviceId: newId(), publicKey: 'A'.repeat(60) }),
        });
      const enrolStatuses = [];
      for (let i = 0; i < 4; i++) enrolStatuses.push((await enrol()).status);
      expect(enrolStatuses).toEqual([403, 403, 403, 429]);
      const statuses = [];
      for (let i = 0; i < 10; i++) statuses.push((await fetch(`${limited.url}/health`)).status);
      expect(statuses.filter((s) => s === 200).length).toBe(8);
      const last = await fetch(`${limited.url}/health`);
      expect(last.status).toBe(429);
      expect(await last.json()).toEqual({ error: 'request.rateLimited' });
    } finally {
      await limited.close();
    }
  });
});
