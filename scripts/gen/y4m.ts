/**
 * YUV4MPEG2 (Y4M, 4:2:0) writer for Chromium's fake camera:
 * `chromium --use-fake-device-for-media-stream --use-file-for-fake-video-capture=FILE.y4m`.
 * Chromium loops the file; a still image repeated for N frames is enough for a decode test.
 */
import { writeFileSync } from 'node:fs';
import type { RgbaImage } from '../../core/vision/image';

export interface Y4mOptions {
  /** Frames per second written in the header (default 30). */
  fps?: number;
}

/** BT.601 limited-range planar I420 of one RGBA frame (odd sizes are cropped to even). */
export function rgbaToI420(image: RgbaImage): { width: number; height: number; planes: Uint8Array } {
  const w = image.width & ~1;
  const h = image.height & ~1;
  const cw = w / 2;
  const ch = h / 2;
  const planes = new Uint8Array(w * h + 2 * cw * ch);
  const d = image.data;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * image.width + x) * 4;
      const r = d[i] as number;
      const g = d[i + 1] as number;
      const b = d[i + 2] as number;
      planes[y * w + x] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
    }
  const uOff = w * h;
  const vOff = uOff + cw * ch;
  for (let y = 0; y < ch; y++)
    for (let x = 0; x < cw; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const i = ((2 * y + dy) * image.width + 2 * x + dx) * 4;
        r += d[i] as number;
        g += d[i + 1] as number;
        b += d[i + 2] as number;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      planes[uOff + y * cw + x] = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      planes[vOff + y * cw + x] = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  return { width: w, height: h, planes };
}

/** A Y4M file holding `frames` copies of `image` (or the given list of frames, all of one size). */
export function encodeY4m(images: RgbaImage | RgbaImage[], frames = 1, options: Y4mOptions = {}): Buffer {
  const list = Array.isArray(images) ? images : Array.from({ length: frames }, () => images);
  const first = list[0];
  if (!first) throw new Error('no frames');
  const fps = options.fps ?? 30;
  const header = Buffer.from(`YUV4MPEG2 W${first.width & ~1} H${first.height & ~1} F${fps}:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const frameTag = Buffer.from('FRAME\n', 'ascii');
  const chunks: Buffer[] = [header];
  let cached: { src: RgbaImage; planes: Uint8Array } | undefined;
  for (const img of list) {
    if (img.width !== first.width || img.height !== first.height) throw new Error('all frames must have the same size');
    if (cached?.src !== img) cached = { src: img, planes: rgbaToI420(img).planes };
    chunks.push(frameTag, Buffer.from(cached.planes.buffer, cached.planes.byteOffset, cached.planes.byteLength));
  }
  return Buffer.concat(chunks);
}

/** Writes `frames` frames of `image` to `path` as Y4M 4:2:0. */
export function writeY4m(path: string, image: RgbaImage, frames: number, options: Y4mOptions = {}): void {
  writeFileSync(path, encodeY4m(image, frames, options));
}
