import type { Page } from '@playwright/test';
import { generatePvSigningKeyPair, pvToQrFields, signPvQr } from '../../core/departure/pv-qr';
import { SAMPLE_NOW, samplePv } from '../../core/departure/testing';
import type { Pv } from '../../core/departure/pv';
import { boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';
import { documentDirection, drawSignature, expectScreenshot, focusedTestId, readable, signIn, signOut, wedgeType } from './app';
import { expect, importPvs, test, type Desk, type DeskOptions, type TestHarness } from './test';

// The harness clock stands on the sample PV's flight day.
test.use({ harnessOptions: { now: SAMPLE_NOW } });

interface PassageApp {
  harness: TestHarness;
  clock: TestHarness['clock'];
  /** A desk whose page shows the flight day's times too (last scan), frozen for stable screenshots. */
  desk(): Promise<Desk>;
}

/** The test's PVs imported, and desks on the flight day. */
function passageApp(harness: TestHarness, openDesk: (options?: DeskOptions) => Promise<Desk>, pvs: Pv[]): PassageApp {
  importPvs(harness, pvs);
  return { harness, clock: harness.clock, desk: () => openDesk({ fixedTime: SAMPLE_NOW }) };
}

const verdict = (page: Page) => page.getByTestId('verdict');
const count = (app: PassageApp, sql: string) => (app.harness.services.db.prepare(sql).get() as { n: number }).n;

/** The travel document's MRZ and the boarding pass, both through the keyboard wedge. */
async function scanBoth(page: Page, pv: Pv): Promise<void> {
  await wedgeType(page, mrzFor(pv));
  await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(1);
  await wedgeType(page, boardingPassFor(pv));
  await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(2);
  try {
    await expect.poll(() => verdict(page).getAttribute('data-incomplete')).toBe('false');
  } catch (error) {
    // Say what the desk received, so a failure points at the scan rather than at the verdict.
    const scans = await page
      .getByTestId('passage-scan')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-valid')}:${e.textContent}`));
    throw new Error(
      `passage still incomplete; scans ${JSON.stringify(scans)}; last ${JSON.stringify(await page.getByTestId('last-scan-raw').textContent().then(readable))}`,
      { cause: error },
    );
  }
}

test.describe('passage screen', () => {
  test('a full passage: the escort confirms check-in, exchange and per diem; the officer sees ALLOW and stamps', async ({
    harness,
    openDesk,
  }) => {
    const pv = samplePv();
    const app = passageApp(harness, openDesk, [pv]);
    const desk = await app.desk();
    const { page } = desk;
    await signIn(page, 'escorte', '2345');
    expect(await page.getByTestId('passage-empty').isVisible()).toBe(true);

    // A two-line MRZ with Enter between the lines is one scan, not two.
    await wedgeType(page, mrzFor(pv));
    await expect.poll(() => verdict(page).getAttribute('data-incomplete')).toBe('true');
    expect(await page.getByTestId('passage-scan').count()).toBe(1);
    expect(await page.getByTestId('passage-scan').getAttribute('data-valid')).toBe('true');
    expect(await page.getByTestId('pending-boardingPass').isVisible()).toBe(true);
    expect(await page.getByTestId('scan-input').inputValue()).toBe('');
    expect(await page.getByTestId('last-scan-raw').textContent().then(readable)).toBe(mrzFor(pv));

    await wedgeType(page, boardingPassFor(pv));
    await expect.poll(() => verdict(page).getAttribute('data-verdict')).toBe('ALLOW');
    await expect.poll(() => verdict(page).getAttribute('data-incomplete')).toBe('false');
    expect(await page.locator('main').getAttribute('data-cue')).toBe('ALLOW');
    expect(await page.getByTestId('beneficiary-name').textContent().then(readable)).toContain("N'DIAYE");
    expect(await page.getByTestId('pv-number').textContent().then(readable)).toBe('PV-CMN-2026-000123');
    expect(await page.getByTestId('rule-pv.status').getAttribute('data-status')).toBe('passed');
    expect(await page.getByTestId('action-stamp').count()).toBe(0);
    for (const step of ['checkin', 'exchange', 'perDiem', 'stamp']) {
      expect(await page.getByTestId(`timeline-${step}`).getAttribute('data-done')).toBe('false');
    }

    // Check-in from the keyboard: F2, the bag count, Enter. Focus goes back to the scan box.
    await page.keyboard.press('F2');
    await page.getByTestId('dialog-checkin').waitFor();
    expect(await focusedTestId(page)).toBe('checkin-bags');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('timeline-checkin').getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('timeline-checkin').textContent().then(readable)).toContain('Bagages : 2');
    expect(await page.getByTestId('action-checkin').count()).toBe(0);
    await expect.poll(() => focusedTestId(page)).toBe('scan-input');

    // Esc cancels a dialog and records nothing.
    await page.keyboard.press('F3');
    await page.getByTestId('dialog-exchange').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('dialog-exchange').count()).toBe(0);
    await expect.poll(() => focusedTestId(page)).toBe('scan-input');
    expect(count(app, 'SELECT count(*) AS n FROM exchanges')).toBe(0);

    // Exchange: amounts typed as decimals, stored as cents; the rate is suggested.
    await page.keyboard.press('F3');
    await page.getByTestId('dialog-exchange').waitFor();
    await page.keyboard.type('1 000,00');
    await page.keyboard.press('Tab');
    await page.keyboard.type('60100');
    expect(await page.getByTestId('exchange-currency').inputValue()).toBe('XOF');
    expect(await page.getByTestId('exchange-rate').inputValue()).toBe('60,1');
    await page.getByTestId('exchange-receipt').focus();
    await page.keyboard.type('X-77');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('timeline-exchange').getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('timeline-exchange').textContent().then(readable)).toContain('X-77');
    expect(
      app.harness.services.db
        .prepare('SELECT mad_given_cents AS mad, amount_received_cents AS received, currency, rate FROM exchanges')
        .get(),
    ).toEqual({
      mad: 100_000,
      received: 6_010_000,
      currency: 'XOF',
      rate: '60.1',
    });

    // Per diem: refused without a signature, then signed with the mouse.
    await page.keyboard.press('F4');
    await page.getByTestId('dialog-pay').waitFor();
    await page.keyboard.type('R-001');
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-signature-error').waitFor();
    expect(count(app, 'SELECT count(*) AS n FROM per_diem_payments')).toBe(0);
    await drawSignature(page);
    // The forms box starts unticked: the escort attests it, the app never does.
    expect(await page.getByTestId('pay-forms').isChecked()).toBe(false);
    await page.getByTestId('pay-forms').check();
    await page.getByTestId('pay-receipt').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('timeline-perDiem').getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('timeline-perDiem').textContent().then(readable)).toContain('R-001');
    expect(await page.getByTestId('already-paid').count()).toBe(0);
    const payment = app.harness.services.db
      .prepare('SELECT amount_cents AS amount, forms_signed AS forms, signature_png AS png FROM per_diem_payments')
      .get() as { amount: number; forms: number; png: Buffer };
    expect(payment.amount).toBe(10_000);
    expect(payment.forms).toBe(1);
    expect(payment.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(payment.png.length).toBeGreaterThan(1000);
    expect(await page.getByTestId('action-pay').count()).toBe(0);
    await expect.poll(() => focusedTestId(page)).toBe('scan-input');
    await signOut(page);

    // The officer, one minute later, at the border desk.
    app.clock.advance(60_000);
    await signIn(page, 'officier', '1234');
    expect(await page.getByTestId('passage-empty').isVisible()).toBe(true);
    await scanBoth(page, pv);
    expect(await verdict(page).getAttribute('data-verdict')).toBe('ALLOW');
    expect(await page.locator('[data-testid^="action-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual([
      'action-stamp',
    ]);
    for (const step of ['checkin', 'exchange', 'perDiem']) {
      expect(await page.getByTestId(`timeline-${step}`).getAttribute('data-done')).toBe('true');
    }
    expect(await page.getByTestId('timeline-perDiem').textContent().then(readable)).toContain('Escorte OIM Démo');
    expect(await page.getByTestId('rules-failed').count()).toBe(0);
    await expectScreenshot(page, 'passage-allow-fr');

    await page.keyboard.press('F8');
    await page.getByTestId('dialog-stamp').waitFor();
    await page.keyboard.type('CMN-0042');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('timeline-stamp').getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('timeline-stamp').textContent().then(readable)).toContain('CMN-0042');
    expect(await page.getByTestId('departed').isVisible()).toBe(true);
    expect(await page.getByTestId('action-stamp').count()).toBe(0);
    expect(app.harness.services.db.prepare('SELECT stamp_number AS n, post_code AS post FROM stamps').get()).toEqual({
      n: 'CMN-0042',
      post: 'CMN',
    });

    // The passage is over: the next scan starts a new one, and this PV cannot leave twice.
    await wedgeType(page, mrzFor(pv));
    await expect.poll(() => page.getByTestId('passage-notice').getAttribute('data-notice')).toBe('newPassageStarted');
    await expect.poll(() => verdict(page).getAttribute('data-verdict')).toBe('DENY');
    expect(await page.getByTestId('rule-departure.notAlready').getAttribute('data-status')).toBe('failed');

    // The boarding pass after that DENY joins the same passage: the PV's history does not end it.
    await wedgeType(page, boardingPassFor(pv));
    await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(2);
    expect(await page.getByTestId('passage-notice').count()).toBe(0);
    expect(await verdict(page).getAttribute('data-verdict')).toBe('DENY');
    expect(await page.getByTestId('pv-number').textContent()).toBe('PV-CMN-2026-000123');
    expect(await page.getByTestId('timeline-stamp').getAttribute('data-done')).toBe('true');
    // One row per passage: the escort's, the officer's and this one.
    expect(count(app, 'SELECT count(*) AS n FROM passages')).toBe(3);
    expect(count(app, "SELECT count(*) AS n FROM audit_log WHERE action = 'passage.verified'")).toBe(3);
    expect(desk.errors).toEqual([]);
  });

  test('DENY for a revoked PV, in Arabic, right to left, with nothing to do', async ({ harness, openDesk }) => {
    const pv = samplePv({ status: 'revoked' });
    const app = passageApp(harness, openDesk, [pv]);
    const { page, errors } = await app.desk();
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
    await signIn(page, 'officier', '1234');
    // Key names in the hint are Arabic, not the French "Entrée" / "Échap".
    const hint = await page.locator('#scan-hint').textContent();
    expect(hint).toContain('مفتاح الإدخال');
    expect(hint).not.toMatch(/Entrée|Échap/);

    await scanBoth(page, pv);
    expect(await verdict(page).getAttribute('data-verdict')).toBe('DENY');
    expect(await verdict(page).textContent().then(readable)).toContain('المغادرة مرفوضة');
    expect(await page.locator('main').getAttribute('data-cue')).toBe('DENY');
    const rule = page.getByTestId('rule-pv.status');
    expect(await rule.getAttribute('data-status')).toBe('failed');
    expect(await rule.textContent().then(readable)).toContain('المحضر ملغى');
    // Failed rules come first, in their own highlighted list; passed rules are folded away.
    expect(await page.getByTestId('rules-failed').locator('[data-testid^="rule-"]').first().getAttribute('data-testid')).toBe(
      'rule-pv.status',
    );
    expect(await page.getByTestId('rule-identity.name').isVisible()).toBe(false);
    await page.getByTestId('rules-toggle').click();
    expect(await page.getByTestId('rule-identity.name').isVisible()).toBe(true);
    await page.getByTestId('rules-toggle').click();
    expect(await page.locator('[data-testid^="action-"]').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    // The inline start is the right in Arabic: the verdict icon before its word, the rules before the card.
    const icon = await verdict(page).locator('.verdict-icon').boundingBox();
    const word = await verdict(page).locator('.verdict-word').boundingBox();
    expect(icon && word && icon.x > word.x).toBe(true);
    const rules = await page.getByTestId('rules-failed').boundingBox();
    const card = await page.getByTestId('beneficiary').boundingBox();
    expect(rules && card && rules.x > card.x).toBe(true);
    await page.keyboard.press('F8');
    expect(await page.getByTestId('dialog-stamp').count()).toBe(0);
    expect(count(app, 'SELECT count(*) AS n FROM stamps')).toBe(0);
    // The reason is on the banner itself, not only in the list below.
    expect(await page.getByTestId('verdict-reasons').textContent().then(readable)).toContain('المحضر ملغى');
    await page.getByTestId('scan-input').focus();
    await expectScreenshot(page, 'passage-deny-ar');
    expect(errors).toEqual([]);
  });

  test('REFER for a minor: the officer waits, a supervisor settles with a reason, then the officer stamps', async ({
    harness,
    openDesk,
  }) => {
    const pv = samplePv({ flags: { minor: { mnaReference: 'TPI-CASA-2026-77' } } });
    const app = passageApp(harness, openDesk, [pv]);
    const officer = await app.desk();
    await signIn(officer.page, 'officier', '1234');
    await scanBoth(officer.page, pv);
    expect(await verdict(officer.page).getAttribute('data-verdict')).toBe('REFER');
    expect(await officer.page.locator('main').getAttribute('data-cue')).toBe('REFER');
    expect(await officer.page.getByTestId('rule-flags.minor').getAttribute('data-status')).toBe('failed');
    expect(await officer.page.getByTestId('flag-minor').textContent().then(readable)).toContain('TPI-CASA-2026-77');
    expect(await officer.page.getByTestId('action-stamp').count()).toBe(0);
    expect(await officer.page.getByTestId('waiting-supervisor').isVisible()).toBe(true);
    expect(await officer.page.getByTestId('verdict-reasons').textContent().then(readable)).toContain(
      'Mineur non accompagné (procédure MNA TPI-CASA-2026-77)',
    );
    await expectScreenshot(officer.page, 'passage-refer-fr');

    // The supervisor, at another desk, finds the referral in the queue.
    const supervisor = await app.desk();
    const sp = supervisor.page;
    await signIn(sp, 'superviseur', '3456');
    const item = sp.getByTestId(`referral-${pv.pvNumber}`);
    await item.waitFor();
    expect(await item.textContent().then(readable)).toContain('Mineur');
    await item.getByRole('button').click();
    await expect.poll(() => verdict(sp).getAttribute('data-verdict')).toBe('REFER');
    await expect.poll(() => focusedTestId(sp)).toBe('scan-input');
    await sp.keyboard.press('F9');
    await sp.getByTestId('dialog-settle').waitFor();
    // Keyboard only: the decision radio has the focus, Space picks it, Tab to the reason, Enter.
    await sp.keyboard.press('Enter');
    await sp.getByText('Choisissez une décision.').waitFor();
    await sp.getByTestId('settle-allow').focus();
    await sp.keyboard.press('Space');
    await sp.getByTestId('settle-reason').focus();
    await sp.keyboard.type('ok');
    await sp.keyboard.press('Enter');
    await sp.getByTestId('settle-reason-error').waitFor();
    await sp.keyboard.type(' : ordonnance du juge des mineurs vue');
    await sp.keyboard.press('Enter');
    await expect.poll(() => verdict(sp).getAttribute('data-settled')).toBe('allow');
    expect(await sp.getByTestId('verdict-word').textContent()).toBe('Départ autorisé (décision du superviseur)');
    expect(await sp.getByTestId('action-settle').count()).toBe(0);
    await expect.poll(() => sp.getByTestId(`referral-${pv.pvNumber}`).count()).toBe(0);

    // The officer's screen learns of the decision by itself; the stamp is now possible.
    await officer.page.getByTestId('action-stamp').waitFor({ timeout: 10_000 });
    expect(await verdict(officer.page).getAttribute('data-settled')).toBe('allow');
    expect(await verdict(officer.page).textContent().then(readable)).toContain('ordonnance du juge des mineurs vue');
    expect(await officer.page.getByTestId('verdict-word').textContent()).toBe('Départ autorisé (décision du superviseur)');
    await officer.page.getByTestId('action-stamp').click();
    await officer.page.getByTestId('stamp-number').fill('CMN-0077');
    await officer.page.keyboard.press('Enter');
    await expect.poll(() => officer.page.getByTestId('timeline-stamp').getAttribute('data-done')).toBe('true');
    expect(count(app, 'SELECT count(*) AS n FROM stamps')).toBe(1);
    expect(officer.errors).toEqual([]);
    expect(supervisor.errors).toEqual([]);
  });

  test('refuses a second per diem and shows who paid and when', async ({ harness, openDesk }) => {
    const pv = samplePv();
    const app = passageApp(harness, openDesk, [pv]);
    const { page, errors } = await app.desk();
    await signIn(page, 'escorte', '2345');
    await scanBoth(page, pv);
    expect(await page.getByTestId('action-pay').isVisible()).toBe(true);
    await page.keyboard.press('F4');
    await page.getByTestId('dialog-pay').waitFor();
    await page.keyboard.type('R-002');
    await drawSignature(page);
    await page.getByTestId('pay-forms').check();

    // Meanwhile another escort desk pays this PV (08:30 Casablanca time).
    app.clock.set(Date.parse('2026-06-15T07:30:00Z'));
    const services = app.harness.services;
    const escort = services.db.prepare("SELECT id FROM users WHERE username = 'escorte'").get() as { id: string };
    const actor = { userId: escort.id, role: 'escort' as const };
    const other = services.departures.verify(
      {
        scans: [
          { source: 'wedge', raw: mrzFor(pv) },
          { source: 'wedge', raw: boardingPassFor(pv) },
        ],
      },
      actor,
    );
    if (!other.ok) throw new Error('verify failed');
    const { TINY_SIGNATURE_PNG } = await import('../../main/testing/passage-fixtures');
    expect(
      services.departures.payPerDiem(
        { passageId: other.value.passageId, receiptNumber: 'R-001', formsSigned: true, signaturePng: TINY_SIGNATURE_PNG },
        actor,
      ).ok,
    ).toBe(true);

    await page.getByTestId('pay-receipt').focus();
    await page.keyboard.press('Enter');
    const paid = page.getByTestId('already-paid');
    await paid.waitFor();
    expect(await paid.textContent().then(readable)).toContain('Escorte OIM Démo');
    expect(await paid.textContent().then(readable)).toContain('08:30');
    expect(await paid.textContent().then(readable)).toContain('CMN');
    expect(await page.locator('main').getAttribute('data-cue')).toBe('error');
    await expect.poll(() => page.getByTestId('timeline-perDiem').getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('action-pay').count()).toBe(0);
    expect(count(app, 'SELECT count(*) AS n FROM per_diem_payments')).toBe(1);

    // A new passage for the same person (Esc twice) still says it, and offers no payment.
    await page.keyboard.press('Escape');
    await page.getByTestId('esc-again').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('passage-empty').waitFor();
    await scanBoth(page, pv);
    expect(await page.getByTestId('action-pay').count()).toBe(0);
    expect(await page.getByTestId('already-paid').textContent().then(readable)).toContain('Escorte OIM Démo');
    expect(count(app, 'SELECT count(*) AS n FROM per_diem_payments')).toBe(1);
    expect(errors).toEqual([]);
  });

  test('per diem dialog at 1366x768: the forms box is unticked and required, and the footer covers no error', async ({
    harness,
    openDesk,
  }) => {
    const pv = samplePv();
    importPvs(harness, [pv]);
    const { page, errors } = await openDesk({ fixedTime: SAMPLE_NOW, viewport: { width: 1366, height: 768 } });
    await signIn(page, 'escorte', '2345');
    await scanBoth(page, pv);
    await page.keyboard.press('F4');
    await page.getByTestId('dialog-pay').waitFor();
    expect(await page.getByTestId('pay-forms').isChecked()).toBe(false);
    await page.keyboard.type('R-009');
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-forms-error').waitFor();
    await page.getByTestId('pay-signature-error').waitFor();
    expect((harness.services.db.prepare('SELECT count(*) AS n FROM per_diem_payments').get() as { n: number }).n).toBe(0);
    // Whatever the dialog scrolls to, the footer never lies over the signature error or the clear button.
    const footer = await page.locator('[data-testid="dialog-pay"] .dialog-footer').boundingBox();
    for (const id of ['pay-signature-error', 'pay-clear']) {
      const el = page.getByTestId(id);
      await el.scrollIntoViewIfNeeded();
      const box = await el.boundingBox();
      if (!box || !footer) throw new Error(`no box for ${id}`);
      expect(box.y + box.height, id).toBeLessThanOrEqual(footer.y + 1);
      const hit = await page.evaluate(
        ([x, y]) =>
          document
            .elementFromPoint(x as number, y as number)
            ?.closest('[data-testid]')
            ?.getAttribute('data-testid') ?? null,
        [box.x + box.width / 2, box.y + box.height / 2],
      );
      expect(hit, id).toBe(id);
    }
    await expectScreenshot(page, 'passage-pay-dialog-1366-fr');
    expect(errors).toEqual([]);
  });

  test('refuses a forged PV QR from a device reader', async ({ harness, openDesk }) => {
    const pv = samplePv();
    const app = passageApp(harness, openDesk, [pv]);
    // Signed with another key under the key id the demo post trusts.
    const forger = generatePvSigningKeyPair();
    const forged = signPvQr(pvToQrFields(pv), forger.privateKey, 'demo-2026');
    const { page, errors } = await app.desk();
    await signIn(page, 'officier', '1234');
    // The event stream connects asynchronously: emit until the page has it (repeats are ignored).
    await expect
      .poll(async () => {
        app.harness.services.bus.emit('scanner.scanned', { source: 'hid', raw: forged, at: Date.now() });
        return page.getByTestId('passage-scan').count();
      })
      .toBe(1);
    await wedgeType(page, mrzFor(pv));
    await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(2);
    await expect.poll(() => verdict(page).getAttribute('data-verdict')).toBe('DENY');
    const rule = page.getByTestId('rule-pv.qr');
    expect(await rule.getAttribute('data-status')).toBe('failed');
    expect(await rule.textContent().then(readable)).toContain('falsifié');
    expect(await page.getByTestId('action-stamp').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test('takes an LPC without MRZ by manual entry', async ({ harness, openDesk }) => {
    const pv = samplePv();
    const app = passageApp(harness, openDesk, [pv]);
    const { page, errors } = await app.desk();
    await signIn(page, 'officier', '1234');
    await page.getByTestId('manual-entry').click();
    await page.getByTestId('dialog-manual').waitFor();
    expect(await focusedTestId(page)).toBe('manual-documentNumber');
    await page.keyboard.press('Enter');
    await page.getByTestId('manual-surname-error').waitFor();
    const values: [string, string][] = [
      ['documentNumber', 'LP0451278'],
      ['surname', "N'Diaye"],
      ['givenNames', 'Mamadou Aliou'],
      ['nationality', 'sen'],
      ['birthDate', '14/03/1998'],
      ['sex', 'm'],
      ['expiryDate', '01/09/2026'],
    ];
    for (const [field, value] of values) await page.getByTestId(`manual-${field}`).fill(value);
    await page.getByTestId('manual-expiryDate').press('Enter');
    await expect.poll(() => page.getByTestId('pv-number').textContent().then(readable)).toBe('PV-CMN-2026-000123');
    expect(await page.getByTestId('rule-document.checks').getAttribute('data-status')).toBe('notApplicable');
    await wedgeType(page, boardingPassFor(pv));
    await expect.poll(() => verdict(page).getAttribute('data-verdict')).toBe('ALLOW');
    expect(errors).toEqual([]);
  });
});
