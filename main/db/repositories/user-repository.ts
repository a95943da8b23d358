import type { Role } from '../../../core/ipc/roles';
import type { Db } from '../connection';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  pinHash: string;
  /** The PIN is a one-time PIN: the next session may only change it. */
  mustChangePin: boolean;
  active: boolean;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  pin_hash: string;
  must_change_pin: number;
  active: number;
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  pinHash: r.pin_hash,
  mustChangePin: r.must_change_pin === 1,
  active: r.active === 1,
});

export function createUserRepository(db: Db) {
  const byName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');
  const insert = db.prepare(
    'INSERT INTO users (id, username, display_name, role, pin_hash, created_at) VALUES (@id, @username, @displayName, @role, @pinHash, @createdAt)',
  );
  const setPin = db.prepare('UPDATE users SET pin_hash = ?, must_change_pin = ? WHERE id = ?');
  // A PIN the user chose on this post survives later pulls of the same record: the centre's hash
  // replaces it only when it differs from the last one the centre sent (a reset at the centre).
  const fromCentre = db.prepare(
    `INSERT INTO users (id, username, display_name, role, pin_hash, centre_pin_hash, must_change_pin, active, created_at)
     VALUES (@id, @username, @displayName, @role, @pinHash, @pinHash, @mustChangePin, @active, @now)
     ON CONFLICT(id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role, active = excluded.active,
       pin_hash = CASE WHEN users.centre_pin_hash IS excluded.centre_pin_hash THEN users.pin_hash ELSE excluded.pin_hash END,
       must_change_pin = CASE WHEN users.centre_pin_hash IS excluded.centre_pin_hash THEN users.must_change_pin
                         ELSE excluded.must_change_pin END,
       centre_pin_hash = excluded.centre_pin_hash`,
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
    /** A new PIN hash; `mustChangePin` marks it one-time (false once the user chose it). */
    setPinHash: (id: string, pinHash: string, mustChangePin = false) => {
      setPin.run(pinHash, mustChangePin ? 1 : 0, id);
    },
    /**
     * A user as the centre manages them (role, PIN hash, one-time PIN flag, active). Returns false when the username
     * is taken locally by another id (kept as it is, reported by the caller).
     */
    upsertFromCentre: (
      u: { id: string; username: string; displayName: string; role: Role; pinHash: string; active: boolean; mustChangePin?: boolean },
      now: number,
    ): boolean => {
      const clash = byName.get(u.username);
      if (clash && clash.id !== u.id) return false;
      fromCentre.run({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        pinHash: u.pinHash,
        mustChangePin: u.mustChangePin ? 1 : 0,
        active: u.active ? 1 : 0,
        now,
      });
      return true;
    },
  };
}
export type UserRepository = ReturnType<typeof createUserRepository>;
