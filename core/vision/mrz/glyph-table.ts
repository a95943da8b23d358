/**
 * The glyph prototype table: int8-quantised cell features labelled with their MRZ character,
 * and the k-nearest-neighbour (cosine) classifier over it.
 *
 * Binary layout (little endian):
 *   0  'MRZG'            magic
 *   4  u8 version (1)    5 u8 CELL_W    6 u8 CELL_H    7 u8 reserved
 *   8  u32 count
 *   12 count bytes       ASCII label of each prototype
 *   .. count*CELL_DIM    int8 features (each vector scaled so its largest |value| is 127)
 */
import { CELL_DIM, CELL_H, CELL_W } from './cells';
import { MRZ_ALPHABET } from '../../documents/mrz-layout';

export interface GlyphTable {
  count: number;
  /** Class index (into MRZ_ALPHABET) of each prototype. */
  classes: Uint8Array;
  vectors: Int8Array;
  /** 1 / Euclidean norm of each quantised vector. */
  invNorms: Float32Array;
  /** 2x2-pooled (COARSE_DIM) unit vectors, for the fast first pass. */
  coarse: Float32Array;
}

const COARSE_W = CELL_W / 2;
const COARSE_H = CELL_H / 2;
export const COARSE_DIM = COARSE_W * COARSE_H;

/** 2x2 average pooling of a CELL_W x CELL_H vector into `out` at `offset`, normalised to unit length. */
function pool(src: ArrayLike<number>, srcOffset: number, out: Float32Array, offset: number): void {
  const cw = CELL_W;
  const pw = COARSE_W;
  const ph = COARSE_H;
  let norm = 0;
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) {
      const i = srcOffset + 2 * y * cw + 2 * x;
      const v = (src[i] as number) + (src[i + 1] as number) + (src[i + cw] as number) + (src[i + cw + 1] as number);
      out[offset + y * pw + x] = v;
      norm += v * v;
    }
  }
  const k = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < pw * ph; j++) out[offset + j] = (out[offset + j] as number) * k;
}

export type TableResult = { ok: true; value: GlyphTable } | { ok: false; error: { code: 'bad-table'; message: string } };

export function decodeGlyphTable(bytes: Uint8Array): TableResult {
  const fail = (): TableResult => ({ ok: false, error: { code: 'bad-table', message: 'mrz.ocr.badTable' } });
  if (bytes.length < 12 || String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0, bytes[2] ?? 0, bytes[3] ?? 0) !== 'MRZG') return fail();
  if (bytes[4] !== 1 || bytes[5] !== CELL_W || bytes[6] !== CELL_H) return fail();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(8, true);
  if (bytes.length !== 12 + count + count * CELL_DIM) return fail();
  const classes = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const k = MRZ_ALPHABET.indexOf(String.fromCharCode(bytes[12 + i] as number));
    if (k < 0) return fail();
    classes[i] = k;
  }
  // A copy in its own buffer: typed-array views at odd offsets into a shared buffer are slower.
  const vectors = new Int8Array(count * CELL_DIM);
  vectors.set(new Int8Array(bytes.buffer, bytes.byteOffset + 12 + count, count * CELL_DIM));
  const invNorms = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let j = 0, o = i * CELL_DIM; j < CELL_DIM; j++, o++) s += (vectors[o] as number) * (vectors[o] as number);
    invNorms[i] = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
  const coarse = new Float32Array(count * COARSE_DIM);
  for (let i = 0; i < count; i++) pool(vectors, i * CELL_DIM, coarse, i * COARSE_DIM);
  return { ok: true, value: { count, classes, vectors, invNorms, coarse } };
}

/** Quantises labelled unit feature vectors into the table bytes. */
export function encodeGlyphTable(samples: Array<{ label: string; vector: Float32Array }>): Uint8Array {
  const count = samples.length;
  const out = new Uint8Array(12 + count + count * CELL_DIM);
  out.set([77, 82, 90, 71, 1, CELL_W, CELL_H, 0]);
  new DataView(out.buffer).setUint32(8, count, true);
  const vec = new Int8Array(out.buffer, 12 + count, count * CELL_DIM);
  samples.forEach((s, i) => {
    out[12 + i] = s.label.charCodeAt(0);
    let max = 0;
    for (const v of s.vector) max = Math.max(max, Math.abs(v));
    const k = max > 0 ? 127 / max : 0;
    for (let j = 0; j < CELL_DIM; j++) vec[i * CELL_DIM + j] = Math.round((s.vector[j] as number) * k);
  });
  return out;
}

/** Per-class score of one cell: lower is better (nearest cosine distance minus a vote bonus). */
export interface CellRanking {
  /** Score per class index of MRZ_ALPHABET (Infinity when the class has no prototype). */
  scores: Float32Array;
}

/**
 * k-NN classification of one cell. A first pass over 2x2-pooled vectors keeps the `perClass`
 * nearest prototypes of every class; exact cosine distances are computed for those only
 * (`perClass` = 0 computes them for every prototype).
 */
export function classifyCell(table: GlyphTable, feature: Float32Array, perClass = 8, voteBonus = 0.01): CellRanking {
  const nClasses = MRZ_ALPHABET.length;
  const scores = new Float32Array(nClasses).fill(Infinity);
  const top = 3;
  const topD = new Float32Array(top).fill(Infinity);
  const topC = new Int32Array(top).fill(-1);
  const { vectors, invNorms, classes, count, coarse } = table;
  const dim = CELL_DIM; // locals: these loops are the reader's hot spot
  const cdim = COARSE_DIM;

  const exact = (i: number) => {
    let dot = 0;
    const o = i * dim;
    for (let j = 0; j < dim; j++) dot += (feature[j] as number) * (vectors[o + j] as number);
    const d = 1 - dot * (invNorms[i] as number);
    const c = classes[i] as number;
    if (d < (scores[c] as number)) scores[c] = d;
    if (d < (topD[top - 1] as number)) {
      let p = top - 1;
      while (p > 0 && (topD[p - 1] as number) > d) {
        topD[p] = topD[p - 1] as number;
        topC[p] = topC[p - 1] as number;
        p--;
      }
      topD[p] = d;
      topC[p] = c;
    }
  };

  if (perClass <= 0) {
    for (let i = 0; i < count; i++) exact(i);
  } else {
    const q = new Float32Array(cdim);
    pool(feature, 0, q, 0);
    // Per class, the perClass best coarse similarities (sorted descending) and their indices.
    const bestS = new Float32Array(nClasses * perClass).fill(-Infinity);
    const bestI = new Int32Array(nClasses * perClass).fill(-1);
    for (let i = 0; i < count; i++) {
      let dot = 0;
      const o = i * cdim;
      for (let j = 0; j < cdim; j++) dot += (q[j] as number) * (coarse[o + j] as number);
      const base = (classes[i] as number) * perClass;
      if (dot <= (bestS[base + perClass - 1] as number)) continue;
      let p = perClass - 1;
      while (p > 0 && (bestS[base + p - 1] as number) < dot) {
        bestS[base + p] = bestS[base + p - 1] as number;
        bestI[base + p] = bestI[base + p - 1] as number;
        p--;
      }
      bestS[base + p] = dot;
      bestI[base + p] = i;
    }
    for (let j = 0; j < bestI.length; j++) {
      const i = bestI[j] as number;
      if (i >= 0) exact(i);
    }
  }
  for (let i = 0; i < top; i++) {
    const c = topC[i] as number;
    if (c >= 0) scores[c] = (scores[c] as number) - voteBonus;
  }
  return { scores };
}
