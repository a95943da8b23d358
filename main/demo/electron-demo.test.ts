/**
 * The demo Electron entry (`npm start -- --demo`) with a stand-in electron module, unpackaged: it
 * seeds the demo post into a data folder of its own.
 */
import { describe, expect, it, vi } from 'vitest';
import type { FakeElectron } from '../app/testing/fake-electron';
import { createAppServices } from '../services/app-services';
import { seedDemo } from './demo-seed';

vi.mock('electron', async () => (await import('../app/testing/fake-electron')).createFakeElectron({ packaged: false }));
vi.mock('../services/app-services', () => ({
  createAppServices: vi.fn(async () => ({ bus: { subscribe: () => () => {} }, close: async () => {} })),
}));
vi.mock('../ipc/index', () => ({ createIpc: () => ({ dispatch: vi.fn() }) }));

describe('demo Electron entry', () => {
  it('seeds the demo post in a folder of its own, apart from a real post’s data', async () => {
    const electron = (await import('electron')) as unknown as FakeElectron;
    await import('./electron-demo');
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
    const options = vi.mocked(createAppServices).mock.calls[0]?.[0];
    expect(options?.seed).toBe(seedDemo);
    expect(options?.refuseDemo).toBe(false);
    expect(options?.dataDir).toMatch(/demo-data$/);
  });
});
