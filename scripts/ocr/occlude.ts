/**
 * Ways a generated photo's MRZ is partly lost, for tests and the bench: where to cut or cover it
 * between two columns, and glare that washes its ink out.
 */
import { glyphBoxes } from '../../core/vision/mrz/cells';
import { type PreparedMrz, photoPoint } from '../../core/vision/mrz/read';
import type { GrayImage } from '../../core/vision/image';

/**
 * Where, in the photo's x, to cut or cover a located MRZ between its `column`th and next glyph
 * boxes (every line): `at` of the way from the one's right edge to the other's left edge
 * (halfway by default).
 */
export function xAfterColumn(prepared: PreparedMrz, column: number, at = 0.5): number | null {
  const loc = prepared.location;
  if (!loc) return null;
  const boxes = glyphBoxes(loc);
  const perLine = boxes.length / loc.lines.length;
  const xs = (k: number) =>
    loc.lines.flatMap((_, l) => {
      const b = boxes[l * perLine + k];
      return b ? [b.x0, b.x1].flatMap((x) => [photoPoint(prepared, x, b.y0)[0], photoPoint(prepared, x, b.y1)[0]]) : [];
    });
  const right = Math.max(...xs(column - 1));
  return Math.round(right + at * (Math.min(...xs(column)) - right));
}

/**
 * `gray` with glare over the part of `box` right of `from` (and a third of its height around
 * it): the ink washed out to the paper's tone (its 9th decile there), fading in over 6 px. A
 * glare brighter than the paper would make the local threshold call the paper beside it ink.
 */
export function glareRightOf(gray: GrayImage, from: number, box: { x0: number; y0: number; x1: number; y1: number }): GrayImage {
  const out = { width: gray.width, height: gray.height, data: new Uint8Array(gray.data) };
  const pad = (box.y1 - box.y0) / 3;
  const y0 = Math.max(0, Math.floor(box.y0 - pad));
  const y1 = Math.min(gray.height - 1, Math.ceil(box.y1 + pad));
  const x0 = Math.max(0, Math.floor(box.x0));
  const x1 = Math.min(gray.width - 1, Math.ceil(box.x1 + pad));
  const around: number[] = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) around.push(gray.data[y * gray.width + x] as number);
  const paper = around.sort((a, b) => a - b)[Math.floor(around.length * 0.9)] as number;
  for (let y = y0; y <= y1; y++)
    for (let x = Math.max(0, Math.ceil(from)); x <= x1; x++) {
      const k = y * gray.width + x;
      const v = gray.data[k] as number;
      const w = Math.min(1, (x - from) / 6);
      out.data[k] = Math.round((1 - w) * v + w * Math.max(v, paper));
    }
  return out;
}
