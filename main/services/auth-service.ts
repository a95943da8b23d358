import { LOCK_MS, MAX_FAILED_ATTEMPTS } from '../../core/auth/pin-policy';
import type { Session } from '../../core/ipc/contract';
import type { Result } from '../../core/ipc/result';
import { err, ok } from '../../core/ipc/result';
import type { Role } from '../../core/ipc/roles';
import type { Db } from '../db/connection';
import type { AuditRepository } from '../db/repositories/audit-repository';
import type { LoginAttemptRepository } from '../db/repositories/login-attempt-repository';
import type { SessionEndReason, SessionRepository } from '../db/repositories/session-repository';
import type { UserRecord, UserRepository } from '../db/repositories/user-repository';
import type { PinHasher } from './pin-hash';
import type { PostContext } from './post-context';
import type { Clock, Logger } from './runtime';
import { newId } from './runtime';

export { LOCK_MS, MAX_FAILED_ATTEMPTS } from '../../core/auth/pin-policy';

/** Wrong-PIN counts untouched for this long are forgotten (an expired lock already restarts the count). */
const ATTEMPTS_KEPT_MS = 30 * 24 * 60 * 60_000;

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
  attempts: LoginAttemptRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  hasher: PinHasher;
  clock: Clock;
  logger: Logger;
  post: PostContext;
  idleTimeoutMs: () => number;
  onSessionEnded?: (clientId: string, reason: SessionEndReason) => void;
}

export function createAuthService(deps: AuthDeps) {
  const { db, users, attempts, sessions, audit, hasher, clock, logger, post } = deps;
  // The post's code is read when a record is written: a new post learns it when it enrols.
  const device = {
    deviceId: post.deviceId,
    get postCode() {
      return post.post.code;
    },
  };
  const limits = { max: MAX_FAILED_ATTEMPTS, lockMs: LOCK_MS };

  const toSession = (user: UserRecord, startedAt: number): Session => ({
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    startedAt,
    idleTimeoutMs: deps.idleTimeoutMs(),
    mustChangePin: user.mustChangePin,
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

  const lockedAnswer = <T>(until: number, now: number): Result<T> =>
    err('locked', 'auth.locked', { until, remainingSeconds: Math.max(1, Math.ceil((until - now) / 1000)) });

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

  /**
   * Checks a PIN for a submitted name, known or not, with the same answers and the same work:
   * the attempt is counted first (atomically: parallel guesses cannot exceed the limit), then
   * the hash is checked (against a real hash, or the same work against nothing), then a right
   * PIN clears the count. A wrong one stays counted and is audited.
   */
  async function checkPin(
    name: string,
    pin: string,
    actor: UserRecord | null,
  ): Promise<{ ok: true; user: UserRecord; rehash: boolean } | { ok: false; result: Result<never> }> {
    if (hasher.busy()) return { ok: false, result: err('refused', 'auth.busy') };
    const now = clock.now();
    const reserved = attempts.reserve(name, now, limits);
    if (!reserved.ok) return { ok: false, result: lockedAnswer(reserved.lockedUntil, now) };
    const user = users.findByUsername(name);
    const candidate = user && user.active ? user : null;
    const check = candidate ? await hasher.verify(pin, candidate.pinHash) : await hasher.verifyNothing(pin);
    const at = clock.now();
    if (candidate && check !== false) {
      attempts.clear(name);
      return { ok: true, user: candidate, rehash: check === 'rehash' };
    }
    const locked = reserved.lockedUntil !== null;
    db.transaction(() => {
      audit.append(
        auditEntry(locked ? 'auth.locked' : 'auth.loginFailed', actor, candidate?.id ?? null, { failures: reserved.failures }),
        device,
      );
    })();
    logger.warn('auth.loginFailed', { userId: candidate?.id ?? null, failures: reserved.failures, locked });
    if (reserved.lockedUntil !== null) return { ok: false, result: lockedAnswer(reserved.lockedUntil, at) };
    return { ok: false, result: err('badCredentials', 'auth.badCredentials', { attemptsLeft: MAX_FAILED_ATTEMPTS - reserved.failures }) };
  }

  return {
    async login(clientId: string, username: string, pin: string): Promise<Result<Session>> {
      attempts.prune(clock.now(), clock.now() - ATTEMPTS_KEPT_MS);
      const checked = await checkPin(username, pin, null);
      if (!checked.ok) return checked.result;
      const { user } = checked;
      if (checked.rehash) users.setPinHash(user.id, await hasher.hash(pin), user.mustChangePin);
      const previous = sessions.findOpen(clientId);
      if (previous) endSession(clientId, previous.id, previous.userId, 'replaced');
      const sessionId = newId(clock);
      const at = clock.now();
      db.transaction(() => {
        sessions.insert({ id: sessionId, userId: user.id, clientId, createdAt: at, lastSeenAt: at });
        audit.append(auditEntry('auth.loggedIn', user, user.id, { sessionId, mustChangePin: user.mustChangePin }), device);
      })();
      logger.info('session.started', { sessionId, role: user.role, mustChangePin: user.mustChangePin });
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

    /** Whether the client has a live session now, without side effects (for event delivery). */
    signedIn(clientId: string): boolean {
      const s = sessions.findOpen(clientId);
      if (!s || clock.now() - s.lastSeenAt > deps.idleTimeoutMs()) return false;
      const user = users.findById(s.userId);
      return user !== null && user.active;
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

    /**
     * Changes the caller's PIN against the current one. A wrong current PIN counts against the
     * same lockout as the login (a signed-in session is no way around it). Clears a one-time PIN.
     */
    async changePin(userId: string, currentPin: string, newPin: string): Promise<Result<{ changed: true }>> {
      const user = users.findById(userId);
      if (!user) return err('notFound', 'auth.unauthenticated');
      if (newPin === currentPin) return err('badInput', 'auth.samePin', { field: 'newPin' });
      const checked = await checkPin(user.username, currentPin, user);
      if (!checked.ok) return checked.result;
      const hash = await hasher.hash(newPin);
      db.transaction(() => {
        users.setPinHash(user.id, hash, false);
        audit.append(auditEntry('auth.pinChanged', user, user.id, { wasOneTime: user.mustChangePin }), device);
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
