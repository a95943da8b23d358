import { describe, expect, it } from 'vitest';
import type { RgbaImage } from './image';
import { applyExifOrientation, exifOrientation, orientImage, rotate180 } from './orientation';

/** 3x2 image whose red channel numbers the pixels 1..6 row by row. */
const img: RgbaImage = {
  width: 3,
  height: 2,
  data: new Uint8ClampedArray([1, 2, 3, 4, 5, 6].flatMap((v) => [v, 0, 0, 255])),
};
const red = (i: RgbaImage) => [...i.data].filter((_, k) => k % 4 === 0);

/** A JPEG header with an APP1 Exif segment carrying the orientation tag (big or little endian). */
function exifJpeg(orientation: number, little = false): Uint8Array {
  const u16 = (v: number) => (little ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff]);
  const u32 = (v: number) => (little ? [v & 0xff, (v >> 8) & 0xff, 0, 0] : [0, 0, (v >> 8) & 0xff, v & 0xff]);
  const tiff = [
    ...(little ? [0x49, 0x49] : [0x4d, 0x4d]),
    ...u16(42),
    ...u32(8),
    ...u16(1),
    ...u16(0x0112),
    ...u16(3),
    ...u32(1),
    ...u16(orientation),
    0,
    0,
    ...u32(0),
  ];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const len = payload.length + 2;
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe1, len >> 8, len & 0xff, ...payload, 0xff, 0xd9]);
}

describe('image orientation', () => {
  it('reads the EXIF orientation of a JPEG, 1 when absent', () => {
    for (const o of [1, 2, 3, 4, 5, 6, 7, 8]) {
      expect(exifOrientation(exifJpeg(o))).toBe(o);
      expect(exifOrientation(exifJpeg(o, true))).toBe(o);
    }
    expect(exifOrientation(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBe(1);
    expect(exifOrientation(new Uint8Array([1, 2, 3]))).toBe(1);
    expect(exifOrientation(exifJpeg(1).slice(0, 12))).toBe(1);
  });

  it('turns a stored image upright for each of the 8 orientations', () => {
    // What a camera stores for an upright scene 1 2 3 / 4 5 6, per orientation (EXIF 2.32).
    const stored: Record<number, { w: number; h: number; px: number[] }> = {
      1: { w: 3, h: 2, px: [1, 2, 3, 4, 5, 6] },
      2: { w: 3, h: 2, px: [3, 2, 1, 6, 5, 4] },
      3: { w: 3, h: 2, px: [6, 5, 4, 3, 2, 1] },
      4: { w: 3, h: 2, px: [4, 5, 6, 1, 2, 3] },
      5: { w: 2, h: 3, px: [1, 4, 2, 5, 3, 6] },
      6: { w: 2, h: 3, px: [3, 6, 2, 5, 1, 4] },
      7: { w: 2, h: 3, px: [6, 3, 5, 2, 4, 1] },
      8: { w: 2, h: 3, px: [4, 1, 5, 2, 6, 3] },
    };
    for (const [o, s] of Object.entries(stored)) {
      const image: RgbaImage = { width: s.w, height: s.h, data: new Uint8ClampedArray(s.px.flatMap((v) => [v, 0, 0, 255])) };
      const upright = applyExifOrientation(image, Number(o));
      expect({ o, w: upright.width, h: upright.height, px: red(upright) }).toEqual({ o, w: 3, h: 2, px: [1, 2, 3, 4, 5, 6] });
    }
  });

  it('rotates by 180 degrees, and orientImage reads the tag from the file bytes', () => {
    expect(red(rotate180(img))).toEqual([6, 5, 4, 3, 2, 1]);
    expect(red(orientImage(rotate180(img), exifJpeg(3)))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
