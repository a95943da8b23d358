/**
 * The preload exposes exactly `window.api.invoke` and `window.api.on` for keys of the contract.
 * No logic, no other Electron surface; arguments are checked again by main.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { channelOf, isCommandKey, isEventKey } from '../core/ipc/contract';

const api = {
  invoke(key: unknown, input: unknown): Promise<unknown> {
    if (!isCommandKey(key)) return Promise.resolve({ ok: false, error: { code: 'unknownCommand', message: 'errors.unknownCommand' } });
    return ipcRenderer.invoke(channelOf(key), input);
  },
  on(key: unknown, listener: (payload: unknown) => void): () => void {
    if (!isEventKey(key) || typeof listener !== 'function') return () => {};
    const channel = channelOf(key);
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('api', Object.freeze(api));
