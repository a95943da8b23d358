/**
 * Shared preprocessing of the MRZ reader: local-mean binarisation (integral image), projection
 * profile deskew, connected components, text-line grouping and MRZ stack detection.
 */
import type { GrayImage } from '../image';
import type { MrzShape as MrzFormat } from '../../documents/mrz-layout';

/** Binary image: 1 = ink. */
export interface BinaryImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * A pixel is ink when it is darker than `ratio` x the mean of the window around it. Where the
 * window reaches past the image, the image's edge is taken to go on (each outside pixel is the
 * nearest edge pixel): averaged over the part inside only, the window by an MRZ cropped close
 * to it holds mostly ink, its mean sinks, and the strokes against the edge drop out of the ink
 * (a P at the left edge read as 7).
 */
export function binarize(gray: GrayImage, window = 25, ratio = 0.88, minContrast = 10): BinaryImage {
  const { width: w, height: h, data } = gray;
  const r = window >> 1;
  // Integral image of the image with its edge pixels repeated r deep on every side.
  const pw = w + 2 * r;
  const ph = h + 2 * r;
  const iw = pw + 1;
  const integral = new Float64Array(iw * (ph + 1));
  for (let py = 0; py < ph; py++) {
    const y = Math.min(h - 1, Math.max(0, py - r));
    let row = 0;
    for (let px = 0; px < pw; px++) {
      const x = Math.min(w - 1, Math.max(0, px - r));
      row += data[y * w + x] as number;
      integral[(py + 1) * iw + px + 1] = (integral[py * iw + px + 1] as number) + row;
    }
  }
  const area = (2 * r + 1) * (2 * r + 1);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    // Window rows y - r .. y + r are padded rows y .. y + 2r.
    const y0 = y;
    const y1 = y + 2 * r + 1;
    for (let x = 0; x < w; x++) {
      const x0 = x;
      const x1 = x + 2 * r + 1;
      const sum =
        (integral[y1 * iw + x1] as number) -
        (integral[y0 * iw + x1] as number) -
        (integral[y1 * iw + x0] as number) +
        (integral[y0 * iw + x0] as number);
      const mean = sum / area;
      const v = data[y * w + x] as number;
      out[y * w + x] = v < mean * ratio && v < mean - minContrast ? 1 : 0;
    }
  }
  return { width: w, height: h, data: out };
}

/** Otsu's threshold of a 256-bin histogram: the level that best splits it into two classes. */
function otsuThreshold(hist: Float64Array): number {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    total += hist[i] as number;
    sum += i * (hist[i] as number);
  }
  let sumB = 0;
  let wB = 0;
  let best = -1;
  let threshold = 0;
  for (let i = 0; i < 256; i++) {
    wB += hist[i] as number;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += i * (hist[i] as number);
    const between = wB * wF * (sumB / wB - (sum - sumB) / wF) ** 2;
    if (between > best) {
      best = between;
      threshold = i;
    }
  }
  return threshold;
}

/**
 * The image with only its darkest ink kept: among the pixels `binarize` calls ink, Otsu's
 * threshold splits the dark class (print) from the lighter one (a translucent overprint such as
 * the "SPECIMEN" stamp of a published specimen, whose edges `binarize` also calls ink), and every
 * pixel above it becomes paper (255). On a page without such a second ink the split falls inside
 * the print and thins it, so this is a second reading, never the first.
 */
export function darkestInk(gray: GrayImage): GrayImage {
  const bin = binarize(gray);
  const hist = new Float64Array(256);
  for (let i = 0; i < gray.data.length; i++) if (bin.data[i]) hist[gray.data[i] as number] = (hist[gray.data[i] as number] as number) + 1;
  const t = otsuThreshold(hist);
  const out = new Uint8Array(gray.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = gray.data[i] as number;
    out[i] = v <= t ? v : 255;
  }
  return { width: gray.width, height: gray.height, data: out };
}

/**
 * How far a page may be turned (degrees either way) and still be deskewed. A passport held up to
 * the camera by hand is often turned 10-20°; beyond the search range the sharpest profile is some
 * other angle (often 0), and the MRZ is read along sloped lines with its glyphs turned in their
 * cells: found less often and accepted less often (measured in docs/mrz-ocr.md).
 */
export const SKEW_MAX_DEG = 20;

