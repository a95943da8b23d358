/**
 * Fixed-pitch cell extraction: for each MRZ line, fit the line centre, find the character pitch
 * and grid from the component centres, and sample each cell into a normalised feature vector.
 */
import type { GrayImage } from '../image';
import { MRZ_LINE_SHAPES } from '../../documents/mrz-layout';
import {
  type BinaryImage,
  type Component,
  ccCx,
  ccCy,
  ccHeight,
  ccWidth,
  type MrzLocation,
  borderPaper,
  sampleGray,
  type TextLine,
} from './preprocess';

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

/** A line's cell grid: the centre of each of its cells, its pitch, and its centre line y = a + b x. */
export interface LineGrid {
  xs: number[];
  pitch: number;
  a: number;
  b: number;
}

/**
 * Where a line's first and last glyph centres lie, and its pitch measured between them as if the
 * line were whole (`n` cells).
 */
function lineSpan(line: TextLine, n: number): { first: number; last: number; p0: number; step: number } {
  const raw = line.ccs.map(ccCx).sort((p, q) => p - q);
  const p0 = ((raw[raw.length - 1] as number) - (raw[0] as number)) / (n - 1);
  const centres = glyphCentres(line.ccs, p0);
  const gaps = centres
    .slice(1)
    .map((x, i) => x - (centres[i] as number))
    .filter((g) => g > 0.5 * p0)
    .sort((p, q) => p - q);
  const step = gaps.length > 0 ? (gaps[(gaps.length - 1) >> 1] as number) : p0;
  return { first: centres[0] as number, last: centres[centres.length - 1] as number, p0, step };
}

/**
 * The cell grids of all the lines of one MRZ. Each line is anchored on its first glyph, except a
 * line whose first glyphs were lost (too faint or broken to form components at small print): the
 * lines of an MRZ start and end together, so when another line spans the whole width, a line that
 * ends where it ends but starts whole pitches later is anchored that many cells in, at that line's
 * pitch. Anchored on its own first glyph, it was read cells late, its last cells past its end.
 */
export function lineGrids(lines: readonly TextLine[], n: number): LineGrid[] {
  const spans = lines.map((l) => lineSpan(l, n));
  // A line is whole when its span holds n - 1 of its own glyph steps (the median distance between
  // neighbouring glyphs; p0 assumes the line is whole and cannot tell).
  const whole = spans.filter((s) => Math.abs((s.last - s.first) / s.step - (n - 1)) < 0.6);
  // p0 of a whole line is its pitch; only a whole line can set the others' grid.
  if (whole.length === 0) return lines.map((l) => cellCentres(l, n));
  const median = (v: number[]) => v.sort((p, q) => p - q)[(v.length - 1) >> 1] as number;
  const first = median(whole.map((s) => s.first));
  const last = median(whole.map((s) => s.last));
  const pitch = median(whole.map((s) => s.p0));
  return lines.map((l, i) => {
    const s = spans[i] as { first: number; last: number };
    const m = Math.round((s.first - first) / pitch);
    const aligned = Math.abs(s.first - first - m * pitch) < 0.35 * pitch && Math.abs(s.last - last) < 0.5 * pitch;
    return m >= 1 && m <= n / 4 && aligned ? cellCentres(l, n, { firstCell: m, pitch }) : cellCentres(l, n);
  });
}

/**
 * Grid of `n` cell centres along a line. Its first glyph is cell `firstCell` (0 unless the line
 * lost glyphs at its start, see `lineGrids`), the pitch is looked for near `pitch` (by default,
 * first to last glyph over `n - 1`).
 */
export function cellCentres(
  line: TextLine,
  n: number,
  anchor: { firstCell: number; pitch: number } = { firstCell: 0, pitch: 0 },
): LineGrid {
  const tall = line.ccs.filter((c) => ccHeight(c) >= 0.7 * line.h);
  const { a, b } = lineFit(tall.length >= 2 ? tall : line.ccs);
  const p0 = anchor.pitch > 0 ? anchor.pitch : lineSpan(line, n).p0;
  const centres = glyphCentres(line.ccs, p0);
  const first = centres[0] as number;
  let best = p0;
  let bestR = -1;
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
    }
  }
  // Assign each centre to a cell index by walking left to right with the local pitch (robust to
  // the pitch drift of a perspective view; a broken glyph's pieces share an index, a lost glyph
  // leaves a gap), then fit x = s + p k + q k^2 by least squares. The first character anchors k = 0.
  const k0 = anchor.firstCell;
  const pts: Array<[number, number]> = [[k0, first]];
  let local = best;
  let prevX = first;
  let prevK = k0;
  for (let i = 1; i < centres.length; i++) {
    const x = centres[i] as number;
    const step = Math.round((x - prevX) / local);
    if (step <= 0) continue;
    const k = prevK + step;
    if (k >= n) break;
    pts.push([k, x]);
    if (step === 1) local = 0.8 * local + 0.2 * (x - prevX);
    prevX = x;
    prevK = k;
  }
  let fit = { s: first - k0 * best, p: best, q: 0 };
  if (pts.length >= Math.max(6, n / 3)) fit = quadraticFit(pts) ?? fit;
  const xs: number[] = [];
  for (let k = 0; k < n; k++) xs.push(fit.s + fit.p * k + fit.q * k * k);
  return { xs, pitch: best, a, b };
}

