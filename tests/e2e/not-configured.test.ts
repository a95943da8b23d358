import { expect, test } from './test';

test.describe('a new post without demo data', () => {
  test.use({ harnessOptions: { demo: false } });

  test('opens on "post not configured" instead of the login, in French, Arabic and English', async ({ openDesk, harness }) => {
    const app = await openDesk();
    const { page } = app;
    const screen = page.getByTestId('post-not-configured');
    await expect(screen).toBeVisible();
    await expect(screen).toContainText('Poste non configuré');
    await expect(page.getByTestId('login-user')).toHaveCount(0);
    await expect(page.getByTestId('login-post')).toHaveCount(0);
    await page.getByTestId('lang-ar').click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(screen).toContainText('المركز غير مُهيّأ');
    await page.getByTestId('lang-en').click();
    await expect(screen).toContainText('Post not configured');
    expect(harness.services.postStatus()).toEqual({ configured: false, demo: false });
    expect(app.errors).toEqual([]);
  });
});
