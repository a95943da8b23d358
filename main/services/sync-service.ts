/**
 * Sync with the centre, as the post uses it: the engine from main/sync with the appliers that
 * store what the centre sends (PVs, users, settings) in this database, enrolment with a one-time
 * code on first start, and status to the UI. Without a central URL it reports `notConfigured`.
 */
import { normalizeDocumentNumber } from '../../core/departure/pv';
import type { SyncStatus } from '../../core/ipc/contract';
import type { CentralSettings } from '../../core/sync/protocol';
import type { Db } from '../db/connection';
import type { DepartureRepository } from '../db/repositories/departure-repository';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import type { UserRepository } from '../db/repositories/user-repository';
import type { SyncEngine } from '../sync/index';
import { createSyncClient } from '../sync/index';
import type { PostContext } from './post-context';
import { RETENTION_SETTING } from './retention-service';
import type { Clock, Logger } from './runtime';

export interface SyncConfig {
  baseUrl: string;
  tls?: { caPem: string; fingerprint256: string } | null;
  /** One-time code from the administrator, used once if this device is not enrolled yet. */
  enrolCode?: string;
  intervalMs?: number;
}

export interface SyncServiceDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  post: PostContext;
  settings: SettingsRepository;
  users: UserRepository;
  departures: DepartureRepository;
  onStatus: (status: SyncStatus) => void;
}

/** Central settings that the post keeps as post settings: the per diem (USD) and the retention period. */
export function applyCentralSettings(settings: SettingsRepository, central: CentralSettings, now: number): void {
  if (central.perDiem.currency === 'USD') settings.set('perDiem.amountCents', String(central.perDiem.amount), now);
  if (central.retention) settings.set(RETENTION_SETTING, String(central.retention.pseudonymiseAfterDays), now);
}
export function createSyncService(config: SyncConfig | null, deps: SyncServiceDeps) {
  const { logger } = deps;
  let engine: SyncEngine | null = null;
  if (config) {
    engine = createSyncClient({
      db: deps.db,
      baseUrl: config.baseUrl,
      tls: config.tls ?? null,
      clock: deps.clock,
      ...(config.intervalMs ? { intervalMs: config.intervalMs } : {}),
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
      applySettings: (_db, settings) => applyCentralSettings(deps.settings, settings, deps.clock.now()),
    });
  }

  return {
    configured: engine !== null,
    /** Enrols if needed, then starts the background loop. Never throws: failures show in the status. */
    async start(): Promise<void> {
      if (!engine || !config) return;
      if (!engine.state.credentials() && config.enrolCode) {
        const enrolled = await engine.enrol({ code: config.enrolCode, deviceId: deps.post.deviceId });
        if (enrolled.ok) logger.info('sync.enrolled', { post: enrolled.postCode });
        else logger.warn('sync.enrolFailed', { error: enrolled.error });
      }
      engine.start();
    },
    async stop(): Promise<void> {
      await engine?.stop();
    },
    status(): SyncStatus {
      return engine ? engine.status() : { state: 'notConfigured' };
    },
    async syncNow(): Promise<SyncStatus> {
      return engine ? engine.syncNow() : { state: 'notConfigured' };
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
