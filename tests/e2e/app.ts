/**
 * Opens the real app in browser mode: a fresh harness (own SQLite file, real migrations, demo
 * data) and a fresh browser context pointed at its tokenised URL.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startHarness, type Harness } from '../../main/harness/harness';
import { silentLogger } from '../../main/services/runtime';
import { newPage } from './browser';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const screenshotDir = join(repoRoot, 'docs', 'screenshots');

export interface OpenApp {
  harness: Harness;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** Console noise that is not an app error: Chromium notes that `frame-ancestors` is ignored in a meta CSP. */
const benign = [/frame-ancestors' is ignored/];

export async function openApp(
  browser: Browser,
  options: {
    idleTimeoutMs?: number;
    viewport?: { width: number; height: number };
    /** Freezes the page's clock (Date.now) so screenshots do not change from run to run. */
    fixedTime?: Date;
  } = {},
): Promise<OpenApp> {
  const dir = mkdtempSync(join(tmpdir(), 'rva-e2e-'));
  const harness = await startHarness({
    dataDir: join(dir, 'data'),
    rendererDir: join(repoRoot, 'out', 'renderer'),
    port: 0,
    demo: true,
    logger: silentLogger,
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
  });
  const { context, page, errors: raw } = await newPage(browser, options.viewport);
  if (options.fixedTime) await context.clock.setFixedTime(options.fixedTime);
  await page.goto(harness.url);
  const errors = {
    get list() {
      return raw.filter((e) => !benign.some((re) => re.test(e)));
    },
  };
  return {
    harness,
    context,
    page,
    get errors() {
      return errors.list;
    },
    async close() {
      await context.close();
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function login(page: Page, username: string, pin: string): Promise<void> {
  await page.getByTestId('login-user').fill(username);
  await page.getByTestId('login-pin').fill(pin);
  await page.getByTestId('login-submit').click();
}

/** 03:00 in Casablanca (UTC+1): the time shown in the committed screenshots. */
export const screenshotTime = new Date('2026-05-12T02:00:00Z');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  // Settle the page so the same screen gives the same pixels: no hover, no transition, fonts loaded.
  await page.mouse.move(0, 0);
  await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; }' });
  await page.evaluate('document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))');
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

/** `<html dir>` and `<html lang>` of the page. */
export async function documentDirection(page: Page): Promise<{ dir: string | null; lang: string | null }> {
  const html = page.locator('html');
  return { dir: await html.getAttribute('dir'), lang: await html.getAttribute('lang') };
}
