/**
 * Chaos run: one centre, three post processes writing 5,000 records in all, a proxy that drops,
 * delays, duplicates and replays requests, and about 30 SIGKILLs of post processes. Afterwards
 * the centre and every post agree: nothing lost, nothing twice, outboxes empty, same PVs, same
 * conflict cases.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { verifyChain } from '../../core/audit/chain';
import type { AuditRecord } from '../../core/audit/chain';
import { createAuditRepository } from '../../main/db/repositories/audit-repository';
import { createSyncClient } from '../../main/sync/index';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import { startChaosProxy } from './chaos-proxy';
import { applyTestPvs, makePv, newId, openPostDb } from './helpers';

const TOTAL = Number(process.env.CHAOS_RECORDS ?? 5000);
const KILLS = Number(process.env.CHAOS_KILLS ?? 30);
const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'rva-chaos-'));
const children = new Set<ChildProcess>();
let server: RunningServer | undefined;

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PostProc {
  file: string;
  postCode: string;
  deviceId: string;
  target: number;
  child: ChildProcess | null;
  progress: { have: number; outbox: number; status: string };
  starts: number;
}

it(`3 posts, ${TOTAL} records, ${KILLS} SIGKILLs through a faulty network: centre and posts agree`, async () => {
  server = await startServer({});
  const proxy = await startChaosProxy(
    server.url,
    { dropBefore: 0.08, dropAfter: 0.12, delay: 0.2, duplicate: 0.1, replay: 0.1 },
    Math.random,
    server.tls,
  );
  const posts: PostProc[] = [];
  const codes = ['CMN', 'RAK', 'TNG'];
  for (let i = 0; i < 3; i++) {
    const file = join(dir, `post-${i}.sqlite`);
    const db = openPostDb(file);
    const engine = createSyncClient({ db, baseUrl: server.url, tls: server.tls, applyPvs: applyTestPvs });
    const deviceId = newId();
    const { code } = await server.store.createEnrolCode(codes[i]!);
    expect((await engine.enrol({ code, deviceId })).ok).toBe(true);
    db.close();
    const target = Math.floor(TOTAL / 3) + (i < TOTAL % 3 ? 1 : 0);
    posts.push({ file, postCode: codes[i]!, deviceId, target, child: null, progress: { have: 0, outbox: 0, status: '' }, starts: 0 });
  }

  const launch = (p: PostProc) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tests/sync/chaos-post.ts',
        p.file,
        proxy.url,
        String(p.target),
        String(1000 + p.starts * 7 + posts.indexOf(p)),
        proxy.fingerprint256,
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    p.starts++;
    children.add(child);
    let buffer = '';
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      const last = lines.at(-1);
      if (last) p.progress = JSON.parse(last) as PostProc['progress'];
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (signal !== 'SIGKILL' && code !== 0 && code !== null) console.error(`post ${p.postCode} exited ${code}: ${stderr.slice(0, 2000)}`);
    });
    p.child = child;
  };
  const kill = async (p: PostProc) => {
    const child = p.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    p.child = null;
  };

  posts.forEach(launch);
  // The centre issues and revokes PVs while the posts work.
  let pvCounter = 0;
  const issued: string[] = [];
  let kills = 0;
  const started = Date.now();
  while (kills < KILLS) {
    await sleep(700 + Math.random() * 700);
    const victim = posts[Math.floor(Math.random() * posts.length)]!;
    await kill(victim);
    kills++;
    await sleep(50 + Math.random() * 250);
    launch(victim);
    if (kills % 3 === 0) {
      const batch = Array.from({ length: 40 }, () => makePv(500_000 + pvCounter++, { authorisedPosts: 'any' }));
      await server.store.importPvs(batch);
      issued.push(...batch.map((pv) => pv.pvNumber));
      await server.store.revokePv(issued[Math.floor(Math.random() * issued.length)]!);
    }
  }
  const killPhaseMs = Date.now() - started;

  // Let every post finish through the still faulty network, then a few clean cycles.
  const deadline = Date.now() + 150_000;
  while (!posts.every((p) => p.progress.have === p.target && p.progress.outbox === 0)) {
    if (Date.now() > deadline) throw new Error(`posts did not finish: ${JSON.stringify(posts.map((p) => p.progress))}`);
    await sleep(250);
  }
  proxy.setChaos(false);
  await sleep(2_000);
  for (const p of posts) await kill(p);

  // The centre and every post agree.
  const serverPvs = (
    await server.store.storage.query<{ pv_number: string; revision: number; status: string }>(
      "SELECT pv_number, revision, body->>'status' AS status FROM pvs ORDER BY pv_number",
    )
  ).rows.map((r) => ({ pv_number: r.pv_number, revision: Number(r.revision), status: r.status }));
  const serverCases = (await server.store.conflicts()).filter((c) => c.pvNumber.startsWith('PV-CH-'));
  const allRecords: AuditRecord[] = [];
  for (const p of posts) {
    const db = openPostDb(p.file);
    const local = createAuditRepository(db).range(1, Number.MAX_SAFE_INTEGER);
    allRecords.push(...local);
    expect(local.length).toBe(p.target);
    expect(verifyChain(local).ok).toBe(true);
    expect((db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n).toBe(0);
    expect(await server.store.eventIds(p.deviceId)).toEqual(local.map((r) => r.id));
    expect((await server.store.deviceSummary(p.deviceId))?.lastHash).toBe(local.at(-1)!.hash);
    expect(db.prepare('SELECT pv_number, revision, status FROM test_pvs ORDER BY pv_number').all()).toEqual(serverPvs);
    const mine = serverCases.filter((c) => c.posts.includes(p.postCode));
    const held = createSyncClient({ db, baseUrl: server.url, tls: server.tls, applyPvs: applyTestPvs })
      .state.conflicts()
      .filter((c) => c.pvNumber.startsWith('PV-CH-'));
    expect(held).toEqual(mine);
    db.close();
  }
  expect(allRecords.length).toBe(TOTAL);
  const { rows } = await server.store.storage.query<{ n: string }>('SELECT count(*)::text AS n FROM events');
  expect(Number(rows[0]!.n)).toBe(TOTAL);

  // Expected conflicts, from the posts' own records.
  const uses = new Map<string, { devices: Set<string>; ids: string[]; posts: Set<string> }>();
  for (const r of allRecords) {
    if (r.action !== 'perDiem.paid' && r.action !== 'stamp.recorded') continue;
    const key = `${(r.details as { pvNumber: string }).pvNumber}|${r.action}`;
    const u = uses.get(key) ?? { devices: new Set(), ids: [], posts: new Set() };
    u.devices.add(r.deviceId);
    u.ids.push(r.id);
    u.posts.add(r.postCode);
    uses.set(key, u);
  }
  const expected = [...uses.entries()]
    .filter(([, u]) => u.devices.size >= 2)
    .map(([key, u]) => ({ key, posts: [...u.posts].sort(), eventIds: [...u.ids].sort() }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const actual = serverCases
    .map((c) => ({ key: `${c.pvNumber}|${c.kind}`, posts: c.posts, eventIds: c.eventIds }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  expect(actual).toEqual(expected);
  expect(expected.length).toBeGreaterThan(0);

  console.log(
    `chaos: ${TOTAL} records, ${kills} kills in ${(killPhaseMs / 1000).toFixed(1)} s, ${posts.reduce((n, p) => n + p.starts, 0)} process starts, ` +
      `${serverPvs.length} PVs, ${expected.length} conflict cases; proxy ${JSON.stringify(proxy.stats)}`,
  );
  await proxy.close();
}, 290_000);
