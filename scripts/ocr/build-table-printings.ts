/**
 * Builds the glyph prototype table of the MRZ reader, trained on several printings (shipped as
 * resources/ocr/mrz-ocrb.bin: see docs/mrz-ocr.md, "The prototype table").
 *
 * Renders synthetic camera-like document photos (training seeds only, never the evaluation,
 * test or bench seeds) in every training printing (`TRAINING_PRINTINGS`: the regular OCR-B plus
 * other cuts, weights, slant, print-and-scan, guilloche and small characters), runs them through
 * exactly the reader's own preprocessing and cell extraction and labels each cell from the ground
 * truth. The table starts from a random sample per class and is then condensed: training cells the
 * table misreads or reads with a close runner-up are added until each class holds PER_CLASS
 * prototypes. Written int8-quantised. Deterministic for given arguments.
 *
 *   npx tsx scripts/ocr/build-table-printings.ts 390 100 resources/ocr/mrz-ocrb.bin
 *   npx tsx scripts/ocr/build-table-printings.ts [photos=390] [perClass=100] [out]
 *   MRZ_BENCH_TABLE=<out> npm run bench -- mrz-ocr
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyCell, decodeGlyphTable, encodeGlyphTable } from '../../core/vision/mrz/glyph-table';
import { MRZ_ALPHABET } from '../../core/documents/mrz-layout';
import { mrzCellFeatures, prepareMrz } from '../../core/vision/mrz/read';
import { OCRB_OBLIQUE_FONT_PATH, OCRB_SHARP_FONT_PATH } from './font-raster';
import { between, createRng, type Rng } from './mrz-text';
import { renderSyntheticPhoto, SEEDS, type PrintVariant } from './synthetic-photo';

export interface TrainingPrinting {
  name: string;
  severity?: number;
  print?: (rng: Rng) => PrintVariant;
}

/**
 * One cycle of training photos, photo i printed as TRAINING_PRINTINGS[i % length]. The regular
 * rendering keeps three slots (one at a milder severity, for clean captures); the weak spots of the
 * regular-only table, the oblique cut and characters 6-9 px high, get two slots each. The length
 * is odd so that every printing alternates between TD3 and TD1.
 */
export const TRAINING_PRINTINGS: readonly TrainingPrinting[] = [
  { name: 'regular' },
  { name: 'regular', severity: 0.5 },
  { name: 'regular' },
  { name: 'ocrb-oblique', print: () => ({ fontPath: OCRB_OBLIQUE_FONT_PATH }) },
  { name: 'small', print: () => ({ pitchPx: [6, 9] }) },
  { name: 'ocrb-sharp', print: () => ({ fontPath: OCRB_SHARP_FONT_PATH }) },
  { name: 'italic', print: (rng) => ({ italic: between(rng, 0.04, 0.13) }) },
  { name: 'bold', print: () => ({ weight: 1 }) },
  { name: 'light', print: () => ({ weight: -1 }) },
  { name: 'print-scan', print: () => ({ printScan: true }) },
  { name: 'guilloche', print: () => ({ guilloche: true }) },
  { name: 'ocrb-oblique', print: () => ({ fontPath: OCRB_OBLIQUE_FONT_PATH }) },
  { name: 'small', print: () => ({ pitchPx: [6, 9] }) },
];

export interface TrainingCell {
  label: string;
  vector: Float32Array;
  printing: string;
  /** The MRZ line the cell was cut from (photo and line), to drop a line whose grid slipped. */
  line: string;
}

/**
 * Cells of `photos` training photos from `firstSeed`. Photo i of the run is printed as
 * TRAINING_PRINTINGS[i % 13] in TD3 (even i) or TD1, so runs of 130 photos (a multiple of 26)
 * from seeds 1, 131, 261 concatenate to exactly the cells of one run of 390.
 */
export function collectPrintedSamples(photos: number, firstSeed = SEEDS.train, log = (_: string) => {}): TrainingCell[] {
  const cells: TrainingCell[] = [];
  let used = 0;
  for (let i = 0; i < photos; i++) {
    const seed = firstSeed + i;
    const printing = TRAINING_PRINTINGS[i % TRAINING_PRINTINGS.length] as TrainingPrinting;
    const photo = renderSyntheticPhoto(seed, {
      format: i % 2 === 0 ? 'TD3' : 'TD1',
      severity: printing.severity ?? 1,
      ...(printing.print ? { print: printing.print(createRng(seed * 31 + 7)) } : {}),
    });
    const prepared = prepareMrz(photo.image);
    const features = mrzCellFeatures(prepared);
    if (!features || prepared.location?.format !== photo.format) {
      log(`seed ${seed} (${printing.name}): MRZ not located, skipped`);
      continue;
    }
    used++;
    features.forEach((line, li) => {
      line.forEach((vector, pi) => {
        const label = photo.lines[li]?.[pi];
        if (label) cells.push({ label, vector, printing: printing.name, line: `${seed}:${li}` });
      });
    });
  }
  log(`${used}/${photos} photos used, ${cells.length} cells`);
  return cells;
}

function shuffle<T>(list: T[], rng: Rng): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
  return list;
}

