/**
 * The centre the trust tests run against (key rotation, certificate renewal, revocation): PGlite,
 * TLS, a clock the test moves, the real server command line on its data directory, and posts
 * enrolled with it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect } from 'vitest';
import { createSyncClient } from '../../main/sync/index';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import type { Storage } from '../../server/storage';
import { createPgliteStorage } from '../../server/storage';
import { applyTestPvs, makePv, newId, openPostDb, writeRecords } from './helpers';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
/** Past the centre's cache of keys and trust records. */
export const CACHE_MS = 5_001;

/** Starts the centre before the file's tests and stops it after; `t.now` is its clock and the posts'. */
export function trustCentre(prefix: string, firstPv: number) {
  const t = {
    now: Date.now(),
    dir: '',
    storage: undefined as unknown as Storage,
    centre: undefined as unknown as RunningServer,
  };
  const clock = { now: () => t.now };
  beforeAll(async () => {
    t.dir = mkdtempSync(join(tmpdir(), prefix));
    t.storage = await createPgliteStorage();
    t.centre = await startServer({ dataDir: t.dir, storage: t.storage, tls: 'demo', clock });
  });
  afterAll(async () => {
    await t.centre?.close();
    await t.storage?.close();
    rmSync(t.dir, { recursive: true, force: true });
  });

  /** `npm run server -- ...args` on the centre's data directory. */
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      cwd: root,
      env: { ...process.env, RVA_SERVER_DATA: t.dir },
      timeout: 60_000,
    });

  /** A post enrolled with the centre and synced once. */
  async function enrolledPost() {
    const db = openPostDb();
    const engine = createSyncClient({
      db,
      baseUrl: t.centre.url,
      tls: { fingerprint256: t.centre.tls!.fingerprint256 },
      applyPvs: applyTestPvs,
      clock,
    });
    const { code } = await t.centre.store.createEnrolCode('CMN');
    const deviceId = newId(t.now);
    expect(await engine.enrol({ code, deviceId })).toMatchObject({ ok: true });
    expect((await engine.syncNow()).state).toBe('idle');
    const count = () => (db.prepare('SELECT count(*) AS n FROM test_pvs').get() as { n: number }).n;
    const enrolledWith = count();
    /** PVs pulled since enrolment. */
    const pvs = () => count() - enrolledWith;
    const record = (pvNumber: string) =>
      writeRecords(db, { deviceId, postCode: 'CMN' }, [{ action: 'stamp.recorded', details: { pvNumber } }], t.now);
    return { db, engine, deviceId, pvs, record, trust: () => engine.state.trust()! };
  }

  let pvNumber = firstPv;
  /** One more PV at the centre, for the posts to pull. */
  const newPv = () => t.centre.store.importPvs([makePv(++pvNumber)]);

  return { t, cli, enrolledPost, newPv };
}
