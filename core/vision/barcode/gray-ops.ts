import type { GrayImage, RgbaImage } from '../image';
import { toGray } from '../image';

/** A point in image pixel coordinates. */
export interface Point {
  x: number;
  y: number;
}

export function isGray(image: RgbaImage | GrayImage): image is GrayImage {
  return image.data.length === image.width * image.height;
}

/** Gray view of either kind of image (RGBA is converted with BT.601 luma; gray is returned as is). */
export function asGray(image: RgbaImage | GrayImage): GrayImage {
  return isGray(image) ? image : toGray(image);
}

/** Expands a gray image to opaque RGBA (what zxing-wasm's ImageData input expects). */
export function grayToRgba(gray: GrayImage): RgbaImage {
  const { width, height, data } = gray;
  const out = new Uint8ClampedArray(width * height * 4);
  for (let p = 0, i = 0; p < data.length; p++, i += 4) {
    const v = data[p] as number;
    out[i] = v;
    out[i + 1] = v;
    out[i + 2] = v;
    out[i + 3] = 255;
  }
  return { width, height, data: out };
}

/** 255 - v for every pixel (reversed reflectance: light code on dark ground). */
export function invertGray(gray: GrayImage): GrayImage {
  const out = new Uint8Array(gray.data.length);
  for (let i = 0; i < out.length; i++) out[i] = 255 - (gray.data[i] as number);
  return { width: gray.width, height: gray.height, data: out };
}

/** Median of the border pixels: the colour used to fill corners uncovered by a rotation. */
export function borderLevel(gray: GrayImage): number {
  const { width: w, height: h, data } = gray;
  const hist = new Uint32Array(256);
  let n = 0;
  const step = Math.max(1, Math.floor((w + h) / 400));
  for (let x = 0; x < w; x += step) {
    hist[data[x] as number]!++;
    hist[data[(h - 1) * w + x] as number]!++;
    n += 2;
  }
  for (let y = 0; y < h; y += step) {
    hist[data[y * w] as number]!++;
    hist[data[y * w + w - 1] as number]!++;
    n += 2;
  }
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v] as number;
    if (acc * 2 >= n) return v;
  }
  return 255;
}

/** A rotated image and the maps between its coordinates and the source's. */
export interface Rotation {
  image: GrayImage;
  /** Rotated-image point -> source-image point. */
  toSource(p: Point): Point;
}

/**
 * Rotates a gray image by `degrees` (positive = counter-clockwise as seen on screen, y down) about
 * its centre with bilinear sampling. The canvas grows to hold the whole source; uncovered corners
 * take `fill` (default: the source's border level, so no artificial edges appear).
 */
export function rotateGray(src: GrayImage, degrees: number, fill?: number): Rotation {
  const { width: w, height: h, data } = src;
  const bg = fill ?? borderLevel(src);
  const rad = (degrees * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const ow = Math.ceil(Math.abs(w * cos) + Math.abs(h * sin));
  const oh = Math.ceil(Math.abs(w * sin) + Math.abs(h * cos));
  const out = new Uint8Array(ow * oh);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const ocx = (ow - 1) / 2;
  const ocy = (oh - 1) / 2;
  // Output (u, v) -> source: screen-CCW rotation by θ with y down maps source d to
  // (d.x cos + d.y sin, -d.x sin + d.y cos); its inverse is applied here.
  for (let v = 0; v < oh; v++) {
    const dy = v - ocy;
    let sx = -dy * sin + cx - ocx * cos;
    let sy = dy * cos + cy - ocx * sin;
    const row = v * ow;
    for (let u = 0; u < ow; u++, sx += cos, sy += sin) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[row + u] = bg;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const a = data[i] as number;
      const b = data[i + 1] as number;
      const c = data[i + w] as number;
      const d = data[i + w + 1] as number;
      const top = a + (b - a) * fx;
      const bottom = c + (d - c) * fx;
      out[row + u] = top + (bottom - top) * fy + 0.5;
    }
  }
  return {
    image: { width: ow, height: oh, data: out },
    toSource: ({ x, y }) => {
      const dx = x - ocx;
      const dy = y - ocy;
      return { x: dx * cos - dy * sin + cx, y: dx * sin + dy * cos + cy };
    },
  };
}

/** Halves width and height by 2x2 box averaging (a cheap pyramid level). */
export function halveGray(src: GrayImage): GrayImage {
  const w = src.width >> 1;
  const h = src.height >> 1;
  const out = new Uint8Array(w * h);
  const sw = src.width;
  const d = src.data;
  for (let y = 0; y < h; y++) {
    const r0 = 2 * y * sw;
    const r1 = r0 + sw;
    for (let x = 0; x < w; x++) {
      const i = 2 * x;
      out[y * w + x] = ((d[r0 + i] as number) + (d[r0 + i + 1] as number) + (d[r1 + i] as number) + (d[r1 + i + 1] as number) + 2) >> 2;
    }
  }
  return { width: w, height: h, data: out };
}

/** Exact rotation by a multiple of 90 degrees clockwise (k = 1, 2, 3), with the map back to the source. */
export function rotateQuarter(src: GrayImage, k: 1 | 2 | 3): Rotation {
  const { width: w, height: h, data } = src;
  const ow = k === 2 ? w : h;
  const oh = k === 2 ? h : w;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x] as number;
      // clockwise 90: (x, y) -> (h-1-y, x); 180: (w-1-x, h-1-y); 270: (y, w-1-x)
      if (k === 1) out[x * ow + (h - 1 - y)] = v;
      else if (k === 2) out[(h - 1 - y) * ow + (w - 1 - x)] = v;
      else out[(w - 1 - x) * ow + y] = v;
    }
  }
  return {
    image: { width: ow, height: oh, data: out },
    toSource: ({ x, y }) => (k === 1 ? { x: y, y: h - 1 - x } : k === 2 ? { x: w - 1 - x, y: h - 1 - y } : { x: w - 1 - y, y: x }),
  };
}
