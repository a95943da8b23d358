/**
 * Sync with the centre, as the post uses it: the engine from main/sync with the appliers that
 * store what the centre sends (PVs, users, settings) in this database, enrolment with a one-time
 * code on first start, and status to the UI. Without a central URL it reports `notConfigured`.
 */
import { normalizeDocumentNumber } from '../../core/departure/pv';
import type { SyncStatus } from '../../core/ipc/contract';
import type { EnrolError } from '../../core/post/provisioning';
import { isTimeZone } from '../../core/format/format';
import type { CentralSettings, PostSettings } from '../../core/sync/protocol';
import type { Db } from '../db/connection';
import type { DepartureRepository } from '../db/repositories/departure-repository';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import type { UserRepository } from '../db/repositories/user-repository';
import type { SyncEngine } from '../sync/index';
import { CentreAddressError, checkCentreAddress, createSyncClient, createSyncStateRepository } from '../sync/index';
import type { PostContext } from './post-context';
import { IDLE_TIMEOUT_SETTING, POST_TIME_ZONE_SETTING } from './post-context';
import { RETENTION_SETTING } from './retention-service';
import type { Clock, Logger } from './runtime';

export interface SyncConfig {
  /** https only. */
  baseUrl: string;
  /** The centre certificate's SHA-256 fingerprint (pinned), and optionally a CA. */
  tls: { fingerprint256: string; caPem?: string | undefined } | null;
  /** One-time code from the administrator, used once if this device is not enrolled yet. */
  enrolCode?: string;
  intervalMs?: number;
}

/**
 * The centre named by the environment: RVA_CENTRAL_URL (https), RVA_CENTRAL_FINGERPRINT (the SHA-256
 * of its certificate, as printed by the centre), RVA_ENROL_CODE (one-time code). Null without a URL.
 */
export function syncConfigFromEnv(env: Record<string, string | undefined>): SyncConfig | null {
  const baseUrl = env.RVA_CENTRAL_URL;
  if (!baseUrl) return null;
  return {
    baseUrl,
    tls: env.RVA_CENTRAL_FINGERPRINT ? { fingerprint256: env.RVA_CENTRAL_FINGERPRINT } : null,
    ...(env.RVA_ENROL_CODE ? { enrolCode: env.RVA_ENROL_CODE } : {}),
  };
}

export interface SyncServiceDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  post: PostContext;
  settings: SettingsRepository;
  users: UserRepository;
  departures: DepartureRepository;
  /** This app's version, reported to the centre with each pull. */
  appVersion?: string;
  onStatus: (status: SyncStatus) => void;
}

/** Central settings that the post keeps as post settings: the per diem (USD) and the retention period. */
export function applyCentralSettings(settings: SettingsRepository, central: CentralSettings, now: number): void {
  if (central.perDiem.currency === 'USD') settings.set('perDiem.amountCents', String(central.perDiem.amount), now);
  if (central.retention) settings.set(RETENTION_SETTING, String(central.retention.pseudonymiseAfterDays), now);
}

/**
 * This post's own settings from the centre: the zone its desk, reports and exports write times in
 * (`post.timeZone`, read on each use) and the idle logout (`session.idleTimeoutMs`, read at each
 * sign-in and each activity check). A zone this runtime does not know is not applied: the post
 * keeps the zone it had (and says so in its log) rather than writing times in a zone it cannot read.
 */
export function applyPostSettings(
  settings: SettingsRepository,
  central: PostSettings,
  now: number,
  logger?: { warn(message: string, fields?: Record<string, unknown>): void },
): void {
  if (isTimeZone(central.timeZone)) settings.set(POST_TIME_ZONE_SETTING, central.timeZone, now);
  else logger?.warn('sync.postTimeZoneUnknown', { timeZone: central.timeZone });
  settings.set(IDLE_TIMEOUT_SETTING, String(central.idleTimeoutMinutes * 60_000), now);
}

/** Why enrolling with a centre failed, as an i18n key suffix (`setup.errors.<code>`). */
export type { EnrolError };

type EngineEnrolFailure =
  Extract<Awaited<ReturnType<SyncEngine['enrol']>>, { ok: false }> | Extract<Awaited<ReturnType<SyncEngine['reenrol']>>, { ok: false }>;

