/**
 * What the desk says about a passage is true, seen in Chromium: the stamp dialog names whose exit
 * is stamped, an escort's rescan after paying keeps the payment said and refused, a supervisor's
 * refusal is said on every desk, an airline's glued given names are not refused, and a keystroke
 * in the scan box re-renders the box only.
 */
import type { Page } from '@playwright/test';
import { SAMPLE_NOW, samplePv } from '../../core/departure/testing';
import type { Pv } from '../../core/departure/pv';
import { boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';
import { instrumentDesk, type DeskInstrument } from '../bench/desk-instrument';
import { documentDirection, drawSignature, expectScreenshot, login, readable, wedgeType } from './app';
import { expect, importPvs, test, type Desk, type DeskOptions, type TestHarness } from './test';

// The harness clock stands on the sample PV's flight day.
test.use({ harnessOptions: { now: SAMPLE_NOW } });

const verdict = (page: Page) => page.getByTestId('verdict');
const text = (page: Page, testId: string) => page.getByTestId(testId).textContent().then(readable);
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
const count = (harness: TestHarness, sql: string) => (harness.services.db.prepare(sql).get() as { n: number }).n;

/** A desk on the flight day (times frozen for stable screenshots), in French or Arabic. */
async function deskIn(openDesk: (options?: DeskOptions) => Promise<Desk>, lang: 'fr' | 'ar', options: DeskOptions = {}): Promise<Desk> {
  const desk = await openDesk({ fixedTime: SAMPLE_NOW, ...options });
  if (lang === 'ar') {
    await desk.page.getByTestId('lang-ar').click();
    await expect.poll(() => documentDirection(desk.page)).toEqual({ dir: 'rtl', lang: 'ar' });
  }
  return desk;
}

async function signIn(page: Page, username: string, pin: string): Promise<void> {
  await login(page, username, pin);
  await page.getByTestId('scan-input').waitFor();
  await expect.poll(() => focused(page)).toBe('scan-input');
}

/** Scans the given payloads in order, each through the keyboard wedge, and waits for the passage to be whole. */
async function scan(page: Page, payloads: string[]): Promise<void> {
  for (const [i, payload] of payloads.entries()) {
    await wedgeType(page, payload);
    await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(i + 1);
  }
  await expect.poll(() => verdict(page).getAttribute('data-incomplete')).toBe('false');
}

/** The escort's three steps from the keyboard: check-in (F2), exchange (F3), per diem (F4, signed). */
async function escortSteps(page: Page): Promise<void> {
  await page.keyboard.press('F2');
  await page.getByTestId('dialog-checkin').waitFor();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('timeline-checkin').getAttribute('data-done')).toBe('true');

  await page.keyboard.press('F3');
  await page.getByTestId('dialog-exchange').waitFor();
  await page.keyboard.type('500,00');
  await page.keyboard.press('Tab');
  await page.keyboard.type('30050');
  await page.getByTestId('exchange-receipt').fill('X-12');
  await page.getByTestId('exchange-receipt').press('Enter');
  await expect.poll(() => page.getByTestId('timeline-exchange').getAttribute('data-done')).toBe('true');

  await page.keyboard.press('F4');
  await page.getByTestId('dialog-pay').waitFor();
  await page.keyboard.type('R-100');
  await drawSignature(page);
  await page.getByTestId('pay-forms').check();
  await page.getByTestId('pay-receipt').press('Enter');
  await expect.poll(() => page.getByTestId('timeline-perDiem').getAttribute('data-done')).toBe('true');
  await expect.poll(() => focused(page)).toBe('scan-input');
}

