/**
 * Receipts on paper in browser mode: after the per diem is paid, the escort prints the receipt
 * (a PDF download here), reprints it in Arabic (DUPLICATA); after the stamp, the officer prints the
 * exit attestation. The PDFs are read back with pdftotext and one page is rendered with pdftoppm.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { SAMPLE_NOW, samplePv } from '../../core/departure/testing';
import type { Pv } from '../../core/departure/pv';
import { boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';
import { drawSignature, login, wedgeType } from './app';
import { expect, importPvs, test } from './test';

test.use({ harnessOptions: { now: SAMPLE_NOW } });

const verdict = (page: Page) => page.getByTestId('verdict');
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

async function signIn(page: Page, username: string, pin: string): Promise<void> {
  await login(page, username, pin);
  await page.getByTestId('scan-input').waitFor();
  await expect.poll(() => focused(page)).toBe('scan-input');
}

/**
 * The document and the boarding pass through the keyboard wedge. Scanning is not what this file
 * tests: on a loaded machine a wedge burst can arrive cut in two, so a passage whose scans did not
 * both read is started again (at most three times).
 */
async function scanBoth(page: Page, pv: Pv): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await wedgeType(page, mrzFor(pv));
    // Two scans are two bursts: the second starts once the first has arrived, as at a real desk.
    await expect.poll(() => page.getByTestId('passage-scan').count()).toBeGreaterThan(0);
    await wedgeType(page, boardingPassFor(pv));
    const read = await expect
      .poll(() => verdict(page).getAttribute('data-incomplete'), { timeout: 15_000 })
      .toBe('false')
      .then(() => true)
      .catch(() => false);
    const valid = await page.getByTestId('passage-scan').evaluateAll((els) => els.every((e) => e.getAttribute('data-valid') === 'true'));
    if (read && valid) return;
    if (attempt === 3) throw new Error('the scans did not read in three attempts');
    await page.getByTestId('new-passage').click();
    await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(0);
    await expect.poll(() => focused(page)).toBe('scan-input');
  }
}

/** Clicks a receipt button and saves the PDF the page downloads; returns its text (pdftotext). */
async function printReceipt(page: Page, dir: string, testId: string, name: string): Promise<{ file: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = join(dir, name);
  await download.saveAs(file);
  return { file, text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFKC') };
}

test('the escort prints the per diem receipt, then a DUPLICATA in Arabic; the officer prints the exit attestation', async ({
  harness,
  openDesk,
  workDir,
}) => {
  const pv = samplePv();
  importPvs(harness, [pv]);
  const { page, errors } = await openDesk({ fixedTime: SAMPLE_NOW });
  await signIn(page, 'escorte', '2345');
  await scanBoth(page, pv);
  // Nothing paid yet: no receipt to print.
  expect(await page.getByTestId('receipts').count()).toBe(0);

  await page.keyboard.press('F4');
  await page.getByTestId('dialog-pay').waitFor();
  await page.keyboard.type('R-001');
  await page.getByTestId('pay-forms').check();
  await drawSignature(page);
  await page.getByTestId('pay-receipt').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('timeline-perDiem').getAttribute('data-done')).toBe('true');

  // Print: the receipt's PDF (browser mode has no silent printer).
  const button = page.getByTestId('receipt-print-perDiem');
  expect(await button.textContent()).toBe('Imprimer le reçu de pécule');
  expect(await page.getByTestId('receipt-print-exitAttestation').count()).toBe(0);
  const fr = await printReceipt(page, workDir, 'receipt-print-perDiem', 'receipt-fr.pdf');
  for (const expected of [
    'Reçu de pécule (per diem)',
    "N'Diaye Mamadou Aliou",
    'PV-CMN-2026-000123',
    'MA-RVA-2026-0412',
    '100,00 USD',
    'cent dollars américains',
    'R-001',
    'Escorte OIM Démo',
  ]) {
    expect(fr.text).toContain(expected);
  }
  expect(fr.text).not.toContain('DUPLICATA');
  const status = page.getByTestId('receipt-status');
  await expect.poll(() => status.getAttribute('data-copy')).toBe('1');
  expect(await status.getAttribute('data-duplicate')).toBe('false');
  expect(await status.getAttribute('data-printed')).toBe('false');
  expect(await button.textContent()).toBe('Réimprimer le reçu de pécule');

  // Reprint in Arabic: a DUPLICATA, copy 2.
  await page.getByTestId('receipt-language').selectOption('ar');
  const ar = await printReceipt(page, workDir, 'receipt-print-perDiem', 'receipt-ar.pdf');
  expect(ar.text).toContain('DUPLICATA');
  for (const word of ['وصل', 'المنحة', 'المستفيد', 'مائة', 'أمريكي']) expect(ar.text).toContain(word);
  await expect.poll(() => status.getAttribute('data-copy')).toBe('2');
  expect(await status.getAttribute('data-duplicate')).toBe('true');
  // One page rendered, to look at.
  execFileSync('pdftoppm', ['-png', '-r', '100', '-singlefile', ar.file, join(workDir, 'receipt-ar')]);
  expect(execFileSync('file', [join(workDir, 'receipt-ar.png')], { encoding: 'utf8' })).toMatch(/PNG image data, 315 x \d+/);
  expect(
    (harness.services.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'receipt.printed'").get() as { n: number }).n,
  ).toBe(2);

  // The officer stamps; then, and only then, the exit attestation can be printed (not the per diem receipt).
  await page.getByTestId('logout').click();
  await page.getByTestId('login-user').waitFor();
  await signIn(page, 'officier', '1234');
  await scanBoth(page, pv);
  expect(await page.getByTestId('receipts').count()).toBe(0);
  await page.keyboard.press('F8');
  await page.getByTestId('dialog-stamp').waitFor();
  await page.keyboard.type('CMN-0042');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('timeline-stamp').getAttribute('data-done')).toBe('true');
  expect(await page.getByTestId('receipt-print-perDiem').count()).toBe(0);
  await page.getByTestId('receipt-language').selectOption('fr');
  const attestation = await printReceipt(page, workDir, 'receipt-print-exitAttestation', 'attestation.pdf');
  for (const expected of ['Attestation de sortie', "N'Diaye Mamadou Aliou", 'LP0451278', 'CMN-0042'])
    expect(attestation.text).toContain(expected);
  expect(errors).toEqual([]);
});
