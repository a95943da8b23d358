/**
 * A whole supervisor shift in browser mode: open with the drawer cash, passages recorded by the
 * real services (escort pays, officer stamps, a refusal, a referral, a voided payment), a short
 * till closed with a reason, the shift log exported as CSV, PDF and JSON and checked (PDF text
 * and rendering with poppler, signatures with the CLI), the referral settled, and the
 * nationality report compared with a table counted by hand.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURE_NOW, passageSteps, pvFor } from '../../main/demo/supervisor-fixtures';
import { expectScreenshot, login, repoRoot } from './app';
import { expect, test } from './test';

// The shift spans hours of the harness clock: sessions do not time out meanwhile.
test.use({ harnessOptions: { now: FIXTURE_NOW, idleTimeoutMs: 86_400_000 } });

function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

async function download(page: Page, dir: string, testId: string, name: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = join(dir, name);
  await file.saveAs(path);
  return readFileSync(path);
}

/** What a person reads: bidi isolates dropped, narrow and no-break spaces as plain spaces. */
const readable = (s: string | null) => (s ?? '').replace(/[\u2066-\u2069]/g, '').replace(/[\u00a0\u202f]/g, ' ');
const text = async (page: Page, testId: string) => readable(await page.getByTestId(testId).textContent());

test.describe('supervisor desk: the cash the closing records is the cash shown', () => {
  test('a per diem paid at another desk refreshes the expected cash, and the confirmation re-reads it', async ({
    harness,
    clock,
    openDesk,
  }) => {
    const { page, errors } = await openDesk({ fixedTime: FIXTURE_NOW });
    const steps = passageSteps(harness.services);
    const [first, second] = [pvFor('GIN', 'Camara', 'Ibrahima'), pvFor('CIV', 'Kouassi', 'Yao')];
    steps.importPvs([first, second]);
    await login(page, 'superviseur', '3456');
    await page.getByTestId('sup-tab-shift').click();
    await page.getByTestId('shift-usd').fill('1000');
    await page.getByTestId('shift-mad').fill('0');
    await page.getByTestId('shift-open').click();
    await expect.poll(() => text(page, 'shift-expected')).toContain('1 000,00 USD, 0,00 MAD (pécules versés : 0');

    // Another desk pays a per diem: the open panel shows it without being reloaded.
    clock.advance(5 * 60_000);
    steps.depart(first);
    await expect.poll(() => text(page, 'shift-expected')).toContain('900,00 USD, 0,00 MAD (pécules versés : 1, 100,00 USD)');
    await page.getByTestId('count-usd').fill('850');
    await page.getByTestId('count-mad').fill('0');
    await page.getByTestId('count-reason').fill('Billet manquant');
    await page.getByTestId('shift-close').click();
    await expect.poll(() => text(page, 'shift-confirm-variance')).toBe('-50,00 USD, 0,00 MAD');

    // A second payment while the confirmation is open: the figures under confirmation change, and say so.
    clock.advance(60_000);
    steps.depart(second);
    await page.getByTestId('shift-confirm-changed').waitFor();
    await expect.poll(() => text(page, 'shift-confirm-variance')).toBe('50,00 USD, 0,00 MAD');
    expect(await text(page, 'shift-confirm-expected')).toContain('800,00 USD, 0,00 MAD (pécules versés : 2, 200,00 USD)');
    await page.getByTestId('shift-confirm-ok').click();
    await expect.poll(() => text(page, 'shift-notice')).toContain('Écart : 50,00 USD, 0,00 MAD');
    const closing = harness.services.db.prepare('SELECT expected_usd_cents, variance_usd_cents, per_diem_count FROM shift_closings').get();
    expect(closing).toEqual({ expected_usd_cents: 80_000, variance_usd_cents: 5_000, per_diem_count: 2 });
    expect(errors).toEqual([]);
  });
});

