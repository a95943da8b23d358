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
import { COARSE_DOTS_WASM_BASE64 } from './coarse-dots-wasm';

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
  return classifyCells(table, [feature], perClass, voteBonus)[0] as CellRanking;
}

/** Cells classified together in the first pass: each prototype is loaded once for all of them. */
const BATCH = 4;

export interface ClassifyOptions {
  /** false: the first pass in JavaScript even where WebAssembly SIMD runs (to compare the two). */
  simd?: boolean;
}

/** The first pass's dot products in WebAssembly (coarse-dots.wat), with the table's pooled vectors in its memory. */
interface SimdDots {
  dots4(q: number, protos: number, count: number, out: number): void;
  /** The module's memory as f32: the 4 cells' pooled vectors at 0, then `protos`, then `out` (byte offsets). */
  heap: Float32Array;
  protos: number;
  out: number;
}

/** The part of the WebAssembly API used here (core is typed without the DOM's or Node's globals). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let simdModule: object | null | undefined;
const simdByTable = new WeakMap<GlyphTable, SimdDots | null>();

/** The compiled module, or null where WebAssembly or its SIMD is missing. */
function coarseDotsModule(): object | null {
  if (simdModule !== undefined) return simdModule;
  simdModule = null;
  try {
    const bytes = Uint8Array.from(atob(COARSE_DOTS_WASM_BASE64), (c) => c.charCodeAt(0));
    if (wasm?.validate(bytes)) simdModule = new wasm.Module(bytes);
  } catch {
    simdModule = null;
  }
  return simdModule;
}

/**
 * The SIMD first pass for this table, set up once per table; null where it cannot run, and the
 * JavaScript pass runs instead. Its sums are in single precision, the JavaScript pass's in double;
 * the pass only picks each class's candidates for the exact pass, and every cell compared
 * (read.test.ts, docs/mrz-ocr.md "sixth revision") got the same scores either way.
 */
export function simdDots(table: GlyphTable): SimdDots | null {
  const known = simdByTable.get(table);
  if (known !== undefined) return known;
  let dots: SimdDots | null = null;
  const module = coarseDotsModule();
  if (module && wasm) {
    try {
      const protos = BATCH * COARSE_DIM * 4;
      const out = protos + table.count * COARSE_DIM * 4;
      const memory = new wasm.Memory({ initial: Math.ceil((out + table.count * BATCH * 4) / 65_536) });
      const instance = new wasm.Instance(module, { env: { memory } });
      const heap = new Float32Array(memory.buffer);
      heap.set(table.coarse, protos >> 2);
      dots = { dots4: instance.exports.dots4 as SimdDots['dots4'], heap, protos, out };
    } catch {
      dots = null;
    }
  }
  simdByTable.set(table, dots);
  return dots;
}

/**
 * `classifyCell` for several cells, with exactly the same results. The time goes into long dot
 * products whose additions depend on each other; this computes four independent ones side by side
 * (the first pass: one prototype against four cells, in WebAssembly SIMD where it runs, see
 * `simdDots`; the exact pass: four prototypes against one cell, each in its own unchanged order,
 * so every exact distance is the same to the last bit).
 */
export function classifyCells(
  table: GlyphTable,
  features: readonly Float32Array[],
  perClass = 8,
  voteBonus = 0.01,
  options: ClassifyOptions = {},
): CellRanking[] {
  const out: CellRanking[] = [];
  const simd = options.simd === false ? null : simdDots(table);
  if (perClass <= 0) {
    for (const f of features) {
      const all = new Int32Array(table.count);
      for (let i = 0; i < table.count; i++) all[i] = i;
      out.push(exactScores(table, f, all, voteBonus));
    }
    return out;
  }
  for (let b = 0; b < features.length; b += BATCH) {
    const nearest = coarseNearest(table, features.slice(b, b + BATCH), perClass, simd);
    nearest.forEach((best, k) => out.push(exactScores(table, features[b + k] as Float32Array, best, voteBonus)));
  }
  return out;
}

/**
 * First pass for up to BATCH cells: per cell and per class, the indices of the `perClass`
 * prototypes with the highest pooled similarity (ties keep the lower index), -1 where a class has
 * fewer prototypes.
 */