/**
 * Skew angle (radians) of the text: the shear that makes the row histogram of ink the sharpest.
 * The coarse search (0.5° steps over the whole range) scores every `COARSE_EVERY`th point, so
 * that the range costs no more than ±8° did with every point; its sharpest peaks are scored
 * again with every point, and the fine search (0.05° steps within 0.5° of the best) scores them all.
 */
export function estimateSkew(bin: BinaryImage, maxDeg = SKEW_MAX_DEG): number {
  const level = skewOf(bin, maxDeg, false);
  if (Math.abs(level) > NEAR_LEVEL_RAD) return level;
  // Near level: on a dark, grainy photo the binarised noise has a row structure of its own, as
  // sharp at 0° as a page's text, whichever way the page is turned. Solid ink (2x2 blocks) keeps
  // strokes of print 2 px wide and more and drops most specks; where it alone says that the page
  // is turned, it is. Not for every estimate: small print's 1 px strokes drop out with the specks.
  const solid = skewOf(bin, maxDeg, true);
  return Math.abs(solid) >= SOLID_TURN_RAD ? solid : level;
}

/** Within 1° of level, the skew is looked for again in solid ink only; 3° or more from it wins. */
const NEAR_LEVEL_RAD = (1 * Math.PI) / 180;
const SOLID_TURN_RAD = (3 * Math.PI) / 180;

/** The projection-profile search of `estimateSkew`, over all ink or over solid ink only. */
function skewOf(bin: BinaryImage, maxDeg: number, solidOnly: boolean): number {
  const { width: w, height: h, data } = bin;
  const step = Math.max(1, Math.floor(Math.sqrt((w * h) / 400_000)));
  // Solid ink: the pixel and its right, lower and lower-right neighbours are ink.
  const keep = solidOnly
    ? (x: number, y: number) => {
        const i = y * w + x;
        return data[i] === 1 && x + 1 < w && y + 1 < h && data[i + 1] === 1 && data[i + w] === 1 && data[i + w + 1] === 1;
      }
    : (x: number, y: number) => data[y * w + x] === 1;
  let found = 0;
  for (let y = 0; y < h; y += step) for (let x = 0; x < w; x += step) if (keep(x, y)) found++;
  if (found < 50) return 0;
  // At most ~60k points: enough for a sharp profile, and the search stays fast.
  const stride = Math.ceil(found / 60_000);
  const n = Math.ceil(found / stride);
  // Every row y - x tan(angle) lands at or above 0 once shifted by `extra` (the bins' margin).
  const extra = Math.ceil(w * Math.tan((maxDeg * Math.PI) / 180)) + 2;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let seen = 0;
  let j = 0;
  for (let y = 0; y < h; y += step) {
    for (let x = 0; x < w; x += step) {
      if (!keep(x, y)) continue;
      if (seen++ % stride !== 0) continue;
      xs[j] = x - w / 2;
      ys[j] = y + extra + 0.5;
      j++;
    }
  }
  const bins = new Int32Array(h + 2 * extra);
  const score = (deg: number, every: number) => {
    const t = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < n; i += every) {
      const b = ((ys[i] as number) - (xs[i] as number) * t) | 0;
      bins[b] = (bins[b] as number) + 1;
    }
    let s = 0;
    for (let i = 0; i < bins.length; i++) s += (bins[i] as number) * (bins[i] as number);
    return s;
  };
  // A quarter of the points still gives text lines a sharp peak. Where two peaks come close, the
  // quarter may rank them otherwise than all the points: the best few are scored again with all.
  const coarseEvery = n >= COARSE_EVERY * COARSE_MIN_POINTS ? COARSE_EVERY : 1;
  const coarse: Array<{ d: number; s: number }> = [];
  for (let d = -maxDeg; d <= maxDeg + 1e-9; d += 0.5) coarse.push({ d, s: score(d, coarseEvery) });
  // The peaks of the profile's sharpness (each angle at least as sharp as its neighbours), best first.
  const peaks = coarse
    .filter((c, k) => (coarse[k - 1]?.s ?? -1) <= c.s && (coarse[k + 1]?.s ?? -1) <= c.s)
    .sort((a, b) => b.s - a.s || Math.abs(a.d) - Math.abs(b.d));
  let best = 0;
  let bestScore = -1;
  for (const { d } of peaks.slice(0, coarseEvery > 1 ? COARSE_RESCORED : 1)) {
    const s = score(d, 1);
    if (s > bestScore) {
      bestScore = s;
      best = d;
    }
  }
  const around = best;
  for (let d = around - 0.5; d <= around + 0.5 + 1e-9; d += 0.05) {
    const s = score(d, 1);
    if (s > bestScore) {
      bestScore = s;
      best = d;
    }
  }
  return (best * Math.PI) / 180;
}

