/**
 * The desk at the screens of the posts: 1366x768 (the common desk PC) and 1920x1080, in French and
 * Arabic, for each role and each verdict, camera open and closed. What the person at the desk must
 * read (the verdict, who stands in front of them, the steps already done) is on screen without
 * scrolling; a wide screen uses its width. Each combination is a documented screenshot.
 */
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { SAMPLE_NOW, samplePv } from '../../core/departure/testing';
import type { Pv } from '../../core/departure/pv';
import { boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';
import { writeY4m } from '../../scripts/gen/y4m';
import { documentDirection, expectScreenshot, login, readable } from './app';
import { expect, importPvs, test, type TestHarness } from './test';

test.use({ harnessOptions: { now: SAMPLE_NOW } });

type Verdict = 'ALLOW' | 'REFER' | 'DENY';

const base = samplePv();
/** One PV per verdict, each its own person and document, numbered explicitly. */
const pvs: Record<Verdict, Pv> = {
  ALLOW: samplePv({ pvNumber: 'PV-CMN-2026-000301' }),
  REFER: samplePv({
    pvNumber: 'PV-CMN-2026-000302',
    beneficiary: { ...base.beneficiary, surname: 'Camara', givenNames: 'Fatoumata', sex: 'F', birthDate: '2009-02-11', nationality: 'GIN' },
    travelDocument: { ...base.travelDocument, number: 'LG0987342', issuingState: 'GIN' },
    flags: { minor: { mnaReference: 'TPI-CASA-2026-77' } },
  }),
  DENY: samplePv({
    pvNumber: 'PV-CMN-2026-000303',
    beneficiary: { ...base.beneficiary, surname: 'Kouassi', givenNames: 'Jean-Baptiste Yao', birthDate: '1993-10-02', nationality: 'CIV' },
    travelDocument: { ...base.travelDocument, number: 'LC2210456', issuingState: 'CIV' },
    status: 'revoked',
  }),
};

const roles = [
  { role: 'officer', user: 'officier', pin: '1234' },
  { role: 'escort', user: 'escorte', pin: '2345' },
  { role: 'supervisor', user: 'superviseur', pin: '3456' },
] as const;

const screens = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** A still, plain grey picture for the fake camera: the same pixels in every screenshot. */
function stillCamera(dir: string): string {
  const width = 640;
  const height = 360;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = 92;
    data[i + 1] = 98;
    data[i + 2] = 104;
    data[i + 3] = 255;
  }
  const path = join(dir, 'still.y4m');
  writeY4m(path, { width, height, data }, 2);
  return path;
}

/** A scan from the desk's USB reader (straight into main: no keyboard timing on a loaded machine). */
function hidScan(harness: TestHarness, raw: string): void {
  harness.services.bus.emit('scanner.scanned', { source: 'hid', deviceId: 'hid-1', raw, at: SAMPLE_NOW });
}

/**
 * The page's event stream connects asynchronously: an event repeated until the desk shows it
 * (a sync state, then the real one back), so that each scan afterwards is sent once.
 */
async function connectEvents(harness: TestHarness, page: Page): Promise<void> {
  const sync = page.getByTestId('sync-state');
  // The demo post has no sync configured: the state the screenshots show.
  await expect.poll(() => sync.getAttribute('data-state')).toBe('notConfigured');
  await expect
    .poll(() => {
      harness.services.bus.emit('sync.statusChanged', { state: 'offline', lastSuccessAt: null, queueLength: 0 });
      return sync.getAttribute('data-state');
    })
    .toBe('offline');
  harness.services.bus.emit('sync.statusChanged', { state: 'notConfigured' });
  await expect.poll(() => sync.getAttribute('data-state')).toBe('notConfigured');
}

/** The document and the boarding pass, each scanned once. */
async function scanBoth(harness: TestHarness, page: Page, pv: Pv): Promise<void> {
  hidScan(harness, mrzFor(pv));
  await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(1);
  hidScan(harness, boardingPassFor(pv));
  await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(2);
  await expect.poll(() => page.getByTestId('verdict').getAttribute('data-incomplete')).toBe('false');
}

/** The box of an element, or a failure naming it. */
async function box(page: Page, testId: string) {
  const b = await page.getByTestId(testId).first().boundingBox();
  if (!b) throw new Error(`${testId} is not rendered`);
  return b;
}

/** Everything of the element is inside the window, as it is on screen (no scrolling). */
async function expectOnScreen(page: Page, testId: string, screen: { width: number; height: number }, what: string): Promise<void> {
  const b = await box(page, testId);
  expect(b.y, `${what}: top of ${testId}`).toBeGreaterThanOrEqual(0);
  expect(b.y + b.height, `${what}: bottom of ${testId}`).toBeLessThanOrEqual(screen.height);
  expect(b.x, `${what}: start of ${testId}`).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width, `${what}: end of ${testId}`).toBeLessThanOrEqual(screen.width);
}

