/**
 * The whole chain of a real deployment, in Chromium, against a centre on PostgreSQL (a throwaway
 * PostgreSQL cluster, self-signed TLS): an administrator signs in to the console with password and
 * TOTP, creates post RAK, an officer and an escort, issues an enrolment code and imports a PV; a
 * post installed without the demo enrols with that code on the setup screen, receives its users
 * and the PV; the officer signs in with the one-time PIN, chooses their own, and stamps the PV
 * issued at the centre; after sync the console's statistics count that departure.
 *
 * Needs PostgreSQL binaries (/usr/lib/postgresql/<v>/bin or $PG_BIN) and root or the `postgres`
 * user: without them the test fails, it never skips.
 */
import type { Page } from '@playwright/test';
import { samplePv } from '../../core/departure/testing';
import type { Pv } from '../../core/departure/pv';
import { createConsoleStore, totpFor } from '../../server/console/console-store';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import { boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';
import { startPgCluster, type PgCluster } from '../sync/pg-cluster';
import { login, readable, wedgeType } from './app';
import { expect, test } from './test';

const PASSWORD = 'correct horse battery';
const DAY = 86_400_000;

interface Centre {
  server: RunningServer;
  pg: PgCluster;
  /** TOTP secrets of the console accounts, as `console-admin create` prints them. */
  secrets: { admin: string; analyst: string };
}

const chain = test.extend<{ centre: Centre }>({
  // Playwright reads a fixture's dependencies from this pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  centre: async ({}, use) => {
    const pg = await startPgCluster();
    const server = await startServer({ databaseUrl: pg.url, port: 0, host: '127.0.0.1', tls: 'self-signed' });
    try {
      const consoleStore = createConsoleStore(server.store.storage);
      const admin = await consoleStore.createAdmin({ username: 'amina', password: PASSWORD, role: 'administrator' });
      const analyst = await consoleStore.createAdmin({ username: 'omar', password: PASSWORD, role: 'analyst' });
      await use({ server, pg, secrets: { admin: admin.totpSecret, analyst: analyst.totpSecret } });
    } finally {
      await server.close();
      await pg.stop();
    }
  },
});

