import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseProvisioning } from '../../core/post/provisioning';
import { createPgliteStorage } from '../../server/storage';
import { ensureDemoTls } from '../../server/tls';
import { makePv } from './helpers';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'rva-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, RVA_SERVER_DATA: dir },
    timeout: 60_000,
  });

describe('server CLI without a running server', () => {
  it('issues enrolment codes and imports PVs into the data directory', async () => {
    const first = await cli('enrol-code', 'CMN');
    expect(first.stdout.trim()).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const file = join(dir, 'pvs.json');
    writeFileSync(file, JSON.stringify({ version: 1, pvs: [makePv(1), makePv(2)] }));
    const imported = await cli('pv-import', file);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 2, updated: 0, unchanged: 0, errors: [] });
    const again = await cli('pv-import', file);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, unchanged: 2 });
    await expect(cli('enrol-code', 'not a post')).rejects.toMatchObject({ code: 2 });
    const storage = await createPgliteStorage(join(dir, 'pg'));
    const codes = await storage.query<{ n: number }>('SELECT count(*)::int AS n FROM enrol_codes');
    await storage.close();
    expect(codes.rows[0]).toEqual({ n: 1 });
  });

  it('writes a provisioning file the setup screen reads: address, certificate fingerprint, a new code', async () => {
    await expect(cli('provisioning', 'RAK', '--url', 'https://centre.example:8443')).rejects.toMatchObject({ code: 2 });
    const tls = ensureDemoTls(join(dir, 'tls'));
    const { stdout } = await cli('provisioning', 'RAK', '--url', 'https://centre.example:8443');
    const parsed = parseProvisioning(stdout);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value).toMatchObject({
      url: 'https://centre.example:8443',
      fingerprint: tls.fingerprint256.replace(/:/g, ''),
      postCode: 'RAK',
    });
    expect(parsed.value.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  });
});