for (const lang of ['fr', 'ar'] as const) {
  for (const { role, user, pin } of roles) {
    test(`${role}, ${lang}: verdict, identity and steps on screen at 1366x768 and 1920x1080, camera open or closed`, async ({
      harness,
      openDesk,
      workDir,
    }) => {
      test.setTimeout(240_000);
      importPvs(harness, Object.values(pvs));
      const { page, errors } = await openDesk({ fixedTime: SAMPLE_NOW, camera: stillCamera(workDir), viewport: screens[0] });
      if (lang === 'ar') {
        await page.getByTestId('lang-ar').click();
        await expect.poll(() => documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
      }
      await login(page, user, pin);
      await page.getByTestId('scan-input').waitFor();
      await connectEvents(harness, page);

      for (const verdict of ['ALLOW', 'REFER', 'DENY'] as const) {
        await page.getByTestId('new-passage').click();
        await page.getByTestId('passage-empty').waitFor();
        await page.getByTestId('scan-input').focus();
        await scanBoth(harness, page, pvs[verdict]);
        expect(await page.getByTestId('verdict').getAttribute('data-verdict')).toBe(verdict);
        if (role === 'supervisor') {
          // The referral badge on the tab follows the queue: the REFER passage (second) adds one.
          const badge = page.getByTestId('sup-referrals-count');
          if (verdict === 'ALLOW') await expect.poll(() => badge.count()).toBe(0);
          else await expect.poll(() => badge.textContent().then(readable)).toBe('1');
        }

        for (const camera of [false, true]) {
          if ((await page.getByTestId('camera-toggle').getAttribute('aria-pressed')) !== String(camera)) {
            await page.getByTestId('camera-toggle').click();
          }
          if (camera)
            await expect.poll(() => page.getByTestId('camera-view').getAttribute('data-status'), { timeout: 30_000 }).toBe('running');
          else await expect.poll(() => page.getByTestId('camera-view').count()).toBe(0);

          for (const screen of screens) {
            const what = `${role} ${lang} ${verdict} camera ${camera ? 'open' : 'closed'} ${screen.width}`;
            await page.setViewportSize(screen);
            await page.getByTestId('scan-input').focus();
            await page.evaluate(() => window.scrollTo(0, 0));
            expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), what).toBe(0);
            for (const id of ['verdict', 'verdict-word', 'beneficiary', 'timeline']) await expectOnScreen(page, id, screen, what);
            if (camera) await expectOnScreen(page, 'camera-view', screen, what);
            // A wide screen uses its width: the desk is not a column in the middle.
            const main = await page.locator('main.passage-screen').boundingBox();
            expect(main && main.width, what).toBeGreaterThanOrEqual(screen.width - 100);
            // The beneficiary and the steps sit in a panel beside the verdict, not under it.
            const verdictBox = await box(page, 'verdict');
            const card = await box(page, 'beneficiary');
            expect(card.y, what).toBeLessThan(verdictBox.y + verdictBox.height);
            expect(lang === 'ar' ? card.x + card.width <= verdictBox.x : card.x >= verdictBox.x + verdictBox.width, what).toBe(true);
            await expectScreenshot(page, `desk-${role}-${verdict.toLowerCase()}-${camera ? 'camera' : 'nocamera'}-${lang}-${screen.width}`);
          }
        }
        if ((await page.getByTestId('camera-toggle').getAttribute('aria-pressed')) === 'true') {
          await page.getByTestId('camera-toggle').click();
        }
        await page.setViewportSize(screens[0]);
      }
      expect(errors).toEqual([]);
    });
  }
}

test('a HID scan that reaches main before it hears of New passage goes into the new passage', async ({ harness, openDesk }) => {
  importPvs(harness, [pvs.ALLOW, pvs.REFER]);
  const { page, errors } = await openDesk({ fixedTime: SAMPLE_NOW, viewport: screens[0] });
  await login(page, 'officier', '1234');
  await page.getByTestId('scan-input').waitFor();
  await connectEvents(harness, page);
  await scanBoth(harness, page, pvs.ALLOW);

  // The press travels to main later than the next traveller's document, read at once.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/__ipc/passage.new', async (route) => {
    await held;
    await route.continue();
  });
  const asked = page.waitForRequest('**/__ipc/passage.new');
  await page.getByTestId('new-passage').click();
  await asked;
  hidScan(harness, mrzFor(pvs.REFER));
  release();

  await expect.poll(() => page.getByTestId('passage-scan').getAttribute('data-kind')).toBe('mrz');
  hidScan(harness, boardingPassFor(pvs.REFER));
  await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(2);
  await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('REFER');
  // The first traveller's passage was closed as the desk showed it; nothing was mixed or lost.
  const rows = harness.services.db
    .prepare('SELECT pv_number AS pv, verdict, closed_at IS NOT NULL AS closed FROM passages ORDER BY at, rowid')
    .all();
  expect(rows).toEqual([
    { pv: pvs.ALLOW.pvNumber, verdict: 'ALLOW', closed: 1 },
    { pv: pvs.REFER.pvNumber, verdict: 'REFER', closed: 0 },
  ]);
  expect(errors).toEqual([]);
});
