/**
 * The first run of a new post, in Chromium, against a real centre over TLS (PGlite, its own
 * self-signed certificate): the setup screen refuses a wrong code in plain words, enrols with the
 * right one, shows the first pull, opens the login once the post has what it needs, and the
 * officer the centre created signs in with the one-time PIN and chooses their own.
 */
import { startRakCentre } from './fixtures/centre';
import { documentDirection, expectScreenshot, login, readable, screenshotTime } from './app';
import { expect, test } from './test';

test.describe('setting up a new post', () => {
  test.use({ harnessOptions: { demo: false } });

  test('shows the setup screen in French and Arabic, with the fingerprint grouped for reading', async ({ openDesk }) => {
    const { page, errors } = await openDesk({ fixedTime: screenshotTime, viewport: { width: 1366, height: 768 } });
    await expect(page.getByTestId('post-not-configured')).toContainText('Poste non configuré');
    // Keyboard first: the address has the focus, Tab goes to the fingerprint, then the code.
    await expect(page.getByTestId('setup-url')).toBeFocused();
    await page.keyboard.type('https://centre.rva.ma:8443');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('setup-fingerprint')).toBeFocused();
    await page.keyboard.type('3f9a0c4e7b21d85f6a0e93c1b7d24f8e5a6c1d09e2b47f3a8c5d6e1f0a9b2c7d');
    await page.getByTestId('setup-code').fill('K7QZ-2PMX-9RTA');
    const grouped = page.getByTestId('setup-fingerprint-grouped').locator('code > span');
    await expect(grouped).toHaveText([
      '3F:9A:0C:4E:7B:21:D8:5F:6A:0E:93:C1:B7:D2:4F:8E',
      '5A:6C:1D:09:E2:B4:7F:3A:8C:5D:6E:1F:0A:9B:2C:7D',
    ]);
    await expectScreenshot(page, 'setup-fr');
    await page.getByTestId('lang-ar').click();
    expect(await documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
    await expect(page.getByTestId('post-not-configured')).toContainText('المركز غير مُهيّأ');
    await expectScreenshot(page, 'setup-ar');
    expect(errors).toEqual([]);
  });

  test('wrong code refused in plain words; the right code enrols, the first pull arrives, the officer signs in with a one-time PIN', async ({
    openDesk,
    harness,
    workDir,
  }) => {
    const centre = await startRakCentre(`${workDir}/centre`);
    try {
      const { code } = await centre.store.createEnrolCode('RAK');

      const { page, errors } = await openDesk();
      await page.getByTestId('lang-en').click();
      await page.getByTestId('setup-url').fill(centre.url);
      // As the centre prints it, in lower case: accepted.
      await page.getByTestId('setup-fingerprint').fill(centre.tls!.fingerprint256.toLowerCase());
      await page.getByTestId('setup-code').fill('AAAA-BBBB-CCCC');
      await page.getByTestId('setup-code').press('Enter');
      await expect(page.getByTestId('setup-error')).toHaveText(
        'The centre does not know this code. Check each character or ask for a new code.',
      );
      await expect(page.getByTestId('setup-code')).toBeFocused();
      expect(harness.services.postStatus().configured).toBe(false);

      await page.getByTestId('setup-code').fill(code.toLowerCase().replace(/-/g, ' '));
      await page.getByTestId('setup-code').press('Enter');
      await expect.poll(async () => readable(await page.getByTestId('setup-progress').textContent())).toContain('Post RAK enrolled');
      await expect(page.getByTestId('setup-step-users')).toHaveAttribute('data-done', 'true');
      await expect(page.getByTestId('setup-step-pvKeys')).toHaveAttribute('data-done', 'true');
      await expect(page.getByTestId('setup-step-settings')).toHaveAttribute('data-done', 'true');
      await expect(page.getByTestId('setup-step-pvs')).toContainText('1');
      await expect(page.getByTestId('setup-open-login')).toBeEnabled();
      await expect(page.getByTestId('setup-open-login')).toBeFocused();
      await page.keyboard.press('Enter');

      await expect(page.getByTestId('login-post')).toContainText('RAK');
      await login(page, 'k.amrani', '4821');
      await expect(page.getByTestId('pin-change-title')).toBeVisible();
      await page.getByTestId('pin-change-new').fill('7395');
      await page.getByTestId('pin-change-confirm').fill('7395');
      await page.getByTestId('pin-change-submit').click();
      // The PIN is hashed with the policy's full cost: slow on a busy machine.
      await expect(page.getByTestId('status-user')).toHaveText('Karim Amrani', { timeout: 30_000 });
      expect(readable(await page.getByTestId('status-post').textContent())).toContain('RAK');
      expect(harness.services.postStatus()).toEqual({ configured: true, demo: false });
      expect(errors).toEqual([]);
    } finally {
      await centre.close();
    }
  });
});