/**
 * The coarse skew search scores every 4th point (when that leaves at least `COARSE_MIN_POINTS`),
 * then the angles of its `COARSE_RESCORED` sharpest peaks with every point.
 */
const COARSE_EVERY = 4;
const COARSE_MIN_POINTS = 2_000;
const COARSE_RESCORED = 3;

/**
 * The paper's grey level at the image's edge: the median of its border pixels. What lies beyond
 * the photo is filled with it, not with white: a white band beside paper darker than it is a
 * contrast the photo never had, and at a tight crop it runs into the glyphs' cells.
 */
export function borderPaper(gray: GrayImage): number {
  const { width: w, height: h, data } = gray;
  if (w < 1 || h < 1) return 255;
  const hist = new Uint32Array(256);
  const count = (i: number) => {
    const v = data[i] as number;
    hist[v] = (hist[v] as number) + 1;
  };
  for (let x = 0; x < w; x++) {
    count(x);
    count((h - 1) * w + x);
  }
  for (let y = 0; y < h; y++) {
    count(y * w);
    count(y * w + w - 1);
  }
  const half = w + h;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v] as number;
    if (seen >= half) return v;
  }
  return 255;
}

/** The image with `margin` px of `fill` laid around it on every side. */
export function padGray(gray: GrayImage, margin: number, fill: number): GrayImage {
  const { width: w, height: h, data } = gray;
  const W = w + 2 * margin;
  const out = new Uint8Array(W * (h + 2 * margin)).fill(fill);
  for (let y = 0; y < h; y++) out.set(data.subarray(y * w, (y + 1) * w), (y + margin) * W + margin);
  return { width: W, height: h + 2 * margin, data: out };
}

/** Rotates so that text of slope tan(angle) becomes horizontal (bilinear, `borderPaper` fill). */
export function rotateGray(gray: GrayImage, angle: number): GrayImage {
  const { width: w, height: h, data } = gray;
  const paper = borderPaper(gray);
  const out = new Uint8Array(w * h);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const cx = w / 2;
  const cy = h / 2;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      const sx = cx + dx * c - dy * s;
      const sy = cy + dx * s + dy * c;
      out[y * w + x] = sampleGray(gray, sx, sy, paper);
    }
  }
  void data;
  return { width: w, height: h, data: out };
}

/** Bilinear sample; `outside` (white unless told) beyond the image. */
export function sampleGray(gray: GrayImage, x: number, y: number, outside = 255): number {
  const { width: w, height: h, data } = gray;
  if (w < 2 || h < 2 || x < 0 || y < 0 || x > w - 1 || y > h - 1) return outside;
  const x0 = Math.min(w - 2, Math.floor(x));
  const y0 = Math.min(h - 2, Math.floor(y));
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * w + x0;
  const a = data[i] as number;
  const b = data[i + 1] as number;
  const cc = data[i + w] as number;
  const d = data[i + w + 1] as number;
  return a + (b - a) * fx + (cc - a) * fy + (a - b - cc + d) * fx * fy;
}

export interface Component {
  x0: number;
  y0: number;
  x1: number; // inclusive
  y1: number; // inclusive
  area: number;
  sx: number; // sum of x (for the centroid)
  sy: number;
}

export const ccWidth = (c: Component) => c.x1 - c.x0 + 1;
export const ccHeight = (c: Component) => c.y1 - c.y0 + 1;
export const ccCx = (c: Component) => (c.x0 + c.x1) / 2;
export const ccCy = (c: Component) => (c.y0 + c.y1) / 2;

