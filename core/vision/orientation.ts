/**
 * Still photos as the camera stored them: the EXIF orientation tag (1-8) says how to turn the
 * stored pixels upright (2, 4, 5, 7 mirror them). Pure code, on the bytes of the file.
 */
import type { RgbaImage } from './image';

/** The EXIF orientation (1-8) of a JPEG's bytes; 1 when there is none or it cannot be read. */
export function exifOrientation(bytes: Uint8Array): number {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return 1;
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1] as number;
    if (marker === 0xda || marker === 0xd9) return 1; // image data: no more metadata
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    const start = at + 4;
    const end = Math.min(bytes.length, at + 2 + length);
    if (marker === 0xe1 && end - start > 14 && String.fromCharCode(...bytes.subarray(start, start + 4)) === 'Exif') {
      return tiffOrientation(bytes.subarray(start + 6, end));
    }
    at += 2 + length;
  }
  return 1;
}

function tiffOrientation(tiff: Uint8Array): number {
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return 1;
  const u16 = (o: number) =>
    o + 2 > tiff.length
      ? -1
      : little
        ? (tiff[o] as number) | ((tiff[o + 1] as number) << 8)
        : ((tiff[o] as number) << 8) | (tiff[o + 1] as number);
  const u32 = (o: number) => (o + 4 > tiff.length ? -1 : little ? u16(o) + u16(o + 2) * 65536 : u16(o) * 65536 + u16(o + 2));
  const ifd = u32(4);
  const count = ifd < 0 ? -1 : u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/** Turns a stored image upright according to its EXIF orientation (1-8; anything else: as is). */
export function applyExifOrientation(image: RgbaImage, orientation: number): RgbaImage {
  if (!(orientation >= 2 && orientation <= 8)) return image;
  const { width: w, height: h, data } = image;
  const swap = orientation >= 5;
  const W = swap ? h : w;
  const H = swap ? w : h;
  const out = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let sx: number;
      let sy: number;
      switch (orientation) {
        case 2:
          [sx, sy] = [w - 1 - x, y];
          break;
        case 3:
          [sx, sy] = [w - 1 - x, h - 1 - y];
          break;
        case 4:
          [sx, sy] = [x, h - 1 - y];
          break;
        case 5:
          [sx, sy] = [y, x];
          break;
        case 6:
          [sx, sy] = [y, h - 1 - x];
          break;
        case 7:
          [sx, sy] = [w - 1 - y, h - 1 - x];
          break;
        default:
          [sx, sy] = [w - 1 - y, x];
      }
      const s = (sy * w + sx) * 4;
      const d = (y * W + x) * 4;
      out[d] = data[s] as number;
      out[d + 1] = data[s + 1] as number;
      out[d + 2] = data[s + 2] as number;
      out[d + 3] = data[s + 3] as number;
    }
  }
  return { width: W, height: H, data: out };
}

/** The image turned upside down. */
export function rotate180(image: RgbaImage): RgbaImage {
  return applyExifOrientation(image, 3);
}

/** A decoded still turned upright using the EXIF orientation in its file bytes. */
export function orientImage(image: RgbaImage, fileBytes: Uint8Array): RgbaImage {
  return applyExifOrientation(image, exifOrientation(fileBytes));
}
