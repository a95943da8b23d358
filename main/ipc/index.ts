/**
 * The IPC layer over the services: the handler table (one handler per contract key) and the
 * dispatcher that checks every call. Built by the shells (main/app for Electron, main/harness for
 * browser mode) on top of the composition root; services never import this layer.
 */
import type { AppServices } from '../services/app-services';
import type { Dispatcher } from './dispatcher';
import { createDispatcher } from './dispatcher';
import { createHandlers } from './handlers';

export type { CallContext, Dispatcher, Handlers } from './dispatcher';

export function createIpc(services: AppServices): Dispatcher {
  const dispatcher = createDispatcher({ handlers: createHandlers(services), auth: services.auth, logger: services.logger });
  // A command means a desk is busy: the database's idle checkpoint waits until it has ended.
  return {
    async dispatch(key, input, clientId) {
      services.dbMaintenance.touch();
      try {
        return await dispatcher.dispatch(key, input, clientId);
      } finally {
        services.dbMaintenance.touch();
      }
    },
  };
}
