import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  META_CONTENT_SECURITY_POLICY,
  DEVELOPMENT_ONLY_ROLES,
  appOrigins,
  applicationMenu,
  createHardenedWindow,
  isAppUrl,
  isPermissionAllowed,
} from './security';

class CapturingWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

describe('window hardening', () => {
  const prefs = createHardenedWindow(CapturingWindow, '/app/out/preload/index.cjs', { packaged: true }).options.webPreferences ?? {};

  it('has no DevTools in a packaged build, and keeps them in development', () => {
    expect(prefs.devTools).toBe(false);
    const dev = createHardenedWindow(CapturingWindow, '/p.cjs', { packaged: false }).options.webPreferences ?? {};
    expect(dev.devTools).toBe(true);
  });

  it('isolates the renderer from Node and Electron', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });

  it('keeps web security on', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });

  it('allows scripts only from the app itself (plus WebAssembly compilation for the barcode engine)', () => {
    const scriptSrc = CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|'unsafe-inline'[^;]*script|\*/);
  });
});

describe('origins and permissions', () => {
  const origins = appOrigins(undefined);

  it('recognises only the app scheme as the app', () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html`, origins)).toBe(true);
    expect(isAppUrl('https://example.org/', origins)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', origins)).toBe(false);
    expect(isAppUrl('app://other/index.html', origins)).toBe(false);
    expect(isAppUrl('not a url', origins)).toBe(false);
  });

  it('accepts the dev server only when one is configured', () => {
    expect(isAppUrl('http://localhost:5173/', origins)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', appOrigins('http://localhost:5173'))).toBe(true);
  });

  it('grants the camera to the app and nothing else to anyone', () => {
    expect(isPermissionAllowed('media', `${APP_ORIGIN}/`, origins, ['video'])).toBe(true);
    expect(isPermissionAllowed('media', `${APP_ORIGIN}/`, origins, ['audio'])).toBe(false);
    expect(isPermissionAllowed('media', `${APP_ORIGIN}/`, origins, ['video', 'audio'])).toBe(false);
    expect(isPermissionAllowed('media', 'https://evil.example/', origins, ['video'])).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midi', 'hid', 'serial']) {
      expect(isPermissionAllowed(p, `${APP_ORIGIN}/`, origins, ['video'])).toBe(false);
    }
  });
});

describe('page CSP', () => {
  it("renderer/index.html carries the protocol handler's policy, frame-ancestors left to the header", async () => {
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(META_CONTENT_SECURITY_POLICY);
    expect(meta).not.toContain('frame-ancestors');
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});

describe('application menu', () => {
  const roles = (items: MenuItemConstructorOptions[]): string[] =>
    items.flatMap((item) => [...(item.role ? [item.role] : []), ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]);

  it('a packaged build has no DevTools toggle and no reloads, on every platform', () => {
    for (const platform of ['win32', 'linux', 'darwin']) {
      const packaged = roles(applicationMenu({ packaged: true, platform }));
      expect(packaged).toEqual(expect.arrayContaining(['copy', 'paste', 'windowMenu']));
      for (const role of DEVELOPMENT_ONLY_ROLES) expect(packaged).not.toContain(role);
      // Electron's default View menu (which carries toggleDevTools) is never used.
      expect(packaged).not.toContain('viewMenu');
    }
  });

  it('a development run keeps the DevTools toggle', () => {
    expect(roles(applicationMenu({ packaged: false, platform: 'linux' }))).toContain('toggleDevTools');
  });
});
