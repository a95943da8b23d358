/**
 * One post's own settings, from the centre's console to the desk, in Chromium: the demo post CMN
 * is enrolled with a real centre (PGlite, self-signed TLS, one clock for both); an administrator
 * sets CMN's time zone and a one-minute idle logout on the posts screen (a zone the centre does
 * not know and a timeout out of bounds are refused beside their fields, in fr and ar); after its
 * pull the supervisor's desk shows the open shift's time in the new zone, and the next session
 * ends after one minute without activity.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { seedDemo } from '../../main/demo/demo-seed';
import { startHarness } from '../../main/harness/harness';
import { createManualClock, silentLogger } from '../../main/services/runtime';
import { createConsoleStore, totpFor } from '../../server/console/console-store';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import { documentDirection, login, readable, repoRoot } from './app';
import { expect, test as appTest } from './test';
import type { ManualClock } from './test';

/** 11:00 in Casablanca (UTC+1), 19:00 in Tokyo (UTC+9). */
const NOW = Date.parse('2026-06-15T10:00:00Z');
const PASSWORD = 'correct horse battery';

interface Centre {
  server: RunningServer;
  secret: string;
  clock: ManualClock;
}

const test = appTest.extend<{ centre: Centre }>({
  // Playwright reads a fixture's dependencies from this pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  centre: async ({}, use) => {
    const clock = createManualClock(NOW);
    const server = await startServer({ tls: 'self-signed', port: 0, host: '127.0.0.1', clock });
    try {
      const { totpSecret } = await createConsoleStore(server.store.storage, clock).createAdmin({
        username: 'amina',
        password: PASSWORD,
        role: 'administrator',
      });
      await use({ server, secret: totpSecret, clock });
    } finally {
      await server.close();
    }
  },
  // The demo post, enrolled with this file's centre and on its clock; it pulls when the test says.
  harness: async ({ centre, workDir }, use) => {
    const { code } = await centre.server.store.createEnrolCode('CMN');
    const harness = await startHarness({
      dataDir: join(workDir, 'data'),
      rendererDir: join(repoRoot, 'out', 'renderer'),
      port: 0,
      seed: seedDemo,
      logger: silentLogger,
      clock: centre.clock,
      sync: { baseUrl: centre.server.url, tls: centre.server.tls, enrolCode: code, intervalMs: 3_600_000 },
    });
    await use(Object.assign(harness, { clock: centre.clock }));
    await harness.close();
  },
});

const text = async (page: Page, testId: string) => readable(await page.getByTestId(testId).textContent());

/**
 * The post's settings form alone against its documented screenshot (`docs/screenshots/<name>.png`):
 * the devices above it carry a new device id on every run.
 */
async function expectFormScreenshot(page: Page, name: string): Promise<void> {
  const form = page.getByTestId('console-post-settings');
  await form.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await page.evaluate('document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))');
  await expect(form).toHaveScreenshot(`${name}.png`);
}

async function consoleSignIn(page: Page, centre: Centre): Promise<void> {
  await page.goto(`${centre.server.url}/console`);
  await page.getByTestId('console-signin-username').fill('amina');
  await page.getByTestId('console-signin-password').fill(PASSWORD);
  await page.getByTestId('console-signin-code').fill(totpFor(centre.secret).generate({ timestamp: centre.clock.now() }));
  await page.getByTestId('console-signin-submit').click();
  await expect(page.getByTestId('console-who')).toHaveText('amina');
}

