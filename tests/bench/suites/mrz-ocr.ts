/**
 * MRZ OCR on generated camera-like document photos (TD3 and TD1; blur, noise, rotation,
 * perspective, uneven and low light, JPEG) from held-out seeds never used to build the table.
 */
import { readFileSync } from 'node:fs';
import { readMrzFromImage, resolveGlyphTable } from '../../../core/vision/mrz/index';
import { renderSyntheticPhoto, SEEDS } from '../../../scripts/ocr/synthetic-photo';
import { TABLE_PATH } from '../../../scripts/ocr/build-table';
import { percentile, type BenchReport } from '../report';
import type { BenchSuite } from './index';

// Defaults are the reported bench; the variables reproduce the other rows of docs/mrz-ocr.md.
const PHOTOS = Number(process.env.MRZ_BENCH_PHOTOS ?? 40);
const FIRST_SEED = Number(process.env.MRZ_BENCH_SEED ?? SEEDS.bench);
const SEVERITY = Number(process.env.MRZ_BENCH_SEVERITY ?? 1);
const SIZE = process.env.MRZ_BENCH_SIZE?.split('x').map(Number); // e.g. 640x480

export const mrzOcrSuite: BenchSuite = {
  name: 'mrz-ocr',
  async run(report: BenchReport) {
    const bytes = new Uint8Array(readFileSync(TABLE_PATH));
    const table = resolveGlyphTable(bytes);
    if (!table) throw new Error('bad glyph table');
    let exact = 0;
    let validExact = 0;
    let falseValid = 0;
    let accepted = 0;
    let falseAccepted = 0;
    let found = 0;
    let lines = 0;
    let linesRight = 0;
    let chars = 0;
    let charsRight = 0;
    let rawExact = 0;
    const ms: number[] = [];
    for (let i = 0; i < PHOTOS; i++) {
      const photo = renderSyntheticPhoto(FIRST_SEED + i, {
        format: i % 2 === 0 ? 'TD3' : 'TD1',
        severity: SEVERITY,
        ...(SIZE ? { width: SIZE[0], height: SIZE[1] } : {}),
      });
      const t0 = performance.now();
      const r = readMrzFromImage(photo.image, table);
      ms.push(performance.now() - t0);
      if (r.found) found++;
      lines += photo.lines.length;
      photo.lines.forEach((line, li) => {
        const got = r.lines[li] ?? '';
        if (got === line) linesRight++;
        for (let p = 0; p < line.length; p++) {
          chars++;
          if (got[p] === line[p]) charsRight++;
        }
      });
      const ok = r.lines.length === photo.lines.length && r.lines.every((l, li) => l === photo.lines[li]);
      if (ok) exact++;
      if (ok && r.valid) validExact++;
      if (r.valid && !ok) falseValid++;
      if (r.accepted) accepted++;
      if (r.accepted && !ok) falseAccepted++;
      if (ok && r.repairs.length === 0) rawExact++;
    }
    report.figure(
      'photos',
      PHOTOS,
      '',
      `held-out seeds ${FIRST_SEED}..${FIRST_SEED + PHOTOS - 1}, half TD3 half TD1, severity ${SEVERITY}`,
    );
    report.figure('MRZ located', (100 * found) / PHOTOS, '%');
    report.figure('exact MRZ', (100 * exact) / PHOTOS, '%', `${exact}/${PHOTOS}; target >= 98 %`);
    report.figure('exact MRZ and all checks pass', (100 * validExact) / PHOTOS, '%');
    report.figure('exact without any repair', (100 * rawExact) / PHOTOS, '%');
    report.figure('accepted without the officer', (100 * accepted) / PHOTOS, '%', `${accepted}/${PHOTOS}`);
    report.figure('false acceptance (wrong and accepted)', falseAccepted, 'photos', 'target 0');
    report.figure('false valid (wrong and valid)', falseValid, 'photos');
    report.figure('exact lines', (100 * linesRight) / lines, '%', `${linesRight}/${lines}`);
    report.figure('character accuracy', (100 * charsRight) / chars, '%');
    report.figure('time per image median', percentile(ms, 50), 'ms');
    report.figure('time per image p95', percentile(ms, 95), 'ms');
  },
};