/** The post's word for an enrolment the engine could not make. */
export function enrolErrorOf(failure: EngineEnrolFailure): EnrolError {
  switch (failure.error) {
    case 'refused':
      return failure.reason === 'codeUnknown'
        ? 'wrongCode'
        : failure.reason === 'codeExpired'
          ? 'expiredCode'
          : failure.reason === 'codeUsed'
            ? 'usedCode'
            : failure.reason === 'otherPost' || failure.reason === 'notReplaceable'
              ? failure.reason
              : 'codeRefused';
    case 'offline':
    case 'timeout':
      return 'unreachable';
    case 'certificate':
    case 'fingerprintMismatch':
      return 'fingerprintMismatch';
    case 'http':
    case 'badResponse':
    case 'tooLarge':
      return 'notCentre';
    case 'alreadyEnrolled':
      return 'alreadyEnrolled';
    default:
      return 'failed';
  }
}

export function createSyncService(configured: SyncConfig | null, deps: SyncServiceDeps) {
  const { logger } = deps;
  // Without a configuration, the centre the post enrolled with earlier (kept in sync_state).
  const syncState = createSyncStateRepository(deps.db);
  const stored = syncState.centre();
  /**
   * A new post learns its code from its enrolment: kept as the post's code (the users the centre
   * sends are those of this post) unless the post already has one.
   */
  /** The centre says which post this machine is: fills an unset code, or (`replace`) takes the new centre's. */
  const adoptPostCode = (postCode: string, replace = false): void => {
    const current = deps.settings.get('post.code');
    if (current === postCode || (current !== null && !replace)) return;
    deps.settings.set('post.code', postCode, deps.clock.now());
    deps.post.post = { ...deps.post.post, code: postCode };
  };
  const enrolled = syncState.credentials();
  if (enrolled) adoptPostCode(enrolled.postCode);
  // Enrolled with this centre: its certificate is the one the post pinned last (it may have moved
  // to an announced one since the environment named it).
  const sameCentre = configured && stored && enrolled && configured.baseUrl === stored.url;
  let config: SyncConfig | null = sameCentre
    ? { ...configured, tls: { ...configured.tls, fingerprint256: stored.fingerprint256 } }
    : (configured ?? (stored ? { baseUrl: stored.url, tls: { fingerprint256: stored.fingerprint256 } } : null));
  let engine: SyncEngine | null = null;
  /** A configuration the post refuses (plain http, no pin): shown as the sync error, never a crash. */
  let refused: string | null = null;
  if (config) {
    try {
      engine = makeEngine(config);
    } catch (error) {
      if (!(error instanceof CentreAddressError)) throw error;
      refused = error.message;
      logger.warn('sync.configRefused', { reason: error.message });
    }
  }

  function restoreState(row: Record<string, unknown>): void {
    const columns = Object.keys(row).filter((c) => c !== 'id');
    deps.db.prepare(`UPDATE sync_state SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = 1`).run(row);
  }

  function makeEngine(config: SyncConfig): SyncEngine {
    return createSyncClient({
      db: deps.db,
      baseUrl: config.baseUrl,
      tls: config.tls,
      clock: deps.clock,
      ...(config.intervalMs ? { intervalMs: config.intervalMs } : {}),
      ...(deps.appVersion ? { appVersion: deps.appVersion } : {}),
      onStatus: deps.onStatus,
      logger: {
        warn: (message, fields) => logger.warn('sync.warning', { message, count: typeof fields?.count === 'number' ? fields.count : null }),
      },
      applyPvs: (_db, pvs) => {
        const now = deps.clock.now();
        for (const pv of pvs) deps.departures.upsertPv(pv, normalizeDocumentNumber(pv.travelDocument.number), 'sync', now);
      },
      applyUsers: (_db, users) => {
        const now = deps.clock.now();
        for (const u of users) {
          if (u.postCode !== deps.post.post.code) continue;
          if (!deps.users.upsertFromCentre(u, now)) logger.warn('sync.userClash', { userId: u.id });
        }
      },
      // The centre distributes and rotates the PV signing keys: the post's set is replaced whole.
      applyPvKeys: (_db, keys) => {
        deps.settings.set('pv.trustedKeys', JSON.stringify(keys), deps.clock.now());
        logger.info('sync.pvKeysReplaced', { count: keys.length });
      },
      applySettings: (_db, settings) => applyCentralSettings(deps.settings, settings, deps.clock.now()),
      applyPostSettings: (_db, settings) => applyPostSettings(deps.settings, settings, deps.clock.now(), logger),
    });
  }

  return {
    get configured() {
      return engine !== null;
    },
    /** This post holds credentials from a centre. */
    enrolled: (): boolean => syncState.credentials() !== null,
    /** Audit records waiting for the centre. */
    queueLength: (): number => syncState.queueLength(),
    /** The settings the centre sent last (null before the first pull). */
    centralSettings: () => syncState.settings(),
    /** Enrols if needed, then starts the background loop. Never throws: failures show in the status. */
    async start(): Promise<void> {
      if (!engine || !config) return;
      if (!engine.state.credentials() && config.enrolCode) {
        const enrolled = await engine.enrol({ code: config.enrolCode, deviceId: deps.post.deviceId });
        if (enrolled.ok) {
          adoptPostCode(enrolled.postCode);
          logger.info('sync.enrolled', { post: enrolled.postCode });
        } else logger.warn('sync.enrolFailed', { error: enrolErrorOf(enrolled) });
      }
      engine.start();
    },
    async stop(): Promise<void> {
      await engine?.stop();
    },
    /**
     * Enrols this post with a centre: its https address, its certificate's SHA-256 fingerprint and a
     * one-time code. A post enrolled with a demo centre may move to a real one; a post enrolled with
     * a real centre stays with it. On success the centre is kept and sync starts (the first pull
     * brings settings, users, PVs and trusted PV keys).
     */
    async enrol(input: {
      baseUrl: string;
      fingerprint256: string;
      code: string;
    }): Promise<{ ok: true; postCode: string } | { ok: false; error: EnrolError }> {
      try {
        checkCentreAddress(input.baseUrl, { fingerprint256: input.fingerprint256 });
      } catch (error) {
        if (error instanceof CentreAddressError) return { ok: false, error: error.message.replace('sync.error.', '') as EnrolError };
        throw error;
      }
      const state = createSyncStateRepository(deps.db);
      const current = state.centre();
      if (state.credentials() && current && !current.demo) return { ok: false, error: 'alreadyEnrolled' };
      const next: SyncConfig = { baseUrl: input.baseUrl, tls: { fingerprint256: input.fingerprint256 } };
      const candidate = makeEngine(next);
      const wasEnrolled = state.credentials() !== null;
      // Moving away from a demo centre: the new enrolment replaces it only once it succeeded.
      const snapshot = wasEnrolled ? deps.db.prepare('SELECT * FROM sync_state WHERE id = 1').get() : null;
      if (wasEnrolled) state.forgetCentre();
      const result = await candidate.enrol({ code: input.code, deviceId: deps.post.deviceId });
      if (!result.ok) {
        if (snapshot) restoreState(snapshot as Record<string, unknown>);
        const error = enrolErrorOf(result);
        logger.warn('sync.enrolFailed', { error });
        return { ok: false, error };
      }
      await engine?.stop();
      engine = candidate;
      config = next;
      refused = null;
      // Moved from the demo centre: the real centre's post code replaces the demo's.
      adoptPostCode(result.postCode, true);
      logger.info('sync.enrolled', { post: result.postCode });
      engine.start();
      return { ok: true, postCode: result.postCode };
    },
    /**
     * Enrols this machine again with a new one-time code after the centre revoked it: the same
     * centre (address, pinned certificate and key), a new device id and key; the outbox is pushed
     * under the new device as soon as it succeeded. Refused unless the centre said `revoked`.
     */
    async reenrol(input: { code: string }): Promise<{ ok: true; postCode: string; deviceId: string } | { ok: false; error: EnrolError }> {
      if (!engine || !syncState.credentials()) return { ok: false, error: 'notEnrolled' };
      if (syncState.lastError() !== 'revoked') return { ok: false, error: 'notRevoked' };
      const result = await engine.reenrol(input);
      if (!result.ok) {
        const error = result.error === 'mismatch' ? 'notCentre' : enrolErrorOf(result);
        logger.warn('sync.reenrolFailed', { error });
        return { ok: false, error };
      }
      logger.info('sync.reenrolled', { post: result.postCode });
      // The outbox waits no longer than the next cycle: run it now (its status reaches the UI).
      void engine.syncNow();
      return result;
    },
    status(): SyncStatus {
      if (refused) return { state: 'error', lastSuccessAt: null, queueLength: 0, message: refused };
      return engine ? engine.status() : { state: 'notConfigured' };
    },
    async syncNow(): Promise<SyncStatus> {
      return engine ? engine.syncNow() : this.status();
    },
    conflicts() {
      return (engine?.state.conflicts() ?? []).map((c) => ({
        id: c.id,
        pvNumber: c.pvNumber,
        kind: c.kind,
        posts: c.posts,
        events: c.eventIds.length,
      }));
    },
  };
}
export type SyncService = ReturnType<typeof createSyncService>;
