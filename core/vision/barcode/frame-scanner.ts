import type { GrayImage, RgbaImage } from '../image';
import type { BarcodeDecoder, BarcodeFormat, BarcodeResult, Binarizer, DecodeOptions } from './decoder';
import { CAMERA_FORMATS, FAST_OPTIONS, HARD_OPTIONS, STILL_OPTIONS } from './decoder';
import { centredRegion, cropImage, GUIDE_REGION, offsetResults } from './region';

export interface FrameScannerSettings {
  formats?: readonly BarcodeFormat[];
  /** Every Nth frame (and every still) gets the whole frame with rotation, inversion and deskew. Default 8. */
  slowEvery?: number;
  /**
   * Share of the frame (centred) decoded on fast frames: the guide frame the view shows.
   * Default GUIDE_REGION; `null` decodes the whole frame.
   */
  region?: { width: number; height: number } | null;
  /** Data Matrix and Code 128 (not used on boarding passes) join the fast frames every Nth frame. Default 4. */
  rareEvery?: number;
  /**
   * Binarizers taken in turn on fast frames. Default: GlobalHistogram then LocalAverage for
   * zxing-wasm; LocalAverage only for zxing-js (its global-histogram path misses Aztec).
   */
  binarizers?: readonly Binarizer[];
}

export type ScanMode = 'fast' | 'slow' | 'still';

export interface FrameScan {
  mode: ScanMode;
  results: BarcodeResult[];
  /** Milliseconds spent decoding (clock injected). */
  ms: number;
}

export interface FrameScanner {
  /** Decodes one live frame: fast settings on the guide region, or the slow search on every Nth frame. */
  scanFrame(frame: RgbaImage | GrayImage): Promise<FrameScan>;
  /** Decodes a still capture with the slow search. */
  scanStill(image: RgbaImage | GrayImage): Promise<FrameScan>;
  /** Restarts the frame count (e.g. when the camera changes). */
  reset(): void;
}

/** Boarding-pass symbologies: searched on every fast frame. */
const PASS_FORMATS: readonly BarcodeFormat[] = ['PDF417', 'Aztec', 'QRCode'];

/** Options for the fast and slow passes, restricted to `formats`. */
export function scanOptions(mode: ScanMode, formats: readonly BarcodeFormat[] = CAMERA_FORMATS): DecodeOptions {
  return { ...(mode === 'fast' ? FAST_OPTIONS : mode === 'slow' ? HARD_OPTIONS : STILL_OPTIONS), formats };
}

/**
 * What fast frame number `count` (1-based) searches: the binarizer takes `binarizers` in turn
 * (by default GlobalHistogram on odd frames, LocalAverage on even frames), because each reads camera passes
 * the other misses (blurred PDF417 breaks up under the local average; uneven light defeats the
 * global threshold); boarding-pass formats on every frame, the others every `rareEvery`th frame.
 */
export function fastFrameOptions(
  count: number,
  formats: readonly BarcodeFormat[],
  rareEvery = 4,
  binarizers: readonly Binarizer[] = ['GlobalHistogram', 'LocalAverage'],
): DecodeOptions {
  const pass = formats.filter((f) => PASS_FORMATS.includes(f));
  const rare = formats.filter((f) => !PASS_FORMATS.includes(f));
  const every = Math.max(1, Math.floor(rareEvery));
  const withRare = pass.length === 0 || count % every === Math.floor(every / 2);
  const binarizer: Binarizer = binarizers[(count - 1) % Math.max(1, binarizers.length)] ?? 'LocalAverage';
  return { ...FAST_OPTIONS, formats: withRare ? [...pass, ...rare] : pass, binarizer, maxSymbols: 1 };
}

/**
 * The per-frame policy shared by the camera Worker and the tests. Fast frames decode only the
 * guide region with one cheap pass (see fastFrameOptions); every Nth frame and every still get
 * the whole image with the harder search (rotations, inversion, deskew). `decoder` should be
 * deskew-capable (createDeskewingDecoder) for the slow pass to deskew.
 */
export function createFrameScanner(decoder: BarcodeDecoder, now: () => number, settings: FrameScannerSettings = {}): FrameScanner {
  const formats = settings.formats ?? CAMERA_FORMATS;
  const slowEvery = Math.max(1, Math.floor(settings.slowEvery ?? 8));
  const region = settings.region === undefined ? GUIDE_REGION : settings.region;
  const binarizers = settings.binarizers ?? (decoder.engine === 'zxing-js' ? (['LocalAverage'] as const) : undefined);
  let count = 0;
  let scratch: Uint8Array | Uint8ClampedArray | undefined;

  const run = async (mode: ScanMode, decode: () => Promise<BarcodeResult[]>): Promise<FrameScan> => {
    const t0 = now();
    const results = await decode();
    return { mode, results, ms: now() - t0 };
  };

  const fast = async (frame: RgbaImage | GrayImage, options: DecodeOptions): Promise<BarcodeResult[]> => {
    if (!region) return decoder.decode(frame, options);
    const rect = centredRegion(frame.width, frame.height, region);
    const crop = cropImage(frame, rect, scratch as never);
    scratch = crop.data;
    return offsetResults(await decoder.decode(crop, options), rect.x, rect.y);
  };

  return {
    scanFrame(frame) {
      count += 1;
      if (count % slowEvery === 0) return run('slow', () => decoder.decode(frame, scanOptions('slow', formats)));
      const options = fastFrameOptions(count, formats, settings.rareEvery, binarizers);
      return run('fast', () => fast(frame, options));
    },
    scanStill(image) {
      return run('still', () => decoder.decode(image, scanOptions('still', formats)));
    },
    reset() {
      count = 0;
    },
  };
}
