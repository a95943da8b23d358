import type { WalRepository } from '../db/repositories/wal-repository';
import type { Clock, Logger } from './runtime';

/**
 * When the post database's WAL is copied into the database file (a checkpoint). SQLite does it by
 * default in the commit that takes the WAL past 1,000 pages: about one scan in a hundred then pays
 * for a checkpoint, and with SQLCipher each page copied is decrypted and re-encrypted, which made
 * the scan-to-verdict tail. Here checkpoints run off the scan path:
 * - at startup (a WAL left by a crash) and at close (TRUNCATE: the WAL file is emptied);
 * - once the desks have been idle for `idleMs` (no IPC command, no scan, no event);
 * - above `softCapPages`, a pause of `quietMs` between two commands is enough (a desk that never
 *   rests for `idleMs`);
 * - at `hardCapPages`, whatever the desks are doing: SQLite's own automatic checkpoint is kept at
 *   that threshold, so it holds even while the event loop is busy (a long import), and the next
 *   tick empties the file.
 */
export interface DbMaintenanceOptions {
  idleMs: number;
  quietMs: number;
  softCapPages: number;
  hardCapPages: number;
  /** How often the WAL's size is looked at (a file stat). */
  tickMs: number;
}

export const DEFAULT_DB_MAINTENANCE: DbMaintenanceOptions = {
  idleMs: 2_000,
  quietMs: 500,
  softCapPages: 1_000,
  hardCapPages: 10_000,
  tickMs: 250,
};

/** Repeats `fn` every `ms` until the returned function is called; injected so tests fire it by hand. */
export interface Ticker {
  every(ms: number, fn: () => void): () => void;
}

export const systemTicker: Ticker = {
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

export type CheckpointReason = 'startup' | 'idle' | 'softCap' | 'hardCap' | 'close';

export function createDbMaintenance(deps: {
  wal: WalRepository;
  clock: Clock;
  logger: Logger;
  ticker?: Ticker;
  options?: Partial<DbMaintenanceOptions>;
}) {
  const { wal, clock, logger } = deps;
  const ticker = deps.ticker ?? systemTicker;
  const o: DbMaintenanceOptions = { ...DEFAULT_DB_MAINTENANCE, ...deps.options };
  if (!(o.softCapPages > 0 && o.hardCapPages > o.softCapPages && o.quietMs <= o.idleMs)) {
    throw new Error('database maintenance: caps must satisfy 0 < soft < hard, and quietMs <= idleMs');
  }
  let lastActivity = clock.now();
  let cancel: (() => void) | null = null;

  function checkpoint(reason: CheckpointReason): boolean {
    const before = wal.walPages();
    const result = wal.checkpoint('TRUNCATE');
    if (!result) return false;
    if (result.busy) logger.warn('db.checkpointBusy', { reason, walPages: result.walPages });
    else if (reason !== 'idle' && reason !== 'softCap') logger.info('db.checkpoint', { reason, walPages: before });
    return !result.busy;
  }

  function reasonNow(): CheckpointReason | null {
    const pages = wal.walPages();
    if (pages === 0) return null;
    const now = clock.now();
    // A clock set back counts as activity, so a jump never stops idle checkpoints for long.
    if (now < lastActivity) lastActivity = now;
    const quiet = now - lastActivity;
    if (pages >= o.hardCapPages) return 'hardCap';
    if (quiet >= o.idleMs) return 'idle';
    if (pages >= o.softCapPages && quiet >= o.quietMs) return 'softCap';
    return null;
  }

  function tick(): void {
    try {
      const reason = reasonNow();
      if (reason) checkpoint(reason);
    } catch (error) {
      logger.warn('db.checkpointFailed', { error: error instanceof Error ? error.name : 'unknown' });
    }
  }

  return {
    options: o,
    /** Turns SQLite's automatic checkpoint into the hard cap, checkpoints what a crash left, starts the ticks. */
    start(): void {
      wal.setAutoCheckpoint(o.hardCapPages);
      checkpoint('startup');
      cancel ??= ticker.every(o.tickMs, tick);
    },
    /** Something happened at a desk (a command, a scan, an event): the idle time starts again. */
    touch(): void {
      lastActivity = clock.now();
    },
    /** Stops the ticks and empties the WAL into the database (before the connection closes). */
    stop(): void {
      cancel?.();
      cancel = null;
      checkpoint('close');
    },
  };
}
export type DbMaintenance = ReturnType<typeof createDbMaintenance>;
