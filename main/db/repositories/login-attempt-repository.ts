import type { Db } from '../connection';

export type Reservation =
  /** This attempt is counted; `lockedUntil` is set when it is the one that reached the limit. */
  | { ok: true; failures: number; lockedUntil: number | null }
  /** The name is locked (by settled failures or by attempts still being checked). */
  | { ok: false; lockedUntil: number };

/**
 * Wrong-PIN counts per submitted name. An attempt is counted BEFORE its PIN is checked, in one
 * statement, so parallel guesses can never exceed the limit: the attempt that reaches it sets the
 * lock, and every later one is refused without a hash. A right PIN clears the count.
 */
export function createLoginAttemptRepository(db: Db) {
  // In SET, column names are the row's values before the update. An expired lock starts afresh.
  const reserve = db.prepare<
    { username: string; now: number; max: number; lockMs: number },
    { failed_attempts: number; locked_until: number | null }
  >(
    `INSERT INTO login_attempts (username, failed_attempts, locked_until, updated_at)
     VALUES (@username, 1, CASE WHEN 1 >= @max THEN @now + @lockMs END, @now)
     ON CONFLICT(username) DO UPDATE SET
       failed_attempts = (CASE WHEN locked_until IS NOT NULL THEN 0 ELSE failed_attempts END) + 1,
       locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 0 ELSE failed_attempts END) + 1 >= @max
                      THEN @now + @lockMs END,
       updated_at = @now
     WHERE locked_until IS NULL OR locked_until <= @now
     RETURNING failed_attempts, locked_until`,
  );
  const lockOf = db.prepare<[string], { locked_until: number | null }>('SELECT locked_until FROM login_attempts WHERE username = ?');
  const clear = db.prepare('DELETE FROM login_attempts WHERE username = ?');
  const prune = db.prepare('DELETE FROM login_attempts WHERE (locked_until IS NULL OR locked_until <= @now) AND updated_at < @before');

  return {
    reserve(username: string, now: number, limits: { max: number; lockMs: number }): Reservation {
      const row = reserve.get({ username, now, max: limits.max, lockMs: limits.lockMs });
      if (row) return { ok: true, failures: row.failed_attempts, lockedUntil: row.locked_until };
      return { ok: false, lockedUntil: lockOf.get(username)?.locked_until ?? now };
    },
    clear(username: string): void {
      clear.run(username);
    },
    /** Forgets counts left untouched since `before` (not locked now): keeps the table small. */
    prune(now: number, before: number): number {
      return prune.run({ now, before }).changes;
    },
  };
}
export type LoginAttemptRepository = ReturnType<typeof createLoginAttemptRepository>;
