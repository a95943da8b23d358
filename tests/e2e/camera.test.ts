/**
 * Camera e2e: Chromium's fake camera plays a Y4M video of a boarding pass (PDF417, then Aztec,
 * each held slightly tilted) into the officer desk. The desk's camera view decodes the frames in
 * its Worker (zxing-wasm, .wasm served by the app) and the pass reaches the verdict. While the
 * camera scans, a PerformanceObserver records main-thread long tasks: none may exceed 50 ms.
 */
import type { Page } from '@playwright/test';
import { SAMPLE_NOW, samplePv } from '../../core/departure/testing';
import { boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';
import type { PassSymbology } from '../../scripts/gen/boarding-pass';
import { login, wedgeType } from './app';
import { writePassVideo } from './fixtures/camera-video';
import { expect, importPvs, test, type Desk } from './test';

const LONG_TASK_LIMIT_MS = 50;
/** How many frames the camera decodes after the verdict before the steady window starts (about a second). */
const SETTLE_FRAMES = 20;
/** How many frames the camera decodes in the steady window (about four seconds), for the long-task measurement. */
const STEADY_FRAMES = 75;
/** The same window with the camera off, in rendered animation frames (about four seconds at 60 Hz). */
const IDLE_ANIMATION_FRAMES = 240;

test.use({
  harnessOptions: { now: SAMPLE_NOW },
  // These tests measure the page's UI thread: the trace keeps actions, console and network, not
  // the DOM snapshots and screencast that would run on that thread at every step.
  trace: { mode: 'retain-on-failure', snapshots: false, screenshots: false },
});

async function watchPage(context: Desk['context'], canvasFallback: boolean): Promise<void> {
  // Main-thread tasks over 50 ms, from page load on; the test reads the ones seen while scanning.
  await context.addInitScript(() => {
    const w = window as unknown as { __longTasks: LongTask[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // Decode times the Worker reports (result.ms per mode), recorded beside the app's own listener.
    const d = window as unknown as { __decodes: { mode: string; ms: number }[] };
    d.__decodes = [];
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (e: MessageEvent<{ type?: string; mode?: string; ms?: number }>) => {
          if (e.data?.type === 'result' && typeof e.data.ms === 'number') d.__decodes.push({ mode: String(e.data.mode), ms: e.data.ms });
        });
      }
    };
  });
  // The fallback for browsers without MediaStreamTrackProcessor: frames read through a canvas.
  if (canvasFallback) await context.addInitScript(() => Reflect.deleteProperty(window, 'MediaStreamTrackProcessor'));
}

interface LongTask {
  start: number;
  duration: number;
}

/** Long tasks (over 50 ms) that ended after `from` (performance.now() in the page). */
function longTasksSince(page: Page, from: number): Promise<LongTask[]> {
  return page.evaluate(
    (t0) => (window as unknown as { __longTasks: LongTask[] }).__longTasks.filter((t) => t.start + t.duration >= t0),
    from,
  );
}

/** Frames the camera view has decoded so far. */
function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.querySelector('[data-testid="camera-view"] video')?.getAttribute('data-frames') ?? 0));
}

/** Resolves after the page has rendered `count` animation frames. */
function animationFrames(page: Page, count: number): Promise<void> {
  return page.evaluate(
    (n) =>
      new Promise<void>((done) => {
        let left = n;
        const next = () => (--left <= 0 ? done() : requestAnimationFrame(next));
        requestAnimationFrame(next);
      }),
    count,
  );
}

const cases: { symbology: PassSymbology; tiltDeg: number; canvasFallback?: boolean }[] = [
  { symbology: 'PDF417', tiltDeg: 4 },
  { symbology: 'Aztec', tiltDeg: -9 },
  { symbology: 'PDF417', tiltDeg: -3, canvasFallback: true },
];

