/**
 * A stand-in for the 'electron' module, for tests of main/app and the preload where the Electron
 * binary cannot run: it records what the code registers (handlers, listeners, exposed objects)
 * so a test can drive it like Electron would.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = { url: 'app://rva/index.html' };
  url = 'app://rva/index.html';
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  closeDevTools = vi.fn();
}

/** A navigation-like event whose preventDefault is observable. */
export const fakeEvent = () => ({ preventDefault: vi.fn() });

export function createFakeElectron(options: { packaged?: boolean } = {}) {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.packaged ?? false,
    whenReadyResolve: (): void => {},
    ready: null as Promise<void> | null,
    requestSingleInstanceLock: () => true,
    getPath: () => '/nonexistent',
    getVersion: () => '0.0.0-test',
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady(): Promise<void> {
      return Promise.resolve();
    },
  });
  const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  const windows: FakeWindow[] = [];
  class FakeWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    constructor(readonly options: unknown) {
      super();
      windows.push(this);
    }
    loadURL = vi.fn(async () => {});
    show = vi.fn();
    static getAllWindows = () => windows;
  }
  const session = {
    defaultSession: {
      permissionRequestHandler: null as unknown,
      permissionCheckHandler: null as unknown,
      setPermissionRequestHandler(h: unknown) {
        this.permissionRequestHandler = h;
      },
      setPermissionCheckHandler(h: unknown) {
        this.permissionCheckHandler = h;
      },
    },
  };
  const menus: unknown[] = [];
  return {
    app,
    BrowserWindow: FakeWindow,
    windows,
    session,
    menus,
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: unknown) => menus.push(menu),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    dialog: { showErrorBox: vi.fn() },
    safeStorage: createFakeSafeStorage(),
    net: { fetch: vi.fn() },
    ipcMain: {
      handlers,
      handle: (channel: string, handler: (event: unknown, input: unknown) => Promise<unknown>) => {
        handlers.set(channel, handler);
      },
    },
  };
}
export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** safeStorage with a reversible, visibly different sealing (XOR), available or not. */
export function createFakeSafeStorage(options: { available?: boolean; backend?: string } = {}) {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString: vi.fn((plain: string) => Buffer.concat([Buffer.from('v10'), xor(Buffer.from(plain, 'utf8'))])),
    decryptString: vi.fn((sealed: Buffer) => {
      if (!sealed.subarray(0, 3).equals(Buffer.from('v10')))
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return xor(sealed.subarray(3)).toString('utf8');
    }),
  };
}
