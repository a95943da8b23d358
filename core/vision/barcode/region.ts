import type { GrayImage, RgbaImage } from '../image';
import type { BarcodeResult } from './decoder';
import { mapQuad } from './decoder';
import { isGray } from './gray-ops';

/** An axis-aligned rectangle in pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The guide frame's share of the camera frame (centred): what the view draws and fast frames decode. */
export const GUIDE_REGION = { width: 0.7, height: 0.6 } as const;

/** The centred rectangle covering `share` of a width x height frame, in whole pixels. */
export function centredRegion(width: number, height: number, share: { width: number; height: number } = GUIDE_REGION): Rect {
  const w = Math.max(1, Math.min(width, Math.round(width * share.width)));
  const h = Math.max(1, Math.min(height, Math.round(height * share.height)));
  return { x: Math.floor((width - w) / 2), y: Math.floor((height - h) / 2), width: w, height: h };
}

/**
 * Copies `rect` out of an RGBA or gray image (same kind out), row by row. `scratch` is reused when
 * it has the right size, so a camera loop does not allocate a buffer per frame.
 */
export function cropImage<T extends RgbaImage | GrayImage>(image: T, rect: Rect, scratch?: T['data']): T {
  const channels = isGray(image) ? 1 : 4;
  const size = rect.width * rect.height * channels;
  const fits = scratch !== undefined && scratch.length === size && (channels === 1) === !(scratch instanceof Uint8ClampedArray);
  const out = fits ? scratch : channels === 1 ? new Uint8Array(size) : new Uint8ClampedArray(size);
  const rowBytes = rect.width * channels;
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.y + y) * image.width + rect.x) * channels;
    out.set(image.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return { width: rect.width, height: rect.height, data: out } as T;
}

/** Moves found positions from a crop's coordinates back to the full frame's. */
export function offsetResults(results: BarcodeResult[], dx: number, dy: number): BarcodeResult[] {
  if (dx === 0 && dy === 0) return results;
  return results.map((r) => (r.position ? { ...r, position: mapQuad(r.position, (p) => ({ x: p.x + dx, y: p.y + dy })) } : r));
}
