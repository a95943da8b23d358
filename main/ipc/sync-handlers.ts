import type { SyncHandlers } from './handler-types';

/** Handlers of core/ipc/sync-contract.ts. */
export function createSyncHandlers(): SyncHandlers {
  return {};
}
