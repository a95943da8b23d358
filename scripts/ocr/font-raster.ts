/**
 * Pure-JS text rasteriser for the OCR-B font: glyph outlines from opentype.js, flattened to
 * polygons and filled with a non-zero-winding scanline filler with supersampled anti-aliasing.
 * Used by the synthetic photo generator (tests, bench, prototype table builder).
 */
import { readFileSync } from 'node:fs';
import opentype from 'opentype.js';

export const OCRB_FONT_PATH = '/usr/share/fonts/opentype/ocr-b/OCRB.otf';

export interface Font {
  /** Advance width of one character as a fraction of the font size (OCR-B is fixed pitch). */
  advance: number;
  /** Flattened outline of `text` at `size` px, pen at (x, baseline y), as closed polygons [x0,y0,x1,y1,...]. */
  outline(text: string, x: number, y: number, size: number): number[][];
}

/** The other OCR-B renderings of Debian's fonts-ocr-b (same foundry outlines, other cuts). */
export const OCRB_SHARP_FONT_PATH = '/usr/share/fonts/opentype/ocr-b/OCRBS.otf';
export const OCRB_OBLIQUE_FONT_PATH = '/usr/share/fonts/opentype/ocr-b/OCRBL.otf';

const cache = new Map<string, Font>();

export function loadOcrbFont(path = OCRB_FONT_PATH): Font {
  const cached = cache.get(path);
  if (cached) return cached;
  const bytes = readFileSync(path);
  const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const advance = (font.charToGlyph('0').advanceWidth ?? 723) / font.unitsPerEm;
  const result: Font = {
    advance,
    outline(text, x, y, size) {
      const path = font.getPath(text, x, y, size);
      return flatten(path.commands, Math.max(2, Math.min(8, Math.round(size / 6))));
    },
  };
  cache.set(path, result);
  return result;
}

function flatten(commands: opentype.PathCommand[], steps: number): number[][] {
  const polys: number[][] = [];
  let cur: number[] = [];
  let px = 0;
  let py = 0;
  let sx = 0;
  let sy = 0;
  const close = () => {
    if (cur.length >= 6) polys.push(cur);
    cur = [];
  };
  for (const c of commands) {
    if (c.type === 'M') {
      close();
      cur.push(c.x, c.y);
      px = sx = c.x;
      py = sy = c.y;
    } else if (c.type === 'L') {
      cur.push(c.x, c.y);
      px = c.x;
      py = c.y;
    } else if (c.type === 'Q') {
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        cur.push(u * u * px + 2 * u * t * c.x1 + t * t * c.x, u * u * py + 2 * u * t * c.y1 + t * t * c.y);
      }
      px = c.x;
      py = c.y;
    } else if (c.type === 'C') {
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        cur.push(
          u * u * u * px + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x,
          u * u * u * py + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y,
        );
      }
      px = c.x;
      py = c.y;
    } else if (c.type === 'Z') {
      px = sx;
      py = sy;
      close();
    }
  }
  close();
  return polys;
}

/**
 * Fills polygons (non-zero winding) into a coverage buffer with `sub` sub-scanlines per pixel row
 * and exact horizontal span coverage. `ink` (0..1) is multiplied by coverage and composited
 * toward `value` on the 0..255 float canvas.
 */
export function fillPolygons(
  canvas: Float32Array,
  width: number,
  height: number,
  polys: number[][],
  value: number,
  ink = 1,
  sub = 4,
): void {
  let minY = Infinity;
  let maxY = -Infinity;
  let minX = Infinity;
  let maxX = -Infinity;
  const edges: number[] = []; // x0, y0, x1, y1, dir (y0 < y1)
  for (const p of polys) {
    const n = p.length / 2;
    for (let i = 0; i < n; i++) {
      const ax = p[2 * i] as number;
      const ay = p[2 * i + 1] as number;
      const j = (i + 1) % n;
      const bx = p[2 * j] as number;
      const by = p[2 * j + 1] as number;
      if (ay === by) continue;
      if (ay < by) edges.push(ax, ay, bx, by, 1);
      else edges.push(bx, by, ax, ay, -1);
      minY = Math.min(minY, ay, by);
      maxY = Math.max(maxY, ay, by);
      minX = Math.min(minX, ax, bx);
      maxX = Math.max(maxX, ax, bx);
    }
  }
  if (edges.length === 0) return;
  const y0 = Math.max(0, Math.floor(minY));
  const y1 = Math.min(height - 1, Math.ceil(maxY));
  const x0 = Math.max(0, Math.floor(minX));
  const x1 = Math.min(width - 1, Math.ceil(maxX));
  if (x1 < x0) return;
  const cover = new Float32Array(x1 - x0 + 2);
  const xs: number[] = [];
  const ds: number[] = [];
  for (let y = y0; y <= y1; y++) {
    cover.fill(0);
    for (let s = 0; s < sub; s++) {
      const yc = y + (s + 0.5) / sub;
      xs.length = 0;
      ds.length = 0;
      for (let e = 0; e < edges.length; e += 5) {
        const ey0 = edges[e + 1] as number;
        const ey1 = edges[e + 3] as number;
        if (yc < ey0 || yc >= ey1) continue;
        const ex0 = edges[e] as number;
        const ex1 = edges[e + 2] as number;
        xs.push(ex0 + ((yc - ey0) / (ey1 - ey0)) * (ex1 - ex0));
        ds.push(edges[e + 4] as number);
      }
      if (xs.length < 2) continue;
      const order = xs.map((_, i) => i).sort((a, b) => (xs[a] as number) - (xs[b] as number));
      let wind = 0;
      for (let k = 0; k < order.length - 1; k++) {
        const i = order[k] as number;
        wind += ds[i] as number;
        if (wind === 0) continue;
        const xa = Math.max(x0, xs[i] as number);
        const xb = Math.min(x1 + 1, xs[order[k + 1] as number] as number);
        if (xb <= xa) continue;
        const ia = Math.floor(xa);
        const ib = Math.floor(xb);
        if (ia === ib) {
          cover[ia - x0] = (cover[ia - x0] as number) + (xb - xa);
        } else {
          cover[ia - x0] = (cover[ia - x0] as number) + (ia + 1 - xa);
          for (let q = ia + 1; q < ib; q++) cover[q - x0] = (cover[q - x0] as number) + 1;
          if (ib <= x1) cover[ib - x0] = (cover[ib - x0] as number) + (xb - ib);
        }
      }
    }
    const row = y * width;
    for (let x = x0; x <= x1; x++) {
      const c = Math.min(1, (cover[x - x0] as number) / sub) * ink;
      if (c <= 0) continue;
      const i = row + x;
      canvas[i] = (canvas[i] as number) * (1 - c) + value * c;
    }
  }
}
