/**
 * Fixed-pitch cell extraction: for each MRZ line, fit the line centre, find the character pitch
 * and grid phase from the component centres, and sample each cell into a normalised feature vector.
 */
import type { GrayImage } from '../image';
import { MRZ_SHAPE } from './layout';
import { type BinaryImage, type Component, ccCx, ccCy, ccHeight, type MrzLocation, sampleGray, type TextLine } from './preprocess';

export const CELL_W = 16;
export const CELL_H = 24;
export const CELL_DIM = CELL_W * CELL_H;

/** Features of every cell, line by line. */
export type CellFeatures = Float32Array[][];

function lineFit(ccs: Component[]): { a: number; b: number } {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const c of ccs) {
    const x = ccCx(c);
    const y = ccCy(c);
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const den = n * sxx - sx * sx;
  if (n < 2 || Math.abs(den) < 1e-9) return { a: n ? sy / n : 0, b: 0 };
  const b = (n * sxy - sx * sy) / den;
  return { a: (sy - b * sx) / n, b };
}

/** Grid of `n` cell centres along a line. */
export function cellCentres(line: TextLine, n: number): { xs: number[]; pitch: number; a: number; b: number } {
  const tall = line.ccs.filter((c) => ccHeight(c) >= 0.7 * line.h);
  const { a, b } = lineFit(tall.length >= 2 ? tall : line.ccs);
  const centres = line.ccs.map(ccCx).sort((p, q) => p - q);
  const first = centres[0] as number;
  const last = centres[centres.length - 1] as number;
  const p0 = (last - first) / (n - 1);
  let best = p0;
  let bestR = -1;
  let bestPhase = 0;
  for (let f = -0.03; f <= 0.03 + 1e-9; f += 0.002) {
    const p = p0 * (1 + f);
    let cs = 0;
    let sn = 0;
    for (const x of centres) {
      const t = (2 * Math.PI * (x - first)) / p;
      cs += Math.cos(t);
      sn += Math.sin(t);
    }
    const r = Math.hypot(cs, sn);
    if (r > bestR) {
      bestR = r;
      best = p;
      bestPhase = Math.atan2(sn, cs);
    }
  }
  // Grid: x = first + phase/(2pi) p + k p; start at the grid point nearest the first centre,
  // then slide the n-cell window so it covers the most centres.
  const offset = first + (bestPhase / (2 * Math.PI)) * best;
  let start = offset - Math.round((offset - first) / best) * best;
  let bestCover = -1;
  let bestStart = start;
  for (const shift of [0, -1, 1, -2, 2]) {
    const s = start + shift * best;
    const cover = centres.filter((x) => x >= s - best / 2 && x <= s + (n - 0.5) * best).length;
    if (cover > bestCover) {
      bestCover = cover;
      bestStart = s;
    }
  }
  start = bestStart;
  const xs: number[] = [];
  for (let k = 0; k < n; k++) xs.push(start + k * best);
  return { xs, pitch: best, a, b };
}

/** Extracts the feature vector of every cell of a located MRZ. */
export function extractCells(gray: GrayImage, bin: BinaryImage, loc: MrzLocation): CellFeatures {
  const n = MRZ_SHAPE[loc.format].length;
  return loc.lines.map((line) => {
    const { xs, pitch, a, b } = cellCentres(line, n);
    const hh = 1.3 * line.h;
    return xs.map((x) => {
      const cy = a + b * x;
      const cx = snapToInk(bin, x, cy, pitch, hh);
      return sampleCell(gray, cx, a + b * cx, pitch, hh, b);
    });
  });
}

function snapToInk(bin: BinaryImage, cx: number, cy: number, pitch: number, hh: number): number {
  const { width: w, height: h, data } = bin;
  const x0 = Math.max(0, Math.round(cx - pitch / 2));
  const x1 = Math.min(w - 1, Math.round(cx + pitch / 2));
  const y0 = Math.max(0, Math.round(cy - hh / 2));
  const y1 = Math.min(h - 1, Math.round(cy + hh / 2));
  let m = 0;
  let sx = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (data[y * w + x]) {
        m++;
        sx += x;
      }
    }
  }
  if (m === 0) return cx;
  const c = sx / m;
  return Math.abs(c - cx) < 0.3 * pitch ? c : cx;
}

/** Samples a pitch-wide, hh-high window (3x3 supersampling) into CELL_W x CELL_H, inverted, zero-mean, unit-norm. */
export function sampleCell(gray: GrayImage, cx: number, cy: number, pitch: number, hh: number, slope = 0): Float32Array {
  const out = new Float32Array(CELL_DIM);
  const sw = pitch / CELL_W;
  const sh = hh / CELL_H;
  let mean = 0;
  for (let v = 0; v < CELL_H; v++) {
    for (let u = 0; u < CELL_W; u++) {
      let s = 0;
      for (let j = 0; j < 3; j++) {
        const dy = (v + (j + 0.5) / 3) * sh - hh / 2;
        for (let i = 0; i < 3; i++) {
          const dx = (u + (i + 0.5) / 3) * sw - pitch / 2;
          s += sampleGray(gray, cx + dx, cy + dy + slope * dx);
        }
      }
      const val = 255 - s / 9;
      out[v * CELL_W + u] = val;
      mean += val;
    }
  }
  mean /= CELL_DIM;
  let norm = 0;
  for (let i = 0; i < CELL_DIM; i++) {
    const d = (out[i] as number) - mean;
    out[i] = d;
    norm += d * d;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < CELL_DIM; i++) out[i] = (out[i] as number) / norm;
  return out;
}
