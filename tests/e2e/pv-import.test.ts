import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { samplePv } from '../../core/departure/testing';
import { login } from './app';
import { expect, test } from './test';

test.describe('PV import screen', () => {
  test('refuses a bad file whole with its line and field, then imports the corrected file', async ({ harness, openDesk, workDir }) => {
    const { page } = await openDesk();
    const pvCount = () => harness.services.db.prepare("SELECT count(*) AS n FROM pvs WHERE pv_number LIKE 'PV-UI-%'").get();
    await login(page, 'superviseur', '3456');
    await page.getByTestId('sup-tab-pvImport').click();
    const bad = join(workDir, 'pvs-bad.json');
    const good = samplePv({ pvNumber: 'PV-UI-1' });
    writeFileSync(bad, JSON.stringify({ version: 1, pvs: [good, { ...samplePv({ pvNumber: 'PV-UI-2' }), status: 'maybe' }] }, null, 2));
    await page.getByTestId('pv-import-file').setInputFiles(bad);
    await page.getByTestId('pv-import-refused').waitFor();
    const firstError = page.getByTestId('pv-import-error').first();
    expect(await firstError.textContent()).toMatch(/status/);
    expect(pvCount()).toEqual({ n: 0 });

    const fixed = join(workDir, 'pvs.json');
    writeFileSync(fixed, JSON.stringify({ version: 1, pvs: [good] }));
    await page.getByTestId('pv-import-file').setInputFiles(fixed);
    await page.getByTestId('pv-import-done').waitFor();
    expect(await page.getByTestId('pv-import-done').textContent()).toMatch(/1/);
    expect(pvCount()).toEqual({ n: 1 });
  });
});