test.describe('supervisor desk: settling a referral', () => {
  test('no default decision, errors beside the fields, large choices, the passage, a count on the tab, arrow keys', async ({
    harness,
    openDesk,
  }) => {
    const { page, errors } = await openDesk({ fixedTime: FIXTURE_NOW });
    const steps = passageSteps(harness.services);
    const minor = pvFor('MLI', 'Traore', 'Seydou', { flags: { minor: { mnaReference: 'TPI-CASA-2026-31' } } });
    steps.importPvs([minor]);
    const id = steps.verify(minor).passageId;
    await login(page, 'superviseur', '3456');
    await expect.poll(() => text(page, 'sup-referrals-count')).toBe('1');

    // The tabs answer the arrow keys.
    await page.getByTestId('sup-tab-desk').focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('sup-tab-shift')).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('sup-tab-referrals')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('End');
    await expect(page.getByTestId('sup-tab-pvImport')).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('sup-tab-desk')).toHaveAttribute('aria-selected', 'true');
    await page.getByTestId('sup-tab-referrals').click();

    // Nothing chosen for the supervisor; what is missing is said beside the field.
    await expect(page.getByTestId(`sup-settle-allow-${id}`)).not.toBeChecked();
    await expect(page.getByTestId(`sup-settle-deny-${id}`)).not.toBeChecked();
    await page.getByTestId(`sup-settle-${id}`).click();
    await expect.poll(() => text(page, `sup-settle-decision-${id}-error`)).toBe('Choisissez : autoriser ou refuser le départ.');
    expect(await text(page, `sup-settle-reason-${id}-error`)).toBe('Écrivez le motif de la décision (3 caractères au moins).');
    expect(harness.services.db.prepare('SELECT count(*) AS n FROM referral_settlements').get()).toEqual({ n: 0 });

    // The passage behind the referral, then a large choice.
    await page.getByTestId(`sup-referral-open-${id}`).click();
    await expect.poll(() => text(page, `sup-referral-passage-${id}`)).toContain('Mineur : Non conforme — Mineur non accompagné');
    const choice = await page.getByTestId(`sup-settle-allow-${id}`).locator('xpath=..').boundingBox();
    expect(choice?.height ?? 0).toBeGreaterThanOrEqual(48);
    expect(choice?.width ?? 0).toBeGreaterThanOrEqual(200);
    await page.getByTestId(`sup-settle-allow-${id}`).check();
    await page.getByTestId(`sup-settle-reason-${id}`).fill('Ordonnance du juge des mineurs vue');
    await page.getByTestId(`sup-settle-${id}`).click();
    await page.getByTestId('sup-referrals-empty').waitFor();
    await expect(page.getByTestId('sup-referrals-count')).toHaveCount(0);
    expect(harness.services.db.prepare('SELECT decision FROM referral_settlements').get()).toEqual({ decision: 'allow' });
    expect(errors).toEqual([]);
  });
});

