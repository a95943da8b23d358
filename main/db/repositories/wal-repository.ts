import { statSync } from 'node:fs';
import type { Db } from '../connection';

/** SQLite's WAL file: a 32-byte header, then one frame per page written (24-byte frame header + page). */
const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;

export type CheckpointMode = 'PASSIVE' | 'TRUNCATE';

export interface CheckpointResult {
  /** Another connection held the database and the checkpoint could not finish. */
  busy: boolean;
  /** Pages left in the WAL after the checkpoint (0 once TRUNCATE finished). */
  walPages: number;
}

/**
 * The post database's write-ahead log: how many pages it holds, checkpoints (copying them into the
 * database file; with SQLCipher each page is decrypted and re-encrypted on the way), and SQLite's
 * automatic checkpoint threshold. An in-memory database has no WAL: 0 pages, nothing to do.
 */
export function createWalRepository(db: Db) {
  const file = db.memory ? null : `${db.name}-wal`;
  const frameBytes = (db.pragma('page_size', { simple: true }) as number) + FRAME_HEADER_BYTES;

  function walPages(): number {
    if (!file) return 0;
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return 0; // no WAL file: nothing written since the last close
    }
    return Math.max(0, Math.floor((size - WAL_HEADER_BYTES) / frameBytes));
  }

  return {
    walPages,
    /** Sets SQLite's own checkpoint threshold, run by the commit that crosses it (0: never). */
    setAutoCheckpoint(pages: number): void {
      if (!Number.isSafeInteger(pages) || pages < 0) throw new Error('the automatic checkpoint threshold must be a whole number of pages');
      db.pragma(`wal_autocheckpoint = ${pages}`);
    },
    autoCheckpoint(): number {
      return db.pragma('wal_autocheckpoint', { simple: true }) as number;
    },
    /** Null while this connection is inside a transaction (a checkpoint then waits for the next chance). */
    checkpoint(mode: CheckpointMode): CheckpointResult | null {
      if (!file) return { busy: false, walPages: 0 };
      if (db.inTransaction) return null;
      const [row] = db.pragma(`wal_checkpoint(${mode})`) as { busy: number; log: number; checkpointed: number }[];
      return { busy: (row?.busy ?? 0) !== 0, walPages: walPages() };
    },
  };
}
export type WalRepository = ReturnType<typeof createWalRepository>;
