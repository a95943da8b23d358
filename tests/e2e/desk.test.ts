import { documentDirection, expectScreenshot, login, readable, screenshotTime, wedgeType } from './app';
import type { Page } from '@playwright/test';
import { expect, test } from './test';

test.describe('browser mode: login and desk', () => {
  test('an officer logs in and sees the desk in French', async ({ openDesk }) => {
    const app = await openDesk({ fixedTime: screenshotTime });
    const { page } = app;

    await expect.poll(() => documentDirection(page)).toEqual({ dir: 'ltr', lang: 'fr' });
    await page.getByTestId('login-user').waitFor();
    expect(await page.getByRole('heading', { name: 'Connexion' }).isVisible()).toBe(true);
    expect(await page.getByTestId('lang-fr').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByTestId('login-post').textContent().then(readable)).toContain('CMN');
    await expectScreenshot(page, 'login-fr');

    await login(page, 'officier', '1234');
    await page.getByTestId('scan-input').waitFor();
    expect(await page.getByTestId('status-user').textContent().then(readable)).toBe('Officier Démo');
    expect(await page.getByTestId('status-role').textContent().then(readable)).toBe('Officier DGSN');
    expect(await page.getByTestId('status-post').textContent().then(readable)).toContain('Casablanca Mohammed V');
    await expect.poll(() => page.getByTestId('sync-state').textContent().then(readable)).toBe('Synchronisation non configurée');
    expect(await page.getByTestId('logout').textContent().then(readable)).toBe('Se déconnecter');
    // The scan box has the focus from the start: a scanner can fire at once.
    expect(await page.getByTestId('scan-input').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

    await wedgeType(page, 'P<MARDIALLO<<MAMADOU<<<<<<<<<<<<<<<<<<<<<<<<<');
    await page.getByTestId('last-scan-raw').waitFor();
    await expectScreenshot(page, 'desk-fr');

    await page.getByTestId('logout').click();
    await page.getByTestId('login-user').waitFor();
    expect(await page.evaluate("window.api.invoke('auth.session', {})")).toEqual({ ok: true, value: null });
    expect(app.errors).toEqual([]);
  });

  test('switches to Arabic (right to left) and to English, and remembers the choice', async ({ openDesk }) => {
    const app = await openDesk({ fixedTime: screenshotTime });
    const { page } = app;

    await page.getByTestId('lang-ar').click();
    await expect.poll(() => documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
    expect(await page.evaluate('getComputedStyle(document.body).direction')).toBe('rtl');
    expect(await page.getByRole('heading', { name: 'تسجيل الدخول' }).isVisible()).toBe(true);
    expect(await page.getByTestId('login-submit').textContent().then(readable)).toBe('دخول');
    await expectScreenshot(page, 'login-ar');

    await login(page, 'officier', '1234');
    await page.getByTestId('scan-input').waitFor();
    expect(await page.getByTestId('status-role').textContent().then(readable)).toBe('ضابط الأمن الوطني');
    await expect.poll(() => page.getByTestId('sync-state').textContent().then(readable)).toBe('المزامنة غير مُعدّة');
    // The logout button sits at the inline end, which is the left edge in Arabic.
    const logoutBox = await page.getByTestId('logout').boundingBox();
    expect(logoutBox && logoutBox.x).toBeLessThan(640);
    await wedgeType(page, 'M1DIALLO/MAMADOU       EABC123 CMNCDGAT 0201 330Y012A0001 100');
    await page.getByTestId('last-scan-raw').waitFor();
    await expectScreenshot(page, 'desk-ar');

    await page.getByTestId('lang-en').click();
    await expect.poll(() => documentDirection(page)).toEqual({ dir: 'ltr', lang: 'en' });
    expect(await page.getByTestId('logout').textContent().then(readable)).toBe('Sign out');
    expect(await page.getByTestId('status-role').textContent().then(readable)).toBe('DGSN officer');
    expect(await page.getByTestId('sync-state').textContent().then(readable)).toBe('Sync not configured');

    // A reload keeps the language (localStorage) and the session (main side).
    await page.reload();
    await page.getByTestId('scan-input').waitFor();
    await expect.poll(() => documentDirection(page)).toEqual({ dir: 'ltr', lang: 'en' });
    expect(await page.getByTestId('lang-en').getAttribute('aria-pressed')).toBe('true');
    expect(app.errors).toEqual([]);
  });

  test('locks the account after 5 bad PINs: the 6th attempt is refused even with the right PIN', async ({ openDesk }) => {
    const { page } = await openDesk();
    const error = page.getByTestId('login-error');

    for (let attempt = 1; attempt <= 4; attempt++) {
      await login(page, 'officier', '9999');
      await expect.poll(() => error.textContent().then(readable)).toContain(`Tentatives restantes avant verrouillage : ${5 - attempt}.`);
      expect(await error.getAttribute('data-code')).toBe('badCredentials');
      expect(await error.textContent().then(readable)).toContain('Identifiant ou code PIN incorrect.');
    }
    await login(page, 'officier', '9999');
    await expect.poll(() => error.getAttribute('data-code')).toBe('locked');
    expect(await error.textContent().then(readable)).toMatch(/Compte verrouillé.*Réessayez dans [45]\smin\s\d\d\ss\./);

    await login(page, 'officier', '1234');
    // The same message was already shown: wait for this attempt's answer, which empties the PIN field,
    // before typing the next user (under load, typing into a form still waiting loses the PIN).
    await expect(page.getByTestId('login-pin')).toHaveValue('');
    await expect.poll(() => error.textContent().then(readable)).toMatch(/Compte verrouillé.*Réessayez dans [45]\smin\s\d\d\ss\./);
    expect(await error.getAttribute('data-code')).toBe('locked');
    expect(await page.getByTestId('scan-input').count()).toBe(0);
    // Another user is not affected by the lock.
    await login(page, 'escorte', '2345');
    await page.getByTestId('scan-input').waitFor();
    expect(await page.getByTestId('status-role').textContent().then(readable)).toBe('Escorte OIM');
  });

  /**
   * Counts the window's heartbeats to main in the page, the moment each is sent and answered, so a
   * test that moves the clocks can wait for the ones in flight first.
   */
  async function countHeartbeats(page: Page): Promise<() => Promise<{ sent: number; answered: number }>> {
    await page.evaluate(() => {
      const counts = { sent: 0, answered: 0 };
      (window as unknown as { __heartbeats: typeof counts }).__heartbeats = counts;
      const send = window.fetch.bind(window);
      window.fetch = (input, init) => {
        if (!String(input).includes('/__ipc/auth.heartbeat')) return send(input, init);
        counts.sent++;
        return send(input, init).finally(() => counts.answered++);
      };
    });
    return () => page.evaluate(() => ({ ...(window as unknown as { __heartbeats: { sent: number; answered: number } }).__heartbeats }));
  }

  test.describe('with a 3 s idle timeout', () => {
    // Time stands still on both sides (the harness clock, the page clock) and the test moves both.
    test.use({ harnessOptions: { now: screenshotTime.getTime(), idleTimeoutMs: 3000 } });

    test('activity keeps the session; idleness logs out and says why', async ({ clock, openDesk }) => {
      const { page } = await openDesk({ init: (_context, page) => page.clock.install({ time: clock.now() }) });
      const elapse = async (ms: number) => {
        clock.advance(ms);
        await page.clock.runFor(ms);
      };

      await login(page, 'officier', '1234');
      const scan = page.getByTestId('scan-input');
      await scan.waitFor();
      // From here the page's time moves only with the test (timers fire as it moves).
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 100);
      // 4.5 s of typing, longer than the timeout: heartbeats keep the session open on both sides.
      // The clock moves on only once each heartbeat sent has been answered.
      const heartbeats = await countHeartbeats(page);
      for (let i = 0; i < 9; i++) {
        await page.keyboard.type('A');
        await elapse(500);
        await expect.poll(() => heartbeats().then((h) => h.answered === h.sent)).toBe(true);
      }
      expect((await heartbeats()).answered).toBeGreaterThanOrEqual(2);
      expect(await scan.isVisible()).toBe(true);
      expect(await page.evaluate("window.api.invoke('auth.heartbeat', {}).then(r => r.ok)")).toBe(true);

      // Then nothing: logged out within the timeout (plus the check interval).
      await elapse(3000 + 1000);
      await page.getByTestId('idle-message').waitFor();
      expect(await page.getByTestId('idle-message').textContent().then(readable)).toBe('Session fermée pour inactivité. Reconnectez-vous.');
      expect(await page.getByTestId('scan-input').count()).toBe(0);
      expect(await page.getByTestId('login-user').isVisible()).toBe(true);
      expect(await page.evaluate("window.api.invoke('auth.session', {})")).toEqual({ ok: true, value: null });

      // Logging in again clears the message.
      await login(page, 'officier', '1234');
      await scan.waitFor();
      expect(await page.getByTestId('idle-message').count()).toBe(0);
    });
  });

  test.describe('with a 3 s idle timeout, hardware scans and open dialogs', () => {
    test.use({ harnessOptions: { now: screenshotTime.getTime(), idleTimeoutMs: 3000 } });

    test('a scan from a HID scanner and an open dialog count as activity', async ({ clock, harness, openDesk }) => {
      const { page } = await openDesk({ init: (_context, page) => page.clock.install({ time: clock.now() }) });
      const elapse = async (ms: number) => {
        clock.advance(ms);
        await page.clock.runFor(ms);
      };
      await login(page, 'officier', '1234');
      const scan = page.getByTestId('scan-input');
      await scan.waitFor();
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 100);
      // 4.5 s of scans at the HID scanner (they reach main, not the window's keyboard).
      // Each scan reaches the window through the event stream: the clock moves on only once the
      // desk has shown it, so a slow delivery cannot pass for 3 s without activity.
      for (let i = 0; i < 9; i++) {
        const raw = `NOT A DOCUMENT ${i}`;
        harness.services.bus.emit('scanner.scanned', { source: 'hid', deviceId: 'hid-1', raw, at: clock.now() });
        await expect.poll(() => page.getByTestId('last-scan-raw').textContent().then(readable)).toBe(raw);
        await elapse(500);
      }
      expect(await scan.isVisible()).toBe(true);
      // A dialog stays open 5 s without a key: the work under it keeps the session. The window's
      // heartbeats go to main over the bridge; the clock moves on only once each one has been
      // answered, so a slow delivery cannot pass for 3 s without a heartbeat.
      const heartbeats = await countHeartbeats(page);
      await page.evaluate(() => {
        const d = document.createElement('dialog');
        d.id = 'idle-test-dialog';
        document.body.append(d);
        d.show();
      });
      for (let i = 0; i < 10; i++) {
        await elapse(500);
        await expect.poll(() => heartbeats().then((h) => h.answered === h.sent)).toBe(true);
      }
      // 5 s with a heartbeat every 1.5 s (half the timeout).
      expect((await heartbeats()).answered).toBeGreaterThanOrEqual(3);
      expect(await scan.isVisible()).toBe(true);
      expect(await page.evaluate("window.api.invoke('auth.heartbeat', {}).then(r => r.ok)")).toBe(true);
      // Closed, and nothing else: logged out.
      await page.evaluate(() => document.getElementById('idle-test-dialog')?.remove());
      await elapse(3000 + 1000);
      await page.getByTestId('idle-message').waitFor();
    });
  });

  test('takes keyboard-wedge input: Enter submits the payload, Esc clears the box', async ({ openDesk }) => {
    const app = await openDesk();
    const { page } = app;
    await login(page, 'officier', '1234');
    const scan = page.getByTestId('scan-input');
    await scan.waitFor();
    expect(await page.getByTestId('last-scan').textContent().then(readable)).toContain('Aucun scan pour le moment.');

    const mrz = 'P<GINDIALLO<<MAMADOU<<<<<<<<<<<<<<<<<<<<<<<<';
    await wedgeType(page, mrz);
    await expect.poll(() => page.getByTestId('last-scan-raw').textContent().then(readable)).toBe(mrz);
    expect(await page.getByTestId('last-scan').textContent().then(readable)).toContain(`${mrz.length} caractères`);
    expect(await scan.inputValue()).toBe('');

    await page.keyboard.type('half a scan', { delay: 5 });
    expect(await scan.inputValue()).toBe('half a scan');
    await page.keyboard.press('Escape');
    expect(await scan.inputValue()).toBe('');
    expect(await page.getByTestId('last-scan-raw').textContent().then(readable)).toBe(mrz);

    // Focus elsewhere (after a click on the page, here on the status bar): a scan still lands in the scan box.
    await page.getByTestId('status-user').click();
    const ticket = '2357012345678';
    await wedgeType(page, ticket);
    await expect.poll(() => page.getByTestId('last-scan-raw').textContent().then(readable)).toBe(ticket);

    // An empty Enter does not replace the last scan.
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('last-scan-raw').textContent().then(readable)).toBe(ticket);
    expect(app.errors).toEqual([]);
  });

  test('is keyboard-first: focus starts in the form, Tab order is user, PIN, submit; Enter signs in', async ({ openDesk }) => {
    const { page } = await openDesk();
    await page.getByTestId('login-user').waitFor();
    const focused = () => page.evaluate("document.activeElement && document.activeElement.getAttribute('data-testid')");
    await expect.poll(focused).toBe('login-user');
    await page.keyboard.type('officier');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('login-pin');
    expect(await page.getByTestId('login-pin').getAttribute('inputmode')).toBe('numeric');
    expect(await page.getByTestId('login-pin').getAttribute('type')).toBe('password');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('login-submit');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('1234');
    await page.keyboard.press('Enter');
    await page.getByTestId('scan-input').waitFor();
    await expect.poll(focused).toBe('scan-input');
  });

  test('fits 1280x800 and 1920x1080 in French and Arabic, with a large scan box', async ({ openDesk }) => {
    const { page } = await openDesk();
    await login(page, 'officier', '1234');
    await page.getByTestId('scan-input').waitFor();
    for (const lang of ['fr', 'ar'] as const) {
      await page.getByTestId(`lang-${lang}`).click();
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 1920, height: 1080 },
      ]) {
        await page.setViewportSize(viewport);
        const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect(overflow, `${lang} ${viewport.width}`).toBe(0);
        const fontSize = await page.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-testid=scan-input]')).fontSize)");
        expect(fontSize).toBeGreaterThanOrEqual(28);
        // Everything of the desk is on screen without scrolling.
        const last = await page.getByTestId('last-scan').boundingBox();
        expect(last && last.y + last.height).toBeLessThanOrEqual(viewport.height);
      }
    }
  });

  test('follows main: sync status changes, scans from device readers, and a session ended elsewhere', async ({ harness, openDesk }) => {
    const app = await openDesk();
    const { page } = app;
    await login(page, 'officier', '1234');
    await page.getByTestId('scan-input').waitFor();
    const sync = page.getByTestId('sync-state');
    await expect.poll(() => sync.getAttribute('data-state')).toBe('notConfigured');

    // The event stream connects asynchronously: emit until the page shows it.
    await expect
      .poll(async () => {
        harness.services.bus.emit('sync.statusChanged', { state: 'offline', lastSuccessAt: null, queueLength: 3 });
        return sync.getAttribute('data-state');
      })
      .toBe('offline');
    expect(await sync.textContent().then(readable)).toBe('Hors ligne · En attente : 3');

    harness.services.bus.emit('scanner.scanned', { source: 'hid', raw: 'M1TEST/EVENT', at: Date.now() });
    await expect.poll(() => page.getByTestId('last-scan-raw').textContent().then(readable)).toBe('M1TEST/EVENT');
    expect(await page.getByTestId('last-scan').textContent().then(readable)).toContain('Source : lecteur USB');
    // A right-to-left override in a payload is shown as a code, not obeyed: the text keeps its order.
    harness.services.bus.emit('scanner.scanned', { source: 'hid', raw: 'M1TEST/\u202eTNEVE', at: Date.now() });
    await expect.poll(() => page.getByTestId('last-scan-raw').textContent()).toBe('M1TEST/⟨U+202E⟩TNEVE');

    harness.services.bus.emit('session.ended', { reason: 'replaced' });
    await page.getByTestId('session-message').waitFor();
    expect(await page.getByTestId('session-message').getAttribute('data-reason')).toBe('replaced');
    expect(await page.getByTestId('scan-input').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
