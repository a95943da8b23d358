/**
 * Money under failure: post processes paying per diems are killed with SIGKILL at random moments,
 * and parallel processes race to pay the same PV. Afterwards: every acknowledged payment is in the
 * database, no PV is paid twice, the file passes integrity_check and the audit chain verifies.
 *
 * The database is the one a post has in production: encrypted with SQLCipher, its key sealed by
 * the OS key store (os-key-store.ts), opened by the children as the Electron app opens it.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_NOW } from '../../core/departure/testing';
import { applyKey, isClearDatabase } from '../../main/db/connection';
import { createAppServices } from '../../main/services/app-services';
import { DATABASE_KEY_FILE, loadOrCreateDatabaseKey } from '../../main/services/secret-store';
import { createManualClock, silentLogger } from '../../main/services/runtime';
import { createTestPinHasher } from '../../main/testing/pin-hasher';
import { boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';
import { bundleForNode, type NodeBundle } from './bundle';
import { POOL_SIZE, poolPv } from './pool';
import { ensureKeyStoreSecret, osProtector } from './os-key-store';
import { seedDemo } from '../../main/demo/demo-seed';

ensureKeyStoreSecret();
const KILLS = Number(process.env.RVA_KILLS ?? 1000);
let child: NodeBundle;
const dirs: string[] = [];

async function seededPost(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rva-kill-'));
  dirs.push(dir);
  const services = await createAppServices({
    dataDir: dir,
    mode: 'browser',
    version: 'test',
    seed: seedDemo,
    clock: createManualClock(SAMPLE_NOW),
    logger: silentLogger,
    pinHasher: createTestPinHasher(),
    secretProtector: osProtector(),
  });
  const pvs = Array.from({ length: POOL_SIZE }, (_, i) => poolPv(i));
  const imported = services.departures.importPvs(JSON.stringify({ version: 1, pvs }), 'json', null);
  expect(imported).toMatchObject({ ok: true, written: POOL_SIZE });
  await services.close();
  return dir;
}

beforeAll(async () => {
  // One run on a post of its own fills the child's code cache (see launch.cjs).
  child = await bundleForNode('tests/chaos/pay-child.ts', ['warm', await seededPost()]);
}, 120_000);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function collect(proc: ChildProcess, into: string[], onReady?: () => void, onRecord?: () => void): void {
  let buffer = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'READY') onReady?.();
      else {
        into.push(line);
        onRecord?.();
      }
    }
  });
}

/** The post's key, unsealed by the OS key store; the file itself is encrypted and the key sealed. */
function postKey(dir: string): Buffer {
  const file = join(dir, 'rva-depart.sqlite');
  expect(isClearDatabase(file)).toBe(false);
  const clear = new Database(file, { readonly: true });
  try {
    expect(() => clear.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
  } finally {
    clear.close();
  }
  const key = loadOrCreateDatabaseKey(dir, osProtector());
  const stored = JSON.parse(readFileSync(join(dir, DATABASE_KEY_FILE), 'utf8')) as { protection: string; sealed: string };
  expect(stored.protection).toBe('os');
  expect(Buffer.from(stored.sealed, 'base64').includes(key.toString('base64'))).toBe(false);
  return key;
}

function checkDatabase(dir: string, acked: Map<string, string>) {
  const key = postKey(dir);
  const db = new Database(join(dir, 'rva-depart.sqlite'), { readonly: true });
  try {
    applyKey(db, key);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const payments = db.prepare('SELECT id, pv_number FROM per_diem_payments').all() as { id: string; pv_number: string }[];
    const ids = new Set(payments.map((p) => p.id));
    const lost = [...acked.values()].filter((id) => !ids.has(id));
    expect(lost).toEqual([]);
    const perPv = db.prepare('SELECT pv_number, count(*) AS n FROM per_diem_payments GROUP BY pv_number HAVING n > 1').all();
    expect(perPv).toEqual([]);
    const audited = db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'perDiem.paid'").get() as { n: number };
    expect(audited.n).toBe(payments.length);
    return payments.length;
  } finally {
    db.close();
  }
}

describe('per diem under SIGKILL', () => {
  it(`loses no acknowledged payment and pays no PV twice across ${KILLS} kills`, async () => {
    const dir = await seededPost();
    const acked = new Map<string, string>();
    let duplicatesRefused = 0;
    for (let k = 0; k < KILLS; k++) {
      const lines: string[] = [];
      // The child's choice of PVs follows the run's seed too.
      const childSeed = String(1 + Math.floor(Math.random() * (2 ** 31 - 1)));
      const proc = spawn(process.execPath, [...child.argv, 'loop', dir, childSeed], { stdio: ['ignore', 'pipe', 'inherit'] });
      let recorded: () => void = () => {};
      const firstRecord = new Promise<void>((r) => (recorded = r));
      const ready = new Promise<void>((r) => collect(proc, lines, r, recorded));
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      await ready;
      // Half the kills come once the child has answered for a first payment (the next one is then
      // under way), half from its start: on a loaded machine a first payment can take longer than
      // the random delay, and a short run would otherwise never kill after a commit.
      if (Math.random() < 0.5) await Promise.race([firstRecord, exited]);
      // Kill it at a random moment of its work: mid-transaction, mid-fsync, mid-write to stdout.
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
      proc.kill('SIGKILL');
      await exited;
      for (const line of lines) {
        const [tag, pv, id] = line.split(' ');
        if (tag === 'ACK' && pv && id) {
          expect(acked.has(pv), `PV ${pv} acknowledged twice`).toBe(false);
          acked.set(pv, id);
        } else if (tag === 'DUP') duplicatesRefused++;
        else if (tag === 'ERR') throw new Error(line);
      }
    }
    const stored = checkDatabase(dir, acked);
    expect(acked.size).toBeGreaterThan(0);
    expect(stored).toBeGreaterThanOrEqual(acked.size);

    const services = await createAppServices({
      dataDir: dir,
      mode: 'electron',
      version: 'test',
      logger: silentLogger,
      secretProtector: osProtector(),
    });
    expect(services.audit.verify().ok).toBe(true);
    await services.close();
    process.stdout.write(
      `kill test: ${KILLS} kills (seed ${process.env.RVA_CHAOS_SEED}), ${acked.size} acknowledged payments, ${stored} stored, ${duplicatesRefused} second payments refused\n`,
    );
  }, 1_800_000);
});

describe('twenty processes paying the same PV at once', () => {
  it('records exactly one payment', async () => {
    const dir = await seededPost();
    const services = await createAppServices({
      dataDir: dir,
      mode: 'browser',
      version: 'test',
      clock: createManualClock(SAMPLE_NOW),
      logger: silentLogger,
      pinHasher: createTestPinHasher(),
      secretProtector: osProtector(),
    });
    const escort = services.db.prepare("SELECT id FROM users WHERE role = 'escort'").get() as { id: string };
    const pv = poolPv(7);
    const view = services.departures.verify(
      {
        scans: [
          { source: 'wedge', raw: mrzFor(pv) },
          { source: 'wedge', raw: boardingPassFor(pv) },
        ],
      },
      { userId: escort.id, role: 'escort' },
    );
    if (!view.ok) throw new Error(view.error.message);
    await services.close();

    const outputs: string[][] = [];
    const ready: Promise<void>[] = [];
    const procs = Array.from({ length: 20 }, () => {
      const lines: string[] = [];
      outputs.push(lines);
      const proc = spawn(process.execPath, [...child.argv, 'once', dir, view.value.passageId], { stdio: ['pipe', 'pipe', 'inherit'] });
      ready.push(new Promise((r) => collect(proc, lines, r)));
      return proc;
    });
    // Everyone has opened the database (READY), then all are released together.
    await Promise.all(ready);
    for (const p of procs) p.stdin?.write('go\n');
    await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
    const all = outputs.flat();
    expect(all.filter((l) => l.startsWith('ACK'))).toHaveLength(1);
    expect(all.filter((l) => l.startsWith('DUP'))).toHaveLength(19);
    const key = postKey(dir);
    const db = new Database(join(dir, 'rva-depart.sqlite'), { readonly: true });
    applyKey(db, key);
    expect(db.prepare('SELECT count(*) AS n FROM per_diem_payments').get()).toEqual({ n: 1 });
    db.close();
  }, 120_000);
});
