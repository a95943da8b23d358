import type { GrayImage } from '../image';
import { MRZ_LINE_SHAPES } from '../../documents/mrz-layout';
import { glyphBoxes } from './cells';
import type { MrzLocation } from './preprocess';
import type { MrzPosition } from './repair';

/**
 * How much brighter than its surroundings a cell's paper, or its ink, must be to lie under glare,
 * as a share of the surroundings' contrast (paper minus ink).
 */
export const GLARE_PAPER_RISE = 0.5;
export const GLARE_INK_RISE = 0.5;
/** The least rise of the paper that counts, in gray levels (noise and print vary less). */
export const GLARE_MIN_RISE = 15;

/** A gray level the camera gives only where it saturates. */
const SATURATED = 250;

/**
 * Columns each side of a cell that are its surroundings, and the columns next to it left out. A
 * side of fewer than two columns counts as none.
 */
const NEAR = 2;
const FAR = 10;

export interface CellLight {
  /** 95th percentile of the cell's gray: its paper. */
  paper: number;
  /** 5th percentile: its ink. */
  ink: number;
}

/**
 * The positions of a located MRZ that lie under glare: a lamp's reflection on the laminate that
 * makes a cell's paper, or its ink, much brighter than the cells around it. Where the camera
 * saturates, strokes vanish into the paper; at the rim, the light rises across the glyph. Either
 * way the glyph left is another one, read with full confidence: seen on a generated passport
 * photo, an M half washed out read as L and the filler beside it as W, in the name, which no
 * check digit covers, and the reading was accepted.
 *
 * Each cell's light is compared with its surroundings on each side (columns `NEAR`+1..`FAR`
 * away on its own line: the lines of a tilted page lie in different light). The brighter side is
 * the reference, so that a shadow's edge, a stamp or the page's even fall of light, which leave
 * one side as bright as the cell, count for nothing, while a reflection, brighter than both
 * sides, does. A cell near a line's end has one side only: there the camera must also saturate
 * on it, which a shadow ending by the line's end does not make it do.
 */
export function glyphsUnderGlare(gray: GrayImage, loc: MrzLocation): MrzPosition[] {
  return glareCells(
    glyphBoxes(loc).map((b) => cellLight(gray, b)),
    MRZ_LINE_SHAPES[loc.format].length,
  );
}

/** The cells under glare (`glyphsUnderGlare`) from each cell's light, line by line. */
export function glareCells(light: readonly CellLight[], perLine: number): MrzPosition[] {
  const lines = Math.floor(light.length / perLine);
  const out: MrzPosition[] = [];
  for (let line = 0; line < lines; line++) {
    for (let col = 0; col < perLine; col++) {
      const cell = light[line * perLine + col] as CellLight;
      const side = (from: number, to: number) => {
        const cells: CellLight[] = [];
        for (let c = Math.max(0, from); c <= Math.min(perLine - 1, to); c++) cells.push(light[line * perLine + c] as CellLight);
        return cells.length >= 2 ? { paper: median(cells.map((x) => x.paper)), ink: median(cells.map((x) => x.ink)) } : null;
      };
      const left = side(col - FAR, col - NEAR - 1);
      const right = side(col + NEAR + 1, col + FAR);
      const ref = left && right ? (left.paper >= right.paper ? left : right) : (left ?? right);
      if (!ref) continue;
      const inkRef = Math.max(left?.ink ?? 0, right?.ink ?? 0);
      const contrast = Math.max(1, ref.paper - inkRef);
      // Bright paper has little room left before the camera saturates: the rise is measured
      // against that room when it is less than the contrast.
      const room = Math.max(GLARE_MIN_RISE / GLARE_PAPER_RISE, Math.min(contrast, 255 - ref.paper));
      const paperRise = cell.paper - ref.paper;
      const inkRise = cell.ink - inkRef;
      if (paperRise <= GLARE_PAPER_RISE * room && inkRise <= GLARE_INK_RISE * contrast) continue;
      // Near a line's end there is one side to compare with, and a shadow ending there, or light
      // falling off towards the other end, also leaves the end brighter, paper and ink alike in a
      // blurred, low-contrast photo. There only saturation tells a reflection: the cell's paper
      // saturated where its side's is not, or, on a page whose paper is saturated already, its ink
      // lifted.
      const oneSided = !left || !right;
      const saturated = ref.paper <= SATURATED - GLARE_MIN_RISE ? cell.paper >= SATURATED : inkRise > GLARE_INK_RISE * contrast;
      if (!oneSided || saturated) out.push({ line, position: col });
    }
  }
  return out;
}

/**
 * The paper and ink levels of a cell: its glyph box (0.7 pitch wide, `glyphBoxes`) widened to the
 * whole pitch, so that the paper between glyphs counts, and a pixel taller.
 */
function cellLight(gray: GrayImage, box: { x0: number; x1: number; y0: number; y1: number }): CellLight {
  const { width: w, height: h, data } = gray;
  const half = (box.x1 - box.x0) / 0.7 / 2;
  const cx = (box.x0 + box.x1) / 2;
  const hist = new Uint32Array(256);
  let n = 0;
  for (let y = Math.max(0, Math.floor(box.y0 - 1)); y <= Math.min(h - 1, Math.ceil(box.y1 + 1)); y++) {
    for (let x = Math.max(0, Math.floor(cx - half)); x <= Math.min(w - 1, Math.ceil(cx + half)); x++) {
      const v = data[y * w + x] as number;
      hist[v] = (hist[v] as number) + 1;
      n++;
    }
  }
  if (n === 0) return { paper: 0, ink: 0 };
  return { paper: quantile(hist, n, 0.95), ink: quantile(hist, n, 0.05) };
}

function quantile(hist: Uint32Array, n: number, q: number): number {
  const target = q * (n - 1);
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v] as number;
    if (seen > target) return v;
  }
  return 255;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
