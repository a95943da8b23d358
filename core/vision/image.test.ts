import { describe, expect, it } from 'vitest';
import { lightestChannel, toGray } from './image';

/** One row of RGBA pixels. */
const row = (pixels: Array<[number, number, number]>) => ({
  width: pixels.length,
  height: 1,
  data: new Uint8ClampedArray(pixels.flatMap(([r, g, b]) => [r, g, b, 255])),
});

describe('lightestChannel', () => {
  it('keeps black and grey print dark and turns red and blue stamp ink light', () => {
    const black = [25, 22, 28] as [number, number, number];
    const grey = [120, 120, 120] as [number, number, number];
    const red = [215, 70, 80] as [number, number, number];
    const blue = [60, 110, 220] as [number, number, number];
    const image = row([black, grey, red, blue]);
    expect([...lightestChannel(image).data]).toEqual([28, 120, 215, 220]);
    // In luminance the stamps are as dark as mid-grey print: the MRZ's ink and the stamp's overlap.
    const gray = [...toGray(image).data];
    expect(gray[2]).toBeLessThan(130);
    expect(gray[3]).toBeLessThan(130);
  });
});