/** 8-connected components of the ink (two-pass, union-find). */
export function connectedComponents(bin: BinaryImage): Component[] {
  const { width: w, height: h, data } = bin;
  const labels = new Int32Array(w * h);
  const parent: number[] = [0];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      const p = parent[a] as number;
      parent[a] = parent[p] as number;
      a = p;
    }
    return a;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!data[i]) continue;
      // Neighbours already labelled: W, NW, N, NE.
      let l = x > 0 ? (labels[i - 1] as number) : 0;
      if (y > 0) {
        const up = i - w;
        const nw = x > 0 ? (labels[up - 1] as number) : 0;
        const n = labels[up] as number;
        const ne = x < w - 1 ? (labels[up + 1] as number) : 0;
        if (nw) {
          if (!l) l = nw;
          else if (nw !== l) union(l, nw);
        }
        if (n) {
          if (!l) l = n;
          else if (n !== l) union(l, n);
        }
        if (ne) {
          if (!l) l = ne;
          else if (ne !== l) union(l, ne);
        }
      }
      if (!l) {
        l = parent.length;
        parent.push(l);
      }
      labels[i] = l;
    }
  }
  const index = new Int32Array(parent.length).fill(-1);
  const comps: Component[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const l = labels[y * w + x] as number;
      if (!l) continue;
      const r = find(l);
      let k = index[r] as number;
      if (k < 0) {
        k = comps.length;
        index[r] = k;
        comps.push({ x0: x, y0: y, x1: x, y1: y, area: 0, sx: 0, sy: 0 });
      }
      const c = comps[k] as Component;
      if (x < c.x0) c.x0 = x;
      if (x > c.x1) c.x1 = x;
      if (y > c.y1) c.y1 = y;
      c.area++;
      c.sx += x;
      c.sy += y;
    }
  }
  return comps;
}

export interface TextLine {
  ccs: Component[];
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  cy: number;
  /** 75th percentile of the CC heights. */
  h: number;
}

function percentileOf(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] as number;
}

/** Which components count as characters when lines are grouped. */
export interface LineOptions {
  /** Smallest component height, in pixels. */
  minHeight: number;
  /** Smallest component area, in pixels. */
  minArea: number;
  /** A component at either end of a line lower than this share of the line height is a speck. */
  speck: number;
}

/** Print of ordinary size: characters at least 5 px high. */
export const NORMAL_PRINT: LineOptions = { minHeight: 5, minArea: 8, speck: 0.6 };

/**
 * Small print (characters 6-8 px high, a card held far from the camera): the filler `<` is then
 * only 3-4 px high once binarised, so the floor of ordinary print would cut the filler runs out of
 * the lines. Tried only when ordinary print finds no MRZ, so it never changes a reading that
 * ordinary print finds.
 */
export const SMALL_PRINT: LineOptions = { minHeight: 3, minArea: 4, speck: 0.45 };

/** Filters character-like components and groups them into text lines. */
export function groupLines(comps: Component[], imageHeight: number, options: LineOptions = NORMAL_PRINT): TextLine[] {
  const ccs = comps
    .filter((c) => {
      const h = ccHeight(c);
      return h >= options.minHeight && h <= imageHeight / 6 && ccWidth(c) <= 3 * h && c.area >= options.minArea;
    })
    .sort((a, b) => a.x0 - b.x0);
  const parent = ccs.map((_, i) => i);
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a] as number] as number;
      a = parent[a] as number;
    }
    return a;
  };
  for (let i = 0; i < ccs.length; i++) {
    const a = ccs[i] as Component;
    const ha = ccHeight(a);
    for (let j = i + 1; j < ccs.length; j++) {
      const b = ccs[j] as Component;
      if (b.x0 - a.x1 > 2.5 * ha * 1.6) break;
      const hb = ccHeight(b);
      const hmax = Math.max(ha, hb);
      const gap = b.x0 - a.x1;
      if (gap >= 2.5 * hmax || hmax > 1.8 * Math.min(ha, hb)) continue;
      const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) + 1;
      if (overlap <= 0.5 * Math.min(ha, hb)) continue;
      if (Math.abs(ccCy(a) - ccCy(b)) >= 0.35 * hmax) continue;
      const ra = find(i);
      const rb = find(j);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
  const groups = new Map<number, Component[]>();
  ccs.forEach((c, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(c);
    else groups.set(r, [c]);
  });
  const lines: TextLine[] = [];
  for (const all of groups.values()) {
    // Drop specks at the ends of a line: they would shift its extent and the cell grid.
    const g = all.sort((a, b) => a.x0 - b.x0);
    const h75 = percentileOf(g.map(ccHeight), 0.75);
    while (g.length > 1 && ccHeight(g[0] as Component) < options.speck * h75) g.shift();
    while (g.length > 1 && ccHeight(g[g.length - 1] as Component) < options.speck * h75) g.pop();
    // ... and blobs set apart from a regularly spaced run (a page edge beside the MRZ).
    if (g.length >= 6) {
      const gaps = g.slice(1).map((c, i) => ccCx(c) - ccCx(g[i] as Component));
      const med = percentileOf(gaps, 0.5);
      while (g.length > 6 && ccCx(g[1] as Component) - ccCx(g[0] as Component) > 1.6 * med) g.shift();
      while (g.length > 6 && ccCx(g[g.length - 1] as Component) - ccCx(g[g.length - 2] as Component) > 1.6 * med) g.pop();
    }
    lines.push(textLine(g));
  }
  return lines;
}

