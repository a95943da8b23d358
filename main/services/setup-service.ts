/**
 * The first run of a new post: enrolment with the centre from the setup screen (address, pinned
 * certificate fingerprint, one-time code), and what the first pull has brought so far. The post
 * is ready, and the login opens, only when it has its code, its settings, at least one user and
 * the trusted PV signing keys.
 *
 * Enrolment is offered only while the post is not ready, without a session, and at most
 * `limit.max` attempts per `limit.windowMs` on this post (a code must not be guessed from the desk).
 */
import type { EnrolInput } from '../../core/post/provisioning';
import type { Result } from '../../core/ipc/result';
import { err, ok } from '../../core/ipc/result';
import type { Role } from '../../core/ipc/roles';
import type { Db } from '../db/connection';
import type { AuditRepository } from '../db/repositories/audit-repository';
import type { DepartureRepository } from '../db/repositories/departure-repository';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import type { UserRepository } from '../db/repositories/user-repository';
import type { PostContext } from './post-context';
import type { SyncService } from './sync-service';
import type { Clock, Logger } from './runtime';
import { newId } from './runtime';

export interface SetupProgress {
  /** The post holds credentials from a centre. */
  enrolled: boolean;
  postCode: string | null;
  /** The centre's settings (per diem) have arrived. */
  settings: boolean;
  users: number;
  pvs: number;
  pvKeys: number;
  /** Everything the login needs is here. */
  ready: boolean;
  /** The sync's state, and its error key when it failed. */
  sync: string;
  message: string | null;
}

export interface SetupServiceDeps {
  db: Db;
  audit: AuditRepository;
  post: PostContext;
  settings: SettingsRepository;
  users: UserRepository;
  departures: DepartureRepository;
  sync: SyncService;
  clock: Clock;
  logger: Logger;
  limit?: { max: number; windowMs: number };
}

export const DEFAULT_ENROL_LIMIT = { max: 5, windowMs: 60_000 };

function trustedKeyCount(settings: SettingsRepository): number {
  const raw = settings.get('pv.trustedKeys');
  if (!raw) return 0;
  try {
    const keys: unknown = JSON.parse(raw);
    return Array.isArray(keys) ? keys.length : 0;
  } catch {
    return 0;
  }
}

export function createSetupService(deps: SetupServiceDeps) {
  const { settings, users, departures, sync, clock, logger } = deps;
  const limit = deps.limit ?? DEFAULT_ENROL_LIMIT;
  let attempts: number[] = [];
  let running = false;

  /** One enrolment at a time, at most `limit.max` attempts per window (first run and re-enrolment together). */
  async function attempt<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
    const now = clock.now();
    attempts = attempts.filter((at) => at > now - limit.windowMs);
    if (attempts.length >= limit.max) {
      logger.warn('setup.enrolThrottled', { attempts: attempts.length });
      return err('locked', 'setup.errors.tooMany', { retryAt: (attempts[0] as number) + limit.windowMs });
    }
    if (running) return err('conflict', 'setup.errors.busy');
    attempts.push(now);
    running = true;
    try {
      return await run();
    } finally {
      running = false;
    }
  }

  function progress(): SetupProgress {
    const postCode = settings.get('post.code');
    const userCount = users.count();
    const pvKeys = trustedKeyCount(settings);
    const hasSettings = sync.centralSettings() !== null || settings.get('perDiem.amountCents') !== null;
    const status = sync.status();
    return {
      enrolled: sync.enrolled(),
      postCode,
      settings: hasSettings,
      users: userCount,
      pvs: departures.pvCount(),
      pvKeys,
      ready: postCode !== null && userCount > 0 && pvKeys > 0 && hasSettings,
      sync: status.state,
      message: status.state === 'error' ? status.message : null,
    };
  }

  return {
    progress,
    ready: (): boolean => progress().ready,

    /** Enrols this post; the first pull then runs in the background (follow it with `progress`). */
    async enrol(input: EnrolInput): Promise<Result<{ postCode: string }>> {
      if (progress().ready) return err('forbidden', 'setup.errors.alreadyConfigured');
      return attempt(async () => {
        const result = await sync.enrol({ baseUrl: input.url, fingerprint256: input.fingerprint, code: input.code });
        if (!result.ok) return err('refused', `setup.errors.${result.error}`);
        return ok({ postCode: result.postCode });
      });
    },

    /**
     * Enrols this machine again after the centre revoked it (a supervisor, from the desk, with a
     * new one-time code): the audit chain records who did it, and the outbox then goes to the
     * centre under the new device.
     */
    async reenrol(
      input: { code: string },
      actor: { userId: string; role: Role },
    ): Promise<Result<{ postCode: string; queueLength: number }>> {
      return attempt(async () => {
        const result = await sync.reenrol({ code: input.code });
        if (!result.ok) return err('refused', `setup.errors.${result.error}`);
        const { db, audit, post } = deps;
        db.transaction(() =>
          audit.append(
            {
              id: newId(clock),
              at: clock.now(),
              actorId: actor.userId,
              actorRole: actor.role,
              action: 'post.reenrolled',
              subject: result.deviceId,
              details: { deviceId: result.deviceId },
            },
            { deviceId: post.deviceId, postCode: post.post.code },
          ),
        )();
        logger.info('setup.reenrolled', { post: result.postCode });
        return ok({ postCode: result.postCode, queueLength: sync.queueLength() });
      });
    },
  };
}
export type SetupService = ReturnType<typeof createSetupService>;
