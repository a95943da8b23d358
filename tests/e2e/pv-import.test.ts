import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePv } from '../../core/departure/testing';
import { openApp, login } from './app';
import { launchBrowser } from './browser';

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'rva-pv-import-'));
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PV import screen', () => {
  it('refuses a bad file whole with its line and field, then imports the corrected file', async () => {
    const app = await openApp(browser);
    try {
      await login(app.page, 'superviseur', '3456');
      await app.page.getByTestId('sup-tab-pvImport').click();
      const bad = join(dir, 'pvs-bad.json');
      const good = samplePv({ pvNumber: 'PV-UI-1' });
      writeFileSync(bad, JSON.stringify({ version: 1, pvs: [good, { ...samplePv({ pvNumber: 'PV-UI-2' }), status: 'maybe' }] }, null, 2));
      await app.page.getByTestId('pv-import-file').setInputFiles(bad);
      await app.page.getByTestId('pv-import-refused').waitFor();
      const firstError = app.page.getByTestId('pv-import-error').first();
      expect(await firstError.textContent()).toMatch(/status/);
      expect(app.harness.services.departures).toBeDefined();
      expect(app.harness.services.db.prepare("SELECT count(*) AS n FROM pvs WHERE pv_number LIKE 'PV-UI-%'").get()).toEqual({ n: 0 });

      const fixed = join(dir, 'pvs.json');
      writeFileSync(fixed, JSON.stringify({ version: 1, pvs: [good] }));
      await app.page.getByTestId('pv-import-file').setInputFiles(fixed);
      await app.page.getByTestId('pv-import-done').waitFor();
      expect(await app.page.getByTestId('pv-import-done').textContent()).toMatch(/1/);
      expect(app.harness.services.db.prepare("SELECT count(*) AS n FROM pvs WHERE pv_number LIKE 'PV-UI-%'").get()).toEqual({ n: 1 });
    } finally {
      await app.close();
    }
  }, 120_000);
});