chain.describe('the deployment chain: console, enrolment, desk, statistics', () => {
  chain.use({ harnessOptions: { demo: false } });

  async function consoleSignIn(page: Page, server: RunningServer, username: string, secret: string): Promise<void> {
    await page.goto(`${server.url}/console`);
    await page.getByTestId('console-signin-username').fill(username);
    await page.getByTestId('console-signin-password').fill(PASSWORD);
    // The code the administrator's phone shows: the same library and secret as the server.
    await page.getByTestId('console-signin-code').fill(totpFor(secret).generate({ timestamp: Date.now() }));
    await page.getByTestId('console-signin-submit').click();
    await expect(page.getByTestId('console-who')).toHaveText(username);
  }

  /** A PV for RAK valid today, its flight today in the post's zone. */
  function todaysPv(): Pv {
    const now = Date.now();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca' }).format(now);
    const pv = samplePv({
      pvNumber: 'PV-RAK-2026-000777',
      authorisedPosts: ['RAK'],
      issuedAt: now - 2 * DAY,
      validFrom: now - 2 * DAY,
      validUntil: now + 10 * DAY,
    });
    const expiry = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca' }).format(now + 365 * DAY);
    return { ...pv, travelDocument: { ...pv.travelDocument, expiry }, ticket: { ...pv.ticket, date: today } };
  }

  chain(
    'an administrator sets up RAK; the post enrols, the officer stamps a centre PV, the statistics count it',
    async ({ browser, centre, openDesk, harness }) => {
      const { server, secrets } = centre;
      const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca', year: 'numeric' }).format(Date.now());
      // The trusted PV signing keys, distributed by the centre (bearer-token API or script).
      await server.store.putPvKeys([{ keyId: 'centre-2026', publicKey: 'ab'.repeat(32) }]);
      await server.store.putSettings({ perDiem: { amount: 10_000, currency: 'USD', periodDays: 365 } });

      const consoleContext = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1366, height: 768 } });
      try {
        const admin = await consoleContext.newPage();
        await consoleSignIn(admin, server, 'amina', secrets.admin);

        // Post RAK and its enrolment code, shown once.
        await admin.getByTestId('console-post-code').fill('RAK');
        await admin.getByTestId('console-post-create').click();
        await expect(admin.getByTestId('console-post-row-RAK')).toBeVisible();
        await admin.getByTestId('console-enrol-issue').click();
        await expect(admin.getByTestId('console-enrol-code')).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
        const code = (await admin.getByTestId('console-enrol-code').textContent())!;

        // An officer and an escort, each with a one-time PIN shown once.
        await admin.getByTestId('console-nav-users').click();
        await admin.getByTestId('console-post-select').selectOption('RAK');
        const pins: Record<string, string> = {};
        for (const [username, name, role] of [
          ['k.amrani', 'Karim Amrani', 'officer'],
          ['s.bennani', 'Salma Bennani', 'escort'],
        ] as const) {
          await admin.getByTestId('console-user-username').fill(username);
          await admin.getByTestId('console-user-name').fill(name);
          await admin.getByTestId('console-user-role').selectOption(role);
          await admin.getByTestId('console-user-create').click();
          await expect(admin.getByTestId(`console-user-row-${username}`)).toBeVisible();
          await expect(admin.getByTestId('console-user-pin')).toHaveText(/^\d{6}$/);
          pins[username] = (await admin.getByTestId('console-user-pin').textContent())!;
        }

        // The PV, through the console's import.
        const pv = todaysPv();
        await admin.getByTestId('console-nav-pvs').click();
        await admin.getByTestId('console-pv-file').setInputFiles({
          name: 'pvs.json',
          mimeType: 'application/json',
          buffer: Buffer.from(JSON.stringify({ version: 1, pvs: [pv] })),
        });
        await expect(admin.getByTestId('console-pv-result')).toHaveText('1 créés, 0 mis à jour, 0 inchangés.');

        // The post, installed without the demo, enrols with the code on its setup screen.
        const { page, errors } = await openDesk();
        await expect(page.getByTestId('post-not-configured')).toBeVisible();
        await page.getByTestId('lang-en').click();
        await page.getByTestId('setup-url').fill(server.url);
        await page.getByTestId('setup-fingerprint').fill(server.tls!.fingerprint256);
        await page.getByTestId('setup-code').fill(code);
        await page.getByTestId('setup-submit').click();
        await expect.poll(async () => readable(await page.getByTestId('setup-progress').textContent())).toContain('Post RAK enrolled');
        await expect(page.getByTestId('setup-step-users')).toHaveAttribute('data-done', 'true');
        await expect(page.getByTestId('setup-step-pvs')).toContainText('1');
        await expect(page.getByTestId('setup-open-login')).toBeEnabled();
        await page.getByTestId('setup-open-login').click();

        // The officer: the one-time PIN, then a PIN of their own.
        await expect(page.getByTestId('login-post')).toContainText('RAK');
        await login(page, 'k.amrani', pins['k.amrani']!);
        await expect(page.getByTestId('pin-change-title')).toBeVisible();
        await page.getByTestId('pin-change-new').fill('7395');
        await page.getByTestId('pin-change-confirm').fill('7395');
        await page.getByTestId('pin-change-submit').click();
        await expect(page.getByTestId('status-user')).toHaveText('Karim Amrani', { timeout: 30_000 });

        // The PV issued at the centre: travel document and boarding pass, ALLOW, stamp.
        await page.getByTestId('scan-input').waitFor();
        await wedgeType(page, mrzFor(pv));
        await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(1);
        await wedgeType(page, boardingPassFor(pv));
        await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('ALLOW');
        await page.getByTestId('action-stamp').click();
        await page.getByTestId('stamp-number').fill('RAK-0001');
        await page.keyboard.press('Enter');
        await expect.poll(() => page.getByTestId('timeline-stamp').getAttribute('data-done')).toBe('true');

        // After sync, the console counts the departure.
        expect(await harness.services.sync.syncNow()).toMatchObject({ state: 'idle', queueLength: 0 });
        await admin.getByTestId('console-nav-stats').click();
        await admin.getByTestId('console-stats-year').selectOption(year);
        await expect(admin.getByTestId('console-stats-total')).toHaveText('1');
        await expect(admin.getByTestId('console-stats-nationality')).toContainText('Sénégal');
        expect(errors).toEqual([]);
      } finally {
        await consoleContext.close();
      }
    },
  );
});