function textLine(ccs: Component[]): TextLine {
  const g = ccs.sort((a, b) => a.x0 - b.x0);
  return {
    ccs: g,
    x0: Math.min(...g.map((c) => c.x0)),
    x1: Math.max(...g.map((c) => c.x1)),
    y0: Math.min(...g.map((c) => c.y0)),
    y1: Math.max(...g.map((c) => c.y1)),
    cy: percentileOf(g.map(ccCy), 0.5),
    h: percentileOf(g.map(ccHeight), 0.75),
  };
}

/** Median distance between neighbouring glyph centres of a line (0 with fewer than 3 glyphs). */
function medianPitch(line: TextLine): number {
  if (line.ccs.length < 3) return 0;
  const cx = line.ccs.map(ccCx).sort((a, b) => a - b);
  return percentileOf(
    cx.slice(1).map((x, i) => x - (cx[i] as number)),
    0.5,
  );
}

/** How far apart, in line heights, two pieces of one line may lie (a stamp letter spans a few cells). */
export const FRAGMENT_GAP_HEIGHTS = 16;

/**
 * The pieces of a line that something laid across it cut apart, joined again. A "SPECIMEN" stamp
 * in ink as dark as the print runs into the characters it crosses; the blobs it makes are too tall
 * to be characters, so `groupLines` leaves a hole there and the line falls apart in two or three
 * pieces, none as wide as the MRZ. Pieces are joined when they lie on one row (centres within 0.35
 * of the taller's height, heights within 1.5 of each other), do not overlap, are at most
 * `FRAGMENT_GAP_HEIGHTS` line heights apart and (with 3 glyphs or more each) keep one pitch within
 * 25 %. Used only where no MRZ was found without it.
 */
export function joinLineFragments(lines: readonly TextLine[]): TextLine[] {
  const pieces = [...lines].sort((a, b) => a.x0 - b.x0);
  const used = new Set<TextLine>();
  const out: TextLine[] = [];
  for (const start of pieces) {
    if (used.has(start)) continue;
    used.add(start);
    let line = start;
    let joined = false;
    for (const next of pieces) {
      if (used.has(next) || next.x0 <= line.x1) continue;
      const h = Math.max(line.h, next.h);
      if (Math.abs(next.cy - line.cy) >= 0.35 * h || h > 1.5 * Math.min(line.h, next.h)) continue;
      if (next.x0 - line.x1 > FRAGMENT_GAP_HEIGHTS * h) continue;
      const [p, q] = [medianPitch(line), medianPitch(next)];
      if (p > 0 && q > 0 && Math.abs(p - q) > 0.25 * Math.max(p, q)) continue;
      used.add(next);
      line = textLine([...line.ccs, ...next.ccs]);
      joined = true;
    }
    // Blobs where the stamp runs into the characters also raise a line's height, and the cells
    // would be sampled too tall: at most 1.2 glyph steps (OCR-B glyphs stand 0.9-1.2 steps high).
    const step = medianPitch(line);
    out.push(step > 0 && line.h > 1.2 * step ? { ...line, h: 1.2 * step } : joined ? line : start);
  }
  return out;
}

export interface MrzLocation {
  format: MrzFormat;
  /** Lines top to bottom. */
  lines: TextLine[];
  /** Found only once pieces of a line were joined (`joinLineFragments`): something lies across it. */
  joined?: boolean;
}

