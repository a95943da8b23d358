/**
 * The console's SQL: administrators, sign-in with password and TOTP (lockout, replay of a code
 * refused), sessions, and the audit of every administrator action.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { AuditRow, ConsoleRole, DeviceRow, PostRow } from '../../core/console/contract';
import type { StatsDeparture, StatsPayment } from '../../core/stats/national';
import { yearWindow } from '../../core/stats/national';
import type { SqlClient, Storage } from '../storage';
import { MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from './password';

export type { ConsoleRole };

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MS = 15 * 60_000;
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_MAX_MS = 12 * 3600_000;
const TOTP_PERIOD_S = 30;

export interface ConsoleSession {
  adminId: string;
  username: string;
  role: ConsoleRole;
  csrfToken: string;
  sessionHash: string;
}

export type SignInResult =
  { ok: true; sessionId: string; session: ConsoleSession } | { ok: false; error: 'badCredentials' | 'locked'; lockedUntil?: number };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function totpFor(secretBase32: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), digits: 6, period: TOTP_PERIOD_S, algorithm: 'SHA1', issuer: 'RVA Départ' });
}

// Checked against when the username is unknown, so an unknown name takes as long as a wrong password.
let decoyHash: Promise<string> | null = null;

export function createConsoleStore(
  storage: Storage,
  clock: { now(): number } = { now: () => Date.now() },
  deps: { verifyPassword?: (password: string, stored: string) => Promise<boolean> } = {},
) {
  const checkPassword = deps.verifyPassword ?? verifyPassword;
  async function audit(
    tx: SqlClient,
    entry: {
      adminId: string | null;
      username: string | null;
      action: string;
      outcome: 'ok' | 'refused';
      subject?: string | null;
      details?: object;
    },
  ): Promise<void> {
    await tx.query(
      'INSERT INTO console_audit (at, admin_id, username, action, outcome, subject, details) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [clock.now(), entry.adminId, entry.username, entry.action, entry.outcome, entry.subject ?? null, JSON.stringify(entry.details ?? {})],
    );
  }

  return {
    audit: (entry: Parameters<typeof audit>[1]) => audit(storage, entry),

    /** A new administrator or analyst; answers the TOTP secret (base32) and its otpauth:// URI, shown once. */
    async createAdmin(input: {
      username: string;
      password: string;
      role: ConsoleRole;
    }): Promise<{ id: string; totpSecret: string; otpauthUri: string }> {
      if (!/^[a-z0-9._-]{3,64}$/.test(input.username)) throw new Error('console.usernameFormat');
      if (input.password.length < MIN_PASSWORD_LENGTH) throw new Error('console.passwordTooShort');
      const id = randomUUID();
      const secret = new Secret({ size: 20 });
      const passwordHash = await hashPassword(input.password);
      await storage.transaction(async (tx) => {
        await tx.query(
          'INSERT INTO console_admins (id, username, role, password_hash, totp_secret, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [id, input.username, input.role, passwordHash, secret.base32, clock.now()],
        );
        await audit(tx, {
          adminId: null,
          username: null,
          action: 'admin.create',
          outcome: 'ok',
          subject: input.username,
          details: { role: input.role },
        });
      });
      const totp = totpFor(secret.base32);
      totp.label = input.username;
      return { id, totpSecret: secret.base32, otpauthUri: totp.toString() };
    },

    /**
     * Password and TOTP code, both required; the error never says which was wrong. Five failures
     * lock the account for 15 minutes (even against the right password and code); a TOTP code is
     * accepted once.
     */
    async signIn(username: string, password: string, code: string): Promise<SignInResult> {
      const now = clock.now();
      const { rows } = await storage.query<{ id: string; password_hash: string; totp_secret: string; disabled_at: string | null }>(
        'SELECT id, password_hash, totp_secret, disabled_at FROM console_admins WHERE username = $1',
        [username],
      );
      const admin = rows[0];
      if (!admin || admin.disabled_at !== null) {
        decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
        await checkPassword(password, await decoyHash);
        await audit(storage, { adminId: null, username: null, action: 'signIn', outcome: 'refused', details: { reason: 'unknownUser' } });
        return { ok: false, error: 'badCredentials' };
      }
      // The slow checks run outside any lock; what they give is only used below, under the row
      // lock, together with the lock state, the failure count and the last TOTP step as they
      // stand at that moment. So a failure committed meanwhile (the fifth, which locks) is seen,
      // and one code sent twice at once is accepted once.
      const passwordOk = await checkPassword(password, admin.password_hash);
      const delta = /^\d{6}$/.test(code) ? totpFor(admin.totp_secret).validate({ token: code, timestamp: now, window: 1 }) : null;
      const step = delta === null ? null : Math.floor(now / 1000 / TOTP_PERIOD_S) + delta;
      return storage.transaction(async (tx): Promise<SignInResult> => {
        const { rows: locked } = await tx.query<{
          role: ConsoleRole;
          password_hash: string;
          totp_last_step: string;
          locked_until: string | null;
          disabled_at: string | null;
        }>('SELECT role, password_hash, totp_last_step, locked_until, disabled_at FROM console_admins WHERE id = $1 FOR UPDATE', [
          admin.id,
        ]);
        const current = locked[0];
        if (!current || current.disabled_at !== null) {
          await audit(tx, { adminId: admin.id, username, action: 'signIn', outcome: 'refused', details: { reason: 'disabled' } });
          return { ok: false, error: 'badCredentials' };
        }
        if (current.locked_until !== null && Number(current.locked_until) > now) {
          await audit(tx, { adminId: admin.id, username, action: 'signIn', outcome: 'refused', details: { reason: 'locked' } });
          return { ok: false, error: 'locked', lockedUntil: Number(current.locked_until) };
        }
        // A password changed since it was read: the check above was against the old one.
        const passwordStillOk = passwordOk && current.password_hash === admin.password_hash;
        const codeOk = step !== null && step > Number(current.totp_last_step);
        if (!passwordStillOk || !codeOk) {
          const { rows: updated } = await tx.query<{ failed_attempts: number; locked_until: string | null }>(
            `UPDATE console_admins SET failed_attempts = failed_attempts + 1,
               locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN $3::bigint ELSE locked_until END
             WHERE id = $1 RETURNING failed_attempts, locked_until`,
            [admin.id, MAX_FAILED_ATTEMPTS, now + LOCK_MS],
          );
          const lockedNow = (updated[0]?.failed_attempts ?? 0) >= MAX_FAILED_ATTEMPTS;
          await audit(tx, {
            adminId: admin.id,
            username,
            action: 'signIn',
            outcome: 'refused',
            details: { reason: !passwordStillOk ? 'password' : delta === null ? 'totp' : 'totpReused', locked: lockedNow },
          });
          if (lockedNow) {
            await tx.query('UPDATE console_admins SET failed_attempts = 0 WHERE id = $1', [admin.id]);
            return { ok: false, error: 'locked', lockedUntil: now + LOCK_MS };
          }
          return { ok: false, error: 'badCredentials' };
        }
        await tx.query('UPDATE console_admins SET failed_attempts = 0, locked_until = NULL, totp_last_step = $2 WHERE id = $1', [
          admin.id,
          step,
        ]);
        const sessionId = randomBytes(32).toString('base64url');
        const csrfToken = randomBytes(32).toString('base64url');
        const sessionHash = sha256(sessionId);
        await tx.query(
          'INSERT INTO console_sessions (id_sha256, admin_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)',
          [sessionHash, admin.id, csrfToken, now],
        );
        await audit(tx, { adminId: admin.id, username, action: 'signIn', outcome: 'ok' });
        return { ok: true, sessionId, session: { adminId: admin.id, username, role: current.role, csrfToken, sessionHash } };
      });
    },

    /** The live session for a cookie value (idle and absolute expiry), touched; null when none. */
    async session(sessionId: string): Promise<ConsoleSession | null> {
      const now = clock.now();
      const sessionHash = sha256(sessionId);
      const { rows } = await storage.query<{ admin_id: string; username: string; role: ConsoleRole; csrf_token: string }>(
        `UPDATE console_sessions s SET last_seen_at = $2
         FROM console_admins a
         WHERE s.id_sha256 = $1 AND a.id = s.admin_id AND s.ended_at IS NULL AND a.disabled_at IS NULL
           AND s.last_seen_at > $3 AND s.created_at > $4
         RETURNING s.admin_id, a.username, a.role, s.csrf_token`,
        [sessionHash, now, now - SESSION_IDLE_MS, now - SESSION_MAX_MS],
      );
      const row = rows[0];
      return row ? { adminId: row.admin_id, username: row.username, role: row.role, csrfToken: row.csrf_token, sessionHash } : null;
    },

    async signOut(session: ConsoleSession): Promise<void> {
      await storage.transaction(async (tx) => {
        await tx.query('UPDATE console_sessions SET ended_at = $2 WHERE id_sha256 = $1 AND ended_at IS NULL', [
          session.sessionHash,
          clock.now(),
        ]);
        await audit(tx, { adminId: session.adminId, username: session.username, action: 'signOut', outcome: 'ok' });
      });
    },

    async posts(): Promise<PostRow[]> {
      const { rows } = await storage.query<{ code: string; created_at: string; devices: string; active: string }>(
        `SELECT p.code, p.created_at, count(d.id)::text AS devices, count(d.id) FILTER (WHERE d.revoked_at IS NULL)::text AS active
         FROM posts p LEFT JOIN devices d ON d.post_code = p.code GROUP BY p.code, p.created_at ORDER BY p.code`,
      );
      return rows.map((r) => ({
        code: r.code,
        createdAt: Number(r.created_at),
        devices: Number(r.devices),
        activeDevices: Number(r.active),
      }));
    },

    /** Creates a post (audited); false when it exists already. */
    async createPost(session: ConsoleSession, code: string): Promise<boolean> {
      return storage.transaction(async (tx) => {
        const { rows } = await tx.query(
          'INSERT INTO posts (code, created_at) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code',
          [code, clock.now()],
        );
        await audit(tx, {
          adminId: session.adminId,
          username: session.username,
          action: 'post.create',
          outcome: rows.length ? 'ok' : 'refused',
          subject: code,
        });
        return rows.length > 0;
      });
    },

    /** The devices enrolled for a post: when, revoked or not, how far their audit chain has reached. */
    async devices(postCode: string): Promise<DeviceRow[]> {
      const { rows } = await storage.query<{
        id: string;
        enrolled_at: string;
        revoked_at: string | null;
        last_seq: string;
        last_seen_at: string | null;
        app_version: string | null;
        sync_backlog: string | null;
        reported_at: string | null;
        replaces: string | null;
      }>(
        `SELECT id, enrolled_at, revoked_at, last_seq, last_seen_at, app_version, sync_backlog, reported_at, replaces
           FROM devices WHERE post_code = $1 ORDER BY enrolled_at`,
        [postCode],
      );
      const num = (v: string | null) => (v === null ? null : Number(v));
      return rows.map((r) => ({
        id: r.id,
        enrolledAt: Number(r.enrolled_at),
        revokedAt: num(r.revoked_at),
        lastSeq: Number(r.last_seq),
        lastSeenAt: num(r.last_seen_at),
        appVersion: r.app_version,
        syncBacklog: num(r.sync_backlog),
        reportedAt: num(r.reported_at),
        replaces: r.replaces,
      }));
    },

    /**
     * What the national statistics are made of, for a year (with a day of margin; core cuts in the
     * programme's zone): exit stamps and per diem payments pushed by the posts, those voided at
     * the post left out. Nationality and mode come from the centre's PV (unknown: XXX, no mode).
     */
    async statsData(year: number): Promise<{ departures: StatsDeparture[]; payments: StatsPayment[] }> {
      const { start, end } = yearWindow(year);
      const notVoided = (kind: string) =>
        `NOT EXISTS (SELECT 1 FROM events v WHERE v.device_id = e.device_id AND v.action = 'record.voided'
           AND v.details->>'kind' = '${kind}' AND v.details->>'recordId' = e.details->>'id')`;
      const stamps = await storage.query<{ at: string; post_code: string; nationality: string | null; mode: string | null }>(
        `SELECT e.at::text AS at, e.post_code, p.body->'beneficiary'->>'nationality' AS nationality, p.body->'ticket'->>'mode' AS mode
         FROM events e LEFT JOIN pvs p ON p.pv_number = e.details->>'pvNumber'
         WHERE e.action = 'stamp.recorded' AND e.at >= $1 AND e.at < $2 AND ${notVoided('stamp')}`,
        [start, end],
      );
      const paid = await storage.query<{ at: string; post_code: string; amount: string | null; currency: string | null }>(
        `SELECT e.at::text AS at, e.post_code, e.details->>'amountCents' AS amount, e.details->>'currency' AS currency
         FROM events e WHERE e.action = 'perDiem.paid' AND e.at >= $1 AND e.at < $2 AND ${notVoided('perDiem')}`,
        [start, end],
      );
      return {
        departures: stamps.rows.map((r) => ({
          at: Number(r.at),
          postCode: r.post_code,
          nationality: r.nationality && /^[A-Z]{1,3}$/.test(r.nationality) ? r.nationality : 'XXX',
          mode: r.mode === 'air' || r.mode === 'land' ? r.mode : null,
        })),
        payments: paid.rows.map((r) => ({
          at: Number(r.at),
          postCode: r.post_code,
          amountCents: Number.isSafeInteger(Number(r.amount)) ? Number(r.amount) : 0,
          currency: r.currency && /^[A-Z]{3}$/.test(r.currency) ? r.currency : 'USD',
        })),
      };
    },

    async auditLog(limit = 200): Promise<AuditRow[]> {
      const { rows } = await storage.query<{
        at: string;
        username: string | null;
        action: string;
        outcome: AuditRow['outcome'];
        subject: string | null;
        details: unknown;
      }>('SELECT at, username, action, outcome, subject, details FROM console_audit ORDER BY id DESC LIMIT $1', [limit]);
      return rows.map((r) => ({ ...r, at: Number(r.at) }));
    },
  };
}

export type ConsoleStore = ReturnType<typeof createConsoleStore>;
