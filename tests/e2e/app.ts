/**
 * Helpers the end-to-end tests share: signing in, the documented screenshots, page direction.
 * The app itself (harness, desks, fake camera) comes from the fixtures in ./test.ts.
 */
import type { Page } from '@playwright/test';
import { expect } from './test';

export { repoRoot } from './test';

/** Draws a signature across the per diem dialog's pad (a wave of 24 points), as a beneficiary's pen would. */
export async function drawSignature(page: Page): Promise<void> {
  const pad = await page.getByTestId('signature-pad').boundingBox();
  if (!pad) throw new Error('no signature pad');
  await page.mouse.move(pad.x + 40, pad.y + pad.height * 0.7);
  await page.mouse.down();
  for (let i = 1; i <= 24; i++)
    await page.mouse.move(pad.x + 40 + i * 18, pad.y + pad.height * (0.5 + 0.25 * Math.sin(i / 2)), { steps: 2 });
  await page.mouse.up();
}

export async function login(page: Page, username: string, pin: string): Promise<void> {
  await page.getByTestId('login-user').fill(username);
  await page.getByTestId('login-pin').fill(pin);
  await page.getByTestId('login-submit').click();
}

/** The testid of the element that has the focus. */
export const focusedTestId = (page: Page): Promise<string | null> =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** Signs in and waits for the desk, focus in the scan box. */
export async function signIn(page: Page, username: string, pin: string): Promise<void> {
  await login(page, username, pin);
  await page.getByTestId('scan-input').waitFor();
  await expect.poll(() => focusedTestId(page)).toBe('scan-input');
}

/** Signs out from the status bar and waits for the sign-in form. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-user').waitFor();
}

/** 03:00 in Casablanca (UTC+1): the time shown in the committed screenshots. */
export const screenshotTime = new Date('2026-05-12T02:00:00Z');

/**
 * Compares the page with its documented screenshot, `docs/screenshots/<name>.png` (the baseline;
 * `npx playwright test --update-snapshots` rewrites it after an intended change of the screen).
 */
export async function expectScreenshot(page: Page, name: string): Promise<void> {
  // Settle the page so the same screen gives the same pixels: nothing still waiting on the
  // services (a loaded machine answers a scan late, and "Checking…" is a stable screen of its
  // own), no hover, fonts loaded, painted.
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 30_000 });
  await page.mouse.move(0, 0);
  await page.evaluate('document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))');
  // A live camera picture differs from frame to frame: its place is shown as a plain box. A desk
  // decoding camera frames takes longer to capture twice alike on a loaded machine.
  await expect(page).toHaveScreenshot(`${name}.png`, { mask: [page.locator('.camera-view video')], maskColor: '#5c6268', timeout: 30_000 });
}

/** `<html dir>` and `<html lang>` of the page. */
export async function documentDirection(page: Page): Promise<{ dir: string | null; lang: string | null }> {
  const html = page.locator('html');
  return { dir: await html.getAttribute('dir'), lang: await html.getAttribute('lang') };
}

/** A wedge reader's pace: one key every 5 ms. */
const WEDGE_KEY_MS = 5;

/**
 * Types a payload like a keyboard-wedge reader: its keys, Enter after each line, one key every
 * 5 ms by the events' own timestamps (what the app's burst detector reads). The key events go
 * to Chromium in one batch: `page.keyboard.type` waits for each key, and on a loaded machine its
 * gaps exceed the detector's limit and cut a long scan in two, which a real reader never does.
 */
export async function wedgeType(page: Page, payload: string): Promise<void> {
  const keys = payload.split('\n').flatMap((line) => [...line, '\r']);
  const cdp = await page.context().newCDPSession(page);
  try {
    // Timestamps in seconds since the epoch, ending now.
    const start = Date.now() / 1000 - (keys.length * WEDGE_KEY_MS) / 1000;
    await Promise.all(
      keys.flatMap((ch, i) => {
        const at = start + (i * WEDGE_KEY_MS) / 1000;
        const key = ch === '\r' ? { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 } : { key: ch };
        return [
          cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key, text: ch, unmodifiedText: ch, timestamp: at }),
          cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key, timestamp: at + 0.001 }),
        ];
      }),
    );
  } finally {
    await cdp.detach();
  }
}

/** What a person reads: the bidi isolates the messages put around each value (FSI…PDI) dropped. */
export const readable = (text: string | null): string => (text ?? '').replace(/[\u2066-\u2069]/g, '');
