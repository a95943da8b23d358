/** Checkpoints of the post database's WAL, off the scan path (main/services/db-maintenance.ts). */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connection';
import { openDatabase } from '../db/connection';
import { createWalRepository } from '../db/repositories/wal-repository';
import { createIpc } from '../ipc/index';
import { createTestPinHasher } from '../testing/pin-hasher';
import type { AppServicesOptions } from './app-services';
import { createAppServices } from './app-services';
import type { DbMaintenanceOptions, Ticker } from './db-maintenance';
import { createDbMaintenance } from './db-maintenance';
import { createManualClock, silentLogger } from './runtime';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rva-wal-'));
  dirs.push(dir);
  return dir;
};
const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A ticker fired by hand: no timers, no sleeps. */
function manualTicker(): Ticker & { fire(): void; running(): boolean } {
  let tick: (() => void) | null = null;
  return {
    every(_ms, fn) {
      tick = fn;
      return () => {
        tick = null;
      };
    },
    fire: () => tick?.(),
    running: () => tick !== null,
  };
}

/** Bytes of the WAL file on disk, in pages (4 KiB pages, 24-byte frame headers, 32-byte header). */
const walFilePages = (file: string) =>
  existsSync(`${file}-wal`) ? Math.max(0, Math.floor((statSync(`${file}-wal`).size - 32) / 4120)) : 0;

let written = 0;
/** Writes about `pages` pages in transactions of `perCommit` rows of 3 KiB (one page each, or so). */
function burst(db: Db, pages: number, perCommit = 50, afterCommit: () => void = () => {}): void {
  const put = db.prepare('INSERT INTO post_settings (key, value, updated_at) VALUES (?, ?, 0)');
  for (let done = 0; done < pages; done += perCommit) {
    db.transaction(() => {
      for (let i = 0; i < perCommit; i++) put.run(`burst.${written++}`, randomBytes(1536).toString('hex'));
    })();
    afterCommit();
  }
}
const burstRows = (db: Db) => (db.prepare("SELECT count(*) AS n FROM post_settings WHERE key LIKE 'burst.%'").get() as { n: number }).n;

async function startPost(more: Partial<AppServicesOptions> = {}) {
  const dataDir = tempDir();
  const clock = createManualClock();
  const ticker = manualTicker();
  const services = await createAppServices({
    dataDir,
    mode: 'browser',
    version: 'test',
    logger: silentLogger,
    pinHasher: createTestPinHasher(),
    clock,
    dbMaintenance: { ticker },
    ...more,
  });
  open.push(services);
  return { services, clock, ticker, file: join(dataDir, 'rva-depart.sqlite') };
}

/** An encrypted post database and its maintenance, outside the composition root. */
function startDb(options: Partial<DbMaintenanceOptions> = {}, file = join(tempDir(), 'post.sqlite')) {
  const db = openDatabase(file, { key: KEY });
  open.push(db);
  const clock = createManualClock();
  const ticker = manualTicker();
  const wal = createWalRepository(db);
  const maintenance = createDbMaintenance({ wal, clock, logger: silentLogger, ticker, options });
  return { db, file, clock, ticker, wal, maintenance };
}
const KEY = randomBytes(32);

