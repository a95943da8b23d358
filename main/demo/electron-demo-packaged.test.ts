/** The demo Electron entry in a packaged build: refused with a message, before anything starts. */
import { describe, expect, it, vi } from 'vitest';
import type { FakeElectron } from '../app/testing/fake-electron';
import { createAppServices } from '../services/app-services';

vi.mock('electron', async () => (await import('../app/testing/fake-electron')).createFakeElectron({ packaged: true }));
vi.mock('../services/app-services', () => ({
  createAppServices: vi.fn(async () => ({ bus: { subscribe: () => () => {} }, close: async () => {} })),
}));
vi.mock('../ipc/index', () => ({ createIpc: () => ({ dispatch: vi.fn() }) }));

describe('demo Electron entry, packaged', () => {
  it('refuses to run, says why in the three languages, and opens nothing', async () => {
    const electron = (await import('electron')) as unknown as FakeElectron;
    await import('./electron-demo');
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(1));
    expect(createAppServices).not.toHaveBeenCalled();
    const [title, text] = electron.dialog.showErrorBox.mock.calls[0] ?? [];
    expect(title).toContain('RVA Départ cannot start');
    expect(text).toContain('demo data');
    expect(text).toContain('données de démonstration');
    expect(text).toContain('بيانات تجريبية');
    expect(electron.windows).toHaveLength(0);
  });
});
