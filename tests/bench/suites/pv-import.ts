/**
 * PV import of a large file: 100 MB of JSON and of CSV (about 110,000 and 300,000 PVs) loaded
 * through the `import-pvs` command in a process of its own, peak resident memory measured by
 * GNU time. Figures: peak RSS (MiB), its ratio to the file size, and the wall time.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { PV_CSV_COLUMNS } from '../../../core/departure/pv-import';
import { samplePv } from '../../../core/departure/testing';
import type { BenchReport } from '../report';
import type { BenchSuite } from './index';

const TARGET_BYTES = Number(process.env.RVA_PV_BENCH_MB ?? 100) * 1024 * 1024;

const pvNumber = (i: number) => `PV-CMN-2026-${String(i).padStart(7, '0')}`;

async function writeFile(path: string, format: 'json' | 'csv'): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  let i = 0;
  if (format === 'json') {
    await write('{\n  "version": 1,\n  "pvs": [\n');
    while (bytes < TARGET_BYTES) {
      const pv = samplePv({ pvNumber: pvNumber(i) });
      await write(`${i > 0 ? ',\n' : ''}${JSON.stringify(pv, null, 2).replace(/^/gm, '    ')}`);
      i += 1;
    }
    await write('\n  ]\n}\n');
  } else {
    await write(`${PV_CSV_COLUMNS.join(';')}\r\n`);
    const row = (n: number) =>
      [
        pvNumber(n),
        '"Préfecture de police de Casablanca; Service des Étrangers"',
        '2026-06-01T09:30:00Z',
        "N'Diaye",
        'Mamadou Aliou',
        'M',
        '1998-03-14',
        'SEN',
        'MA-RVA-2026-0412',
        'lpc',
        'LP0451278',
        'SEN',
        '2026-09-01',
        'air',
        'AT',
        '535',
        '2026-06-15',
        'K7QZ2P',
        '1472345678901',
        '',
        '',
        'CMN',
        '2026-06-01T00:00:00Z',
        '2026-06-30T23:59:59Z',
        'active',
        '1',
        '',
        'non',
        '',
      ].join(';');
    while (bytes < TARGET_BYTES) {
      await write(`${row(i)}\r\n`);
      i += 1;
    }
  }
  out.end();
  await once(out, 'finish');
  return i;
}

async function run(report: BenchReport): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rva-pv-bench-'));
  try {
    for (const format of ['json', 'csv'] as const) {
      const file = join(dir, `pvs.${format}`);
      const count = await writeFile(file, format);
      const size = statSync(file).size;
      const cli = resolve(import.meta.dirname, '../../../cli/index.ts');
      const t0 = Date.now();
      const r = spawnSync(
        '/usr/bin/time',
        ['-f', 'maxrss_kib=%M', process.execPath, '--import', 'tsx', cli, 'import-pvs', file, '--data-dir', join(dir, `db-${format}`)],
        {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      const seconds = (Date.now() - t0) / 1000;
      const rss = Number(/maxrss_kib=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
      const outcome = r.stdout.slice(0, 120).trim();
      report.figure(`${format} file`, size / 2 ** 20, 'MiB', `${count} PVs`);
      report.figure(`${format} import peak RSS`, rss, 'MiB', `${(rss / (size / 2 ** 20)).toFixed(1)}x the file; ${outcome}`);
      report.figure(`${format} import time`, seconds, 's');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const pvImportSuite: BenchSuite = { name: 'pv-import', run };