/** The supervisor opens the PV's referral from the queue and decides it with a reason. */
async function settle(page: Page, pv: Pv, decision: 'allow' | 'deny', reason: string): Promise<void> {
  const item = page.getByTestId(`referral-${pv.pvNumber}`);
  await item.waitFor();
  await item.getByRole('button').click();
  await expect.poll(() => verdict(page).getAttribute('data-verdict')).toBe('REFER');
  await expect.poll(() => focused(page)).toBe('scan-input');
  await page.keyboard.press('F9');
  await page.getByTestId('dialog-settle').waitFor();
  await page.getByTestId(`settle-${decision}`).check();
  await page.getByTestId('settle-reason').fill(reason);
  await page.getByTestId('settle-reason').press('Enter');
  await expect.poll(() => verdict(page).getAttribute('data-settled')).toBe(decision);
}

const base = samplePv();
/** Two minors, each their own person, document and PV: both are referred to the supervisor. */
const minors = {
  deny: samplePv({
    pvNumber: 'PV-CMN-2026-000411',
    beneficiary: { ...base.beneficiary, surname: 'Camara', givenNames: 'Fatoumata', sex: 'F', birthDate: '2009-02-11', nationality: 'GIN' },
    travelDocument: { ...base.travelDocument, number: 'LG0987342', issuingState: 'GIN' },
    flags: { minor: { mnaReference: 'TPI-CASA-2026-77' } },
  }),
  allow: samplePv({
    pvNumber: 'PV-CMN-2026-000412',
    beneficiary: { ...base.beneficiary, surname: 'Traore', givenNames: 'Awa', sex: 'F', birthDate: '2010-07-21', nationality: 'MLI' },
    travelDocument: { ...base.travelDocument, number: 'LM5510983', issuingState: 'MLI' },
    flags: { minor: { mnaReference: 'TPI-CASA-2026-78' } },
  }),
};

const settledWord = {
  fr: { allow: 'Départ autorisé (décision du superviseur)', deny: 'Départ refusé (décision du superviseur)' },
  ar: { allow: 'المغادرة مسموح بها (قرار المشرف)', deny: 'المغادرة مرفوضة (قرار المشرف)' },
} as const;

