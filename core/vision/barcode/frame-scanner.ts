import type { GrayImage, RgbaImage } from '../image';
import type { BarcodeDecoder, BarcodeFormat, BarcodeResult, DecodeOptions } from './decoder';
import { CAMERA_FORMATS, FAST_OPTIONS, HARD_OPTIONS, STILL_OPTIONS } from './decoder';

export interface FrameScannerSettings {
  formats?: readonly BarcodeFormat[];
  /** Every Nth frame (and every still) gets rotation, inversion and deskew. Default 8. */
  slowEvery?: number;
}

export type ScanMode = 'fast' | 'slow' | 'still';

export interface FrameScan {
  mode: ScanMode;
  results: BarcodeResult[];
  /** Milliseconds spent decoding (clock injected). */
  ms: number;
}

export interface FrameScanner {
  /** Decodes one live frame: fast settings, or the slow search on every Nth frame. */
  scanFrame(frame: RgbaImage | GrayImage): Promise<FrameScan>;
  /** Decodes a still capture with the slow search. */
  scanStill(image: RgbaImage | GrayImage): Promise<FrameScan>;
  /** Restarts the frame count (e.g. when the camera changes). */
  reset(): void;
}

/** Options for the fast and slow passes, restricted to `formats`. */
export function scanOptions(mode: ScanMode, formats: readonly BarcodeFormat[] = CAMERA_FORMATS): DecodeOptions {
  return { ...(mode === 'fast' ? FAST_OPTIONS : mode === 'slow' ? HARD_OPTIONS : STILL_OPTIONS), formats };
}

/**
 * The per-frame policy shared by the camera Worker and the tests: fast settings on every frame,
 * the harder search (rotations, inversion, deskew) on every Nth frame and on stills.
 * `decoder` should be deskew-capable (createDeskewingDecoder) for the slow pass to deskew.
 */
export function createFrameScanner(decoder: BarcodeDecoder, now: () => number, settings: FrameScannerSettings = {}): FrameScanner {
  const formats = settings.formats ?? CAMERA_FORMATS;
  const slowEvery = Math.max(1, Math.floor(settings.slowEvery ?? 8));
  let count = 0;
  const run = async (image: RgbaImage | GrayImage, mode: ScanMode): Promise<FrameScan> => {
    const t0 = now();
    const results = await decoder.decode(image, scanOptions(mode, formats));
    return { mode, results, ms: now() - t0 };
  };
  return {
    scanFrame(frame) {
      count += 1;
      return run(frame, count % slowEvery === 0 ? 'slow' : 'fast');
    },
    scanStill(image) {
      return run(image, 'still');
    },
    reset() {
      count = 0;
    },
  };
}
