/**
 * Sync with the centre. Wiring in the app:
 *
 *   const engine = createSyncClient({ db, baseUrl, tls, onStatus, applyPvs });
 *   await engine.enrol({ code, deviceId });   // once, with the administrator's one-time code
 *   engine.start();                           // background loop; engine.syncNow() for "sync now"
 */
import type { Db } from '../db/connection';
import type { HttpTransportOptions } from './http-transport';
import { createHttpTransport } from './http-transport';
import type { SyncEngine, SyncEngineDeps } from './sync-engine';
import { createSyncEngine } from './sync-engine';
import { createSyncStateRepository } from './sync-state-repository';

export { createSyncEngine } from './sync-engine';
export type { SyncEngine, SyncEngineDeps } from './sync-engine';
export { CentreAddressError, checkCentreAddress, createHttpTransport } from './http-transport';
export type { CentreTls, EnrolRefusal, SyncTransport, TransportResult, TransportErrorCode, HttpTransportOptions } from './http-transport';
export { createSyncStateRepository } from './sync-state-repository';
export type { CentreIdentity, DeviceCredentials, SyncStateRepository } from './sync-state-repository';

/** The engine with an HTTP(S) transport whose credentials come from this database's sync_state. */
export function createSyncClient(
  deps: Omit<SyncEngineDeps, 'transport'> & { db: Db; baseUrl: string; tls?: HttpTransportOptions['tls']; timeoutMs?: number },
): SyncEngine {
  const state = createSyncStateRepository(deps.db);
  const transport = createHttpTransport({
    baseUrl: deps.baseUrl,
    tls: deps.tls ?? null,
    credentials: () => state.credentials(),
    trust: { get: () => state.trust(), save: (trust) => state.saveTrust(trust, deps.clock?.now() ?? Date.now()) },
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
  });
  return createSyncEngine({
    ...deps,
    transport,
    centre: { url: deps.baseUrl, fingerprint256: deps.tls?.fingerprint256 ?? '' },
  });
}
