import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { samplePv } from '../../core/departure/testing';
import type { CliIo } from '../io';
import { importPvsCommand } from './import-pvs';

const dir = mkdtempSync(join(tmpdir(), 'rva-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { readStdin: async () => '', stdout: (t) => out.push(t), stderr: (t) => err.push(t), readFile: (p) => readFileSync(p) };
  return { io, out, err };
}

describe('import-pvs', () => {
  it('imports a good file and says how many PVs were written', async () => {
    const file = join(dir, 'good.json');
    writeFileSync(file, JSON.stringify({ version: 1, pvs: [samplePv({ pvNumber: 'PV-CLI-1' })] }));
    const { io, out } = fakeIo();
    expect(await importPvsCommand.run([file, '--data-dir', join(dir, 'post')], io)).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual({ ok: true, received: 1, written: 1 });
  });

  it('refuses a bad file whole with the line at fault and exit code 1', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify(
        { version: 1, pvs: [samplePv({ pvNumber: 'PV-CLI-2' }), { ...samplePv({ pvNumber: 'PV-CLI-3' }), status: 'maybe' }] },
        null,
        2,
      ),
    );
    const { io, out } = fakeIo();
    expect(await importPvsCommand.run([file, '--data-dir', join(dir, 'post')], io)).toBe(1);
    const result = JSON.parse(out.join('')) as { ok: boolean; errors: { line: number; field: string }[] };
    expect(result.ok).toBe(false);
    expect(result.errors[0]?.field).toMatch(/status/);
    expect(result.errors[0]?.line).toBeGreaterThan(1);
    const again = fakeIo();
    writeFileSync(file, JSON.stringify({ version: 1, pvs: [samplePv({ pvNumber: 'PV-CLI-2' })] }));
    expect(await importPvsCommand.run([file, '--data-dir', join(dir, 'post')], again.io)).toBe(0);
    expect(JSON.parse(again.out.join(''))).toEqual({ ok: true, received: 1, written: 1 });
  });

  it('refuses a file that is not UTF-8, naming the line, and imports nothing of it', async () => {
    const file = join(dir, 'latin1.json');
    const text = JSON.stringify({ version: 1, pvs: [samplePv({ pvNumber: 'PV-CLI-4', policeStation: 'Préfecture' })] }, null, 2);
    writeFileSync(file, Buffer.from(text, 'latin1'));
    const { io, out } = fakeIo();
    expect(await importPvsCommand.run([file, '--data-dir', join(dir, 'post')], io)).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes('Préfecture')) + 1;
    expect(JSON.parse(out.join(''))).toEqual({
      ok: false,
      errors: [{ line, field: '', code: 'encoding', message: 'pvImport.error.encoding' }],
    });
  });

  it('answers a usage error with exit code 2', async () => {
    const { io, err } = fakeIo();
    expect(await importPvsCommand.run([], io)).toBe(2);
    expect(err.join('')).toMatch(/usage/);
  });
});