test('the console sets a post’s time zone and idle logout; the desk shows its times in that zone and logs out after one minute', async ({
  browser,
  centre,
  clock,
  harness,
  openDesk,
}) => {
  expect(await harness.services.sync.syncNow()).toMatchObject({ state: 'idle' });
  const { page, errors } = await openDesk({ init: (_context, page) => page.clock.install({ time: clock.now() }) });
  const elapse = async (ms: number) => {
    clock.advance(ms);
    await page.clock.runFor(ms);
  };

  // The supervisor opens a shift: its time in the programme's zone, Casablanca.
  await login(page, 'superviseur', '3456');
  await page.getByTestId('sup-tab-shift').click();
  await page.getByTestId('shift-usd').fill('1000');
  await page.getByTestId('shift-mad').fill('0');
  await page.getByTestId('shift-open').click();
  await expect.poll(() => text(page, 'shift-current')).toContain('15/06/2026 11:00');

  // At the centre: CMN's settings, the defaults until set.
  const admin = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1366, height: 768 }, locale: 'fr-MA' });
  try {
    const consolePage = await admin.newPage();
    await consoleSignIn(consolePage, centre);
    await consolePage.getByTestId('console-post-row-CMN').getByRole('button').click();
    await expect
      .poll(() => text(consolePage, 'console-post-settings-current'))
      .toBe('Valeurs par défaut : fuseau Africa/Casablanca, fin de session après 5 min sans activité.');

    // A zone the centre does not know and a timeout out of bounds: said beside each field, nothing sent.
    await consolePage.getByTestId('console-post-settings-timeZone').fill('Africa/Atlantis');
    await consolePage.getByTestId('console-post-settings-idle').fill('90');
    await consolePage.getByTestId('console-post-settings-save').click();
    await expect(consolePage.getByTestId('console-post-settings-error-timeZone')).toHaveText(
      'Saisissez un fuseau horaire IANA connu, par exemple Africa/Casablanca ou Europe/Paris (pas un décalage comme +01:00).',
    );
    expect(await text(consolePage, 'console-post-settings-error-idle')).toBe('Saisissez un nombre entier de minutes entre 1 et 60.');
    await expectFormScreenshot(consolePage, 'console-post-settings-fr');
    await consolePage.getByTestId('console-lang-ar').click();
    expect(await documentDirection(consolePage)).toEqual({ dir: 'rtl', lang: 'ar' });
    expect(await text(consolePage, 'console-post-settings-error-idle')).toBe('أدخل عددًا صحيحًا من الدقائق بين 1 و60.');
    await expectFormScreenshot(consolePage, 'console-post-settings-ar');
    await consolePage.getByTestId('console-lang-fr').click();
    expect(await harness.services.sync.syncNow()).toMatchObject({ state: 'idle' });
    expect(harness.services.info.timeZone()).toBe('Africa/Casablanca');

    // Tokyo, one minute: saved as the runtime spells the zone.
    await consolePage.getByTestId('console-post-settings-timeZone').fill('asia/tokyo');
    await consolePage.getByTestId('console-post-settings-idle').fill('1');
    await consolePage.getByTestId('console-post-settings-save').click();
    await expect(consolePage.getByTestId('console-post-settings-saved')).toHaveText(
      'Réglages du poste enregistrés : il les recevra à sa prochaine synchronisation.',
    );
    await expect
      .poll(() => text(consolePage, 'console-post-settings-current'))
      .toBe('En vigueur : fuseau Asia/Tokyo, fin de session après 1 min sans activité (modifié le 15/06/2026 11:00).');
    expect(await consolePage.getByTestId('console-post-settings-error-timeZone').count()).toBe(0);
  } finally {
    await admin.close();
  }

  // The post pulls them: the desk's times in Tokyo's zone, without signing in again.
  expect(await harness.services.sync.syncNow()).toMatchObject({ state: 'idle' });
  await expect.poll(() => text(page, 'shift-current')).toContain('15/06/2026 19:00');

  // The next session ends after one minute without activity, and says so.
  await page.getByTestId('logout').click();
  await login(page, 'superviseur', '3456');
  await page.getByTestId('sup-tab-shift').click();
  await expect.poll(() => text(page, 'shift-current')).toContain('15/06/2026 19:00');
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 100);
  await elapse(30_000);
  expect(await page.getByTestId('shift-current').isVisible()).toBe(true);
  await elapse(30_000 + 1000);
  await page.getByTestId('idle-message').waitFor();
  expect(await text(page, 'idle-message')).toBe('Session fermée après 1 min sans activité. Reconnectez-vous.');
  expect(errors).toEqual([]);
});
