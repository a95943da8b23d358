/** An RGBA image as the canvas (ImageData) and the CLI decoders both give it. */
export interface RgbaImage {
  width: number;
  height: number;
  /** width * height * 4 bytes, row-major RGBA. */
  data: Uint8ClampedArray;
}

/** One channel, one byte per pixel, row-major. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** ITU-R BT.601 luma, integer arithmetic. */
export function toGray(image: RgbaImage): GrayImage {
  const { width, height, data } = image;
  const out = new Uint8Array(width * height);
  for (let i = 0, p = 0; p < out.length; i += 4, p++) {
    out[p] = ((data[i] as number) * 299 + (data[i + 1] as number) * 587 + (data[i + 2] as number) * 114) / 1000;
  }
  return { width, height, data: out };
}

/**
 * Each pixel as light as its lightest colour (the largest of red, green and blue). Black and grey
 * print stay dark; a coloured ink (a red or blue stamp) or coloured paper turns light.
 */
export function lightestChannel(image: RgbaImage): GrayImage {
  const { width, height, data } = image;
  const out = new Uint8Array(width * height);
  for (let i = 0, p = 0; p < out.length; i += 4, p++) {
    out[p] = Math.max(data[i] as number, data[i + 1] as number, data[i + 2] as number);
  }
  return { width, height, data: out };
}
