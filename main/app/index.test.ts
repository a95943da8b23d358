/**
 * main/app/index.ts as Electron would start it, with a stand-in electron module: the guards it
 * puts on every web contents, the menu, the window options and the session's permission handler.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeElectron } from './testing/fake-electron';
import { FakeWebContents, fakeEvent } from './testing/fake-electron';

vi.mock('electron', async () => (await import('./testing/fake-electron')).createFakeElectron({ packaged: true }));
vi.mock('../services/app-services', () => ({
  createAppServices: vi.fn(async () => ({ bus: { subscribe: () => () => {} }, close: async () => {} })),
}));
vi.mock('../ipc/index', () => ({ createIpc: () => ({ dispatch: vi.fn() }) }));

let electron: FakeElectron;
let contents: FakeWebContents;
beforeAll(async () => {
  electron = (await import('electron')) as unknown as FakeElectron;
  await import('./index');
  await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
  contents = new FakeWebContents();
  electron.app.emit('web-contents-created', {}, contents);
});

describe('web contents guards', () => {
  it('stops navigation away from the app, lets the app navigate within itself', () => {
    const away = fakeEvent();
    contents.emit('will-navigate', away, 'https://evil.example/phish');
    expect(away.preventDefault).toHaveBeenCalled();
    const file = fakeEvent();
    contents.emit('will-navigate', file, 'file:///etc/passwd');
    expect(file.preventDefault).toHaveBeenCalled();
    const within = fakeEvent();
    contents.emit('will-navigate', within, 'app://rva/index.html#/desk');
    expect(within.preventDefault).not.toHaveBeenCalled();
  });

  it('stops redirects away from the app and every webview', () => {
    const redirect = fakeEvent();
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = fakeEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies every window.open', () => {
    expect(contents.windowOpenHandler?.({ url: 'app://rva/index.html' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('closes DevTools if they open in a packaged build', () => {
    contents.emit('devtools-opened');
    expect(contents.closeDevTools).toHaveBeenCalled();
  });
});

describe('packaged start-up', () => {
  it('never seeds demo data and refuses a demo database, whatever the environment says', async () => {
    const { createAppServices } = await import('../services/app-services');
    const options = vi.mocked(createAppServices).mock.calls[0]?.[0];
    expect(options).toMatchObject({ mode: 'electron', refuseDemo: true });
    expect(options?.seed ?? null).toBeNull();
    expect(options).not.toHaveProperty('demo');
  });

  it('sets a menu without DevTools or reloads and opens a window without DevTools', () => {
    const menu = JSON.stringify(electron.menus);
    expect(electron.menus).toHaveLength(1);
    expect(menu).not.toMatch(/toggleDevTools|forceReload|"reload"/);
    const options = electron.windows[0]?.options as { webPreferences: Record<string, unknown> };
    expect(options.webPreferences).toMatchObject({ devTools: false, sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(electron.windows[0]?.loadURL).toHaveBeenCalledWith('app://rva/index.html');
  });

  it('grants only the camera to the app origin', () => {
    const handler = electron.session.defaultSession.permissionRequestHandler as (
      wc: { getURL(): string },
      permission: string,
      callback: (granted: boolean) => void,
      details: object,
    ) => void;
    const answers: boolean[] = [];
    handler({ getURL: () => 'app://rva/index.html' }, 'media', (g) => answers.push(g), { mediaTypes: ['video'] });
    handler({ getURL: () => 'https://evil.example/' }, 'media', (g) => answers.push(g), { mediaTypes: ['video'] });
    handler({ getURL: () => 'app://rva/index.html' }, 'geolocation', (g) => answers.push(g), {});
    expect(answers).toEqual([true, false, false]);
  });
});
