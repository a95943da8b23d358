/**
 * What the supervisor's screens and files say is what happened. A day at the post with passages
 * left half-scanned at the desks (an MRZ only, a boarding pass only, a scan that is no document)
 * beside completed ones: the Reports tab, the referral queue and the exported CSV and PDF list the
 * same completed passages, the last state of each PV, in the language the supervisor chose, with
 * that language's reason separator, and at the post's time whatever the zone of the browser.
 * Also the small truths a person reads on the desk: the English status bar, Arabic minutes, the
 * Arabic per diem dialog.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Pv } from '../../core/departure/pv';
import { FIXTURE_NOW, passageSteps, pvFor } from '../../main/demo/supervisor-fixtures';
import { boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';
import { expectScreenshot, login, wedgeType } from './app';
import { expect, test, type Desk, type DeskOptions, type TestHarness } from './test';

// A day spans an hour of the harness clock: sessions do not time out meanwhile.
test.use({ harnessOptions: { now: FIXTURE_NOW, idleTimeoutMs: 86_400_000 } });

const MINUTE = 60_000;

/** What a person reads: bidi isolates dropped, no-break and narrow no-break spaces as plain spaces. */
const readable = (s: string | null) => (s ?? '').replace(/[\u2066-\u2069]/g, '').replace(/[\u00a0\u202f]/g, ' ');
const text = async (page: Page, testId: string) => readable(await page.getByTestId(testId).textContent());
const items = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .locator('xpath=./li')
    .evaluateAll((lis) => lis.map((li) => li.textContent ?? ''))
    .then((all) => all.map(readable));

async function download(page: Page, dir: string, testId: string, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = join(dir, name);
  await file.saveAs(path);
  return path;
}

/**
 * Where `needle` starts on the screen (x of its first character) inside the `index`th item of a
 * list: how a person reads the order of the parts of a line, whatever the characters' order in the DOM.
 */
async function screenX(page: Page, testId: string, index: number, needle: string): Promise<number> {
  return page
    .getByTestId(testId)
    .locator('xpath=./li')
    .nth(index)
    .evaluate((li, text) => {
      const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf(text) ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        return range.getBoundingClientRect().x;
      }
      throw new Error(`"${text}" not in one text node of the item`);
    }, needle);
}

