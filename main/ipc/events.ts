import type { EventKey } from '../../core/ipc/contract';
import { publicEvents } from '../../core/ipc/contract';
import type { AuthService } from '../services/auth-service';

/**
 * Whether an event goes to a client: an event addressed to it always; a broadcast only when it is
 * public (the login screen's) or the client is signed in. Scans and sync status never reach a
 * page nobody has signed in on. One rule for Electron windows and browser-mode streams.
 */
export function mayReceive(auth: Pick<AuthService, 'signedIn'>, key: EventKey, target: string | null, clientId: string): boolean {
  if (target !== null) return target === clientId;
  return publicEvents.has(key) || auth.signedIn(clientId);
}
