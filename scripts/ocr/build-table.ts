/**
 * Builds a glyph prototype table from the regular OCR-B rendering only: the table shipped until
 * 2026-12-06, kept to compare with. The shipped table (resources/ocr/mrz-ocrb.bin, `TABLE_PATH`)
 * is built by build-table-printings.ts; this script writes elsewhere unless told.
 *
 * Renders synthetic camera-like document photos (OCR-B MRZ, training seeds only), runs them through
 * exactly the reader's own preprocessing and cell extraction, labels each cell from the ground
 * truth, keeps at most PER_CLASS prototypes per character and writes them int8-quantised.
 *
 *   npx tsx scripts/ocr/build-table.ts [photos=160] [perClass=100] [out]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeGlyphTable } from '../../core/vision/mrz/glyph-table';
import { MRZ_ALPHABET } from '../../core/documents/mrz-layout';
import { mrzCellFeatures, prepareMrz } from '../../core/vision/mrz/read';
import { createRng } from './mrz-text';
import { renderSyntheticPhoto, SEEDS } from './synthetic-photo';

export const TABLE_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../resources/ocr/mrz-ocrb.bin');

export function collectSamples(photos: number, firstSeed = SEEDS.train, log = (_: string) => {}): Map<string, Float32Array[]> {
  const byClass = new Map<string, Float32Array[]>();
  let used = 0;
  for (let i = 0; i < photos; i++) {
    const seed = firstSeed + i;
    // A third of the photos at a milder severity so clean captures are covered as well.
    const photo = renderSyntheticPhoto(seed, { format: i % 2 === 0 ? 'TD3' : 'TD1', severity: i % 3 === 2 ? 0.5 : 1 });
    const prepared = prepareMrz(photo.image);
    const cells = mrzCellFeatures(prepared);
    if (!cells || prepared.location?.format !== photo.format) {
      log(`seed ${seed}: MRZ not located, skipped`);
      continue;
    }
    used++;
    cells.forEach((line, li) => {
      line.forEach((vector, pi) => {
        const label = photo.lines[li]?.[pi];
        if (!label) return;
        const list = byClass.get(label);
        if (list) list.push(vector);
        else byClass.set(label, [vector]);
      });
    });
  }
  log(`${used}/${photos} photos used`);
  return byClass;
}

export function buildTable(byClass: Map<string, Float32Array[]>, perClass: number): Uint8Array {
  const rng = createRng(12345);
  const samples: Array<{ label: string; vector: Float32Array }> = [];
  for (const label of MRZ_ALPHABET) {
    const list = [...(byClass.get(label) ?? [])];
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [list[i], list[j]] = [list[j] as Float32Array, list[i] as Float32Array];
    }
    for (const vector of list.slice(0, perClass)) samples.push({ label, vector });
  }
  return encodeGlyphTable(samples);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const photos = Number(process.argv[2] ?? 160);
  const perClass = Number(process.argv[3] ?? 100);
  const t0 = Date.now();
  const byClass = collectSamples(photos, SEEDS.train, (m) => console.log(m));
  const counts = MRZ_ALPHABET.split('').map((c) => `${c}:${byClass.get(c)?.length ?? 0}`);
  console.log('samples per class', counts.join(' '));
  const bytes = buildTable(byClass, perClass);
  const out = process.argv[4] ?? join(tmpdir(), 'mrz-ocrb-regular.bin');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  console.log(`wrote ${out}: ${bytes.length} bytes in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
