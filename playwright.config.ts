/**
 * End-to-end tests (tests/e2e): @playwright/test in Debian's Chromium against the built renderer
 * and the real services (browser-mode harness, one per test). See tests/e2e/README.md.
 */
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath, contextOptions } from './tests/e2e/browser';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.test.ts',
  outputDir: 'test-results',
  globalSetup: './tests/e2e/global-setup.ts',
  // Two cores for the whole machine: one test at a time, in order.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 120_000,
  reporter: [['list']],
  // The screenshots in docs/screenshots are the baselines `toHaveScreenshot` compares against:
  // one copy, readable in the docs, updated with `npx playwright test --update-snapshots`.
  snapshotPathTemplate: '{testDir}/../../docs/screenshots/{arg}{ext}',
  // CI never writes a baseline; locally a missing one is written and the test fails once.
  ...(process.env.CI ? { updateSnapshots: 'none' as const } : {}),
  expect: {
    // The chaos tier runs beside these tests in `npm test` (scripts/test.mjs): a step that takes 1 s
    // alone can take several with the other core busy killing processes.
    timeout: 10_000,
    toHaveScreenshot: {
      animations: 'disabled',
      caret: 'hide',
      scale: 'css',
      stylePath: './tests/e2e/screenshot.css',
      // Per-pixel colour tolerance (YIQ, Playwright's default) and how many pixels may differ
      // beyond it: Debian's Chromium renders these screens pixel for pixel the same from run to
      // run; a few pixels absorb anti-aliasing noise, while one changed digit moves dozens.
      threshold: 0.2,
      maxDiffPixels: 10,
    },
  },
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    ...contextOptions,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
