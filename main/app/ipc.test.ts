/** main/app/ipc.ts with a stand-in electron module: which frames reach the dispatcher. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppServices } from '../services/app-services';
import type { FakeElectron } from './testing/fake-electron';
import { FakeWebContents } from './testing/fake-electron';

vi.mock('electron', async () => (await import('./testing/fake-electron')).createFakeElectron());
const dispatch = vi.fn(async (key: unknown) => ({ ok: true, value: key }));
vi.mock('../ipc/index', () => ({ createIpc: () => ({ dispatch }) }));

let electron: FakeElectron;
beforeAll(async () => {
  electron = (await import('electron')) as unknown as FakeElectron;
  const { wireIpc } = await import('./ipc');
  wireIpc({ bus: { subscribe: () => () => {} } } as unknown as AppServices, ['app://rva']);
});

function call(event: unknown) {
  const handler = electron.ipcMain.handlers.get('rva:app.info');
  if (!handler) throw new Error('no handler for app.info');
  return handler(event, {});
}

describe('IPC sender checks', () => {
  it('registers one handler per contract command', async () => {
    const { commandKeys } = await import('../../core/ipc/contract');
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(commandKeys.map((k) => `rva:${k}`).sort());
  });

  it('serves the main frame of an app page', async () => {
    const sender = new FakeWebContents();
    dispatch.mockClear();
    expect(await call({ sender, senderFrame: sender.mainFrame })).toEqual({ ok: true, value: 'app.info' });
    expect(dispatch).toHaveBeenCalledWith('app.info', {}, `electron:${sender.id}`);
  });

  it('refuses a sub-frame, even one claiming the app origin', async () => {
    const sender = new FakeWebContents();
    dispatch.mockClear();
    expect(await call({ sender, senderFrame: { url: 'app://rva/index.html' } })).toMatchObject({ ok: false, error: { code: 'badOrigin' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a main frame that navigated to another origin, and a frame that is gone', async () => {
    const sender = new FakeWebContents();
    sender.mainFrame.url = 'https://evil.example/';
    dispatch.mockClear();
    expect(await call({ sender, senderFrame: sender.mainFrame })).toMatchObject({ ok: false, error: { code: 'badOrigin' } });
    expect(await call({ sender, senderFrame: null })).toMatchObject({ ok: false, error: { code: 'badOrigin' } });
    expect(dispatch).not.toHaveBeenCalled();
  });
});