describe('WAL checkpoints off the scan path', () => {
  it('lets the WAL grow past 1,000 pages while a desk is busy, and empties it at the first pause', async () => {
    const { services, clock, ticker, file } = await startPost();
    // A command every 100 ms, each writing about 50 pages.
    burst(services.db, 3_000, 50, () => {
      services.dbMaintenance.touch();
      clock.advance(100);
      ticker.fire();
    });
    // SQLite's default would have checkpointed in a commit (about every 1,000 pages), keeping the file near that size.
    expect(walFilePages(file)).toBeGreaterThan(2_500);
    const rows = burstRows(services.db);
    expect(rows).toBeGreaterThanOrEqual(3_000);
    clock.advance(399);
    ticker.fire();
    expect(walFilePages(file)).toBeGreaterThan(2_500);
    // Above the soft cap (1,000 pages) a pause of half a second is enough.
    clock.advance(1);
    ticker.fire();
    expect(statSync(`${file}-wal`).size).toBe(0);
    expect(burstRows(services.db)).toBe(rows);
  });

  it('counts IPC commands and desk events as activity: each one postpones the idle checkpoint', async () => {
    const { services, clock, ticker, file } = await startPost();
    const ipc = createIpc(services);
    burst(services.db, 100);
    const before = walFilePages(file);
    expect(before).toBeGreaterThan(50);
    clock.advance(1_500);
    expect((await ipc.dispatch('app.info', {}, 'test:1')).ok).toBe(true);
    clock.advance(1_500);
    ticker.fire();
    expect(walFilePages(file)).toBe(before);
    services.bus.emit('scanner.scanned', { source: 'hid', raw: 'P<MAR', at: clock.now() });
    clock.advance(1_500);
    ticker.fire();
    expect(walFilePages(file)).toBe(before);
    clock.advance(500);
    ticker.fire();
    expect(walFilePages(file)).toBe(0);
  });

  it('above the soft cap, a short pause is enough; below it, the checkpoint waits for the desk to be idle', () => {
    const { db, clock, ticker, wal, maintenance } = startDb({ softCapPages: 200, quietMs: 500, idleMs: 2_000, hardCapPages: 5_000 });
    maintenance.start();
    burst(db, 100);
    maintenance.touch();
    clock.advance(600);
    ticker.fire();
    const below = wal.walPages();
    expect(below).toBeGreaterThan(50);
    expect(below).toBeLessThan(200);
    burst(db, 200);
    maintenance.touch();
    clock.advance(400);
    ticker.fire();
    expect(wal.walPages()).toBeGreaterThanOrEqual(200);
    clock.advance(100);
    ticker.fire();
    expect(wal.walPages()).toBe(0);
  });

  it('holds the hard cap even when no tick runs (the event loop busy), then empties the file at the next tick', () => {
    const { db, ticker, wal, maintenance } = startDb({ softCapPages: 200, hardCapPages: 400 });
    maintenance.start();
    expect(wal.autoCheckpoint()).toBe(400);
    let largest = 0;
    burst(db, 3_000, 50, () => {
      largest = Math.max(largest, wal.walPages());
    });
    // SQLite checkpoints in the commit that crosses the cap; the file never holds much more than one commit beyond it.
    expect(largest).toBeGreaterThanOrEqual(400);
    expect(largest).toBeLessThan(400 + 120);
    maintenance.touch();
    ticker.fire();
    expect(wal.walPages()).toBe(0);
  });

  it('at close, empties the WAL into the database file: the file alone holds everything', () => {
    const { db, file, ticker, wal, maintenance } = startDb();
    maintenance.start();
    burst(db, 500);
    const rows = burstRows(db);
    expect(wal.walPages()).toBeGreaterThan(400);
    maintenance.stop();
    expect(ticker.running()).toBe(false);
    expect(statSync(`${file}-wal`).size).toBe(0);
    // The database file copied without its WAL, as a backup of a closed post would be.
    const copy = join(tempDir(), 'copy.sqlite');
    copyFileSync(file, copy);
    const reopened = openDatabase(copy, { key: KEY });
    open.push(reopened);
    expect(burstRows(reopened)).toBe(rows);
  });

  it('at startup, checkpoints what a killed process left in the WAL', () => {
    const killed = startDb();
    killed.wal.setAutoCheckpoint(0);
    burst(killed.db, 600);
    const rows = burstRows(killed.db);
    // The files as a SIGKILL leaves them: the database and a WAL that was never checkpointed.
    const file = join(tempDir(), 'post.sqlite');
    copyFileSync(killed.file, file);
    copyFileSync(`${killed.file}-wal`, `${file}-wal`);
    const next = startDb({}, file);
    expect(next.wal.walPages()).toBeGreaterThan(500);
    next.maintenance.start();
    expect(next.wal.walPages()).toBe(0);
    expect(burstRows(next.db)).toBe(rows);
  });

  it('takes a clock set back as activity, and refuses caps that contradict each other', () => {
    const { db, clock, ticker, wal, maintenance } = startDb();
    maintenance.start();
    burst(db, 100);
    clock.advance(-60_000);
    ticker.fire();
    expect(wal.walPages()).toBeGreaterThan(50);
    clock.advance(2_000);
    ticker.fire();
    expect(wal.walPages()).toBe(0);
    expect(() => startDb({ softCapPages: 500, hardCapPages: 400 }).maintenance).toThrow(/soft < hard/);
  });

  it('the composition root starts it and closes through it', async () => {
    const { services, ticker, file } = await startPost();
    expect(ticker.running()).toBe(true);
    expect(createWalRepository(services.db).autoCheckpoint()).toBe(10_000);
    burst(services.db, 200);
    await services.close();
    open.splice(open.indexOf(services), 1);
    expect(ticker.running()).toBe(false);
    expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);
  });
});
