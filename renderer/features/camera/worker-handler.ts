import type { BarcodeDecoder, BarcodeEngineName } from '../../../core/vision/barcode/decoder';
import type { FrameScanner } from '../../../core/vision/barcode/frame-scanner';
import { createFrameScanner } from '../../../core/vision/barcode/frame-scanner';
import { createMrzFrameReader, resolveGlyphTable, simdDots } from '../../../core/vision/mrz';
import { createMrzFrames, type MrzFrames } from './mrz-frames';
import type { FromDecodeWorker, ToDecodeWorker } from './worker-protocol';

/**
 * What the handler takes: `init`, or a frame (RGBA or gray bytes). `handBack: false` (frames the
 * Worker read from a stream into its own buffer) answers without transferring the buffer.
 */
export type HandlerMessage =
  Extract<ToDecodeWorker, { type: 'init' }> | (Extract<ToDecodeWorker, { type: 'frame' }> & { handBack?: boolean });

export interface WorkerHandlerDeps {
  /** Builds the (deskewing) decoder for an engine; in the Worker, zxing-wasm with the bundled .wasm. */
  createDecoder(engine: BarcodeEngineName): Promise<BarcodeDecoder>;
  post(message: FromDecodeWorker, transfer: Transferable[]): void;
  now(): number;
  /**
   * The MRZ glyph table's bytes (resources/ocr/mrz-ocrb.bin, served by the app); null or a
   * rejection leaves the MRZ off and barcodes working. Absent: no MRZ reading.
   */
  loadMrzTable?(): Promise<Uint8Array | null>;
}

/**
 * The decode Worker's logic, free of `self` so it runs in Node tests: `init` builds the engine,
 * each `frame` (RGBA or gray) is decoded (fast settings on the guide region, the slow search
 * every Nth frame, stills always slow) and answered with the found codes and the buffer handed back.
 */
export function createWorkerHandler(deps: WorkerHandlerDeps): (message: HandlerMessage) => Promise<void> {
  let scanner: FrameScanner | undefined;
  let mrz: MrzFrames | undefined;
  let mrzSimd = false;
  const startMrz = async (options: Extract<HandlerMessage, { type: 'init' }>['mrz']): Promise<MrzFrames | undefined> => {
    if (options === false || !deps.loadMrzTable) return undefined;
    const bytes = await deps.loadMrzTable().catch(() => null);
    // Decoded (and the SIMD pass set up) once here, so the first frame's read is not charged with it.
    const table = bytes ? resolveGlyphTable(bytes) : null;
    if (!bytes || !table) return undefined;
    mrzSimd = simdDots(table) !== null;
    const { confirmFrames = 2, ...policy } = options ?? {};
    const reader = createMrzFrameReader(bytes, { confirmFrames });
    return createMrzFrames({ reader, now: deps.now, post: (m) => deps.post(m, []) }, policy);
  };
  return async (message) => {
    if (message.type === 'init') {
      try {
        const decoder = await deps.createDecoder(message.engine);
        scanner = createFrameScanner(decoder, deps.now, {
          ...(message.formats ? { formats: message.formats } : {}),
          ...(message.slowEvery ? { slowEvery: message.slowEvery } : {}),
        });
        mrz = await startMrz(message.mrz);
        deps.post({ type: 'ready', engine: message.engine, mrz: mrz !== undefined, mrzSimd: mrz !== undefined && mrzSimd }, []);
      } catch {
        deps.post({ type: 'error', message: 'camera.errors.decoder' }, []);
      }
      return;
    }
    const { id, width, height, buffer } = message;
    const pixels = width * height;
    if (!scanner || pixels === 0 || (buffer.byteLength !== pixels * 4 && buffer.byteLength !== pixels)) {
      deps.post({ type: 'error', id, message: 'camera.errors.decoder' }, []);
      return;
    }
    const image =
      buffer.byteLength === pixels
        ? { width, height, data: new Uint8Array(buffer) }
        : { width, height, data: new Uint8ClampedArray(buffer) };
    const handBack = message.handBack !== false;
    let codesFound: number;
    try {
      const scan = message.still ? await scanner.scanStill(image) : await scanner.scanFrame(image);
      codesFound = scan.results.length;
      // The MRZ read (below) needs the pixels: it runs before a handed-back buffer is transferred.
      if (handBack) readMrz(image, codesFound, message.still === true);
      deps.post(
        {
          type: 'result',
          id,
          mode: scan.mode,
          ms: scan.ms,
          codes: scan.results.map((r) => ({ format: r.format, text: r.text, ...(r.position ? { position: r.position } : {}) })),
          width,
          height,
          ...(handBack ? { buffer } : {}),
        },
        handBack ? [buffer] : [],
      );
    } catch {
      deps.post({ type: 'error', id, message: 'camera.errors.decoder' }, []);
      return;
    }
    // Stream frames: the barcode result goes out first, then the (slower) MRZ read.
    if (!handBack) readMrz(image, codesFound, message.still === true);
  };

  function readMrz(image: Parameters<MrzFrames['afterFrame']>[0], codesFound: number, still: boolean): void {
    try {
      mrz?.afterFrame(image, codesFound, still);
    } catch {
      // An MRZ failure on one frame must not stop barcode decoding.
    }
  }
}
