/**
 * A post whose machine the centre revoked, in Chromium, against a real centre over TLS: the desk
 * says so under the status bar and keeps the records waiting; an escort is told a supervisor can
 * re-enrol; the supervisor's wrong code is refused in plain words (French, Arabic) with the queue
 * intact, and the new code from the centre enrols the machine again: the queue reaches the centre.
 */
import { createPinHasher } from '../../main/services/pin-hash';
import { createSyncStateRepository } from '../../main/sync/sync-state-repository';
import { startRakCentre } from './fixtures/centre';
import { documentDirection, expectScreenshot, login, readable, screenshotTime } from './app';
import { expect, test } from './test';

test.use({ harnessOptions: { demo: false, now: screenshotTime.getTime() } });

test('a revoked post keeps its records, and a supervisor re-enrols it from the desk with a new code', async ({
  openDesk,
  harness,
  workDir,
}) => {
  const centre = await startRakCentre(`${workDir}/centre`);
  try {
    const hasher = createPinHasher();
    const user = async (id: string, username: string, displayName: string, role: 'supervisor' | 'escort', pin: string) => ({
      id,
      postCode: 'RAK',
      username,
      displayName,
      role,
      active: true,
      pinHash: await hasher.hash(pin),
      mustChangePin: false,
    });
    await centre.store.putUsers([
      await user('u-rak-sup', 'n.bennani', 'Nadia Bennani', 'supervisor', '5190'),
      await user('u-rak-esc', 'y.tazi', 'Youssef Tazi', 'escort', '6281'),
    ]);
    const services = harness.services;
    const { code: first } = await centre.store.createEnrolCode('RAK');
    expect(await services.setup.enrol({ url: centre.url, fingerprint: centre.tls!.fingerprint256, code: first })).toMatchObject({
      ok: true,
    });
    await expect.poll(() => services.setup.progress().users, { timeout: 30_000 }).toBe(3);
    await expect.poll(() => services.setup.progress().ready, { timeout: 30_000 }).toBe(true);

    // The centre revokes the machine; the post hears it at its next sync.
    const revokedId = createSyncStateRepository(services.db).credentials()!.deviceId;
    expect(await centre.store.revokeDevice(revokedId)).toBe(true);
    expect(await services.sync.syncNow()).toMatchObject({ state: 'error', message: 'sync.error.revoked' });

    // An escort signs in (a record that waits): told who can act, no code field.
    const escort = await openDesk({ fixedTime: screenshotTime });
    await login(escort.page, 'y.tazi', '6281');
    await expect(escort.page.getByTestId('status-user')).toHaveText('Youssef Tazi', { timeout: 30_000 });
    await expect(escort.page.getByTestId('reenrol-ask-supervisor')).toBeVisible();
    await expect(escort.page.getByTestId('reenrol-code')).toHaveCount(0);

    const { page, errors } = await openDesk({ fixedTime: screenshotTime, viewport: { width: 1366, height: 768 } });
    await login(page, 'n.bennani', '5190');
    await expect(page.getByTestId('status-user')).toHaveText('Nadia Bennani', { timeout: 30_000 });
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'error');
    const queued = services.sync.queueLength();
    expect(queued).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('reenrol-queue')).toContainText(String(queued));

    await page.getByTestId('reenrol-code').fill('AAAA-BBBB-CCCC');
    await page.getByTestId('reenrol-submit').click();
    await expect(page.getByTestId('reenrol-error')).toHaveText(
      'Code inconnu du centre. Vérifiez chaque caractère ou demandez un nouveau code.',
    );
    expect(services.sync.queueLength()).toBe(queued);
    expect(createSyncStateRepository(services.db).credentials()!.deviceId).toBe(revokedId);
    await expectScreenshot(page, 'reenrol-fr');
    await page.getByTestId('lang-ar').click();
    expect(await documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
    await expect(page.getByTestId('reenrol-panel')).toContainText('إعادة تسجيل هذا المركز');
    await expectScreenshot(page, 'reenrol-ar');
    await page.getByTestId('lang-fr').click();

    const { code } = await centre.store.createEnrolCode('RAK');
    await page.getByTestId('reenrol-code').fill(code.toLowerCase());
    await page.getByTestId('reenrol-submit').click();
    await expect(page.getByTestId('reenrol-done')).toBeVisible();
    await expect(page.getByTestId('reenrol-panel')).toHaveCount(0);
    await expect.poll(() => services.sync.queueLength(), { timeout: 30_000 }).toBe(0);
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'idle');
    expect(readable(await page.getByTestId('reenrol-done').textContent())).toContain('Poste réenrôlé');

    // The centre has every record of the post's chain once, the last ones pushed by the new device.
    const local = services.db.prepare('SELECT id FROM audit_log ORDER BY seq').pluck().all();
    const remote = await centre.store.storage.query<{ id: string; pushed_by: string }>(
      'SELECT id, pushed_by FROM events WHERE device_id = $1 ORDER BY seq',
      [services.post.deviceId],
    );
    expect(remote.rows.map((r) => r.id)).toEqual(local);
    const newId = createSyncStateRepository(services.db).credentials()!.deviceId;
    expect(newId).not.toBe(revokedId);
    expect(remote.rows.at(-1)!.pushed_by).toBe(newId);
    await page.getByTestId('reenrol-close').click();
    await expect(page.getByTestId('reenrol-done')).toHaveCount(0);
    expect(errors).toEqual([]);
    expect(escort.errors).toEqual([]);
  } finally {
    await centre.close();
  }
});
