/**
 * Launches Debian's Chromium through playwright-core for the browser-mode end-to-end tests.
 * No browser is downloaded: `/usr/bin/chromium` must exist (`.ci/run` installs it with apt).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.RVA_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
] as const;

export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install it with "sudo apt-get install chromium" ` +
        '(or set RVA_CHROMIUM to its path); the end-to-end tests drive the system Chromium and never download one.',
    );
  }
  return chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...extraArgs] });
}

export const desktopViewport = { width: 1280, height: 800 } as const;

/** A fresh context (own localStorage) and page at the desk's usual size. */
export async function newPage(
  browser: Browser,
  viewport: { width: number; height: number } = desktopViewport,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'fr-MA', timezoneId: 'Africa/Casablanca' });
  const page = await context.newPage();
  // Collect page errors so a test can assert that the UI ran without uncaught exceptions.
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { context, page, errors };
}