function coarseNearest(table: GlyphTable, features: readonly Float32Array[], perClass: number, simd: SimdDots | null): Int32Array[] {
  const nClasses = MRZ_ALPHABET.length;
  const { classes, count, coarse } = table;
  const cdim = COARSE_DIM;
  const n = features.length;
  const q = simd ? simd.heap.subarray(0, BATCH * cdim).fill(0) : new Float32Array(BATCH * cdim);
  features.forEach((f, k) => pool(f, 0, q, k * cdim));
  const bestS = Array.from({ length: n }, () => new Float32Array(nClasses * perClass).fill(-Infinity));
  const bestI = Array.from({ length: n }, () => new Int32Array(nClasses * perClass).fill(-1));
  const dots = new Float64Array(BATCH);
  const q1o = cdim;
  const q2o = 2 * cdim;
  const q3o = 3 * cdim;
  if (simd) {
    // The dot of prototype i with cell k at `out` + BATCH i + k (coarse-dots.wat).
    simd.dots4(0, simd.protos, count, simd.out);
    const at = simd.out >> 2;
    for (let i = 0; i < count; i++) insert(i, simd.heap, at + BATCH * i);
    return bestI;
  }
  for (let i = 0; i < count; i++) {
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    const o = i * cdim;
    for (let j = 0; j < cdim; j++) {
      const p = coarse[o + j] as number;
      d0 += (q[j] as number) * p;
      d1 += (q[q1o + j] as number) * p;
      d2 += (q[q2o + j] as number) * p;
      d3 += (q[q3o + j] as number) * p;
    }
    dots[0] = d0;
    dots[1] = d1;
    dots[2] = d2;
    dots[3] = d3;
    insert(i, dots, 0);
  }
  return bestI;

  /** Keeps prototype i among each cell's `perClass` best of its class; its dot with cell k is `from[at + k]`. */
  function insert(i: number, from: Float32Array | Float64Array, at: number): void {
    const base = (classes[i] as number) * perClass;
    for (let k = 0; k < n; k++) {
      const dot = from[at + k] as number;
      const s = bestS[k] as Float32Array;
      if (dot <= (s[base + perClass - 1] as number)) continue;
      const idx = bestI[k] as Int32Array;
      let p = perClass - 1;
      while (p > 0 && (s[base + p - 1] as number) < dot) {
        s[base + p] = s[base + p - 1] as number;
        idx[base + p] = idx[base + p - 1] as number;
        p--;
      }
      s[base + p] = dot;
      idx[base + p] = i;
    }
  }
}

/**
 * Scores of one cell from exact cosine distances to the listed prototypes (in list order; -1
 * entries skipped): per class its nearest distance, minus `voteBonus` per vote among the 3 nearest.
 */
function exactScores(table: GlyphTable, feature: Float32Array, list: Int32Array, voteBonus: number): CellRanking {
  const nClasses = MRZ_ALPHABET.length;
  const scores = new Float32Array(nClasses).fill(Infinity);
  const top = 3;
  const topD = new Float32Array(top).fill(Infinity);
  const topC = new Int32Array(top).fill(-1);
  const { vectors, invNorms, classes } = table;
  const dim = CELL_DIM;
  const take = (i: number, dot: number) => {
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
  const ids = list.filter((i) => i >= 0);
  let j = 0;
  for (; j + 3 < ids.length; j += 4) {
    const a = ids[j] as number;
    const b = ids[j + 1] as number;
    const c = ids[j + 2] as number;
    const e = ids[j + 3] as number;
    const oa = a * dim;
    const ob = b * dim;
    const oc = c * dim;
    const oe = e * dim;
    let da = 0;
    let db = 0;
    let dc = 0;
    let de = 0;
    for (let k = 0; k < dim; k++) {
      const f = feature[k] as number;
      da += f * (vectors[oa + k] as number);
      db += f * (vectors[ob + k] as number);
      dc += f * (vectors[oc + k] as number);
      de += f * (vectors[oe + k] as number);
    }
    take(a, da);
    take(b, db);
    take(c, dc);
    take(e, de);
  }
  for (; j < ids.length; j++) {
    const a = ids[j] as number;
    const oa = a * dim;
    let da = 0;
    for (let k = 0; k < dim; k++) da += (feature[k] as number) * (vectors[oa + k] as number);
    take(a, da);
  }
  for (let i = 0; i < top; i++) {
    const c = topC[i] as number;
    if (c >= 0) scores[c] = (scores[c] as number) - voteBonus;
  }
  return { scores };
}
