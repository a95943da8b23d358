/**
 * The held-out evaluation set of the MRZ reader: subsets of generated photos, each printed in a
 * way the prototype table never saw (other OCR-B cuts, weights, slant, print-and-scan, guilloche,
 * small characters, a "SPECIMEN" overprint) or photographed under a lamp's reflection, plus
 * specimens whose printed check digits are deliberately wrong. Seeds come from their own range
 * (EVAL_FIRST_SEED), never used for training, the tests or the default bench.
 */
import type { MrzShape as MrzFormat } from '../../core/documents/mrz-layout';
import { OCRB_OBLIQUE_FONT_PATH, OCRB_SHARP_FONT_PATH } from './font-raster';
import { createRng, pick, randomVisa } from './mrz-text';
import { renderSyntheticPhoto, type PrintVariant, type SyntheticPhoto } from './synthetic-photo';

export const EVAL_FIRST_SEED = 800_000;

export interface EvalSubset {
  name: string;
  description: string;
  print: PrintVariant;
  /** The printed check digits are deliberately wrong: the truth is the printed text, which fails its checks. */
  wrongCheckDigits?: boolean;
  /** Visas instead of passports and cards: MRV-A (shaped as TD3) and MRV-B (as TD2), alternately. */
  visa?: boolean;
  /** A lamp's reflection on the laminate over or beside the MRZ (a photo condition, not a printing). */
  glare?: boolean;
}

export const EVAL_SUBSETS: readonly EvalSubset[] = [
  { name: 'ocrb-sharp', description: 'OCR-B "Sharp" cut (fonts-ocr-b OCRBS)', print: { fontPath: OCRB_SHARP_FONT_PATH } },
  { name: 'ocrb-oblique', description: 'OCR-B oblique cut (fonts-ocr-b OCRBL)', print: { fontPath: OCRB_OBLIQUE_FONT_PATH } },
  { name: 'italic', description: 'regular OCR-B slanted 4-7°', print: { italic: 0.1 } },
  { name: 'bold', description: 'heavier strokes (dilation, about 0.5 px each side)', print: { weight: 1 } },
  { name: 'light', description: 'thinner strokes (erosion, about 0.5 px each side)', print: { weight: -1 } },
  { name: 'print-scan', description: 'ink spread, mottled toner, drop-outs', print: { printScan: true } },
  { name: 'guilloche', description: 'dense security line pattern under the MRZ, coloured paper', print: { guilloche: true } },
  { name: 'small', description: 'characters 6.5-8.5 px high (OCR-B cap height = pitch)', print: { pitchPx: [6.5, 8.5] } },
  {
    name: 'wrong-check',
    description: 'one printed check digit wrong (document number, birth, expiry or composite)',
    print: {},
    wrongCheckDigits: true,
  },
  // Last, so that the seeds of the subsets above stay as they were.
  { name: 'small-6', description: 'characters 6-6.5 px high, the smallest the reader is meant for', print: { pitchPx: [6, 6.5] } },
  { name: 'visa', description: 'visas: MRV-A (2 x 44) and MRV-B (2 x 36), no composite', print: {}, visa: true },
  {
    name: 'specimen',
    description: '"SPECIMEN" overprinted across the MRZ in translucent stamp ink, slanted, as on published specimens',
    print: { overprint: true },
  },
  {
    name: 'specimen-red',
    description: 'the same overprint in red stamp ink, as most published specimens print it',
    print: { overprint: true, overprintInk: 'red' },
  },
  {
    name: 'specimen-blue',
    description: 'the same overprint in blue stamp ink',
    print: { overprint: true, overprintInk: 'blue' },
  },
  {
    name: 'glare',
    description: "a lamp's reflection on the laminate over or beside the MRZ, blown out at its core",
    print: {},
    glare: true,
  },
];

/** Where each check digit is printed, per format: [line, position]. */
const CHECK_DIGITS: Record<'TD1' | 'TD3', [number, number][]> = {
  TD3: [
    [1, 9],
    [1, 19],
    [1, 27],
    [1, 43],
  ],
  TD1: [
    [0, 14],
    [1, 6],
    [1, 14],
    [1, 29],
  ],
};

export interface EvalPhoto extends SyntheticPhoto {
  subset: string;
  /** What is printed on the page (for wrong-check specimens: the wrong digit as printed). */
  printed: string[];
}

/** Photo `index` of a subset: half TD3, half TD1; deterministic. */
export function renderEvalPhoto(subset: EvalSubset, index: number): EvalPhoto {
  const seed = EVAL_FIRST_SEED + 1000 * EVAL_SUBSETS.indexOf(subset) + index;
  const format: MrzFormat = index % 2 === 0 ? 'TD3' : 'TD1';
  const print: PrintVariant = { ...subset.print };
  const rng = createRng(seed * 13 + 1);
  if (subset.name === 'italic') print.italic = 0.07 + 0.05 * rng();
  if (subset.visa) {
    const shape = index % 2 === 0 ? 'TD3' : 'TD2';
    const photo = renderSyntheticPhoto(seed, {
      format: shape,
      print,
      glare: subset.glare,
      lines: randomVisa(createRng(seed * 7 + 3), shape),
    });
    return { ...photo, subset: subset.name, printed: photo.lines };
  }
  if (!subset.wrongCheckDigits) {
    const photo = renderSyntheticPhoto(seed, { format, print, glare: subset.glare });
    return { ...photo, subset: subset.name, printed: photo.lines };
  }
  const clean = renderSyntheticPhoto(seed, { format, print, glare: subset.glare });
  const [line, pos] = pick(rng, CHECK_DIGITS[format === 'TD3' ? 'TD3' : 'TD1']);
  const printed = clean.lines.map((l, li) => {
    if (li !== line) return l;
    const digit = l[pos] === '<' ? 0 : Number(l[pos]);
    return l.slice(0, pos) + String((digit + 1 + Math.floor(rng() * 8)) % 10) + l.slice(pos + 1);
  });
  const photo = renderSyntheticPhoto(seed, { format, print, glare: subset.glare, lines: printed });
  return { ...photo, subset: subset.name, printed };
}
