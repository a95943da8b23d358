/**
 * Security policy of the Electron windows, kept free of Electron imports at run time so tests
 * assert it without the binary.
 */
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';

/** The renderer is served from this privileged custom scheme, never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'rva';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Creates the app window. The constructor is passed in so tests can capture the exact options
 * without the Electron binary; the options are written out literally so static checkers see them.
 * A packaged build has no DevTools at all (`devTools: false`); a development run keeps them.
 */
export function createHardenedWindow<W>(
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W,
  preloadPath: string,
  build: { packaged: boolean },
): W {
  return new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    backgroundColor: '#0f1b2d',
    title: 'RVA Départ',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      devTools: !build.packaged,
    },
  });
}

/** Roles that open a door into the page (DevTools, reloads that drop state): only in development. */
export const DEVELOPMENT_ONLY_ROLES = new Set(['toggleDevTools', 'reload', 'forceReload']);

/**
 * The application menu. Electron's default menu has View > Toggle Developer Tools and reloads;
 * a packaged build gets only what an officer needs (edit keys for the text fields, window, quit).
 */
export function applicationMenu(build: { packaged: boolean; platform: string }): MenuItemConstructorOptions[] {
  const menu: MenuItemConstructorOptions[] = [];
  if (build.platform === 'darwin') menu.push({ role: 'appMenu' });
  menu.push(
    { role: 'fileMenu' },
    {
      label: 'Edition',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
  );
  if (!build.packaged) {
    menu.push({ label: 'Développement', submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }] });
  }
  menu.push({ role: 'windowMenu' });
  return menu;
}

/** Origins the app's own pages are served from (the dev server only when electron-vite runs one). */
export function appOrigins(devServerUrl: string | undefined): string[] {
  const origins = [APP_ORIGIN];
  if (devServerUrl) origins.push(new URL(devServerUrl).origin);
  return origins;
}

export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    // Custom standard schemes report origin "null" in WHATWG URL: rebuild it.
    return parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function isAppUrl(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && origins.includes(origin);
}

/** Only the camera (barcodes, MRZ), and only for the app's own origin. Everything else is denied. */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  origins: readonly string[],
  mediaTypes: readonly string[] = [],
): boolean {
  if (!isAppUrl(requestingUrl, origins)) return false;
  if (permission !== 'media') return false;
  return mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video');
}

/**
 * The Content-Security-Policy sent with every app response. The page repeats it in a meta tag
 * without `frame-ancestors`, which a meta policy cannot carry (browsers log an error on every load).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The same policy as a page's meta tag can state it: every directive but `frame-ancestors` (header only). */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');
