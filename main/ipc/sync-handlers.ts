import { ok } from '../../core/ipc/result';
import type { SyncService } from '../services/sync-service';
import type { SyncHandlers } from './handler-types';

/** Handlers of core/ipc/sync-contract.ts. */
export function createSyncHandlers(sync: SyncService): SyncHandlers {
  return {
    'sync.now': async () => ok(await sync.syncNow()),
    'sync.conflicts': () => ok(sync.conflicts()),
  };
}