function charCount(line: TextLine): number {
  const cx = line.ccs.map(ccCx).sort((a, b) => a - b);
  const gaps = cx
    .slice(1)
    .map((x, i) => x - (cx[i] as number))
    .filter((g) => g > 0.3 * line.h);
  if (gaps.length === 0) return 0;
  const pitch = percentileOf(gaps, 0.5);
  return ((cx[cx.length - 1] as number) - (cx[0] as number)) / pitch + 1;
}

/** Finds 2 or 3 long, equally spaced, aligned lines from the bottom up. */
export function locateMrz(lines: TextLine[]): MrzLocation | null {
  const cands = lines
    .filter((l) => {
      const ratio = (l.x1 - l.x0 + 1) / l.h;
      return l.ccs.length >= 12 && ratio >= 18 && ratio <= 60;
    })
    .sort((a, b) => b.cy - a.cy);
  for (let i = 0; i < cands.length; i++) {
    const stack: TextLine[] = [cands[i] as TextLine];
    for (let j = i + 1; j < cands.length && stack.length < 3; j++) {
      const below = stack[stack.length - 1] as TextLine;
      const up = cands[j] as TextLine;
      const h = Math.max(below.h, up.h);
      const dy = below.cy - up.cy;
      if (dy < 1.2 * h) continue;
      if (dy > 2.6 * h) break;
      const wb = below.x1 - below.x0;
      const wu = up.x1 - up.x0;
      if (Math.abs(below.x0 - up.x0) > 2 * h) continue;
      if (Math.abs(wb - wu) > 0.12 * Math.max(wb, wu)) continue;
      stack.push(up);
    }
    if (stack.length < 2) continue;
    stack.reverse();
    // Characters per line from the centre spacing (the MRZ has no spaces, so the median gap is
    // the pitch); steadier than the width/height ratio under perspective and blur.
    const count = stack.reduce((s, l) => s + charCount(l), 0) / stack.length;
    if (stack.length === 3 && count >= 26 && count <= 34) return { format: 'TD1', lines: stack };
    const two = stack.slice(-2);
    const count2 = two.reduce((s, l) => s + charCount(l), 0) / 2;
    if (count2 >= 40 && count2 <= 48) return { format: 'TD3', lines: two };
    if (count2 >= 33 && count2 < 40) return { format: 'TD2', lines: two };
  }
  return null;
}

/**
 * The image with the light made even: each pixel divided by the paper's brightness around it
 * (the brightest pixel of each `block` x `block` block, the largest over the neighbouring blocks,
 * interpolated), so that paper comes out near 255 wherever it lies and the ink keeps its share of
 * the paper's brightness. Used before `darkestInk`, whose one threshold must hold across a page
 * lit unevenly.
 */
export function evenLight(gray: GrayImage, block = 32): GrayImage {
  const { width: w, height: h, data } = gray;
  const bw = Math.ceil(w / block);
  const bh = Math.ceil(h / block);
  const peak = new Float32Array(bw * bh);
  for (let y = 0; y < h; y++) {
    const by = Math.floor(y / block) * bw;
    for (let x = 0; x < w; x++) {
      const i = by + Math.floor(x / block);
      const v = data[y * w + x] as number;
      if (v > (peak[i] as number)) peak[i] = v;
    }
  }
  // The largest over the 3x3 neighbouring blocks: a block all ink takes its neighbours' paper.
  const paper = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = by + dy;
          const xx = bx + dx;
          if (yy >= 0 && yy < bh && xx >= 0 && xx < bw) m = Math.max(m, peak[yy * bw + xx] as number);
        }
      paper[by * bw + bx] = Math.max(1, m);
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(bw - 1, Math.max(0, (x + 0.5) / block - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(bw - 1, x0 + 1);
      const tx = fx - x0;
      const top = (paper[y0 * bw + x0] as number) * (1 - tx) + (paper[y0 * bw + x1] as number) * tx;
      const bottom = (paper[y1 * bw + x0] as number) * (1 - tx) + (paper[y1 * bw + x1] as number) * tx;
      const p = top * (1 - ty) + bottom * ty;
      out[y * w + x] = Math.min(255, Math.round(((data[y * w + x] as number) * 255) / p));
    }
  }
  return { width: w, height: h, data: out };
}