test.describe('the desk tells the truth about a passage', () => {
  for (const lang of ['fr', 'ar'] as const) {
    test(`the stamp dialog names whose exit is stamped (${lang}, 1366x768)`, async ({ harness, openDesk }) => {
      const pv = samplePv();
      importPvs(harness, [pv]);
      const { page, errors } = await deskIn(openDesk, lang, { viewport: { width: 1366, height: 768 } });
      await signIn(page, 'officier', '1234');
      await scan(page, [mrzFor(pv), boardingPassFor(pv)]);
      expect(await verdict(page).getAttribute('data-verdict')).toBe('ALLOW');
      await page.keyboard.press('F8');
      await page.getByTestId('dialog-stamp').waitFor();
      expect(await focused(page)).toBe('stamp-number');
      // The name as on the PV, its number and the document: the officer checks the person before stamping.
      expect(await text(page, 'stamp-name')).toBe("N'DIAYE Mamadou Aliou");
      expect(await text(page, 'stamp-pv')).toBe('PV-CMN-2026-000123');
      expect(await text(page, 'stamp-document')).toBe('LP0451278');
      expect(await text(page, 'stamp-subject')).toContain(lang === 'fr' ? 'Bénéficiaire' : 'المستفيد');
      // All of it inside the dialog, above its footer, at 1366x768.
      const footer = await page.locator('[data-testid="dialog-stamp"] .dialog-footer').boundingBox();
      const subject = await page.getByTestId('stamp-subject').boundingBox();
      expect(subject && footer && subject.y >= 0 && subject.y + subject.height <= footer.y).toBe(true);
      await expectScreenshot(page, `passage-stamp-dialog-1366-${lang}`);
      await page.keyboard.type('CMN-0042');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('timeline-stamp').getAttribute('data-done')).toBe('true');
      expect(count(harness, 'SELECT count(*) AS n FROM stamps')).toBe(1);
      expect(errors).toEqual([]);
    });
  }

  for (const order of ['the MRZ first', 'the boarding pass first'] as const) {
    test(`an escort who did check-in, exchange and per diem rescans the person, ${order}: the payment stays said, none is offered`, async ({
      harness,
      openDesk,
    }) => {
      const pv = samplePv();
      importPvs(harness, [pv]);
      const { page, errors } = await deskIn(openDesk, 'fr');
      await signIn(page, 'escorte', '2345');
      await scan(page, [mrzFor(pv), boardingPassFor(pv)]);
      await escortSteps(page);
      expect(await page.getByTestId('already-paid').count()).toBe(0);
      expect(count(harness, 'SELECT count(*) AS n FROM passages')).toBe(1);

      // The same person again: the first scan opens a new passage (the old one ended with the payment),
      // the second joins it.
      const rescans = order === 'the MRZ first' ? [mrzFor(pv), boardingPassFor(pv)] : [boardingPassFor(pv), mrzFor(pv)];
      await wedgeType(page, rescans[0] as string);
      await expect.poll(() => page.getByTestId('passage-notice').getAttribute('data-notice')).toBe('newPassageStarted');
      await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(1);
      await wedgeType(page, rescans[1] as string);
      await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(2);
      await expect.poll(() => verdict(page).getAttribute('data-incomplete')).toBe('false');
      expect(await page.getByTestId('passage-notice').count()).toBe(0);
      expect(await text(page, 'pv-number')).toBe('PV-CMN-2026-000123');
      for (const step of ['checkin', 'exchange', 'perDiem']) {
        expect(await page.getByTestId(`timeline-${step}`).getAttribute('data-done'), step).toBe('true');
      }

      // The desk says the per diem was paid, by whom, and offers no second payment, not even by F4.
      await page.getByTestId('already-paid').waitFor();
      expect(await text(page, 'already-paid')).toContain('Escorte OIM Démo');
      expect(await page.getByTestId('action-pay').count()).toBe(0);
      await page.keyboard.press('F4');
      expect(await page.getByTestId('dialog-pay').count()).toBe(0);
      expect(await page.getByTestId('already-paid').isVisible()).toBe(true);
      // One more passage row for the rescan, whatever the order; still one payment.
      expect(count(harness, 'SELECT count(*) AS n FROM passages')).toBe(2);
      expect(count(harness, 'SELECT count(*) AS n FROM per_diem_payments')).toBe(1);
      expect(errors).toEqual([]);
    });
  }

  for (const lang of ['fr', 'ar'] as const) {
    test(`a settled referral, refused and allowed, says the supervisor's decision on both desks (${lang})`, async ({
      harness,
      openDesk,
    }) => {
      importPvs(harness, [minors.deny, minors.allow]);
      const officer = await deskIn(openDesk, lang);
      const supervisor = await deskIn(openDesk, lang);
      await signIn(officer.page, 'officier', '1234');
      await signIn(supervisor.page, 'superviseur', '3456');

      // Refused: the officer waiting on it and the supervisor both read the refusal; nothing is offered.
      await scan(officer.page, [mrzFor(minors.deny), boardingPassFor(minors.deny)]);
      expect(await verdict(officer.page).getAttribute('data-verdict')).toBe('REFER');
      await settle(supervisor.page, minors.deny, 'deny', 'Autorisation parentale absente du dossier');
      expect(await supervisor.page.getByTestId('verdict-word').textContent()).toBe(settledWord[lang].deny);
      await expect.poll(() => verdict(officer.page).getAttribute('data-settled')).toBe('deny');
      expect(await officer.page.getByTestId('verdict-word').textContent()).toBe(settledWord[lang].deny);
      expect(await text(officer.page, 'verdict')).toContain('Autorisation parentale absente du dossier');
      for (const page of [officer.page, supervisor.page]) {
        expect(await page.locator('[data-testid^="action-"]').count()).toBe(0);
        await page.keyboard.press('F8');
        expect(await page.getByTestId('dialog-stamp').count()).toBe(0);
      }
      expect(await supervisor.page.getByTestId('dialog-settle').count()).toBe(0);
      await officer.page.getByTestId('scan-input').focus();
      await expectScreenshot(officer.page, `passage-settled-deny-${lang}`);

      // Allowed: the officer may stamp, and nothing else.
      await scan(officer.page, [mrzFor(minors.allow), boardingPassFor(minors.allow)]);
      expect(await verdict(officer.page).getAttribute('data-verdict')).toBe('REFER');
      await settle(supervisor.page, minors.allow, 'allow', 'Ordonnance du juge des mineurs vue');
      expect(await supervisor.page.getByTestId('verdict-word').textContent()).toBe(settledWord[lang].allow);
      await officer.page.getByTestId('action-stamp').waitFor({ timeout: 10_000 });
      expect(await officer.page.getByTestId('verdict-word').textContent()).toBe(settledWord[lang].allow);
      expect(
        await officer.page.locator('[data-testid^="action-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))),
      ).toEqual(['action-stamp']);
      await officer.page.getByTestId('scan-input').focus();
      await expectScreenshot(officer.page, `passage-settled-allow-${lang}`);
      expect(count(harness, 'SELECT count(*) AS n FROM stamps')).toBe(0);
      expect(officer.errors).toEqual([]);
      expect(supervisor.errors).toEqual([]);
    });
  }

  test('a boarding pass naming KOUASSI/JEANBAPTISTE is the PV’s Jean-Baptiste Yao Kouassi: ALLOW, not DENY', async ({
    harness,
    openDesk,
  }) => {
    const pv = samplePv({
      pvNumber: 'PV-CMN-2026-000503',
      beneficiary: {
        ...base.beneficiary,
        surname: 'Kouassi',
        givenNames: 'Jean-Baptiste Yao',
        birthDate: '1993-10-02',
        nationality: 'CIV',
      },
      travelDocument: { ...base.travelDocument, number: 'LC2210456', issuingState: 'CIV' },
    });
    importPvs(harness, [pv]);
    const { page, errors } = await deskIn(openDesk, 'fr');
    await signIn(page, 'officier', '1234');
    // 20 characters: the hyphen dropped, the given names glued, the third name cut.
    const name = 'KOUASSI/JEANBAPTISTE';
    expect(name).toHaveLength(20);
    await scan(page, [mrzFor(pv), boardingPassFor(pv, { passengerName: name })]);
    expect(await verdict(page).getAttribute('data-verdict')).toBe('ALLOW');
    expect(await page.getByTestId('rule-ticket.name').getAttribute('data-status')).toBe('passed');
    expect(await page.getByTestId('rules-failed').count()).toBe(0);
    expect(await page.getByTestId('action-stamp').isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  test('a keystroke in the scan box re-renders the box, never the desk', async ({ harness, openDesk }) => {
    importPvs(harness, [samplePv()]);
    const { page, errors } = await openDesk({
      fixedTime: SAMPLE_NOW,
      init: async (_context, p) => {
        // Names functions the way the bench's build does, in case the instrument's source uses it.
        await p.addInitScript('globalThis.__name = (f) => f;');
        await p.addInitScript(instrumentDesk);
      },
    });
    await signIn(page, 'officier', '1234');
    const instrument = () => page.evaluate(() => (window as unknown as { __deskBench: DeskInstrument }).__deskBench);
    expect((await instrument()).commits).toBeGreaterThan(0);
    await page.evaluate(() => {
      (window as unknown as { __deskBench: DeskInstrument }).__deskBench.started = true;
    });
    const before = (await instrument()).commits;
    const keys = 120;
    let typed = '';
    while (typed.length < keys) typed += 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789/';
    await page.getByTestId('scan-input').pressSequentially(typed.slice(0, keys));
    expect(await page.getByTestId('scan-input').inputValue()).toBe(typed.slice(0, keys));
    const burst = await instrument();
    // Every key committed a render (the box's), and none of them rendered the desk.
    expect(burst.commits - before).toBeGreaterThanOrEqual(keys);
    expect(burst.deskRenders).toBe(0);
    // A scan, by contrast, is the desk's business: the counter sees it re-render.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(1);
    expect((await instrument()).deskRenders).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