test.describe('camera: fake-camera boarding passes reach the verdict', () => {
  for (const { symbology, tiltDeg, canvasFallback = false } of cases) {
    const path = canvasFallback ? 'canvas fallback' : 'frame stream';
    test(`reads a ${symbology} pass held at ${tiltDeg} degrees through the camera Worker (${path})`, async ({
      harness,
      openDesk,
      workDir,
    }) => {
      const pv = samplePv();
      const bcbp = boardingPassFor(pv);
      const video = await writePassVideo(workDir, `${symbology.toLowerCase()}-${tiltDeg}`, bcbp, symbology, tiltDeg);
      importPvs(harness, [pv]);
      const { page, errors } = await openDesk({ camera: video.path, init: (context) => watchPage(context, canvasFallback) });

      await login(page, 'officier', '1234');
      await page.getByTestId('scan-input').waitFor();
      // The travel document by the keyboard wedge, the boarding pass by the camera.
      await wedgeType(page, mrzFor(pv));
      await expect.poll(() => page.getByTestId('verdict').getAttribute('data-incomplete')).toBe('true');

      // A while with the camera off: what this machine's UI thread does without scanning.
      const idleStart = await page.evaluate(() => performance.now());
      await animationFrames(page, IDLE_ANIMATION_FRAMES);
      const idle = await longTasksSince(page, idleStart);

      await page.getByTestId('camera-toggle').click();
      await expect.poll(() => page.getByTestId('camera-view').getAttribute('data-status'), { timeout: 20_000 }).toBe('running');
      const scanStart = await page.evaluate(() => performance.now());

      await expect.poll(() => page.getByTestId('last-scan-raw').textContent(), { timeout: 30_000 }).toBe(bcbp);
      await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('ALLOW');
      expect(await page.getByTestId('verdict').getAttribute('data-incomplete')).toBe('false');
      // The view outlines the code it found.
      await expect.poll(() => page.getByTestId('camera-found-code').count()).toBeGreaterThan(0);
      const readAt = await page.evaluate(() => performance.now());

      // Keep scanning (the pass stays in view, repeats are ignored) and watch the UI thread. The
      // read itself re-renders the desk (verdict, timeline): that burst is printed, not asserted;
      // steady scanning, from about a second after the verdict, must not block the UI thread.
      const atVerdict = await framesDecoded(page);
      await expect.poll(() => framesDecoded(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(atVerdict + SETTLE_FRAMES);
      const steadyStart = await page.evaluate(() => performance.now());
      const atSteady = await framesDecoded(page);
      await expect.poll(() => framesDecoded(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(atSteady + STEADY_FRAMES);
      const steadyEnd = await page.evaluate(() => performance.now());
      const all = await longTasksSince(page, scanStart);
      const steady = all.filter((t) => t.start >= steadyStart);
      const maxOf = (list: LongTask[]) => list.reduce((m, t) => Math.max(m, t.duration), 0);
      const idleMax = maxOf(idle.filter((t) => t.start < scanStart));
      const frames = await framesDecoded(page);
      const decodes = await page.evaluate(() => (window as unknown as { __decodes: { mode: string; ms: number }[] }).__decodes);
      const fastMs = decodes
        .filter((x) => x.mode === 'fast')
        .map((x) => x.ms)
        .sort((a, b) => a - b);
      const at = (q: number) => (fastMs[Math.min(fastMs.length - 1, Math.floor(q * fastMs.length))] ?? NaN).toFixed(1);
      console.log(
        `camera e2e ${symbology} (tilt ${tiltDeg}, ${path}): read within ${Math.round(readAt - scanStart)} ms of scanning; ` +
          `longest main-thread task: ${maxOf(steady).toFixed(0)} ms in ${Math.round((steadyEnd - steadyStart) / 1000)} s of steady scanning (${frames} frames decoded), ` +
          `${maxOf(all).toFixed(0)} ms from camera start through the verdict (${all.length} tasks over 50 ms:` +
          all.map((t) => ` ${Math.round(t.duration)} ms at +${Math.round(t.start - scanStart)} ms`).join(',') +
          `), ${idleMax.toFixed(0)} ms with the camera off; Worker fast-frame decode median ${at(0.5)} ms, p95 ${at(0.95)} ms (${fastMs.length} frames)`,
      );
      // The canvas fallback reads pixels on the UI thread: printed, not held to the limit.
      if (!canvasFallback) expect(maxOf(steady)).toBeLessThanOrEqual(LONG_TASK_LIMIT_MS);
      expect(frames).toBeGreaterThan(10);
      expect(errors).toEqual([]);
    });
  }
});
