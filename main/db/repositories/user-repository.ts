import type { Role } from '../../../core/ipc/roles';
import type { Db } from '../connection';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  pinHash: string;
  failedAttempts: number;
  lockedUntil: number | null;
  active: boolean;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  pin_hash: string;
  failed_attempts: number;
  locked_until: number | null;
  active: number;
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  pinHash: r.pin_hash,
  failedAttempts: r.failed_attempts,
  lockedUntil: r.locked_until,
  active: r.active === 1,
});

export function createUserRepository(db: Db) {
  const byName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');
  const insert = db.prepare(
    'INSERT INTO users (id, username, display_name, role, pin_hash, created_at) VALUES (@id, @username, @displayName, @role, @pinHash, @createdAt)',
  );
  const setFailures = db.prepare('UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?');
  const setPin = db.prepare('UPDATE users SET pin_hash = ? WHERE id = ?');
  const fromCentre = db.prepare(
    `INSERT INTO users (id, username, display_name, role, pin_hash, active, created_at)
     VALUES (@id, @username, @displayName, @role, @pinHash, @active, @now)
     ON CONFLICT(id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
       pin_hash = excluded.pin_hash, active = excluded.active`,
  );
  return {
    findByUsername: (username: string) => {
      const r = byName.get(username);
      return r ? toUser(r) : null;
    },
    findById: (id: string) => {
      const r = byId.get(id);
      return r ? toUser(r) : null;
    },
    count: () => count.get()?.n ?? 0,
    insert: (u: { id: string; username: string; displayName: string; role: Role; pinHash: string; createdAt: number }) => {
      insert.run(u);
    },
    recordFailures: (id: string, failedAttempts: number, lockedUntil: number | null) => {
      setFailures.run(failedAttempts, lockedUntil, id);
    },
    setPinHash: (id: string, pinHash: string) => {
      setPin.run(pinHash, id);
    },
    /**
     * A user as the centre manages them (role, PIN hash, active). Returns false when the username
     * is taken locally by another id (kept as it is, reported by the caller).
     */
    upsertFromCentre: (
      u: { id: string; username: string; displayName: string; role: Role; pinHash: string; active: boolean },
      now: number,
    ): boolean => {
      const clash = byName.get(u.username);
      if (clash && clash.id !== u.id) return false;
      fromCentre.run({ ...u, active: u.active ? 1 : 0, now });
      return true;
    },
  };
}
export type UserRepository = ReturnType<typeof createUserRepository>;
