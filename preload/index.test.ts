/** The preload with a stand-in electron module: what it puts in the page's world, and nothing more. */
import { beforeAll, describe, expect, it, vi } from 'vitest';

const ipcRenderer = { invoke: vi.fn(async () => 'answer'), on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendSync: vi.fn() };
const exposed: Array<[string, unknown]> = [];
vi.mock('electron', () => ({
  ipcRenderer,
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.push([key, value]) },
}));

type Api = { invoke(key: unknown, input: unknown): Promise<unknown>; on(key: unknown, listener: unknown): () => void };
let api: Api;
beforeAll(async () => {
  await import('./index');
  api = exposed[0]?.[1] as Api;
});

/** Every value reachable from the exposed objects (own properties, any depth). */
function reachable(value: unknown, seen = new Set<unknown>()): Set<unknown> {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return seen;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (d && 'value' in d && key !== 'prototype') reachable(d.value, seen);
  }
  return seen;
}

describe('preload', () => {
  it('exposes exactly one frozen object, window.api, with invoke and on', () => {
    expect(exposed.map(([key]) => key)).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('never hands the page ipcRenderer or any of its methods', () => {
    const values = reachable(exposed);
    expect(values.has(ipcRenderer)).toBe(false);
    for (const method of Object.values(ipcRenderer)) expect(values.has(method)).toBe(false);
  });

  it('invokes only contract commands, on their derived channel', async () => {
    ipcRenderer.invoke.mockClear();
    expect(await api.invoke('app.info', {})).toBe('answer');
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('rva:app.info', {});
    expect(await api.invoke('rva:anything', {})).toMatchObject({ ok: false, error: { code: 'unknownCommand' } });
    expect(await api.invoke('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknownCommand' } });
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(1);
  });

  it('listens only to contract events, and the listener never sees the IPC event object', () => {
    ipcRenderer.on.mockClear();
    const seen: unknown[] = [];
    api.on('not.an.event', () => {});
    expect(ipcRenderer.on).not.toHaveBeenCalled();
    const off = api.on('sync.statusChanged', (payload: unknown) => seen.push(payload));
    const [channel, wrapped] = ipcRenderer.on.mock.calls[0] as unknown as [string, (event: unknown, payload: unknown) => void];
    expect(channel).toBe('rva:sync.statusChanged');
    wrapped({ sender: ipcRenderer }, { state: 'idle' });
    expect(seen).toEqual([{ state: 'idle' }]);
    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('rva:sync.statusChanged', wrapped);
  });
});