test.describe('supervisor desk: screenshots', () => {
  test('the shift closing under confirmation and the referral queue, at 1366x768 and 1920x1080, in French and Arabic', async ({
    harness,
    openDesk,
  }) => {
    const { page, errors } = await openDesk({ fixedTime: FIXTURE_NOW });
    const steps = passageSteps(harness.services);
    const [gin, minor] = [
      pvFor('GIN', 'Camara', 'Ibrahima', { pvNumber: 'PV-CMN-2026-000901' }),
      pvFor('MLI', 'Traore', 'Seydou', { pvNumber: 'PV-CMN-2026-000902', flags: { minor: { mnaReference: 'TPI-CASA-2026-31' } } }),
    ];
    steps.importPvs([gin, minor]);
    await login(page, 'superviseur', '3456');
    await page.getByTestId('sup-tab-shift').click();
    await page.getByTestId('shift-usd').fill('1000');
    await page.getByTestId('shift-mad').fill('0');
    await page.getByTestId('shift-note').fill('Relève de 14 h');
    await page.getByTestId('shift-open').click();
    steps.depart(gin);
    steps.verify(minor);
    await expect.poll(() => text(page, 'shift-expected')).toContain('900,00 USD');
    // The minor's referral reaches the tab's badge through referrals.changed: shown in every picture.
    await expect.poll(() => text(page, 'sup-referrals-count')).toBe('1');
    for (const lang of ['fr', 'ar'] as const) {
      await page.getByTestId(`lang-${lang}`).click();
      await page.getByTestId('sup-tab-shift').click();
      await page.getByTestId('count-usd').fill('850');
      await page.getByTestId('count-mad').fill('0');
      await page.getByTestId('count-reason').fill(lang === 'fr' ? 'Billet manquant' : 'ورقة نقدية ناقصة');
      await page.getByTestId('shift-close').click();
      await page.getByTestId('shift-confirm').waitFor();
      for (const [width, height] of [
        [1366, 768],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        await expectScreenshot(page, `supervisor-shift-${lang}-${width}`);
      }
      await page.getByTestId('shift-confirm-cancel').click();
      await page.getByTestId('sup-tab-referrals').click();
      await page.getByTestId('sup-referrals').locator('li').first().waitFor();
      for (const [width, height] of [
        [1366, 768],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        await expectScreenshot(page, `supervisor-referrals-${lang}-${width}`);
      }
    }
    expect(errors).toEqual([]);
  });
});

test.describe('supervisor desk: a whole shift', () => {
  test('opens, records passages, closes with a variance and a reason, exports signed logs and reports', async ({
    harness,
    clock,
    openDesk,
    workDir: dir,
  }) => {
    const { page, errors } = await openDesk({ fixedTime: FIXTURE_NOW });
    const steps = passageSteps(harness.services);
    const gin1 = pvFor('GIN', 'Camara', 'Ibrahima');
    const gin2 = pvFor('GIN', 'Bah', 'Mariama');
    const gin3 = pvFor('GIN', 'Sylla', 'Fode');
    const civ = pvFor('CIV', 'Kouassi', 'Yao');
    const sen = pvFor('SEN', 'Fall', 'Awa');
    const sdn = pvFor('SDN', 'Ahmed', 'عمر');
    const arabic = pvFor('SDN', 'عبد الله', 'محمد');
    const minor = pvFor('MLI', 'Traore', 'Seydou', { flags: { minor: { mnaReference: 'TPI-CASA-2026-31' } } });
    steps.importPvs([gin1, gin2, gin3, civ, sen, sdn, arabic, minor]);

    await login(page, 'superviseur', '3456');
    await page.getByTestId('sup-tab-shift').click();
    await page.getByTestId('shift-none').waitFor();
    await page.getByTestId('shift-usd').fill('500');
    await page.getByTestId('shift-mad').fill('1000');
    await page.getByTestId('shift-open').click();
    await page.getByTestId('shift-current').waitFor();
    expect(await text(page, 'shift-current')).toContain('Superviseur Démo');

    // The desk's work, through the real services: six departures, one payment voided, a DENY, a REFER.
    for (const pv of [gin1, gin2, gin3, civ, sen, sdn]) {
      clock.advance(7 * 60_000);
      steps.depart(pv);
    }
    const civPassages = harness.services.db
      .prepare("SELECT id FROM passages WHERE pv_number = ? AND actor_role = 'escort'")
      .get(civ.pvNumber) as { id: string };
    const civPayment = harness.services.db.prepare('SELECT id FROM per_diem_payments WHERE pv_number = ?').get(civ.pvNumber) as {
      id: string;
    };
    steps.voidPerDiem(civPassages.id, civPayment.id, 'Pécule saisi sur le mauvais dossier');
    const denied = steps.verify(arabic);
    expect(denied.verdict).toBe('DENY');
    const referred = steps.verify(minor);
    expect(referred.verdict).toBe('REFER');
    clock.advance(30 * 60_000);

    // Expected cash: 500 USD − 5 payments kept (6 paid, 1 voided) × 100 USD = 0 USD; 10 USD are counted.
    // The panel follows the payments made at the other desks while it stays open.
    await expect.poll(() => text(page, 'shift-expected')).toContain('0,00 USD, 1 000,00 MAD (pécules versés : 5, 500,00 USD)');
    await page.getByTestId('count-usd').fill('10');
    await page.getByTestId('count-mad').fill('1000');
    expect(await text(page, 'shift-variance')).toContain('10,00 USD, 0,00 MAD');
    await page.getByTestId('shift-close').click();
    await expect.poll(() => text(page, 'count-reason-error')).toBe('Indiquez le motif de l’écart de caisse.');
    await page.getByTestId('count-reason').fill('Billet de 10 USD trouvé sous le tiroir');
    await page.getByTestId('shift-close').click();
    await expect.poll(() => text(page, 'shift-confirm-variance')).toBe('10,00 USD, 0,00 MAD');
    expect(await text(page, 'shift-confirm-expected')).toContain('0,00 USD, 1 000,00 MAD');
    await page.getByTestId('shift-confirm-ok').click();
    await expect.poll(() => text(page, 'shift-notice')).toContain('Écart : 10,00 USD, 0,00 MAD');
    await page.getByTestId('shift-none').waitFor();

    const shift = harness.services.db
      .prepare(
        'SELECT s.id, s.open_seq, c.close_seq, c.variance_usd_cents, c.reason FROM shifts s JOIN shift_closings c ON c.shift_id = s.id',
      )
      .get() as { id: string; open_seq: number; close_seq: number; variance_usd_cents: number; reason: string };
    expect(shift).toMatchObject({ variance_usd_cents: 1_000, reason: 'Billet de 10 USD trouvé sous le tiroir' });

    // Exports of the closed shift, from the recent-shifts table.
    const csv = await download(page, dir, `export-csv-${shift.id}`, 'shift.csv');
    await download(page, dir, `export-pdf-${shift.id}`, 'shift.pdf');
    const json = await download(page, dir, `export-json-${shift.id}`, 'shift.json');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvLines = csv.toString('utf8').split('\r\n').filter(Boolean);
    expect(csvLines).toHaveLength(1 + (shift.close_seq - shift.open_seq + 1) + 1);
    expect(csvLines.find((l) => l.includes('record.voided'))).toContain('Pécule saisi sur le mauvais dossier');
    expect(csvLines.find((l) => l.includes(',DENY,'))).toContain('عبد الله محمد');
    expect(JSON.parse(json.toString('utf8'))).toMatchObject({
      manifest: { kind: 'shift-log', fileType: 'json' },
      data: { shift: { id: shift.id, closing: { varianceUsdCents: 1_000 } } },
    });

    const pdfPath = join(dir, 'shift.pdf');
    const pdfText = spawnSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).stdout.replace(
      /[\u200e\u200f\u202a-\u202e]/g,
      '',
    );
    for (const expected of [
      'Journal de vacation',
      'Casablanca Mohammed V (CMN)',
      shift.id,
      'Superviseur Démo',
      'Annulation',
      'Pécule versé',
      'عمر',
      'محمد',
    ]) {
      expect(pdfText, expected).toContain(expected);
    }
    const pdfWords = spawnSync('pdftotext', ['-raw', pdfPath, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(pdfWords).toContain('Pécule saisi sur le mauvais dossier');
    expect(pdfWords).toContain('Billet de 10 USD trouvé sous le tiroir');
    expect(pdfText).toMatch(/Écart\s+10,00 USD, 0,00 MAD/);
    expect(pdfText).toMatch(/Pécules versés\s+5 · 500,00 USD/);
    const render = spawnSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', pdfPath, join(dir, 'shift-page')]);
    expect(render.status).toBe(0);
    expect(readFileSync(join(dir, 'shift-page-1.png')).subarray(1, 4).toString('latin1')).toBe('PNG');

    // The CLI says valid, then names the altered content after a one-byte change.
    for (const name of ['shift.csv', 'shift.pdf', 'shift.json']) {
      const ok = cli('verify-export', join(dir, name));
      expect(ok.code, `${name}: ${ok.err}`).toBe(0);
      expect(JSON.parse(ok.out)).toMatchObject({ valid: true, manifest: { postCode: 'CMN', subject: shift.id } });
    }
    const altered = Buffer.from(csv);
    const at = altered.indexOf('Pécule saisi');
    altered[at] = 'p'.charCodeAt(0);
    writeFileSync(join(dir, 'altered.csv'), altered);
    const bad = cli('verify-export', join(dir, 'altered.csv'));
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ valid: false, problems: [{ code: 'contentHashMismatch' }] });
    expect(bad.err).toContain('contentHashMismatch');

    // The referral queue: the REFER passage with its rule, settled with a reason.
    await page.getByTestId('sup-tab-referrals').click();
    const item = page.getByTestId(`sup-referral-${referred.passageId}`);
    await item.waitFor();
    expect(await item.textContent()).toContain('Traore Seydou');
    await page.getByTestId(`sup-settle-allow-${referred.passageId}`).check();
    await page.getByTestId(`sup-settle-reason-${referred.passageId}`).fill('Ordonnance du juge des mineurs vue');
    await page.getByTestId(`sup-settle-${referred.passageId}`).click();
    await page.getByTestId('sup-referrals-empty').waitFor();

    // The nationality report for the day, counted by hand: GIN 3, CIV 1 (its payment voided, its
    // stamp kept), SDN 1, SEN 1 → 6 departures; GIN 3/6 = 50 %, the others 1/6 = 16,67 %.
    await page.getByTestId('sup-tab-reports').click();
    await page.getByTestId('report-show').click();
    await page.getByTestId('report-nationality').waitFor();
    const rows = await page
      .getByTestId('report-nationality')
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) =>
          Array.from(tr.querySelectorAll('td')).map((td) =>
            (td.textContent ?? '')
              .replace(/[\u2066-\u2069]/g, '')
              .replace(/\s+/g, ' ')
              .trim(),
          ),
        ),
      );
    expect(rows).toEqual([
      ['Guinée Conakry (GIN)', '3', '50,00 %'],
      ["Côte d'Ivoire (CIV)", '1', '16,67 %'],
      ['Soudan (SDN)', '1', '16,67 %'],
      ['Sénégal (SEN)', '1', '16,67 %'],
      ['Autres', '0', '0,00 %'],
      ['Total général', '6', '100,00 %'],
    ]);
    expect(await text(page, 'report-perdiem')).toContain('5 versés (500,00 USD), 1 annulés');
    expect(await page.getByTestId('chart-hour').locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await text(page, 'report-referred')).toContain('Ordonnance du juge des mineurs vue');
    const reportCsv = await download(page, dir, 'report-export-csv', 'report.csv');
    expect(reportCsv.toString('utf8')).toContain('nationality,TOTAL,Total général,6,100.00');
    await download(page, dir, 'report-export-pdf', 'report.pdf');
    expect(cli('verify-export', join(dir, 'report.pdf')).code).toBe(0);
    const reportText = spawnSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' }).stdout;
    expect(reportText).toMatch(/Total général\s+6\s+100,00 %/);

    expect(harness.services.audit.verify().ok).toBe(true);
    expect(errors).toEqual([]);
  });
});
