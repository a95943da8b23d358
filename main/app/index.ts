/**
 * Electron entry: lifecycle, the app:// protocol, the hardened window, IPC wiring.
 * Everything else (database, services, handlers) is created by createAppServices and runs in
 * plain Node too (tests, browser mode).
 */
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, Menu, app, dialog, net, protocol, safeStorage, session } from 'electron';
import { startupRefusalText } from '../../core/post/startup-messages';
import { createAppServices } from '../services/app-services';
import type { AppServices } from '../services/app-services';
import { ProductionRefusal } from '../services/production-guard';
import { demoShellSeeder } from './demo-shell';
import { wireIpc } from './ipc';
import { createSafeStorageProtector } from './safe-storage';
import { createElectronReceiptPrinter } from './receipt-printer';
import {
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  appOrigins,
  applicationMenu,
  isAppUrl,
  createHardenedWindow,
  isPermissionAllowed,
} from './security';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
]);

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const origins = appOrigins(devServerUrl);
const rendererDir = join(import.meta.dirname, '../renderer');

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
    const path = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = join(rendererDir, path);
    if (!file.startsWith(rendererDir + sep)) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function harden(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(isPermissionAllowed(permission, webContents.getURL(), origins, mediaTypes));
  });
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, requestingOrigin, origins, details.mediaType ? [details.mediaType] : []),
  );
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, origins)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, origins)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    // devTools: false already refuses them in a packaged build; this closes any that still open.
    if (app.isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
  });
}

async function createWindow(): Promise<BrowserWindow> {
  const window = createHardenedWindow(BrowserWindow, join(import.meta.dirname, '../preload/index.cjs'), { packaged: app.isPackaged });
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) await window.loadURL(devServerUrl);
  else await window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

let services: AppServices | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  // Demo data only where asked (main/demo/electron-demo.ts), in a folder of its own; never packaged.
  const seed = demoShellSeeder();
  const dataDir = process.env.RVA_DATA_DIR ?? join(app.getPath('userData'), seed ? 'demo-data' : 'data');
  const refuse = (title: string, text: string) => {
    process.stderr.write(`${title}\n${text}\n`);
    dialog.showErrorBox(title, text);
    app.exit(1);
  };
  app
    .whenReady()
    .then(async () => {
      if (seed && app.isPackaged) {
        const { title, text } = startupRefusalText({ key: 'demoData' }, dataDir);
        return refuse(title, text);
      }
      harden();
      Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenu({ packaged: app.isPackaged, platform: process.platform })));
      serveRenderer();
      services = await createAppServices({
        dataDir,
        mode: 'electron',
        version: app.getVersion(),
        seed,
        refuseDemo: app.isPackaged,
        secretProtector: createSafeStorageProtector(safeStorage, process.platform),
        receiptPrinter: createElectronReceiptPrinter({ BrowserWindow }),
        sync: process.env.RVA_CENTRAL_URL
          ? { baseUrl: process.env.RVA_CENTRAL_URL, ...(process.env.RVA_ENROL_CODE ? { enrolCode: process.env.RVA_ENROL_CODE } : {}) }
          : null,
      });
      wireIpc(services, origins);
      await createWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) void createWindow();
      });
    })
    .catch((error: unknown) => {
      if (error instanceof ProductionRefusal) {
        const { title, text } = startupRefusalText(error.refusal, dataDir);
        return refuse(title, text);
      }
      process.stderr.write(`RVA Départ could not start: ${error instanceof Error ? error.message : String(error)}\n`);
      app.exit(1);
    });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Stop sync and the scanners and close the database before the process ends.
  app.on('will-quit', (event) => {
    const running = services;
    if (!running) return;
    event.preventDefault();
    services = null;
    void running.close().finally(() => app.quit());
  });
}
