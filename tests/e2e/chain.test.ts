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
import { generateKeyPairSync } from 'node:crypto';
import type { Page } from '@playwright/test';
import { samplePv } from '../../core/departure/testing';
import type { Pv } from '../../core/departure/pv';
import { createPinHasher } from '../../main/services/pin-hash';
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
    const server = await startServer({ databaseUrl: pg.url, port: 0, host: '127.0.0.1', tls: 'self-signed' }).catch(
      async (error: unknown) => {
        await pg.stop();
        throw error;
      },
    );
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
    await expect(page.getByTestId('console-who')).toContainText(username);
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

  chain(
    'refusals: wrong, expired and used codes on the setup screen, a revoked post, an analyst, a forged request',
    async ({ browser, centre, openDesk, harness }) => {
      const { server, secrets } = centre;
      await server.store.putPvKeys([{ keyId: 'centre-2026', publicKey: 'ab'.repeat(32) }]);
      await server.store.putSettings({ perDiem: { amount: 10_000, currency: 'USD', periodDays: 365 } });
      await server.store.putUsers([
        {
          id: 'u-rak-officer',
          postCode: 'RAK',
          username: 'k.amrani',
          displayName: 'Karim Amrani',
          role: 'officer',
          active: true,
          pinHash: await createPinHasher().hash('4821'),
        },
      ]);
      // A code issued 25 hours ago (codes live 24 hours).
      const expired = await server.store.createEnrolCode('RAK');
      await server.store.storage.query('UPDATE enrol_codes SET created_at = created_at - $1, expires_at = expires_at - $1', [
        25 * 3_600_000,
      ]);
      const used = await server.store.createEnrolCode('RAK');
      // Another machine took that code first.
      const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
      expect(await server.store.enrol({ code: used.code, deviceId: 'other-machine', publicKey: other })).toMatchObject({ ok: true });
      const good = await server.store.createEnrolCode('RAK');

      // The setup screen says what is wrong with each code, in plain words.
      const { page, errors } = await openDesk();
      await page.getByTestId('lang-en').click();
      await page.getByTestId('setup-url').fill(server.url);
      await page.getByTestId('setup-fingerprint').fill(server.tls!.fingerprint256);
      const refused = async (code: string, message: string) => {
        await page.getByTestId('setup-code').fill(code);
        await page.getByTestId('setup-submit').click();
        await expect(page.getByTestId('setup-error')).toHaveText(message);
        await expect(page.getByTestId('setup-code')).toBeFocused();
      };
      await refused('AAAA-BBBB-CCCC', 'The centre does not know this code. Check each character or ask for a new code.');
      await refused(expired.code, 'This code has expired. Ask the centre for a new code.');
      await refused(used.code, 'This code has already been used. Each code enrols one post only: ask for a new one.');
      expect(harness.services.postStatus().configured).toBe(false);

      // The right code enrols; the officer works.
      await page.getByTestId('setup-code').fill(good.code);
      await page.getByTestId('setup-submit').click();
      await expect(page.getByTestId('setup-open-login')).toBeEnabled();
      await page.getByTestId('setup-open-login').click();
      await login(page, 'k.amrani', '4821');
      await expect(page.getByTestId('status-user')).toHaveText('Karim Amrani', { timeout: 30_000 });

      const consoleContext = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1366, height: 768 } });
      try {
        // The administrator revokes the post's machine: its sync is refused and the desk says why.
        const admin = await consoleContext.newPage();
        await consoleSignIn(admin, server, 'amina', secrets.admin);
        await admin.getByTestId('console-post-row-RAK').getByRole('button').click();
        // This post's machine, not the one that took the used code.
        const ours = admin.getByTestId('console-device-row').filter({ hasNotText: 'other-ma' });
        await ours.getByTestId('console-device-revoke').click();
        await expect(ours.getByTestId('console-device-revoke')).toHaveCount(0);
        expect(await harness.services.sync.syncNow()).toMatchObject({ state: 'error' });
        await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'error');
        await expect(page.getByTestId('sync-state')).toContainText('Revoked by the centre');

        // A forged request riding the administrator's cookie: without the CSRF token, or from
        // another origin, refused and nothing made.
        const noToken = await admin.request.post(`${server.url}/console/api/posts`, {
          data: { code: 'TAN' },
          headers: { origin: server.url },
        });
        expect(noToken.status()).toBe(403);
        expect(await noToken.json()).toEqual({ error: 'console.csrf' });
        const token = ((await (await admin.request.get(`${server.url}/console/api/session`)).json()) as { csrfToken: string }).csrfToken;
        const foreign = await admin.request.post(`${server.url}/console/api/posts`, {
          data: { code: 'TAN' },
          headers: { origin: 'https://evil.example', 'x-csrf-token': token },
        });
        expect(foreign.status()).toBe(403);
        await admin.reload();
        await expect(admin.getByTestId('console-post-row-RAK')).toBeVisible();
        await expect(admin.getByTestId('console-post-row-TAN')).toHaveCount(0);
      } finally {
        await consoleContext.close();
      }

      // An analyst reads but the screens offer no action, and the API refuses one sent anyway.
      const analystContext = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1366, height: 768 } });
      try {
        const analyst = await analystContext.newPage();
        await consoleSignIn(analyst, server, 'omar', secrets.analyst);
        await expect(analyst.getByTestId('console-who')).toHaveText('omar · Lecture seule (analyste)');
        await expect(analyst.getByTestId('console-post-row-RAK')).toBeVisible();
        await expect(analyst.getByTestId('console-post-create')).toHaveCount(0);
        await analyst.getByTestId('console-post-row-RAK').getByRole('button').click();
        await expect(analyst.getByTestId('console-device-row')).toHaveCount(2);
        await expect(analyst.getByTestId('console-device-revoke')).toHaveCount(0);
        await expect(analyst.getByTestId('console-enrol-issue')).toHaveCount(0);
        const token = ((await (await analyst.request.get(`${server.url}/console/api/session`)).json()) as { csrfToken: string }).csrfToken;
        const attempt = await analyst.request.post(`${server.url}/console/api/posts/RAK/enrol-codes`, {
          headers: { origin: server.url, 'x-csrf-token': token },
        });
        expect(attempt.status()).toBe(403);
      } finally {
        await analystContext.close();
      }
      expect(errors).toEqual([]);
    },
  );
});
