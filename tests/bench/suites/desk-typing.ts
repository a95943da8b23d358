/**
 * Typing cost at the desk: an 860-character burst (the length of a PV QR read by a keyboard-wedge
 * scanner) typed into the scan box of the built renderer in Chromium, against the real services in
 * browser mode. Reports the time the page's key and input handlers take per keystroke (p50, p99,
 * max; React renders run inside them) and how many commits re-rendered the whole desk during the
 * burst. Needs `npx electron-vite build` first and Chromium (tests/e2e/browser.ts).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { seedDemo } from '../../../main/demo/demo-seed';
import { startHarness } from '../../../main/harness/harness';
import { silentLogger } from '../../../main/services/runtime';
import { chromiumArgs, chromiumPath, contextOptions } from '../../e2e/browser';
import { percentile, type BenchReport } from '../report';
import type { BenchSuite } from './index';

const BURST = 860;

/** Runs in the page before the app: times every key/input listener, counts desk renders. */
function instrument(): void {
  const w = window as unknown as Record<string, unknown>;
  const state = { acc: 0, perKey: [] as number[], commits: 0, deskRenders: 0, lastDeskState: undefined as unknown, started: false };
  w.__deskBench = state;
  const types = new Set(['keydown', 'keypress', 'beforeinput', 'input', 'keyup', 'change']);
  const wrapped = new WeakMap<object, EventListener>();
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: unknown,
  ) {
    if (!types.has(type) || typeof listener !== 'function') return add.call(this, type, listener, options as AddEventListenerOptions);
    let w2 = wrapped.get(listener);
    if (!w2) {
      const inner = listener;
      w2 = function (this: unknown, e: Event) {
        const t0 = performance.now();
        try {
          return inner.call(this, e) as unknown;
        } finally {
          state.acc += performance.now() - t0;
        }
      } as EventListener;
      wrapped.set(listener, w2);
    }
    return add.call(this, type, w2, options as AddEventListenerOptions);
  } as typeof EventTarget.prototype.addEventListener;
  EventTarget.prototype.removeEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: unknown,
  ) {
    const w2 = listener && typeof listener === 'function' ? wrapped.get(listener) : undefined;
    return remove.call(this, type, w2 ?? listener, options as EventListenerOptions);
  } as typeof EventTarget.prototype.removeEventListener;
  // One keystroke ends where the next keydown starts.
  add.call(
    window,
    'keydown',
    () => {
      if (state.started) state.perKey.push(state.acc);
      state.acc = 0;
    },
    { capture: true },
  );

  type Fiber = {
    type: unknown;
    memoizedProps: { className?: unknown } | null;
    memoizedState: unknown;
    child: Fiber | null;
    sibling: Fiber | null;
    return: Fiber | null;
  };
  const findDesk = (root: Fiber | null): Fiber | null => {
    const stack: Fiber[] = root ? [root] : [];
    while (stack.length > 0) {
      const f = stack.pop() as Fiber;
      const cls = f.memoizedProps?.className;
      if (f.type === 'main' && typeof cls === 'string' && cls.includes('desk-screen')) return f.return;
      if (f.sibling) stack.push(f.sibling);
      if (f.child) stack.push(f.child);
    }
    return null;
  };
  w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    renderers: new Map(),
    supportsFiber: true,
    inject: () => 1,
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    checkDCE() {},
    onCommitFiberRoot(_id: number, root: { current: Fiber }) {
      const t0 = performance.now();
      state.commits++;
      const desk = findDesk(root.current);
      // A component that rendered has new hook objects; one that bailed out keeps them.
      if (desk && desk.memoizedState !== state.lastDeskState) {
        if (state.started) state.deskRenders++;
        state.lastDeskState = desk.memoizedState;
      }
      state.acc -= performance.now() - t0;
    },
  };
}

export const deskTypingSuite: BenchSuite = {
  name: 'desk-typing',
  async run(report: BenchReport) {
    const rendererDir = resolve(import.meta.dirname, '../../../out/renderer');
    if (!existsSync(join(rendererDir, 'index.html')) || !existsSync(chromiumPath)) {
      console.log('  skipped: needs `npx electron-vite build` and Chromium');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'rva-bench-desk-'));
    const harness = await startHarness({ dataDir: join(dir, 'data'), rendererDir, port: 0, seed: seedDemo, logger: silentLogger });
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    try {
      const context = await browser.newContext({ ...contextOptions });
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      // The bench runs under tsx, whose output names functions with a `__name` helper the page lacks.
      await page.addInitScript('globalThis.__name = (f) => f;');
      await page.addInitScript(instrument);
      setTimeout(() => pageErrors.length > 0 && console.log('  page errors:', pageErrors.slice(0, 3).join(' | ')), 20_000).unref();
      await page.goto(harness.url);
      await page.getByTestId('login-user').fill('officier');
      await page.getByTestId('login-pin').fill('1234');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('scan-input').waitFor();
      await page.getByTestId('scan-input').focus();
      let text = '';
      for (let i = 0; text.length < BURST; i++) text += `PV${i}:ABCDEFGHJKLMNPQRSTUVWXYZ0123456789/`;
      await page.evaluate(() => {
        const s = (window as unknown as { __deskBench: { started: boolean; acc: number } }).__deskBench;
        s.started = true;
        s.acc = 0;
      });
      await page.keyboard.type(text.slice(0, BURST));
      await page.keyboard.press('Shift'); // closes the last keystroke's figure
      const s = await page.evaluate(
        () => (window as unknown as { __deskBench: { perKey: number[]; deskRenders: number; commits: number } }).__deskBench,
      );
      const keys = s.perKey.slice(0, BURST);
      report.figure('handler time per keystroke p50', percentile(keys, 50), 'ms', `${keys.length} keys`);
      report.figure('handler time per keystroke p99', percentile(keys, 99), 'ms', 'goal <= 2 ms');
      report.figure('handler time per keystroke max', Math.max(...keys), 'ms');
      report.figure('desk-wide renders per burst', s.deskRenders, 'renders', `${BURST} keys, goal 0`);
      await context.close();
    } finally {
      await browser.close();
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
