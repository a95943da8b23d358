/**
 * The setup screen's third mode: the provisioning QR the centre's console shows with an
 * enrolment code, read by the desk camera (Chromium's fake camera plays a QR image; the same
 * camera view and decode Worker as the desk) or typed by a handheld scanner. A real centre over
 * TLS issues the code and the payload; the post enrols with it. Another QR, or a QR whose code has
 * expired, is refused in plain words while the camera keeps reading.
 */
import type { Page } from '@playwright/test';
import { buildProvisioning, groupFingerprint } from '../../core/post/provisioning';
import { enrolProvisioning } from '../../server/console/enrol-provisioning';
import { startRakCentre } from './fixtures/centre';
import { documentDirection, expectScreenshot, readable, screenshotTime } from './app';
import { writeQrVideo } from './fixtures/camera-video';
import { expect, test } from './test';

test.use({ harnessOptions: { demo: false } });

const FINGERPRINT = '3f9a0c4e7b21d85f6a0e93c1b7d24f8e5a6c1d09e2b47f3a8c5d6e1f0a9b2c7d';

/** Frames the camera view has decoded so far. */
function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.querySelector('[data-testid="camera-view"] video')?.getAttribute('data-frames') ?? 0));
}

/** The camera is running and goes on decoding frames (at least `more` after this call). */
async function expectCameraReading(page: Page, more = 5): Promise<void> {
  await expect(page.getByTestId('camera-view')).toHaveAttribute('data-status', 'running');
  const now = await framesDecoded(page);
  await expect.poll(() => framesDecoded(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(now + more);
}

test.describe('setting up a post from the centre’s provisioning QR', () => {
  test('shows what the QR holds in French and Arabic before enrolling', async ({ openDesk, workDir }) => {
    const payload = buildProvisioning({
      url: 'https://centre.rva.ma:8443',
      fingerprint: FINGERPRINT,
      code: 'K7QZ-2PMX-9RTA',
      postCode: 'RAK',
      expiresAt: screenshotTime.getTime() + 24 * 3600_000,
    });
    const video = await writeQrVideo(workDir, 'provisioning', JSON.stringify(payload));
    const { page, errors } = await openDesk({ camera: video.path, fixedTime: screenshotTime, viewport: { width: 1366, height: 768 } });
    await page.getByTestId('setup-mode-qr').click();
    await expect(page.getByTestId('setup-mode-qr')).toHaveAttribute('aria-pressed', 'true');
    await expect
      .poll(async () => readable(await page.getByTestId('setup-qr-read').textContent()), { timeout: 30_000 })
      .toBe('QR lu : poste RAK, centre https://centre.rva.ma:8443.');
    await expect(page.getByTestId('setup-fingerprint-grouped').locator('code > span')).toHaveText(groupFingerprint(FINGERPRINT));
    // The camera closes once the QR is read; Enter enrols.
    await expect(page.getByTestId('camera-view')).toHaveCount(0);
    await expect(page.getByTestId('setup-submit')).toBeFocused();
    await expectScreenshot(page, 'setup-qr-fr');
    await page.getByTestId('lang-ar').click();
    expect(await documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
    await expect(page.getByTestId('setup-qr-read')).toContainText('تمت قراءة رمز QR');
    await expectScreenshot(page, 'setup-qr-ar');
    expect(errors).toEqual([]);
  });

  test('a code issued by a real centre: its expired QR is refused, then the QR in time enrols the post', async ({ openDesk, workDir }) => {
    // A centre, two Chromiums with a fake camera each, and the first pull: longer than one screen's test.
    test.setTimeout(300_000);
    const centre = await startRakCentre(`${workDir}/centre`);
    try {
      const issued = await centre.store.createEnrolCode('RAK');
      // What the console answers with the code, for a console reached at the centre's own address.
      const payload = enrolProvisioning(
        { fingerprint256: centre.tls!.fingerprint256 },
        { protocol: 'https', host: new URL(centre.url).host },
        { postCode: 'RAK', ...issued },
      );
      expect(payload).not.toBeNull();
      const video = await writeQrVideo(workDir, 'provisioning', JSON.stringify(payload));

      // A desk whose clock is past the code's expiry: refused, and the camera keeps reading.
      const late = await openDesk({ camera: video.path, fixedTime: issued.expiresAt + 60_000 });
      await late.page.getByTestId('lang-en').click();
      await late.page.getByTestId('setup-mode-qr').click();
      await expect(late.page.getByTestId('setup-error')).toHaveAttribute('data-code', 'setup.errors.qrExpired', { timeout: 30_000 });
      await expect(late.page.getByTestId('setup-error')).toHaveText(
        'The code in this QR has expired. Ask the centre for a new code and scan its new QR.',
      );
      await expectCameraReading(late.page);
      await expect(late.page.getByTestId('setup-qr-read')).toHaveCount(0);
      expect(late.errors).toEqual([]);
      await late.context.close();

      const { page, errors } = await openDesk({ camera: video.path });
      await page.getByTestId('lang-en').click();
      await page.getByTestId('setup-mode-qr').click();
      await expect
        .poll(async () => readable(await page.getByTestId('setup-qr-read').textContent()), { timeout: 30_000 })
        .toBe(`QR read: post RAK, centre ${centre.url}.`);
      await expect(page.getByTestId('setup-fingerprint-grouped').locator('code > span')).toHaveText(
        groupFingerprint(centre.tls!.fingerprint256),
      );
      await expect(page.getByTestId('setup-submit')).toBeFocused();
      await page.keyboard.press('Enter');
      await expect.poll(async () => readable(await page.getByTestId('setup-progress').textContent())).toContain('Post RAK enrolled');
      await expect(page.getByTestId('setup-open-login')).toBeEnabled({ timeout: 30_000 });
      await page.getByTestId('setup-open-login').click();
      await expect(page.getByTestId('login-post')).toContainText('RAK');
      expect(errors).toEqual([]);
    } finally {
      await centre.close();
    }
  });

  test('another QR is refused in plain words while the camera keeps reading; a handheld scanner reads the right one', async ({
    openDesk,
    workDir,
  }) => {
    const video = await writeQrVideo(workDir, 'other', 'https://www.rva.ma/depart');
    const { page, errors } = await openDesk({ camera: video.path });
    await page.getByTestId('lang-en').click();
    await page.getByTestId('setup-mode-qr').click();
    await expect(page.getByTestId('setup-qr-text')).toBeFocused();
    await expect(page.getByTestId('setup-error')).toHaveAttribute('data-code', 'setup.errors.qrNotProvisioning', { timeout: 30_000 });
    await expect(page.getByTestId('setup-error')).toHaveText(
      'This QR code is not a setup QR from the centre. Show the QR the console displays with the enrolment code.',
    );
    await expectCameraReading(page);
    await expect(page.getByTestId('setup-qr-read')).toHaveCount(0);

    // The scanner types the QR's text into the field, then Enter.
    const payload = buildProvisioning({
      url: 'https://centre.rva.ma:8443',
      fingerprint: FINGERPRINT,
      code: 'K7QZ-2PMX-9RTA',
      postCode: 'RAK',
    });
    await page.getByTestId('setup-qr-text').pressSequentially('{"kind":"other"}');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('setup-error')).toHaveAttribute('data-code', 'setup.errors.qrNotProvisioning');
    await expect(page.getByTestId('setup-qr-text')).toHaveValue('');
    await page.getByTestId('setup-qr-text').fill(JSON.stringify(payload));
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => readable(await page.getByTestId('setup-qr-read').textContent()))
      .toBe('QR read: post RAK, centre https://centre.rva.ma:8443.');
    await expect(page.getByTestId('setup-error')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});
