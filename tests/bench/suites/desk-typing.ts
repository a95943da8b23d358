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
import { instrumentDesk } from '../desk-instrument';

const BURST = 860;

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
      await page.addInitScript(instrumentDesk);
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
