import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElectronApplication, Page } from 'playwright-core';
import { _electron as electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Started by tests/electron/run.mjs only where the Electron binary exists.
const executablePath = process.env.RVA_ELECTRON_BINARY as string;
let app: ElectronApplication;
let page: Page;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rva-electron-'));
  app = await electron.launch({ executablePath, args: ['.'], env: { ...process.env, RVA_DATA_DIR: dataDir, RVA_DEMO: '1' } });
  page = await app.firstWindow();
});
afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Electron app', () => {
  it('runs the window sandboxed with context isolation and no Node', async () => {
    // What the page can reach: no Node globals, and from the preload only the two contract functions.
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as { api: object }).api).sort())).toEqual(['invoke', 'on']);
  });

  it('serves the app from app://rva and denies window.open', async () => {
    expect(page.url()).toMatch(/^app:\/\/rva\//);
    expect(await page.evaluate(() => window.open('https://example.org') === null)).toBe(true);
  });

  it('signs in an officer through the real IPC', async () => {
    await page.getByTestId('login-user').fill('officier');
    await page.getByTestId('login-pin').fill('1234');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('scan-input').isVisible()).toBe(true);
  });
});
