/**
 * The end-to-end test API: `test` and `expect` from @playwright/test with this app's fixtures.
 *
 * - `harness`: the real app in browser mode for this test (own SQLite file in a temporary folder,
 *   real migrations, demo post and users), closed and deleted after the test. Configure it with
 *   `test.use({ harnessOptions: { now, idleTimeoutMs } })` per file or per `test.describe`.
 * - `clock`: the harness clock, standing still at `harnessOptions.now` until the test moves it.
 * - `openDesk(options)`: a desk, that is a browser context (own storage, own client id and
 *   session) with one page on the harness URL; as many as the test needs, closed after it.
 * - `fakeCamera(video)`: a Chromium of its own whose camera plays a Y4M file, closed after the test
 *   (`openDesk({ camera: video })` uses it).
 *
 * Chromium is Debian's (`executablePath` in playwright.config.ts); traces of failed tests are
 * kept under test-results/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Pv } from '../../core/departure/pv';
import { startHarness, type Harness } from '../../main/harness/harness';
import { createManualClock, silentLogger } from '../../main/services/runtime';
import { contextOptions, fakeCameraArgs } from './browser';
import { seedDemo } from '../../main/demo/demo-seed';

export { expect };

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface HarnessOptions {
  /** The harness clock stands still at this time (ms since the epoch) until the test moves it; unset: the real clock. */
  now?: number;
  /** Main-side idle timeout of a session (default: the app's). */
  idleTimeoutMs?: number;
  /** Seed the demo post, users and PVs (default true); false: a new post as installed, not configured. */
  demo?: boolean;
}

export type ManualClock = ReturnType<typeof createManualClock>;

export interface TestHarness extends Harness {
  clock: ManualClock;
}

export interface DeskOptions {
  viewport?: { width: number; height: number };
  /** Freezes the page's Date.now (timers keep running) so screens with times do not change from run to run. */
  fixedTime?: Date | number;
  /**
   * A Y4M video for Chromium's fake camera: the desk opens in a Chromium of its own whose camera
   * plays it, and the app's origin may use the camera.
   */
  camera?: string;
  /** The browser's own time zone (default the post's, Africa/Casablanca): a desk PC set to another zone. */
  timezoneId?: string;
  /** Runs on the new context before the page opens the app (init scripts, page clock). */
  init?: (context: BrowserContext, page: Page) => Promise<void>;
}

export interface Desk {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far, every one of them (no noise is filtered out). */
  readonly errors: string[];
}

interface Fixtures {
  harnessOptions: HarnessOptions;
  harness: TestHarness;
  clock: ManualClock;
  openDesk: (options?: DeskOptions) => Promise<Desk>;
  fakeCamera: (video: string) => Promise<Browser>;
  /** A temporary folder of the test, deleted after it. */
  workDir: string;
}

function realClock(): ManualClock {
  const refuse = () => {
    throw new Error('This harness runs on the real clock: set harnessOptions.now to move time in the test.');
  };
  return { now: () => Date.now(), advance: refuse, set: refuse };
}

export const test = base.extend<Fixtures>({
  harnessOptions: [{}, { option: true }],

  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none here.
  workDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'rva-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },

  harness: async ({ harnessOptions, workDir }, use) => {
    const clock = harnessOptions.now === undefined ? realClock() : createManualClock(harnessOptions.now);
    const harness = await startHarness({
      dataDir: join(workDir, 'data'),
      rendererDir: join(repoRoot, 'out', 'renderer'),
      port: 0,
      seed: harnessOptions.demo === false ? null : seedDemo,
      logger: silentLogger,
      ...(harnessOptions.now === undefined ? {} : { clock }),
      ...(harnessOptions.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: harnessOptions.idleTimeoutMs }),
    });
    await use(Object.assign(harness, { clock }));
    await harness.close();
  },

  clock: async ({ harness }, use) => {
    await use(harness.clock);
  },

  openDesk: async ({ browser, harness, fakeCamera }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (options = {}) => {
      const context = await (options.camera ? await fakeCamera(options.camera) : browser).newContext({
        ...contextOptions,
        ...(options.viewport ? { viewport: options.viewport } : {}),
        ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
      });
      contexts.push(context);
      if (options.camera) await context.grantPermissions(['camera'], { origin: harness.origin });
      if (options.fixedTime !== undefined) await context.clock.setFixedTime(options.fixedTime);
      const page = await context.newPage();
      // Collected so a test can assert that the UI ran without uncaught exceptions.
      const raw: string[] = [];
      page.on('pageerror', (e) => raw.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') raw.push(m.text());
      });
      if (options.init) await options.init(context, page);
      await page.goto(harness.url);
      return {
        context,
        page,
        // The live list: a test that destructures it still sees errors raised after it did.
        errors: raw,
      };
    });
    for (const context of contexts) await context.close();
  },

  fakeCamera: async ({ playwright, launchOptions }, use) => {
    const browsers: Browser[] = [];
    await use(async (video) => {
      const browser = await playwright.chromium.launch({
        ...launchOptions,
        args: [...(launchOptions.args ?? []), ...fakeCameraArgs(video)],
      });
      browsers.push(browser);
      return browser;
    });
    for (const browser of browsers) await browser.close();
  },
});

/** Loads PVs into the post database the way the supervisor's import does, all or nothing. */
export function importPvs(harness: Harness, pvs: Pv[]): void {
  const imported = harness.services.departures.importPvs(JSON.stringify({ version: 1, pvs }), 'json', null);
  if (!imported.ok) throw new Error(`PV import refused: ${JSON.stringify(imported.errors)}`);
}