/**
 * The centre of every glyph: a component wider than 1.5 pitches is glyphs run together (small or
 * blurred print), so it stands for as many glyphs as its width holds, evenly spaced. Taking its
 * middle as one glyph would put the walk half a cell off and count one glyph too many.
 */
function glyphCentres(ccs: readonly Component[], pitch: number): number[] {
  const out: number[] = [];
  for (const c of ccs) {
    const w = ccWidth(c);
    const m = pitch > 0 && w > 1.5 * pitch ? Math.round(w / pitch) : 1;
    if (m <= 1) out.push(ccCx(c));
    else for (let j = 0; j < m; j++) out.push(c.x0 + ((j + 0.5) * w) / m);
  }
  return out.sort((p, q) => p - q);
}

/** Least squares x = s + p k + q k^2. */
function quadraticFit(pts: Array<[number, number]>): { s: number; p: number; q: number } | null {
  const m = [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ];
  for (const [k, x] of pts) {
    const v = [1, k, k * k];
    for (let i = 0; i < 3; i++) {
      const row = m[i] as number[];
      for (let j = 0; j < 3; j++) row[j] = (row[j] as number) + (v[i] as number) * (v[j] as number);
      row[3] = (row[3] as number) + (v[i] as number) * x;
    }
  }
  for (let c = 0; c < 3; c++) {
    let piv = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[piv] as number[])[c] as number)) piv = r;
    [m[c], m[piv]] = [m[piv] as number[], m[c] as number[]];
    const row = m[c] as number[];
    const d = row[c] as number;
    if (Math.abs(d) < 1e-9) return null;
    for (let j = c; j < 4; j++) row[j] = (row[j] as number) / d;
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const o = m[r] as number[];
      const f = o[c] as number;
      for (let j = c; j < 4; j++) o[j] = (o[j] as number) - f * (row[j] as number);
    }
  }
  return { s: (m[0] as number[])[3] as number, p: (m[1] as number[])[3] as number, q: (m[2] as number[])[3] as number };
}

/** Where a glyph can lie: its cell's centre ± 0.35 pitch across and ± half the line height. */
export interface GlyphBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The box each cell's glyph fills, line by line (its ink, not the wider window sampled). */
export function glyphBoxes(loc: MrzLocation): GlyphBox[] {
  const n = MRZ_LINE_SHAPES[loc.format].length;
  const grids = lineGrids(loc.lines, n);
  return loc.lines.flatMap((line, i) => {
    const { xs, pitch, a, b } = grids[i] as LineGrid;
    return xs.map((x) => {
      const cy = a + b * x;
      return { x0: x - 0.35 * pitch, x1: x + 0.35 * pitch, y0: cy - 0.5 * line.h, y1: cy + 0.5 * line.h };
    });
  });
}

/** Extracts the feature vector of every cell of a located MRZ. */
export function extractCells(gray: GrayImage, bin: BinaryImage, loc: MrzLocation): CellFeatures {
  const n = MRZ_LINE_SHAPES[loc.format].length;
  const grids = lineGrids(loc.lines, n);
  const paper = borderPaper(gray);
  return loc.lines.map((line, i) => {
    const { xs, pitch, a, b } = grids[i] as LineGrid;
    const hh = 1.3 * line.h;
    return xs.map((x) => {
      const cy = a + b * x;
      const cx = snapToInk(bin, x, cy, pitch, hh);
      return sampleCell(gray, cx, a + b * cx, pitch, hh, b, paper);
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
export function sampleCell(gray: GrayImage, cx: number, cy: number, pitch: number, hh: number, slope = 0, outside = 255): Float32Array {
  const cw = CELL_W;
  const ch = CELL_H;
  const dim = CELL_DIM;
  const out = new Float32Array(dim);
  const sw = pitch / cw;
  const sh = hh / ch;
  let mean = 0;
  for (let v = 0; v < ch; v++) {
    for (let u = 0; u < cw; u++) {
      let s = 0;
      for (let j = 0; j < 3; j++) {
        const dy = (v + (j + 0.5) / 3) * sh - hh / 2;
        for (let i = 0; i < 3; i++) {
          const dx = (u + (i + 0.5) / 3) * sw - pitch / 2;
          s += sampleGray(gray, cx + dx, cy + dy + slope * dx, outside);
        }
      }
      const val = 255 - s / 9;
      out[v * cw + u] = val;
      mean += val;
    }
  }
  mean /= dim;
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    const d = (out[i] as number) - mean;
    out[i] = d;
    norm += d * d;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dim; i++) out[i] = (out[i] as number) / norm;
  return out;
}
