/** Reads the MRZ of a document photo: locate, cut fixed-pitch cells, classify, repair. */
import { type GrayImage, type RgbaImage, toGray } from '../image';
import { type CellFeatures, extractCells } from './cells';
import { classifyCell, decodeGlyphTable, type GlyphTable } from './glyph-table';
import { MRZ_READER_LAYOUTS, type MrzShape as MrzFormat } from '../../documents/mrz-layout';
import {
  type BinaryImage,
  binarize,
  connectedComponents,
  estimateSkew,
  groupLines,
  locateMrz,
  type MrzLocation,
  rotateGray,
} from './preprocess';
import { type MrzPosition, type MrzRepair, repairMrz } from './repair';

export interface MrzReading {
  found: boolean;
  format: MrzFormat | null;
  lines: string[];
  /** Every check digit passes, the fields are plausible, and the reading is not noise. */
  valid: boolean;
  /** What the desk accepts without the officer (the one policy of `repairMrz`). */
  accepted: boolean;
  /** Per line, 0..1: the weakest character's margin over its runner-up. */
  confidence: number[];
  /** Characters the officer should check: repaired, or read with a close runner-up. */
  uncertain: MrzPosition[];
  repairs: MrzRepair[];
  ms?: number;
}

export interface PreparedMrz {
  /** Deskewed grayscale image. */
  gray: GrayImage;
  bin: BinaryImage;
  location: MrzLocation | null;
  skew: number;
}

function isRgba(image: RgbaImage | GrayImage): image is RgbaImage {
  return image.data.length === image.width * image.height * 4;
}

/** Shared preprocessing: gray, binarise, deskew, components, lines, MRZ stack. */
export function prepareMrz(image: RgbaImage | GrayImage): PreparedMrz {
  const gray0 = isRgba(image) ? toGray(image) : image;
  const skew = estimateSkew(binarize(gray0));
  const gray = Math.abs(skew) > 0.1 * (Math.PI / 180) ? rotateGray(gray0, skew) : gray0;
  const bin = binarize(gray);
  const lines = groupLines(connectedComponents(bin), gray.height);
  return { gray, bin, location: locateMrz(lines), skew };
}

/** Cell features of a prepared image (null when no MRZ was found). Used by the table builder too. */
export function mrzCellFeatures(prepared: PreparedMrz): CellFeatures | null {
  return prepared.location ? extractCells(prepared.gray, prepared.bin, prepared.location) : null;
}

const decoded = new WeakMap<Uint8Array, GlyphTable>();

/** Accepts the table bytes (decoded once and cached) or an already decoded table. */
export function resolveGlyphTable(table: GlyphTable | Uint8Array): GlyphTable | null {
  if (!(table instanceof Uint8Array)) return table;
  const hit = decoded.get(table);
  if (hit) return hit;
  const r = decodeGlyphTable(table);
  if (!r.ok) return null;
  decoded.set(table, r.value);
  return r.value;
}

const NOT_FOUND: MrzReading = {
  found: false,
  format: null,
  lines: [],
  valid: false,
  accepted: false,
  confidence: [],
  uncertain: [],
  repairs: [],
};

export function readMrzFromImage(image: RgbaImage | GrayImage, table: GlyphTable | Uint8Array): MrzReading {
  const t0 = Date.now();
  const glyphs = resolveGlyphTable(table);
  if (!glyphs) return { ...NOT_FOUND, ms: Date.now() - t0 };
  const prepared = prepareMrz(image);
  const cells = mrzCellFeatures(prepared);
  if (!prepared.location || !cells) return { ...NOT_FOUND, ms: Date.now() - t0 };
  const format = prepared.location.format;
  const rankings = cells.map((line) => line.map((f) => classifyCell(glyphs, f)));
  const result = repairMrz(rankings, MRZ_READER_LAYOUTS[format]);
  return { found: true, format, ...result, ms: Date.now() - t0 };
}

export interface MrzFrameReader {
  /**
   * Reads one frame; `accepted` is true once the reading is accepted by the policy (see
   * `repairMrz`) on `confirmFrames` frames that agree.
   */
  readFrame(frame: RgbaImage | GrayImage): { reading: MrzReading; accepted: boolean };
  /** Best reading so far (a valid one, else the latest found one) for the officer to confirm. */
  best(): MrzReading | null;
  reset(): void;
}

export interface MrzFrameReaderOptions {
  /**
   * How many frames must give the same valid reading before it is accepted (default 1). Names
   * carry no check digit; 2 guards them against a one-frame misread at the cost of one more frame.
   */
  confirmFrames?: number;
}

/** Frame-oriented helper for a camera Worker: feed frames until one is accepted. */
export function createMrzFrameReader(table: GlyphTable | Uint8Array, options: MrzFrameReaderOptions = {}): MrzFrameReader {
  const need = Math.max(1, Math.floor(options.confirmFrames ?? 1));
  let best: MrzReading | null = null;
  let seen = new Map<string, number>();
  return {
    readFrame(frame) {
      const reading = readMrzFromImage(frame, table);
      if (reading.found && (!best || (!best.accepted && (reading.valid || !best.valid)))) best = reading;
      if (!reading.accepted) return { reading, accepted: false };
      const key = reading.lines.join('\n');
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      if (count >= need) best = reading;
      return { reading, accepted: count >= need };
    },
    best: () => best,
    reset() {
      best = null;
      seen = new Map();
    },
  };
}