/** A PDF's text as pdftotext gives it: the table layout, and the words in reading order with blanks collapsed. */
function pdf(path: string): { layout: string; words: string } {
  const run = (mode: string) => {
    const r = spawnSync('pdftotext', [mode, path, '-'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pdftotext ${mode} ${path}: ${r.stderr}`);
    return r.stdout.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  };
  return { layout: run('-layout'), words: run('-raw').replace(/\s+/g, ' ') };
}

/** The rows of one section of the departures report CSV (`section,key,label,count,percent,amount,detail`). */
function csvSection(path: string, section: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\r\n')
    .filter((line) => line.startsWith(`${section},`));
}

/** "dd/mm/yyyy HH:mm" of an instant in Casablanca in June (UTC+1), written out here rather than by the app's formatter. */
function casablanca(at: number): string {
  const d = new Date(at + 60 * MINUTE);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/**
 * A day at the post, from `start` on the harness clock: a shift opened; half-scanned passages at
 * three desks, each ended by a new passage as a desk does; a minor scanned in two steps (REFER);
 * two departures; one of the two back with a boarding pass from Marrakech (DENY for two reasons);
 * the shift closed.
 */
function recordDay(harness: TestHarness, start: number) {
  const { clock, services } = harness;
  clock.set(start);
  const steps = passageSteps(services);
  const left = pvFor('GIN', 'Camara', 'Ibrahima', { pvNumber: 'PV-CMN-2026-000961' });
  const back = pvFor('SEN', 'Fall', 'Awa', { pvNumber: 'PV-CMN-2026-000962' });
  const minor = pvFor('MLI', 'Traore', 'Seydou', {
    pvNumber: 'PV-CMN-2026-000963',
    flags: { minor: { mnaReference: 'TPI-CASA-2026-31' } },
  });
  const mrzOnly = pvFor('CIV', 'Kouassi', 'Yao', { pvNumber: 'PV-CMN-2026-000964' });
  const passOnly = pvFor('SDN', 'Ahmed', 'Omar', { pvNumber: 'PV-CMN-2026-000965' });
  steps.importPvs([left, back, minor, mrzOnly, passOnly]);
  const opened = services.supervisor.shifts.open({ openingUsdCents: 100_000, openingMadCents: 0 }, steps.supervisor);
  if (!opened.ok) throw new Error(opened.error.message);

  // Through the command the desks send for each scan (`passage.addScan`).
  const scan = (desk: string, raw: string) => {
    const r = services.passages.addScan(desk, { source: 'wedge', raw }, steps.officer);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.view;
  };
  const halfScanned = (desk: string, raw: string) => {
    scan(desk, raw);
    services.passages.newPassage(desk, steps.officer);
    clock.advance(MINUTE);
  };
  halfScanned('desk-a', mrzFor(mrzOnly));
  halfScanned('desk-b', boardingPassFor(passOnly));
  halfScanned('desk-a', 'BONJOUR');
  // The minor: a draft first (MRZ only), then the whole passage.
  expect(scan('desk-c', mrzFor(minor))?.verdict).toBe('REFER');
  const referred = scan('desk-c', boardingPassFor(minor));
  expect(referred?.verdict).toBe('REFER');
  services.passages.newPassage('desk-c', steps.officer);
  clock.advance(MINUTE);

  steps.depart(left);
  clock.advance(7 * MINUTE);
  const departedAt = clock.now();
  steps.depart(back);
  clock.advance(30 * MINUTE);
  const refusedAt = clock.now();
  const refused = services.departures.verify(
    { scans: [mrzFor(back), boardingPassFor(back, { from: 'RAK' })].map((raw) => ({ source: 'wedge', raw })) },
    steps.officer,
  );
  if (!refused.ok) throw new Error(refused.error.message);
  expect(refused.value.verdict).toBe('DENY');
  clock.advance(5 * MINUTE);

  const preview = services.supervisor.shifts.preview({ countedUsdCents: 80_000, countedMadCents: 0 });
  if (!preview.ok) throw new Error(preview.error.message);
  const closed = services.supervisor.shifts.close(
    {
      countedUsdCents: 80_000,
      countedMadCents: 0,
      expectedUsdCents: preview.value.expectedUsdCents,
      expectedMadCents: preview.value.expectedMadCents,
    },
    steps.supervisor,
  );
  if (!closed.ok) throw new Error(closed.error.message);
  return {
    pvs: { left, back, minor, mrzOnly, passOnly },
    referredId: referred?.passageId as string,
    refusedId: refused.value.passageId,
    departedAt,
    refusedAt,
    shiftId: opened.value.id,
    end: clock.now(),
  };
}

/** The day recorded from `start`, and the supervisor signed in at a desk standing at its end. */
async function supervisorOnDay(
  harness: TestHarness,
  openDesk: (options?: DeskOptions) => Promise<Desk>,
  start: number,
  options: DeskOptions = {},
): Promise<Desk & { day: ReturnType<typeof recordDay> }> {
  const day = recordDay(harness, start);
  const desk = await openDesk({ fixedTime: day.end, ...options });
  await login(desk.page, 'superviseur', '3456');
  return Object.assign(desk, { day });
}

/** Text that only a half-scanned passage would put in a list. */
const halfScannedWords = [/Kouassi/, /Ahmed/, /BONJOUR/, /pas encore scannée/, /Aucun document de voyage/, /(?<!\d)\d{13}(?!\d)/];

test.describe('supervisor: reports count completed passages', () => {
  test('the Reports tab, the referral queue, the CSV and the PDF list the same completed passages, none half-scanned', async ({
    harness,
    openDesk,
    workDir: dir,
  }) => {
    const desk = await supervisorOnDay(harness, openDesk, FIXTURE_NOW);
    const { day, page } = desk;

    // The queue: the minor only.
    await expect.poll(() => text(page, 'sup-referrals-count')).toBe('1');
    await page.getByTestId('sup-tab-referrals').click();
    await page.getByTestId(`sup-referral-${day.referredId}`).waitFor();
    const queue = await items(page, 'sup-referrals');
    expect(queue).toHaveLength(1);
    expect(queue[0]).toContain('Traore Seydou');

    // The report of the day: one refusal with both its reasons, one referral waiting, the same as the queue.
    await page.getByTestId('sup-tab-reports').click();
    await page.getByTestId('report-refused').waitFor();
    const refused = await items(page, 'report-refused');
    const referred = await items(page, 'report-referred');
    const stamp = `Sortie déjà enregistrée (CMN, ${casablanca(day.departedAt)})`;
    expect(refused).toEqual([
      `Fall Awa · Sénégal · PV-CMN-2026-000962 · ${casablanca(day.refusedAt)} · Vol au départ de RAK, pas de CMN ; ${stamp}`,
    ]);
    expect(referred).toHaveLength(1);
    expect(referred[0]).toMatch(/^Traore Seydou · Mali · PV-CMN-2026-000963 · .* → en attente$/);
    const panel = readable(await page.locator('section[aria-labelledby="rep-title"]').textContent());
    for (const word of halfScannedWords) expect([...refused, ...referred, panel].join('\n')).not.toMatch(word);
    const reportTotal = await page.getByTestId('report-nationality').locator('tr.total td').last().textContent();
    expect(readable(reportTotal)).toBe('100,00 %');

    // The files say the same.
    const csv = await download(page, dir, 'report-export-csv', 'report.csv');
    const refusedRows = csvSection(csv, 'refused');
    const referredRows = csvSection(csv, 'referred');
    expect(refusedRows.map((row) => row.split(',')[1])).toEqual([day.refusedId]);
    expect(referredRows.map((row) => row.split(',')[1])).toEqual([day.referredId]);
    expect(refusedRows[0]).toContain(`Vol au départ de RAK, pas de CMN ; ${stamp}`);
    const csvText = readFileSync(csv, 'utf8');
    for (const word of halfScannedWords) expect(csvText).not.toMatch(word);

    const file = pdf(await download(page, dir, 'report-export-pdf', 'report.pdf'));
    for (const expected of ['Fall Awa', 'PV-CMN-2026-000962', 'Traore Seydou', 'PV-CMN-2026-000963', stamp]) {
      expect(file.words, expected).toContain(expected);
    }
    for (const word of halfScannedWords) expect(file.words).not.toMatch(word);

    // The Reports tab as documented, its lists in view.
    for (const lang of ['fr', 'ar'] as const) {
      await page.getByTestId(`lang-${lang}`).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
      for (const [width, height] of [
        [1366, 768],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.getByTestId('report-referred').scrollIntoViewIfNeeded();
        // Each line reads name, nationality, PV, time, reasons in the page's direction: in Arabic the
        // name stands right of the PV number, in French left of it.
        for (const [list, name, pv] of [
          ['report-refused', 'Fall Awa', 'PV-CMN-2026-000962'],
          ['report-referred', 'Traore Seydou', 'PV-CMN-2026-000963'],
        ] as const) {
          const [nameX, pvX] = [await screenX(page, list, 0, name), await screenX(page, list, 0, pv)];
          expect(lang === 'ar' ? nameX > pvX : nameX < pvX, `${lang} ${width} ${list}: name at ${nameX}, PV at ${pvX}`).toBe(true);
        }
        await expectScreenshot(page, `supervisor-reports-${lang}-${width}`);
      }
    }
    expect(desk.errors).toEqual([]);
  });
});

test.describe('supervisor: exports in the language chosen on the screen', () => {
  test('Arabic and English reports and shift logs, country names and reason separators of each language, on screen and in the files', async ({
    harness,
    openDesk,
    workDir: dir,
  }) => {
    const desk = await supervisorOnDay(harness, openDesk, FIXTURE_NOW);
    const { day, page } = desk;
    await page.getByTestId('sup-tab-reports').click();
    await page.getByTestId('report-refused').waitFor();

    const cases = [
      {
        lang: 'fr',
        separator: ' ; ',
        reasons: ['Vol au départ de RAK, pas de CMN', 'Sortie déjà enregistrée (CMN, '],
        country: 'Sénégal',
        report: ['Refusé', 'Guinée Conakry'],
        log: ['Journal de vacation', 'Pécule versé'],
      },
      {
        lang: 'ar',
        separator: '؛ ',
        reasons: ['الرحلة تنطلق من RAK وليس من CMN', 'تم تسجيل الخروج من قبل (CMN، '],
        country: 'السنغال',
        report: ['مرفوض', 'غينيا', 'السنغال'],
        log: ['سجل', 'المناوبة', 'المنحة'],
      },
      {
        lang: 'en',
        separator: '; ',
        reasons: ['Flight departs from RAK, not CMN', 'Exit already recorded (CMN, '],
        country: 'Senegal',
        report: ['Denied', 'Guinea', 'Senegal'],
        log: ['Shift log', 'Per diem paid'],
      },
    ] as const;
    for (const c of cases) {
      await page.getByTestId(`lang-${c.lang}`).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(c.lang);
      const joined = `${c.reasons[0]}${c.separator}${c.reasons[1]}`;

      // On screen: the reasons joined by the language's separator, the country in the language.
      await page.getByTestId('sup-tab-reports').click();
      await expect.poll(async () => (await items(page, 'report-refused'))[0]).toContain(joined);
      const [line] = await items(page, 'report-refused');
      expect(line).toContain(c.country);
      if (c.lang !== 'fr') expect(line).not.toContain(' ; ');

      // The CSV: the same joined reasons, the country in the language.
      const csv = await download(page, dir, 'report-export-csv', `report-${c.lang}.csv`);
      const [row] = csvSection(csv, 'refused');
      expect(row).toContain(joined);
      expect(row).toContain(c.country);
      if (c.lang !== 'fr') expect(row).not.toContain(' ; ');

      // The PDF: the language's words and country names, the reasons whole with their separator.
      const report = pdf(await download(page, dir, 'report-export-pdf', `report-${c.lang}.pdf`));
      for (const word of c.report) expect(report.words, `${c.lang}: ${word}`).toContain(word);
      if (c.lang === 'ar') {
        // pdftotext gives Arabic runs in visual order, word by word: each word is there, and the Arabic semicolon.
        for (const word of c.reasons.join(' ').split(/\s+/)) expect(report.words, word).toContain(word.replace(/[(،]/g, ''));
        expect(report.words).toContain('؛');
        expect(report.words).not.toContain(' ; ');
      } else {
        expect(report.words).toContain(joined);
      }
      if (c.lang !== 'fr') expect(report.words).not.toContain('Guinée');

      // The shift log of the closed shift, from the recent shifts.
      await page.getByTestId('sup-tab-shift').click();
      const log = pdf(await download(page, dir, `export-pdf-${day.shiftId}`, `shift-${c.lang}.pdf`));
      for (const word of c.log) expect(log.words, `${c.lang}: ${word}`).toContain(word);
      if (c.lang !== 'fr') expect(log.words).not.toContain('Journal de vacation');
    }
    expect(desk.errors).toEqual([]);
  });
});

test.describe('supervisor: one clock whatever the browser’s zone', () => {
  test('in a browser set to Tokyo, the Reports tab, the CSV and the PDF give the same event the same post time', async ({
    harness,
    openDesk,
    workDir: dir,
  }) => {
    // 16:00 UTC: 17:00 at the post (Casablanca), already 01:00 the next day in Tokyo.
    const desk = await supervisorOnDay(harness, openDesk, Date.parse('2026-06-15T16:00:00Z'), { timezoneId: 'Asia/Tokyo' });
    const { day, page } = desk;
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('Asia/Tokyo');
    expect(await page.evaluate((at) => new Date(at).getDate(), day.refusedAt)).toBe(16);
    await page.getByTestId('sup-tab-reports').click();

    // The period the tab opens on is the post's day, not Tokyo's.
    expect(await page.getByTestId('report-from').inputValue()).toBe('15/06/2026');
    await page.getByTestId('report-refused').waitFor();
    const refusedAt = casablanca(day.refusedAt);
    const departedAt = casablanca(day.departedAt);
    expect([refusedAt, departedAt]).toEqual(['15/06/2026 17:41', '15/06/2026 17:11']);
    const [line] = await items(page, 'report-refused');
    expect(line).toContain(`PV-CMN-2026-000962 · ${refusedAt} ·`);
    expect(line).toContain(`(CMN, ${departedAt})`);

    const [row] = csvSection(await download(page, dir, 'report-export-csv', 'report.csv'), 'refused');
    expect(row).toContain(`${refusedAt} · PV-CMN-2026-000962`);
    expect(row).toContain(`(CMN, ${departedAt})`);
    // The hour chart's figures: both departures in the post's 17 h, none in Tokyo's 1 h.
    const hours = csvSection(join(dir, 'report.csv'), 'hour')
      .map((r) => r.split(','))
      .filter((cells) => cells[3] !== '0')
      .map((cells) => [cells[1], cells[3]]);
    expect(hours).toEqual([['17', '2']]);

    const file = pdf(await download(page, dir, 'report-export-pdf', 'report.pdf'));
    expect(file.words).toContain(refusedAt);
    expect(file.words).toContain(`(CMN, ${departedAt})`);
    expect(file.words).not.toMatch(/16\/06\/2026 0[01]:\d\d/);
    expect(desk.errors).toEqual([]);
  });
});

/** An escort's desk in Arabic with the PV's passage scanned whole (MRZ, then boarding pass) through the wedge. */
async function arabicEscortAt(
  harness: TestHarness,
  openDesk: (options?: DeskOptions) => Promise<Desk>,
  pv: Pv,
  viewport?: { width: number; height: number },
): Promise<Desk> {
  passageSteps(harness.services).importPvs([pv]);
  const desk = await openDesk({ fixedTime: FIXTURE_NOW, ...(viewport ? { viewport } : {}) });
  const { page } = desk;
  await page.getByTestId('lang-ar').click();
  await login(page, 'escorte', '2345');
  await page.getByTestId('scan-input').waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)).toBe('scan-input');
  await wedgeType(page, mrzFor(pv));
  await expect.poll(() => page.getByTestId('passage-scan').count()).toBe(1);
  await wedgeType(page, boardingPassFor(pv));
  await expect.poll(() => page.getByTestId('verdict').getAttribute('data-incomplete')).toBe('false');
  return desk;
}

test.describe('the desk in English and Arabic: what a person reads', () => {
  test('the English status bar calls everyone a user, never OFFICER', async ({ openDesk }) => {
    const desk = await openDesk({ fixedTime: FIXTURE_NOW });
    const { page } = desk;
    await page.getByTestId('lang-en').click();
    const label = page.getByTestId('status-user').locator('xpath=preceding-sibling::dt[1]');
    for (const [username, pin, role] of [
      ['escorte', '2345', 'IOM escort'],
      ['superviseur', '3456', 'Supervisor'],
      ['officier', '1234', 'DGSN officer'],
    ] as const) {
      await login(page, username, pin);
      await page.getByTestId('status-user').waitFor();
      expect(await text(page, 'status-role')).toBe(role);
      expect(readable(await label.textContent())).toBe('User');
      await page.getByTestId('logout').click();
      await page.getByTestId('login-user').waitFor();
    }
    expect(desk.errors).toEqual([]);
  });

  test('Arabic says a lockout in minutes and seconds that never break apart', async ({ openDesk }) => {
    const desk = await openDesk({ fixedTime: FIXTURE_NOW });
    const { page } = desk;
    await page.getByTestId('lang-ar').click();
    const error = page.getByTestId('login-error');
    // One refusal at a time, each answered before the next (the count of attempts left goes down).
    for (let attempt = 1; attempt <= 4; attempt++) {
      await login(page, 'officier', '9999');
      await expect.poll(() => error.textContent().then((t) => readable(t))).toContain(String(5 - attempt));
    }
    await login(page, 'officier', '9999');
    await expect.poll(() => error.getAttribute('data-code')).toBe('locked');
    // "4 د 59 ث": every space inside the duration is a no-break space.
    expect((await error.textContent())?.replace(/[\u2066-\u2069]/g, '')).toMatch(/\d\u00a0د\u00a0\d\d\u00a0ث/);
    expect(desk.errors).toEqual([]);
  });

  test('the Arabic per diem dialog at 1366x768: the amount as "100,00 USD", never "$US"', async ({ harness, openDesk }) => {
    const pv = pvFor('GIN', 'Camara', 'Ibrahima', { pvNumber: 'PV-CMN-2026-000971' });
    const desk = await arabicEscortAt(harness, openDesk, pv, { width: 1366, height: 768 });
    const { page } = desk;
    await page.keyboard.press('F4');
    await page.getByTestId('dialog-pay').waitFor();
    expect(await text(page, 'pay-amount')).toContain('100,00 USD');
    expect(await text(page, 'dialog-pay')).not.toContain('$');
    await expectScreenshot(page, 'passage-pay-dialog-1366-ar');
    expect(desk.errors).toEqual([]);
  });
});

test.describe('the exchange rate in the language of the desk', () => {
  test('the Arabic dialog suggests "60,1", takes "60.1" as well, and stores the exact rate', async ({ harness, openDesk }) => {
    const pv = pvFor('SEN', 'Fall', 'Awa', { pvNumber: 'PV-CMN-2026-000972' });
    const desk = await arabicEscortAt(harness, openDesk, pv);
    const { page } = desk;
    await page.keyboard.press('F3');
    await page.getByTestId('dialog-exchange').waitFor();
    await page.getByTestId('exchange-given').fill('1000');
    await page.getByTestId('exchange-received').fill('60100');
    expect(await page.getByTestId('exchange-rate').inputValue()).toBe('60,1');
    await page.getByTestId('exchange-rate').fill('60.1');
    await page.getByTestId('exchange-receipt').fill('X-78');
    await page.getByTestId('exchange-receipt').press('Enter');
    await expect.poll(() => page.getByTestId('timeline-exchange').getAttribute('data-done')).toBe('true');
    expect(harness.services.db.prepare('SELECT rate, amount_received_cents AS received FROM exchanges').get()).toEqual({
      rate: '60.1',
      received: 6_010_000,
    });
    // The timeline says it the Arabic way.
    expect(await text(page, 'timeline-exchange')).toContain('60,1');
    expect(desk.errors).toEqual([]);
  });
});

test.describe('Arabic idle logout', () => {
  test.use({ harnessOptions: { now: FIXTURE_NOW, idleTimeoutMs: 5 * MINUTE } });

  test('after 5 idle minutes the Arabic message counts them with the plural, "5 دقائق"', async ({ clock, openDesk }) => {
    const desk = await openDesk({ init: (_context, page) => page.clock.install({ time: clock.now() }) });
    const { page } = desk;
    await page.getByTestId('lang-ar').click();
    await login(page, 'officier', '1234');
    await page.getByTestId('scan-input').waitFor();
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 100);
    const idle = 5 * MINUTE + 1000;
    clock.advance(idle);
    await page.clock.runFor(idle);
    await page.getByTestId('idle-message').waitFor();
    const message = await text(page, 'idle-message');
    expect(message).toContain('5 دقائق');
    expect(message).not.toContain('5 دقيقة');
    expect(desk.errors).toEqual([]);
  });
});
