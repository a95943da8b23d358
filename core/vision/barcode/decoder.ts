import type { GrayImage, RgbaImage } from '../image';
import type { Point } from './gray-ops';

/** Symbologies the desk reads: boarding passes (PDF417, Aztec, QR), LPC and misc codes. */
export type BarcodeFormat = 'PDF417' | 'Aztec' | 'QRCode' | 'DataMatrix' | 'Code128';

export const CAMERA_FORMATS: readonly BarcodeFormat[] = ['PDF417', 'Aztec', 'QRCode', 'DataMatrix', 'Code128'];

export interface DecodeOptions {
  /** Formats searched for; empty = every format the engine knows. */
  formats: readonly BarcodeFormat[];
  /** Spend more time per image (denser scanning, more binarizer passes). */
  tryHarder: boolean;
  /** Also try the image turned by 90/180/270 degrees. */
  tryRotate: boolean;
  /** Also try reversed reflectance (light code on dark ground). */
  tryInvert: boolean;
  /** When nothing is found, estimate the symbol's tilt and retry on a deskewed copy (see createDeskewingDecoder). */
  deskew?: boolean;
  /** With deskew: when the estimated angles fail, also try a few fixed angles (stills; too slow for frames). */
  deskewSweep?: boolean;
  /**
   * Grayscale-to-binary method (default LocalAverage, ZXing's hybrid binarizer). GlobalHistogram
   * (one threshold per row from the histogram) is cheaper and reads blurred, noisy PDF417 that the
   * local average breaks up; the frame scanner alternates the two on fast frames.
   */
  binarizer?: Binarizer;
  /** Stop after this many symbols (default 8). */
  maxSymbols?: number;
}

export type Binarizer = 'LocalAverage' | 'GlobalHistogram';

/** Corners of a found code in the coordinates of the image that was passed in. */
export interface Quad {
  topLeft: Point;
  topRight: Point;
  bottomRight: Point;
  bottomLeft: Point;
}

export interface BarcodeResult {
  /** One of BarcodeFormat, or the engine's own name for a format outside that list. */
  format: BarcodeFormat | (string & {});
  text: string;
  /** Raw payload bytes, where the engine gives them. */
  bytes?: Uint8Array;
  /** Payload following the ECI protocol (symbology identifier, then `\\NNNNNN` ECI designators), where given. */
  bytesECI?: Uint8Array;
  position?: Quad;
  /** Structured append (a payload split over several symbols), where the engine reports it. */
  sequence?: { size: number; index: number; id: string };
}

/** The decoder port: one per engine, same contract. Never throws for "nothing found" (empty list). */
export interface BarcodeDecoder {
  readonly engine: BarcodeEngineName | (string & {});
  decode(image: RgbaImage | GrayImage, options: DecodeOptions): Promise<BarcodeResult[]>;
}

export type BarcodeEngineName = 'zxing-wasm' | 'zxing-js';
export const BARCODE_ENGINES: readonly BarcodeEngineName[] = ['zxing-wasm', 'zxing-js'];

/** Per-frame settings: cheap enough for every camera frame. */
export const FAST_OPTIONS: DecodeOptions = { formats: CAMERA_FORMATS, tryHarder: false, tryRotate: false, tryInvert: false, deskew: false };

/** Still images and every Nth frame: rotations, inversion and deskew. */
export const HARD_OPTIONS: DecodeOptions = {
  formats: CAMERA_FORMATS,
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  deskew: true,
  deskewSweep: false,
};

/** Still captures and the CLI: the harder search plus the fixed-angle sweep. */
export const STILL_OPTIONS: DecodeOptions = { ...HARD_OPTIONS, deskewSweep: true };

/** Maps a quad's corners through `map` (e.g. from a rotated copy back to the original image). */
export function mapQuad(quad: Quad, map: (p: Point) => Point): Quad {
  return { topLeft: map(quad.topLeft), topRight: map(quad.topRight), bottomRight: map(quad.bottomRight), bottomLeft: map(quad.bottomLeft) };
}

/** Axis-aligned quad around a set of points (engines that only give a few result points). */
export function quadAround(points: readonly Point[]): Quad | undefined {
  if (points.length === 0) return undefined;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of points) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return { topLeft: { x: x0, y: y0 }, topRight: { x: x1, y: y0 }, bottomRight: { x: x1, y: y1 }, bottomLeft: { x: x0, y: y1 } };
}
