import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebContentsPrintOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { PRINT_WINDOW_OPTIONS, createElectronReceiptPrinter, receiptPrintOptions } from './receipt-printer';

const thermal = { deviceName: 'EPSON TM-T20III', paper: 'thermal80' as const, widthPt: (80 * 72) / 25.4, heightPt: 500 };

describe('print settings', () => {
  it('prints silently to the configured device, on an 80 mm page as long as the receipt, without added margins', () => {
    expect(receiptPrintOptions(thermal)).toEqual({
      silent: true,
      deviceName: 'EPSON TM-T20III',
      printBackground: true,
      color: false,
      copies: 1,
      landscape: false,
      margins: { marginType: 'none' },
      pageSize: { width: 80_000, height: 176_389 },
    });
  });

  it('uses the named sheet sizes for A4 and A5', () => {
    expect(receiptPrintOptions({ ...thermal, paper: 'a4' }).pageSize).toBe('A4');
    expect(receiptPrintOptions({ ...thermal, paper: 'a5' }).pageSize).toBe('A5');
  });

  it('prints from a hidden sandboxed window without Node or a preload', () => {
    expect(PRINT_WINDOW_OPTIONS.show).toBe(false);
    expect(PRINT_WINDOW_OPTIONS.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(PRINT_WINDOW_OPTIONS.webPreferences?.preload).toBeUndefined();
  });
});

function fakeWindows(outcome: { success: boolean; reason?: string } | 'loadFails') {
  const made: FakeWindow[] = [];
  class FakeWindow {
    url = '';
    pdfAtLoad: Buffer | null = null;
    destroyed = false;
    printed: WebContentsPrintOptions | null = null;
    constructor(readonly options: unknown) {
      made.push(this);
    }
    async loadURL(url: string): Promise<void> {
      if (outcome === 'loadFails') throw new Error('ERR_FAILED');
      this.url = url;
      this.pdfAtLoad = readFileSync(fileURLToPath(url));
    }
    destroy(): void {
      this.destroyed = true;
    }
    webContents = {
      print: (options: WebContentsPrintOptions, callback: (success: boolean, reason: string) => void) => {
        this.printed = options;
        if (outcome !== 'loadFails') setImmediate(() => callback(outcome.success, outcome.reason ?? ''));
      },
    };
  }
  return { FakeWindow, made };
}

describe('the Electron printer', () => {
  it('loads the PDF in a hidden window, prints it with the settings, then closes the window and deletes the file', async () => {
    const { FakeWindow, made } = fakeWindows({ success: true });
    const dir = mkdtempSync(join(tmpdir(), 'rva-print-test-'));
    const printer = createElectronReceiptPrinter({ BrowserWindow: FakeWindow, tempDir: () => dir });
    const pdf = Buffer.from('%PDF-1.3 receipt');
    expect(await printer.print(pdf, thermal)).toEqual({ ok: true });
    const [window] = made;
    expect(window?.options).toBe(PRINT_WINDOW_OPTIONS);
    expect(window?.url).toMatch(/^file:\/\/.*\.pdf$/);
    expect(window?.pdfAtLoad).toEqual(pdf);
    expect(window?.printed).toEqual(receiptPrintOptions(thermal));
    expect(window?.destroyed).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  it('answers with the reason when the printer refuses, and when the PDF cannot be opened', async () => {
    const refused = fakeWindows({ success: false, reason: 'Printer is not available' });
    expect(await createElectronReceiptPrinter({ BrowserWindow: refused.FakeWindow }).print(Buffer.from('%PDF'), thermal)).toEqual({
      ok: false,
      reason: 'Printer is not available',
    });
    expect(refused.made[0]?.destroyed).toBe(true);
    const broken = fakeWindows('loadFails');
    expect(await createElectronReceiptPrinter({ BrowserWindow: broken.FakeWindow }).print(Buffer.from('%PDF'), thermal)).toEqual({
      ok: false,
      reason: 'printFailed',
    });
    expect(broken.made[0]?.destroyed).toBe(true);
  });
});
