/**
 * Camera MRZ e2e: Chromium's fake camera plays a Y4M video of a passport data page (the MRZ of the
 * imported PV, generated at test time by the MRZ reader's synthetic-photo generator) into the
 * officer desk. The camera Worker reads the MRZ (glyph table served by the app), accepts it once
 * two frames agree and every check passes, and the desk reaches the verdict with the boarding pass
 * typed by the keyboard wedge. A second case shows a badly degraded page: the reading is not
 * accepted on its own, the view offers it and the officer's confirmation sends it as a scan.
 */
import type { BrowserContext, TestInfo } from '@playwright/test';
import { SAMPLE_NOW, samplePv } from '../../core/departure/testing';
import { boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';
import { documentDirection, login, wedgeType } from './app';
import { writeMrzVideo } from './fixtures/camera-video';
import { type Desk, type DeskOptions, expect, importPvs, test } from './test';

test.use({
  harnessOptions: { now: SAMPLE_NOW },
  // These tests measure the page's UI thread: the trace keeps actions, console and network, not
  // the DOM snapshots and screencast that would run on that thread at every step.
  trace: { mode: 'retain-on-failure', snapshots: false, screenshots: false },
});

interface MrzRead {
  ms: number;
  /** How many ways up the frame was read. */
  ways: number;
  found: boolean;
  accepted: boolean;
  valid?: boolean;
}

/** Long tasks, MRZ reads and barcode decode times the Worker reports, recorded beside the app's own listener. */
async function watchPage(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const lt = window as unknown as { __longTasks: { start: number; duration: number }[] };
    lt.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) lt.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    const w = window as unknown as { __mrz: MrzRead[]; __fastMs: number[]; __mrzSimd: boolean | null };
    w.__mrz = [];
    w.__fastMs = [];
    w.__mrzSimd = null;
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener(
          'message',
          (
            e: MessageEvent<{
              type?: string;
              mode?: string;
              ms?: number;
              ways?: number;
              found?: boolean;
              accepted?: boolean;
              candidate?: { valid: boolean };
              mrzSimd?: boolean;
            }>,
          ) => {
            const m = e.data;
            if (m?.type === 'ready') w.__mrzSimd = m.mrzSimd === true;
            if (m?.type === 'mrz' && typeof m.ms === 'number')
              w.__mrz.push({
                ms: m.ms,
                ways: m.ways ?? 0,
                found: m.found === true,
                accepted: m.accepted === true,
                ...(m.candidate ? { valid: m.candidate.valid } : {}),
              });
            if (m?.type === 'result' && m.mode === 'fast' && typeof m.ms === 'number') w.__fastMs.push(m.ms);
          },
        );
      }
    };
  });
}

/** The officer's desk with `video` as its camera, signed in, the camera turned on and running. */
async function officerWithCameraOn(openDesk: (options?: DeskOptions) => Promise<Desk>, video: string): Promise<Desk> {
  const desk = await openDesk({ camera: video, init: watchPage });
  await login(desk.page, 'officier', '1234');
  await desk.page.getByTestId('scan-input').waitFor();
  await desk.page.getByTestId('camera-toggle').click();
  await expect.poll(() => desk.page.getByTestId('camera-view').getAttribute('data-status'), { timeout: 20_000 }).toBe('running');
  return desk;
}

/**
 * The reading is offered to the officer with the advice `noticeId` (checked in French, then in
 * Arabic) and its doubtful glyphs highlighted; frames keep coming, none is accepted, and nothing
 * is sent as a scan.
 */
async function offeredWithNotice(desk: Desk, noticeId: string, fr: RegExp, ar: RegExp, testInfo: TestInfo): Promise<void> {
  const { page, errors } = desk;
  await page.getByTestId('camera-mrz-candidate').waitFor({ timeout: 40_000 });
  await expect(page.getByTestId(noticeId)).toHaveText(fr);
  expect(await page.getByTestId('camera-mrz-lines').locator('mark[data-uncertain="true"]').count()).toBeGreaterThan(0);
  await testInfo.attach(`${noticeId}-fr`, { body: await page.screenshot(), contentType: 'image/png' });
  await page.getByTestId('lang-ar').click();
  await expect.poll(() => documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
  await expect(page.getByTestId(noticeId)).toHaveText(ar);
  await testInfo.attach(`${noticeId}-ar`, { body: await page.screenshot(), contentType: 'image/png' });
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __mrz: MrzRead[] }).__mrz.filter((r) => r.found).length), { timeout: 40_000 })
    .toBeGreaterThan(2);
  const reads = await page.evaluate(() => (window as unknown as { __mrz: MrzRead[] }).__mrz);
  expect(reads.some((r) => r.accepted)).toBe(false);
  expect(await page.getByTestId('last-scan-raw').count()).toBe(0);
  expect(errors).toEqual([]);
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

