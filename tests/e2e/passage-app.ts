/**
 * The passage e2e setup: a harness of its own (temp SQLite file, demo users) whose clock stands on
 * the sample PV's flight day, the PVs of the test imported, and as many desks (browser contexts,
 * each its own client and session) as the test needs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SAMPLE_NOW } from '../../core/departure/testing';
import type { Pv } from '../../core/departure/pv';
import { startHarness, type Harness } from '../../main/harness/harness';
import { createManualClock, silentLogger } from '../../main/services/runtime';
import { repoRoot } from './app';
import { newPage } from './browser';

export interface Desk {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export interface PassageApp {
  harness: Harness;
  clock: ReturnType<typeof createManualClock>;
  desk(viewport?: { width: number; height: number }): Promise<Desk>;
  close(): Promise<void>;
}

const benign = [/frame-ancestors' is ignored/];

export async function openPassageApp(browser: Browser, pvs: Pv[]): Promise<PassageApp> {
  const dir = mkdtempSync(join(tmpdir(), 'rva-e2e-passage-'));
  const clock = createManualClock(SAMPLE_NOW);
  const harness = await startHarness({
    dataDir: join(dir, 'data'),
    rendererDir: join(repoRoot, 'out', 'renderer'),
    port: 0,
    demo: true,
    logger: silentLogger,
    clock,
  });
  const imported = harness.services.departures.importPvs(JSON.stringify({ version: 1, pvs }), 'json', null);
  if (!imported.ok) throw new Error(`PV import refused: ${JSON.stringify(imported.errors)}`);
  const contexts: BrowserContext[] = [];
  return {
    harness,
    clock,
    async desk(viewport) {
      const { context, page, errors } = await newPage(browser, viewport);
      contexts.push(context);
      // The page shows times of the flight day too (last scan), frozen for stable screenshots.
      await context.clock.setFixedTime(new Date(SAMPLE_NOW));
      await page.goto(harness.url);
      return {
        context,
        page,
        get errors() {
          return errors.filter((e) => !benign.some((re) => re.test(e)));
        },
      };
    },
    async close() {
      for (const c of contexts) await c.close();
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Types a payload like a keyboard-wedge reader: fast keys, Enter after each line. */
export async function wedgeType(page: Page, payload: string): Promise<void> {
  for (const line of payload.split('\n')) {
    await page.keyboard.type(line, { delay: 5 });
    await page.keyboard.press('Enter');
  }
}
