import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_HEADERS, signingText, toWireEvent } from '../../core/sync/protocol';
import type { SyncStatus } from '../../core/sync/protocol';
import { createHttpTransport } from '../../main/sync/http-transport';
import { createSyncClient } from '../../main/sync/index';
import type { SyncEngine } from '../../main/sync/sync-engine';
import { createSyncStateRepository } from '../../main/sync/sync-state-repository';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import type { Db } from '../../main/db/connection';
import { admin, applyTestPvs, centreFetch, makePv, newId, openPostDb, outboxCount, writeRecords } from './helpers';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({});
});
afterAll(async () => {
  await server.close();
});

async function enrolledPost(postCode: string): Promise<{ db: Db; engine: SyncEngine; deviceId: string; statuses: SyncStatus[] }> {
  const db = openPostDb();
  const statuses: SyncStatus[] = [];
  const engine = createSyncClient({
    db,
    baseUrl: server.url,
    tls: server.tls,
    applyPvs: applyTestPvs,
    onStatus: (s) => statuses.push(s),
    pushBatchSize: 200,
  });
  const { code } = await server.store.createEnrolCode(postCode);
  const deviceId = newId();
  const enrolled = await engine.enrol({ code, deviceId });
  expect(enrolled).toEqual({ ok: true, postCode, demo: false });
  return { db, engine, deviceId, statuses };
}

describe('enrolment', () => {
  it('accepts a code once and refuses it afterwards', async () => {
    const { code } = await server.store.createEnrolCode('RAK');
    const a = createSyncClient({ db: openPostDb(), baseUrl: server.url, tls: server.tls, applyPvs: applyTestPvs });
    const b = createSyncClient({ db: openPostDb(), baseUrl: server.url, tls: server.tls, applyPvs: applyTestPvs });
    expect(await a.enrol({ code, deviceId: newId() })).toEqual({ ok: true, postCode: 'RAK', demo: false });
    expect(await b.enrol({ code, deviceId: newId() })).toEqual({ ok: false, error: 'refused', reason: 'codeUsed' });
    expect(await b.enrol({ code: 'AAAA-BBBB-CCCC', deviceId: newId() })).toEqual({ ok: false, error: 'refused', reason: 'codeUnknown' });
    expect(b.status()).toEqual({ state: 'notConfigured' });
  });

  it('tells an expired code from a wrong or a used one, and says nothing more', async () => {
    const { code } = await server.store.createEnrolCode('EXP');
    await server.store.storage.query("UPDATE enrol_codes SET expires_at = 1 WHERE post_code = 'EXP'");
    const post = createSyncClient({ db: openPostDb(), baseUrl: server.url, tls: server.tls, applyPvs: applyTestPvs });
    expect(await post.enrol({ code, deviceId: newId() })).toEqual({ ok: false, error: 'refused', reason: 'codeExpired' });
    // A device id that is already enrolled: a plain refusal, whatever the code.
    const taken = newId();
    const first = await server.store.createEnrolCode('EXP');
    expect(
      await createSyncClient({ db: openPostDb(), baseUrl: server.url, tls: server.tls, applyPvs: applyTestPvs }).enrol({
        code: first.code,
        deviceId: taken,
      }),
    ).toMatchObject({ ok: true });
    const second = await server.store.createEnrolCode('EXP');
    expect(await post.enrol({ code: second.code, deviceId: taken })).toEqual({ ok: false, error: 'refused' });
  });
});

