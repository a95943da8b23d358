import type { Db } from '../connection';

export type SessionEndReason = 'logout' | 'idle' | 'replaced' | 'shutdown';

export interface SessionRecord {
  id: string;
  userId: string;
  clientId: string;
  createdAt: number;
  lastSeenAt: number;
}

interface SessionRow {
  id: string;
  user_id: string;
  client_id: string;
  created_at: number;
  last_seen_at: number;
}

export function createSessionRepository(db: Db) {
  const open = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE client_id = ? AND ended_at IS NULL');
  const insert = db.prepare('INSERT INTO sessions (id, user_id, client_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)');
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL');
  const end = db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL');
  const endAll = db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE ended_at IS NULL');
  return {
    findOpen(clientId: string): SessionRecord | null {
      const r = open.get(clientId);
      return r ? { id: r.id, userId: r.user_id, clientId: r.client_id, createdAt: r.created_at, lastSeenAt: r.last_seen_at } : null;
    },
    insert(s: SessionRecord): void {
      insert.run(s.id, s.userId, s.clientId, s.createdAt, s.lastSeenAt);
    },
    touch(id: string, at: number): void {
      touch.run(at, id);
    },
    end(id: string, at: number, reason: SessionEndReason): boolean {
      return end.run(at, reason, id).changes === 1;
    },
    /** At start-up, sessions left open by a previous run are ended: nobody is signed in after a restart. */
    endAll(at: number, reason: SessionEndReason): number {
      return endAll.run(at, reason).changes;
    },
  };
}
export type SessionRepository = ReturnType<typeof createSessionRepository>;