/** Margin under which a training cell counts as a close call and is added to the table. */
const CONDENSE_MARGIN = 0.03;
/** Cells classified between two re-encodings of the growing table. */
const CONDENSE_CHUNK = 1500;

/**
 * A random `seedShare` of `perClass` prototypes per class, then condensing passes over the
 * shuffled training cells: a cell whose class is not ranked first by a clear margin joins the
 * table while its class has room. Classes still short are filled at random.
 */
export function buildCondensedTable(
  cells: TrainingCell[],
  perClass: number,
  seedShare = 0.5,
  passes = 2,
  log = (_: string) => {},
): Uint8Array {
  const rng = createRng(12345);
  const pool = shuffle([...cells], rng);
  const chosen = new Set<TrainingCell>();
  const count = new Map<string, number>();
  const add = (c: TrainingCell) => {
    chosen.add(c);
    count.set(c.label, (count.get(c.label) ?? 0) + 1);
  };
  const start = Math.round(perClass * seedShare);
  for (const c of pool) if ((count.get(c.label) ?? 0) < start) add(c);
  const encode = () => encodeGlyphTable([...chosen].map((c) => ({ label: c.label, vector: c.vector })));
  for (let pass = 0; pass < passes; pass++) {
    let added = 0;
    for (let from = 0; from < pool.length; from += CONDENSE_CHUNK) {
      const decoded = decodeGlyphTable(encode());
      if (!decoded.ok) throw new Error('table does not decode');
      for (const c of pool.slice(from, from + CONDENSE_CHUNK)) {
        if (chosen.has(c) || (count.get(c.label) ?? 0) >= perClass) continue;
        const { scores } = classifyCell(decoded.value, c.vector);
        const own = scores[MRZ_ALPHABET.indexOf(c.label)] as number;
        let other = Infinity;
        scores.forEach((s, k) => {
          if (MRZ_ALPHABET[k] !== c.label && s < other) other = s;
        });
        if (other - own < CONDENSE_MARGIN) {
          add(c);
          added++;
        }
      }
    }
    log(`condensing pass ${pass + 1}: ${added} cells added`);
    if (added === 0) break;
  }
  for (const c of pool) if (!chosen.has(c) && (count.get(c.label) ?? 0) < perClass) add(c);
  // Stable order: by class, then by position in the shuffled pool.
  const order = new Map(pool.map((c, i) => [c, i]));
  const samples = [...chosen].sort(
    (a, b) => MRZ_ALPHABET.indexOf(a.label) - MRZ_ALPHABET.indexOf(b.label) || (order.get(a) as number) - (order.get(b) as number),
  );
  const byPrinting = new Map<string, number>();
  for (const c of samples) byPrinting.set(c.printing, (byPrinting.get(c.printing) ?? 0) + 1);
  log(`prototypes per printing: ${[...byPrinting].map(([p, n]) => `${p} ${n}`).join(', ')}`);
  return encodeGlyphTable(samples.map((c) => ({ label: c.label, vector: c.vector })));
}

/** Share of a line's cells a first table must read right for the line to stay training material. */
const LINE_AGREEMENT = 0.75;

/**
 * Drops the lines a first table mostly misreads. A line whose cell grid slipped (small or blurred
 * print) labels a half-cell or a neighbouring glyph with the ground-truth character; kept, such
 * cells teach the table that an O looks like an F. Returns the kept cells and the lines dropped.
 */
export function dropSlippedLines(cells: TrainingCell[], table: Uint8Array): { kept: TrainingCell[]; dropped: string[] } {
  const decoded = decodeGlyphTable(table);
  if (!decoded.ok) throw new Error('table does not decode');
  const right = new Map<string, number>();
  const total = new Map<string, number>();
  for (const c of cells) {
    const { scores } = classifyCell(decoded.value, c.vector);
    let best = 0;
    scores.forEach((s, k) => {
      if (s < (scores[best] as number)) best = k;
    });
    total.set(c.line, (total.get(c.line) ?? 0) + 1);
    if (MRZ_ALPHABET[best] === c.label) right.set(c.line, (right.get(c.line) ?? 0) + 1);
  }
  const dropped = [...total].filter(([line, n]) => (right.get(line) ?? 0) < LINE_AGREEMENT * n).map(([line]) => line);
  const out = new Set(dropped);
  return { kept: cells.filter((c) => !out.has(c.line)), dropped };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const photos = Number(process.argv[2] ?? 390);
  const perClass = Number(process.argv[3] ?? 100);
  const out = process.argv[4] ?? join(tmpdir(), 'mrz-ocrb-printings.bin');
  const t0 = Date.now();
  const log = (m: string) => console.log(m);
  const cells = collectPrintedSamples(photos, SEEDS.train, log);
  const first = buildCondensedTable(cells, perClass, 0.5, 2, log);
  const { kept, dropped } = dropSlippedLines(cells, first);
  log(`${dropped.length} lines dropped as slipped (${dropped.join(' ')}); ${kept.length} cells kept`);
  const bytes = buildCondensedTable(kept, perClass, 0.5, 2, log);
  writeFileSync(out, bytes);
  console.log(`wrote ${out}: ${bytes.length} bytes in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
