import type { Session } from '../../core/ipc/contract';
import type { Result } from '../../core/ipc/result';
import { err, ok } from '../../core/ipc/result';
import type { Role } from '../../core/ipc/roles';
import type { Db } from '../db/connection';
import type { AuditRepository } from '../db/repositories/audit-repository';
import type { SessionEndReason, SessionRepository } from '../db/repositories/session-repository';
import type { UserRecord, UserRepository } from '../db/repositories/user-repository';
import { hashPin, verifyPin } from './pin-hash';
import type { PostContext } from './post-context';
import type { Clock, Logger } from './runtime';
import { newId } from './runtime';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MS = 5 * 60_000;

/** Who is calling: resolved by the auth service from the caller's client id. */
export interface Caller {
  sessionId: string;
  userId: string;
  role: Role;
  session: Session;
}

export interface AuthDeps {
  db: Db;
  users: UserRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  clock: Clock;
  logger: Logger;
  post: PostContext;
  idleTimeoutMs: () => number;
  onSessionEnded?: (clientId: string, reason: SessionEndReason) => void;
}

export function createAuthService(deps: AuthDeps) {
  const { db, users, sessions, audit, clock, logger, post } = deps;
  const device = { deviceId: post.deviceId, postCode: post.post.code };

  const toSession = (user: UserRecord, startedAt: number): Session => ({
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    startedAt,
    idleTimeoutMs: deps.idleTimeoutMs(),
  });

  const auditEntry = (action: string, actor: UserRecord | null, subject: string | null, details: Record<string, unknown> = {}) => ({
    id: newId(clock),
    at: clock.now(),
    actorId: actor?.id ?? null,
    actorRole: actor?.role ?? null,
    action,
    subject,
    details,
  });

  function endSession(clientId: string, sessionId: string, userId: string, reason: SessionEndReason): boolean {
    const ended = db.transaction(() => {
      const done = sessions.end(sessionId, clock.now(), reason);
      if (done) {
        const actor = users.findById(userId);
        audit.append(auditEntry('auth.loggedOut', actor, userId, { reason, sessionId }), device);
      }
      return done;
    })();
    if (ended) {
      logger.info('session.ended', { sessionId, reason });
      deps.onSessionEnded?.(clientId, reason);
    }
    return ended;
  }

  return {
    async login(clientId: string, username: string, pin: string): Promise<Result<Session>> {
      const user = users.findByUsername(username);
      // Same work and the same answer whether or not the user exists.
      if (!user || !user.active) {
        await verifyPin(pin, 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
        return err('badCredentials', 'auth.badCredentials');
      }
      const now = clock.now();
      if (user.lockedUntil !== null && user.lockedUntil > now) {
        return err('locked', 'auth.locked', { until: user.lockedUntil, remainingSeconds: Math.ceil((user.lockedUntil - now) / 1000) });
      }
      const good = await verifyPin(pin, user.pinHash);
      const at = clock.now();
      if (!good) {
        // A lock that has expired starts a fresh count.
        const previous = user.lockedUntil !== null && user.lockedUntil <= at ? 0 : user.failedAttempts;
        const failures = previous + 1;
        const lockedUntil = failures >= MAX_FAILED_ATTEMPTS ? at + LOCK_MS : null;
        db.transaction(() => {
          users.recordFailures(user.id, lockedUntil ? 0 : failures, lockedUntil);
          audit.append(auditEntry(lockedUntil ? 'auth.locked' : 'auth.loginFailed', null, user.id, { failures }), device);
        })();
        logger.warn('auth.loginFailed', { userId: user.id, failures, locked: lockedUntil !== null });
        if (lockedUntil) return err('locked', 'auth.locked', { until: lockedUntil, remainingSeconds: Math.ceil(LOCK_MS / 1000) });
        return err('badCredentials', 'auth.badCredentials', { attemptsLeft: MAX_FAILED_ATTEMPTS - failures });
      }
      const previous = sessions.findOpen(clientId);
      if (previous) endSession(clientId, previous.id, previous.userId, 'replaced');
      const sessionId = newId(clock);
      db.transaction(() => {
        users.recordFailures(user.id, 0, null);
        sessions.insert({ id: sessionId, userId: user.id, clientId, createdAt: at, lastSeenAt: at });
        audit.append(auditEntry('auth.loggedIn', user, user.id, { sessionId }), device);
      })();
      logger.info('session.started', { sessionId, role: user.role });
      return ok(toSession(user, at));
    },

    /**
     * The caller behind a client id, or why there is none. An idle session is ended here, so the
     * timeout holds even if the renderer never says so.
     */
    resolve(clientId: string): Result<Caller> {
      const s = sessions.findOpen(clientId);
      if (!s) return err('unauthenticated', 'auth.unauthenticated');
      const now = clock.now();
      if (now - s.lastSeenAt > deps.idleTimeoutMs()) {
        endSession(clientId, s.id, s.userId, 'idle');
        return err('sessionExpired', 'auth.sessionExpired');
      }
      const user = users.findById(s.userId);
      if (!user || !user.active) {
        endSession(clientId, s.id, s.userId, 'logout');
        return err('unauthenticated', 'auth.unauthenticated');
      }
      return ok({ sessionId: s.id, userId: user.id, role: user.role, session: toSession(user, s.createdAt) });
    },

    touch(sessionId: string): number {
      const now = clock.now();
      sessions.touch(sessionId, now);
      return now + deps.idleTimeoutMs();
    },

    logout(clientId: string, reason: 'logout' | 'idle'): boolean {
      const s = sessions.findOpen(clientId);
      return s ? endSession(clientId, s.id, s.userId, reason) : false;
    },

    async changePin(userId: string, currentPin: string, newPin: string): Promise<Result<{ changed: true }>> {
      const user = users.findById(userId);
      if (!user) return err('notFound', 'auth.unauthenticated');
      if (!(await verifyPin(currentPin, user.pinHash))) return err('badCredentials', 'auth.badCredentials');
      const hash = await hashPin(newPin);
      db.transaction(() => {
        users.setPinHash(user.id, hash);
        audit.append(auditEntry('auth.pinChanged', user, user.id), device);
      })();
      return ok({ changed: true });
    },

    /** At start-up: nobody stays signed in across a restart. */
    endStaleSessions(): number {
      return sessions.endAll(clock.now(), 'shutdown');
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
