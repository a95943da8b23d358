/**
 * Luma (gray) bytes from a WebCodecs VideoFrame's pixel layout. Camera frames are planar YUV
 * (I420, NV12, ...) whose first plane is already the gray image the decoder wants; RGB formats
 * are converted with the BT.601 weights.
 */

/** Plane layout as VideoFrame.copyTo reports it. */
export interface PlaneLayoutLike {
  offset: number;
  stride: number;
}

const YUV = new Set(['I420', 'I420A', 'I420P10', 'I420P12', 'I422', 'I422A', 'I444', 'I444A', 'NV12']);
const RGB: Record<string, [number, number, number]> = { RGBA: [0, 1, 2], RGBX: [0, 1, 2], BGRA: [2, 1, 0], BGRX: [2, 1, 0] };

/** Whether lumaFromLayout can read this VideoPixelFormat (8-bit planar YUV or 8-bit RGB). */
export function readableFormat(format: string | null): boolean {
  return format !== null && ((YUV.has(format) && !/P1[02]$/.test(format)) || format in RGB);
}

/**
 * Copies the luma of a width x height frame from `bytes` (laid out as `layout`, in `format`) into
 * `out` (width * height bytes, reused when given). Returns undefined for a format it cannot read.
 */
export function lumaFromLayout(
  format: string,
  layout: readonly PlaneLayoutLike[],
  bytes: Uint8Array,
  width: number,
  height: number,
  out?: Uint8Array,
): Uint8Array | undefined {
  if (!readableFormat(format)) return undefined;
  const plane = layout[0];
  if (!plane) return undefined;
  const gray = out && out.length === width * height ? out : new Uint8Array(width * height);
  if (YUV.has(format)) {
    for (let y = 0; y < height; y++)
      gray.set(bytes.subarray(plane.offset + y * plane.stride, plane.offset + y * plane.stride + width), y * width);
    return gray;
  }
  const [r, g, b] = RGB[format] as [number, number, number];
  for (let y = 0; y < height; y++) {
    let i = plane.offset + y * plane.stride;
    const row = y * width;
    for (let x = 0; x < width; x++, i += 4) {
      gray[row + x] = ((bytes[i + r] as number) * 299 + (bytes[i + g] as number) * 587 + (bytes[i + b] as number) * 114) / 1000;
    }
  }
  return gray;
}
