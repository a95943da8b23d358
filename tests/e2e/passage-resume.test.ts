/**
 * A passage half-scanned at a desk survives a reload, a sign-out and a restart of the app: its
 * user gets it back at their next sign-in at that desk, with a notice, and it completes in the
 * passage's one row.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { SAMPLE_NOW, samplePv } from '../../core/departure/testing';
import { startHarness } from '../../main/harness/harness';
import { createManualClock, silentLogger } from '../../main/services/runtime';
import { seedDemo } from '../../main/demo/demo-seed';
import { boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';
import { contextOptions } from './browser';
import { documentDirection, expectScreenshot, readable, signIn, signOut, wedgeType } from './app';
import { expect, importPvs, repoRoot, test } from './test';

test.use({ harnessOptions: { now: SAMPLE_NOW } });

const scans = (page: Page) => page.getByTestId('passage-scan').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
const notice = (page: Page) => page.getByTestId('passage-notice').getAttribute('data-notice');

test.describe('a passage taken up again', () => {
  test('comes back after a reload and after signing out and in, with a notice, and completes in one row', async ({ harness, openDesk }) => {
    const pv = samplePv();
    importPvs(harness, [pv]);
    const { page, errors } = await openDesk({ fixedTime: SAMPLE_NOW });
    await signIn(page, 'officier', '1234');
    await wedgeType(page, mrzFor(pv));
    await expect.poll(() => scans(page)).toEqual(['mrz']);

    // A reload keeps the session: the passage is still there.
    await page.reload();
    await page.getByTestId('scan-input').waitFor();
    await expect.poll(() => scans(page)).toEqual(['mrz']);

    // Signed out (as the idle logout does), then in again: the same passage, with the notice.
    await signOut(page);
    await signIn(page, 'officier', '1234');
    await expect.poll(() => notice(page)).toBe('passageResumed');
    expect(await page.getByTestId('passage-notice').textContent()).toBe(
      'Passage en cours repris : poursuivez-le, ou commencez un nouveau passage.',
    );
    expect(await scans(page)).toEqual(['mrz']);
    expect(await page.getByTestId('verdict').getAttribute('data-incomplete')).toBe('true');
    await expectScreenshot(page, 'passage-resumed-fr');

    await wedgeType(page, boardingPassFor(pv));
    await expect.poll(() => scans(page)).toEqual(['mrz', 'bcbp']);
    await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('ALLOW');
    expect(await page.getByTestId('verdict').getAttribute('data-incomplete')).toBe('false');
    const rows = harness.services.db.prepare('SELECT status, closed_at AS closedAt FROM passages').all();
    expect(rows).toEqual([{ status: 'complete', closedAt: null }]);
    expect(errors).toEqual([]);
  });

  test('comes back after a restart of the app, in Arabic, and not for another user', async ({ browser, workDir }) => {
    const pv = samplePv();
    const clock = createManualClock(SAMPLE_NOW);
    const start = () =>
      startHarness({
        dataDir: join(workDir, 'restart'),
        rendererDir: join(repoRoot, 'out', 'renderer'),
        port: 0,
        seed: seedDemo,
        logger: silentLogger,
        clock,
      });
    const context = await browser.newContext(contextOptions);
    await context.clock.setFixedTime(SAMPLE_NOW);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    const first = await start();
    try {
      importPvs(first, [pv]);
      await page.goto(first.url);
      await page.getByTestId('lang-ar').click();
      await expect.poll(() => documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
      await signIn(page, 'officier', '1234');
      await wedgeType(page, mrzFor(pv));
      await expect.poll(() => scans(page)).toEqual(['mrz']);
    } finally {
      await first.close();
    }
    clock.advance(5 * 60_000);

    const second = await start();
    try {
      await page.goto(second.url);
      // A new origin for the browser (another port): the language is chosen again, as on a new PC.
      await page.getByTestId('lang-ar').click();
      await expect.poll(() => documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
      // Another user at this desk does not get it.
      await signIn(page, 'escorte', '2345');
      await expect(page.getByTestId('passage-empty')).toBeVisible();
      expect(await page.getByTestId('passage-notice').count()).toBe(0);
      await signOut(page);
      // Its own user does, with the notice in Arabic.
      await signIn(page, 'officier', '1234');
      await expect.poll(() => notice(page)).toBe('passageResumed');
      expect(await page.getByTestId('passage-notice').textContent().then(readable)).toBe(
        'تم استئناف المرور الجاري: أكمِله أو ابدأ مرورًا جديدًا.',
      );
      expect(await scans(page)).toEqual(['mrz']);
      await expectScreenshot(page, 'passage-resumed-ar');

      await wedgeType(page, boardingPassFor(pv));
      await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('ALLOW');
      expect(await page.getByTestId('verdict').getAttribute('data-incomplete')).toBe('false');
      const rows = second.services.db.prepare('SELECT status, closed_at AS closedAt FROM passages').all();
      expect(rows).toEqual([{ status: 'complete', closedAt: null }]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await second.close();
    }
  });
});