describe('push', () => {
  it('delivers every record once and empties the outbox', async () => {
    const post = await enrolledPost('CMN');
    const records = writeRecords(
      post.db,
      { deviceId: post.deviceId, postCode: 'CMN' },
      Array.from({ length: 450 }, (_, i) => ({ action: 'stamp.recorded', details: { pvNumber: `PV-P-${i}`, n: i } })),
    );
    const status = await post.engine.syncNow();
    expect(status).toMatchObject({ state: 'idle', queueLength: 0 });
    expect(outboxCount(post.db)).toBe(0);
    const summary = await server.store.deviceSummary(post.deviceId);
    expect(summary).toMatchObject({ events: 450, lastSeq: 450, lastHash: records[449]!.hash });
    expect(await server.store.eventIds(post.deviceId)).toEqual(records.map((r) => r.id));
    expect(post.statuses.some((s) => s.state === 'syncing')).toBe(true);
  });

  it('answers duplicate for a resent record, and rejects the same id with another body', async () => {
    const post = await enrolledPost('CMN');
    const [first, second] = writeRecords(post.db, { deviceId: post.deviceId, postCode: 'CMN' }, [
      { action: 'perDiem.paid', details: { pvNumber: 'PV-D-1', amount: 10000 } },
      { action: 'auth.loggedIn' },
    ]);
    await post.engine.syncNow();
    const transport = createHttpTransport({
      baseUrl: server.url,
      tls: server.tls,
      credentials: () => createSyncStateRepository(post.db).credentials(),
    });
    const again = await transport.push([first!, second!]);
    expect(again).toEqual({
      ok: true,
      value: {
        results: [
          { id: first!.id, status: 'duplicate' },
          { id: second!.id, status: 'duplicate' },
        ],
      },
    });
    const forged = { ...first!, details: { pvNumber: 'PV-D-1', amount: 99999 } };
    const before = await server.store.rejectedCount(post.deviceId);
    const answer = await transport.push([forged]);
    expect(answer).toEqual({ ok: true, value: { results: [{ id: first!.id, status: 'rejected', reason: 'conflictingBody' }] } });
    expect(await server.store.rejectedCount(post.deviceId)).toBe(before + 1);
    expect((await server.store.deviceSummary(post.deviceId))?.events).toBe(2);
  });

  it('rejects a wrong hash, a gap, a forked chain and a reused seq', async () => {
    const post = await enrolledPost('CMN');
    const device = { deviceId: post.deviceId, postCode: 'CMN' };
    const [r1, r2, r3] = writeRecords(post.db, device, [{ action: 'a.b' }, { action: 'a.c' }, { action: 'a.d' }]);
    const transport = createHttpTransport({
      baseUrl: server.url,
      tls: server.tls,
      credentials: () => createSyncStateRepository(post.db).credentials(),
    });
    const answer = await transport.push([{ ...r1!, hash: 'f'.repeat(64) }, r3!]);
    expect(answer.ok && answer.value.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual(['badHash', 'seqGap']);
    const otherChain = { ...r1!, id: newId(), prevHash: 'a'.repeat(64) };
    const { hash: _h, ...rest } = otherChain;
    void _h;
    const { hashAuditRecord } = await import('../../core/audit/chain');
    const relinked = { ...otherChain, hash: hashAuditRecord(rest) };
    // A record chained on another head: the hash the centre computes differs from the post's.
    const broken = await transport.push([relinked]);
    expect(broken.ok && broken.value.results[0]).toEqual({ id: relinked.id, status: 'rejected', reason: 'badHash' });
    await transport.push([r1!]);
    // Another record claiming seq 1 after seq 1 was accepted: a fork.
    const fork = { ...r1!, id: newId(), action: 'a.z' };
    const { hash: _fh, ...forkRest } = fork;
    void _fh;
    const forked = await transport.push([{ ...fork, hash: hashAuditRecord(forkRest) }]);
    expect(forked.ok && forked.value.results[0]).toEqual({ id: fork.id, status: 'rejected', reason: 'chainBroken' });
    // The real records still go through in order.
    const status = await post.engine.syncNow();
    expect(status).toMatchObject({ state: 'idle', queueLength: 0 });
    expect(await server.store.eventIds(post.deviceId)).toEqual([r1!.id, r2!.id, r3!.id]);
  });

  it('reports an error and keeps the records when the centre rejects one', async () => {
    const post = await enrolledPost('CMN');
    // A record claiming another post: the centre refuses it, the post keeps it queued.
    writeRecords(post.db, { deviceId: post.deviceId, postCode: 'TNG' }, [{ action: 'stamp.recorded', details: { pvNumber: 'X' } }]);
    const status = await post.engine.syncNow();
    expect(status).toMatchObject({ state: 'error', message: 'sync.error.rejected', queueLength: 1 });
    const row = post.db.prepare('SELECT attempts, last_error FROM outbox').get();
    expect(row).toEqual({ attempts: 1, last_error: 'wrongDevice' });
  });
});

describe('pull', () => {
  it('brings PVs, revocations, users and settings, and advances the cursor', async () => {
    const post = await enrolledPost('OUD');
    const pvs = [1, 2, 3].map((n) => makePv(9000 + n, { authorisedPosts: ['OUD'] }));
    expect((await admin(server, 'POST', '/admin/pvs', { version: 1, pvs })).body).toMatchObject({ created: 3 });
    expect((await admin(server, 'POST', `/admin/pvs/${pvs[1]!.pvNumber}/revoke`)).status).toBe(200);
    await admin(server, 'PUT', '/admin/users', {
      users: [
        { id: 'u-oud-1', postCode: 'OUD', username: 'sup.oud', displayName: 'Sup', role: 'supervisor', active: true, pinHash: 'scrypt$x' },
        { id: 'u-nad-1', postCode: 'NDR', username: 'sup.ndr', displayName: 'Sup', role: 'supervisor', active: true, pinHash: 'scrypt$y' },
      ],
    });
    await admin(server, 'PUT', '/admin/settings', { perDiem: { amount: 10000, currency: 'USD', periodDays: 365 } });
    const users: string[] = [];
    const engine = createSyncClient({
      db: post.db,
      baseUrl: server.url,
      tls: server.tls,
      applyPvs: applyTestPvs,
      applyUsers: (_db, us) => users.push(...us.map((u) => u.id)),
    });
    const status = await engine.syncNow();
    expect(status.state).toBe('idle');
    const rows = post.db
      .prepare('SELECT pv_number, revision, status FROM test_pvs WHERE pv_number LIKE ? ORDER BY pv_number')
      .all('PV-2026-0090%');
    expect(rows).toEqual([
      { pv_number: pvs[0]!.pvNumber, revision: 1, status: 'active' },
      { pv_number: pvs[1]!.pvNumber, revision: 2, status: 'revoked' },
      { pv_number: pvs[2]!.pvNumber, revision: 1, status: 'active' },
    ]);
    expect(users).toEqual(['u-oud-1']);
    expect(createSyncStateRepository(post.db).settings()).toEqual({ perDiem: { amount: 10000, currency: 'USD', periodDays: 365 } });
    const cursor = createSyncStateRepository(post.db).cursor();
    expect(BigInt(cursor)).toBeGreaterThan(0n);
    // Nothing new: the cursor stays; an identical re-import emits nothing.
    await admin(server, 'POST', '/admin/pvs', { version: 1, pvs: [pvs[0]] });
    await engine.syncNow();
    expect(createSyncStateRepository(post.db).cursor()).toBe(cursor);
  });

  it('keeps the revision of an imported file and counts up from it', async () => {
    const pv = makePv(31_000, { revision: 5 });
    expect(await server.store.importPvs([pv])).toMatchObject({ created: 1 });
    expect(await server.store.importPvs([{ ...pv, revision: 0 }])).toMatchObject({ unchanged: 1 });
    expect(await server.store.importPvs([{ ...pv, policeStation: 'Service des Etrangers, Rabat' }])).toMatchObject({ updated: 1 });
    const { rows } = await server.store.storage.query<{ revision: number }>('SELECT revision FROM pvs WHERE pv_number = $1', [pv.pvNumber]);
    expect(rows).toEqual([{ revision: 6 }]);
  });

  it("feeds the app's PV cache through its repository", async () => {
    const { createDepartureRepository } = await import('../../main/db/repositories/departure-repository');
    const { normalizeDocumentNumber } = await import('../../core/departure/pv');
    const post = await enrolledPost('CMN');
    const repo = createDepartureRepository(post.db);
    const engine = createSyncClient({
      db: post.db,
      baseUrl: server.url,
      tls: server.tls,
      applyPvs: (_db, pvs) => pvs.forEach((pv) => repo.upsertPv(pv, normalizeDocumentNumber(pv.travelDocument.number), 'sync', Date.now())),
    });
    const pv = makePv(41_000);
    await server.store.importPvs([pv]);
    await server.store.revokePv(pv.pvNumber);
    expect((await engine.syncNow()).state).toBe('idle');
    const row = post.db.prepare('SELECT revision, status, source FROM pvs WHERE pv_number = ?').get(pv.pvNumber);
    expect(row).toEqual({ revision: 2, status: 'revoked', source: 'sync' });
  });

  it('pages through many changes with a small limit', async () => {
    const post = await enrolledPost('NDR');
    await admin(server, 'POST', '/admin/pvs', {
      pvs: Array.from({ length: 120 }, (_, i) => makePv(20_000 + i, { authorisedPosts: ['NDR'] })),
    });
    const engine = createSyncClient({ db: post.db, baseUrl: server.url, tls: server.tls, applyPvs: applyTestPvs, pullLimit: 7 });
    expect((await engine.syncNow()).state).toBe('idle');
    expect((post.db.prepare("SELECT count(*) AS n FROM test_pvs WHERE pv_number LIKE 'PV-2026-02%'").get() as { n: number }).n).toBe(120);
  });
});

describe('device authentication', () => {
  it('refuses a revoked device', async () => {
    const post = await enrolledPost('CMN');
    writeRecords(post.db, { deviceId: post.deviceId, postCode: 'CMN' }, [{ action: 'auth.loggedIn' }]);
    expect((await admin(server, 'POST', `/admin/devices/${post.deviceId}/revoke`)).status).toBe(200);
    const status = await post.engine.syncNow();
    // The desk can say why: revoked, not a generic refusal.
    expect(status).toMatchObject({ state: 'error', message: 'sync.error.revoked', queueLength: 1 });
    expect((await server.store.deviceSummary(post.deviceId))?.events).toBe(0);
  });

  it('a post whose clock is two hours off still syncs: it signs with the offset the centre tells it', async () => {
    const post = await enrolledPost('CMN');
    writeRecords(post.db, { deviceId: post.deviceId, postCode: 'CMN' }, [{ action: 'auth.loggedIn' }]);
    const skewed = createSyncClient({
      db: post.db,
      baseUrl: server.url,
      tls: server.tls,
      applyPvs: applyTestPvs,
      clock: { now: () => Date.now() - 2 * 3600_000 },
    });
    expect(await skewed.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
    expect((await server.store.deviceSummary(post.deviceId))?.events).toBe(1);
  });

  it('a replayed request, fresh or a week old, changes nothing', async () => {
    const post = await enrolledPost('CMN');
    const [record] = writeRecords(post.db, { deviceId: post.deviceId, postCode: 'CMN' }, [
      { action: 'perDiem.paid', details: { pvNumber: 'PV-R-1' } },
    ]);
    const creds = createSyncStateRepository(post.db).credentials()!;
    const key = createPrivateKey({ key: Buffer.from(creds.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
    const signedPush = (time: number) => {
      const body = Buffer.from(JSON.stringify({ events: [toWireEvent(record!)] }));
      const nonce = randomBytes(16).toString('hex');
      const bodySha256 = createHash('sha256').update(body).digest('hex');
      const text = signingText({ method: 'POST', path: '/v1/push', time, nonce, bodySha256 });
      return {
        body,
        headers: {
          'content-type': 'application/json',
          [AUTH_HEADERS.device]: creds.deviceId,
          [AUTH_HEADERS.time]: String(time),
          [AUTH_HEADERS.nonce]: nonce,
          [AUTH_HEADERS.bodySha256]: bodySha256,
          [AUTH_HEADERS.signature]: sign(null, Buffer.from(text), key).toString('base64'),
        },
      };
    };
    const weekOld = signedPush(Date.now() - 7 * 86_400_000);
    const old = await centreFetch(server, '/v1/push', { method: 'POST', headers: weekOld.headers, body: weekOld.body });
    expect(old.status).toBe(401);
    expect(old.json()).toMatchObject({ error: 'auth.clock' });
    const fresh = signedPush(Date.now());
    const first = await centreFetch(server, '/v1/push', { method: 'POST', headers: fresh.headers, body: fresh.body });
    expect(first.status).toBe(200);
    const replay = await centreFetch(server, '/v1/push', { method: 'POST', headers: fresh.headers, body: fresh.body });
    expect(replay.status).toBe(401);
    expect(replay.json()).toEqual({ error: 'auth.replay' });
    // A signature does not cover another body.
    const tampered = await centreFetch(server, '/v1/push', {
      method: 'POST',
      headers: { ...signedPush(Date.now()).headers },
      body: JSON.stringify({ events: [{ ...toWireEvent(record!), subject: 'x' }] }),
    });
    expect(tampered.status).toBe(401);
    expect((await server.store.deviceSummary(post.deviceId))?.events).toBe(1);
  });
});

describe('what a post receives', () => {
  it("only PVs for itself or 'any'; a PV moved away arrives revoked", async () => {
    const cmn = await enrolledPost('CMN');
    const rak = await enrolledPost('RAK');
    const mine = makePv(7001, { authorisedPosts: ['CMN'] });
    const theirs = makePv(7002, { authorisedPosts: ['RAK'] });
    const anyPost = makePv(7003, { authorisedPosts: 'any' });
    await server.store.importPvs([mine, theirs, anyPost]);
    await cmn.engine.syncNow();
    await rak.engine.syncNow();
    const held = (db: Db) =>
      (
        db.prepare('SELECT pv_number, status FROM test_pvs WHERE pv_number LIKE ? ORDER BY pv_number').all('PV-2026-0070%') as {
          pv_number: string;
          status: string;
        }[]
      ).map((r) => `${r.pv_number}:${r.status}`);
    expect(held(cmn.db)).toEqual([`${mine.pvNumber}:active`, `${anyPost.pvNumber}:active`]);
    expect(held(rak.db)).toEqual([`${theirs.pvNumber}:active`, `${anyPost.pvNumber}:active`]);
    // Moved from CMN to RAK: CMN receives it revoked, RAK active.
    await server.store.importPvs([{ ...mine, authorisedPosts: ['RAK'] }]);
    expect((await cmn.engine.syncNow()).state).toBe('idle');
    expect((await rak.engine.syncNow()).state).toBe('idle');
    expect(held(cmn.db)).toEqual([`${mine.pvNumber}:revoked`, `${anyPost.pvNumber}:active`]);
    expect(held(rak.db)).toEqual([`${mine.pvNumber}:active`, `${theirs.pvNumber}:active`, `${anyPost.pvNumber}:active`]);
  });

  it('distributes and rotates the trusted PV signing keys', async () => {
    const received: unknown[] = [];
    const db = openPostDb();
    const engine = createSyncClient({
      db,
      baseUrl: server.url,
      tls: server.tls,
      applyPvs: applyTestPvs,
      applyPvKeys: (_db, keys) => received.push(keys),
    });
    const { code } = await server.store.createEnrolCode('CMN');
    expect((await engine.enrol({ code, deviceId: newId() })).ok).toBe(true);
    const k1 = { keyId: 'pv-2027', publicKey: '1'.repeat(64) };
    const k2 = { keyId: 'pv-2028', publicKey: '2'.repeat(64) };
    expect((await admin(server, 'PUT', '/admin/pv-keys', { keys: [k1] })).status).toBe(200);
    await engine.syncNow();
    expect((await admin(server, 'PUT', '/admin/pv-keys', { keys: [k2] })).status).toBe(200);
    expect((await engine.syncNow()).state).toBe('idle');
    expect(received.at(-1)).toEqual([k2]);
    expect(received).toContainEqual([k1]);
  });
});

describe('openapi', () => {
  it('describes the push and pull routes', async () => {
    const res = await centreFetch(server, '/openapi.json');
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/push', '/v1/pull', '/v1/enrol', '/admin/pvs']));
  });
});