function report(label: string, reads: MrzRead[], fastMs: number[], elapsedMs: number): void {
  const ms = reads.map((r) => r.ms);
  const firstAccepted = reads.findIndex((r) => r.accepted);
  const byWays = [1, 2]
    .map((n) => reads.filter((r) => r.ways === n).map((r) => r.ms))
    .map((w, i) => `${i + 1} way${i > 0 ? 's' : ''} up: ${w.length}${w.length > 0 ? `, median ${quantile(w, 0.5).toFixed(0)} ms` : ''}`)
    .join('; ');
  console.log(
    `camera MRZ e2e (${label}): ${reads.length} MRZ reads in the Worker, median ${quantile(ms, 0.5).toFixed(0)} ms, p95 ${quantile(ms, 0.95).toFixed(0)} ms, ` +
      `max ${Math.max(...ms).toFixed(0)} ms (read ${byWays}); ${firstAccepted >= 0 ? `accepted at read ${firstAccepted + 1}` : 'never accepted'}; scan within ${Math.round(elapsedMs)} ms of the camera running; ` +
      `barcode fast frames meanwhile: ${fastMs.length}, median ${quantile(fastMs, 0.5).toFixed(1)} ms`,
  );
}

test.describe('camera: a passport MRZ read by the fake camera reaches the verdict', () => {
  test('reads the MRZ of the PV passport through the camera Worker; the wedge pass completes an ALLOW verdict', async ({
    harness,
    openDesk,
    workDir,
  }) => {
    const pv = samplePv();
    const mrz = mrzFor(pv);
    const video = writeMrzVideo(workDir, 'passport', mrz);
    importPvs(harness, [pv]);
    const { page, errors } = await openDesk({ camera: video.path, init: watchPage });

    await login(page, 'officier', '1234');
    await page.getByTestId('scan-input').waitFor();
    // The boarding pass by the keyboard wedge, the travel document by the camera.
    await wedgeType(page, boardingPassFor(pv));
    await expect.poll(() => page.getByTestId('verdict').getAttribute('data-incomplete')).toBe('true');

    await page.getByTestId('camera-toggle').click();
    await expect.poll(() => page.getByTestId('camera-view').getAttribute('data-status'), { timeout: 20_000 }).toBe('running');
    const started = Date.now();
    await expect.poll(() => page.getByTestId('last-scan-raw').textContent(), { timeout: 40_000 }).toBe(mrz);
    const elapsed = Date.now() - started;
    await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('ALLOW');
    expect(await page.getByTestId('verdict').getAttribute('data-incomplete')).toBe('false');

    const reads = await page.evaluate(() => (window as unknown as { __mrz: MrzRead[] }).__mrz);
    const fastMs = await page.evaluate(() => (window as unknown as { __fastMs: number[] }).__fastMs);
    report('valid MRZ', reads, fastMs, elapsed);
    // Chromium runs WebAssembly SIMD, and the app's content security policy lets the Worker compile it.
    expect(await page.evaluate(() => (window as unknown as { __mrzSimd: boolean | null }).__mrzSimd)).toBe(true);
    // Accepted only after two frames agreed on a reading that passes every check.
    const first = reads.findIndex((r) => r.accepted);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(reads.slice(0, first + 1).filter((r) => r.valid === true).length).toBeGreaterThanOrEqual(2);
    // Barcode frames kept running between MRZ reads.
    expect(fastMs.length).toBeGreaterThan(reads.length);
    // A reading that passed every check is never offered for confirmation.
    expect(await page.getByTestId('camera-mrz-candidate').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test('asks the officer to bring back into the frame an MRZ its bottom edge cuts, and never accepts it', async ({
    harness,
    openDesk,
    workDir,
  }, testInfo) => {
    const pv = samplePv();
    // The page held so low that the frame's edge cuts 6 px off the MRZ's second line: the glyphs
    // that lost their feet may be read as others with full confidence.
    const video = writeMrzVideo(workDir, 'passport-cut', mrzFor(pv), { cutBelowMrzPx: 6 });
    importPvs(harness, [pv]);
    // The cut glyphs are among the characters highlighted for the officer.
    await offeredWithNotice(await officerWithCameraOn(openDesk, video.path), 'camera-mrz-cut', /bord de l’image/, /حافة الصورة/, testInfo);
  });

  test('tells the officer that a reflection lies on the MRZ, and never accepts the page while it does', async ({
    harness,
    openDesk,
    workDir,
  }, testInfo) => {
    const pv = samplePv();
    // A lamp's reflection over columns 24-25 of line 1 and the start of line 2. Without it the
    // same page is read and accepted; with it every check still passes, yet a glyph the
    // reflection washes out may be read as another with full confidence.
    const video = writeMrzVideo(workDir, 'passport-glare', mrzFor(pv), { seed: 500_074, glare: true });
    importPvs(harness, [pv]);
    const desk = await officerWithCameraOn(openDesk, video.path);
    // Said at once, in the camera's status line, before any reading is offered (after 4 s).
    const status = desk.page.getByTestId('camera-status');
    await expect(status).toHaveAttribute('data-mrz-glare', 'true', { timeout: 20_000 });
    await expect(status).toHaveText(/reflet/);
    expect(await desk.page.getByTestId('camera-mrz-candidate').count()).toBe(0);
    await testInfo.attach('camera-status-glare-fr', { body: await desk.page.screenshot(), contentType: 'image/png' });
    // Then the reading is offered with the same advice, the glyphs under the reflection
    // highlighted, and the status line leaves the advice to it.
    await offeredWithNotice(desk, 'camera-mrz-glare', /reflet/, /انعكاس/, testInfo);
    await expect(status).toHaveAttribute('data-mrz-glare', 'false');
  });

  test('offers an MRZ it cannot accept with its band for the officer to correct and confirm, and sends the corrected lines', async ({
    harness,
    openDesk,
    workDir,
  }) => {
    const pv = samplePv();
    // A page photographed far worse than the bench's photos (severity 2.2): the reader gets four
    // characters wrong and its check digits fail, so it does not accept the reading on its own.
    // (Seed 500104, used before, is now read exactly and accepted.)
    const video = writeMrzVideo(workDir, 'passport-degraded', mrzFor(pv), { seed: 500_107, severity: 2.2 });
    importPvs(harness, [pv]);
    const { page, errors } = await officerWithCameraOn(openDesk, video.path);
    const started = Date.now();
    // Past the start-up: the Worker has reported its first MRZ read.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __mrz: MrzRead[] }).__mrz.length), { timeout: 40_000 })
      .toBeGreaterThan(0);
    const watchFrom = await page.evaluate(() => performance.now());
    const candidate = page.getByTestId('camera-mrz-candidate');
    await candidate.waitFor({ timeout: 40_000 });
    const elapsed = Date.now() - started;
    // While the Worker reads the MRZ (about every half second), the UI thread stays free.
    const longTasks = await page.evaluate(
      (t0) =>
        (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks
          .filter((t) => t.start >= t0)
          .map((t) => Math.round(t.duration)),
      watchFrom,
    );
    console.log(`camera MRZ e2e: main-thread tasks over 50 ms while the MRZ was being read: [${longTasks.join(', ')}]`);
    // The page's checks fail, so the first frames are read both ways up; once upright has won on
    // two frames, frames are read upright only (both ways again every 4th frame).
    const readsSoFar = await page.evaluate(() => (window as unknown as { __mrz: MrzRead[] }).__mrz);
    expect(readsSoFar.filter((r) => r.found)[0]?.ways).toBe(2);
    expect(readsSoFar.slice(2).some((r) => r.ways === 1)).toBe(true);
    expect(Math.max(0, ...longTasks)).toBeLessThanOrEqual(50);
    expect(await candidate.getAttribute('data-valid')).not.toBeNull();
    const shown = await page.getByTestId('camera-mrz-lines').textContent();
    expect(shown?.split('\n')).toHaveLength(2);
    // Nothing was sent as a scan before the officer confirms.
    expect(await page.getByTestId('last-scan-raw').count()).toBe(0);
    // The band as the camera saw it is shown; the officer types the MRZ as printed on the page.
    await expect(page.getByTestId('camera-mrz-crop')).toBeVisible();
    // The whole confirmation, down to its buttons, is brought into view (the desk is taller than
    // a 1280x720 window); the focus stays where it was, so a wedge scan is not typed into the edit box.
    await expect(page.getByTestId('camera-mrz-crop')).toBeInViewport();
    await expect(page.getByTestId('camera-mrz-confirm')).toBeInViewport();
    await expect(page.getByTestId('camera-mrz-dismiss')).toBeInViewport();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).not.toBe('camera-mrz-edit');
    const truth = mrzFor(pv);
    await page.getByTestId('camera-mrz-edit').fill(truth.toLowerCase());
    await page.getByTestId('camera-mrz-confirm').click();
    await expect.poll(() => page.getByTestId('last-scan-raw').textContent()).toBe(truth);
    expect(await candidate.count()).toBe(0);
    // The passage keeps the correction with its scan and the scan list says so.
    const changed = shown !== truth;
    console.log(`camera MRZ e2e: the officer ${changed ? 'changed characters of' : 'kept'} the reading`);
    const mrzScan = page.locator('[data-testid="passage-scan"][data-kind="mrz"]');
    await expect(mrzScan).toHaveCount(1);
    expect(await mrzScan.getAttribute('data-corrected')).toBe(changed ? 'true' : null);
    await expect(mrzScan.getByTestId('passage-scan-corrected')).toHaveCount(changed ? 1 : 0);
    if (changed) await expect(mrzScan.getByTestId('passage-scan-corrected')).toHaveText("corrigé par l'agent");

    const reads = await page.evaluate(() => (window as unknown as { __mrz: MrzRead[] }).__mrz);
    const fastMs = await page.evaluate(() => (window as unknown as { __fastMs: number[] }).__fastMs);
    report('degraded photo, confirmed by the officer', reads, fastMs, elapsed);
    expect(reads.some((r) => r.accepted)).toBe(false);
    expect(errors).toEqual([]);
  });
});
