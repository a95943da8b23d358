/**
 * Silent printing of receipts to the post's printer: the PDF is opened in a hidden, sandboxed
 * window (Chromium's PDF viewer) and sent with `webContents.print({ silent: true, deviceName })`.
 * The window constructor and the file system are passed in, so the options and the clean-up are
 * tested without the Electron binary.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions, WebContentsPrintOptions } from 'electron';
import type { PrintJob, ReceiptPrinter } from '../services/receipt-service';

const MICRONS_PER_POINT = 25_400 / 72;

/** What `webContents.print` is given for a receipt: silent, to the named device, the PDF's own page, no margins added. */
export function receiptPrintOptions(job: PrintJob): WebContentsPrintOptions {
  return {
    silent: true,
    deviceName: job.deviceName,
    printBackground: true,
    color: false,
    copies: 1,
    landscape: false,
    margins: { marginType: 'none' },
    pageSize:
      job.paper === 'a4'
        ? 'A4'
        : job.paper === 'a5'
          ? 'A5'
          : { width: Math.round(job.widthPt * MICRONS_PER_POINT), height: Math.round(job.heightPt * MICRONS_PER_POINT) },
  };
}

/** The hidden window the PDF is printed from: no preload, no Node, sandboxed; plugins on for the PDF viewer. */
export const PRINT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  width: 400,
  height: 600,
  webPreferences: {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    plugins: true,
    devTools: false,
    spellcheck: false,
  },
};

/** The part of a BrowserWindow the printer uses. */
export interface PrintWindow {
  loadURL(url: string): Promise<void>;
  destroy(): void;
  webContents: {
    print(options: WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
  };
}

export function createElectronReceiptPrinter(deps: {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => PrintWindow;
  /** Folder for the short-lived PDF file (a private folder under the OS temp dir by default). */
  tempDir?: () => string;
}): ReceiptPrinter {
  const tempDir = deps.tempDir ?? (() => mkdtempSync(join(tmpdir(), 'rva-print-')));
  return {
    async print(pdf, job) {
      const dir = tempDir();
      const file = join(dir, `${randomUUID()}.pdf`);
      let window: PrintWindow | null = null;
      try {
        writeFileSync(file, pdf, { mode: 0o600 });
        window = new deps.BrowserWindow(PRINT_WINDOW_OPTIONS);
        await window.loadURL(pathToFileURL(file).toString());
        const printing = window;
        return await new Promise((resolve) => {
          printing.webContents.print(receiptPrintOptions(job), (success, failureReason) =>
            resolve(success ? { ok: true } : { ok: false, reason: failureReason || 'printFailed' }),
          );
        });
      } catch {
        return { ok: false, reason: 'printFailed' };
      } finally {
        window?.destroy();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
