import { BrowserWindow, ipcMain } from 'electron';
import { channelOf, commandKeys } from '../../core/ipc/contract';
import { err } from '../../core/ipc/result';
import type { AppServices } from '../services/app-services';
import { mayReceive } from '../ipc/events';
import { createIpc } from '../ipc/index';
import { isAppUrl } from './security';

/**
 * One ipcMain.handle per contract key. A call from a frame that is not the app's own origin
 * (an injected iframe, a navigated-away page) is refused before it reaches the dispatcher.
 */
export function wireIpc(services: AppServices, origins: readonly string[]): void {
  const dispatcher = createIpc(services);
  for (const key of commandKeys) {
    ipcMain.handle(channelOf(key), async (event, input: unknown) => {
      const frameUrl = event.senderFrame?.url ?? '';
      if (!isAppUrl(frameUrl, origins) || event.senderFrame !== event.sender.mainFrame) {
        return err('badOrigin', 'errors.badOrigin');
      }
      return dispatcher.dispatch(key, input, `electron:${event.sender.id}`);
    });
  }
  services.bus.subscribe((key, payload, target) => {
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents;
      if (mayReceive(services.auth, key, target, `electron:${contents.id}`)) contents.send(channelOf(key), payload);
    }
  });
}
