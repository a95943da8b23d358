/** A packaged post started on demo data: a message in the three languages, then exit, no window. */
import { describe, expect, it, vi } from 'vitest';
import type { FakeElectron } from './testing/fake-electron';

vi.mock('electron', async () => (await import('./testing/fake-electron')).createFakeElectron({ packaged: true }));
vi.mock('../services/app-services', async () => {
  const { ProductionRefusal } = await import('../services/production-guard');
  return { createAppServices: vi.fn(async () => Promise.reject(new ProductionRefusal({ key: 'demoKeyTrusted', keyId: 'demo-2026' }))) };
});
vi.mock('../ipc/index', () => ({ createIpc: () => ({ dispatch: vi.fn() }) }));

describe('packaged start on a post that trusts the demo PV key', () => {
  it('refuses to start with a clear message naming the key and the data folder', async () => {
    const electron = (await import('electron')) as unknown as FakeElectron;
    await import('./index');
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(1));
    const [title, text] = electron.dialog.showErrorBox.mock.calls[0] ?? [];
    expect(title).toContain('RVA Départ ne peut pas démarrer');
    expect(text).toContain('This post trusts the demo PV signing key (demo-2026)');
    expect(text).toContain('/nonexistent/data');
    expect(electron.windows).toHaveLength(0);
  });
});
