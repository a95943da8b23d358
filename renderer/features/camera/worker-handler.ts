import type { BarcodeDecoder, BarcodeEngineName } from '../../../core/vision/barcode/decoder';
import type { FrameScanner } from '../../../core/vision/barcode/frame-scanner';
import { createFrameScanner } from '../../../core/vision/barcode/frame-scanner';
import type { FromDecodeWorker, ToDecodeWorker } from './worker-protocol';

export interface WorkerHandlerDeps {
  /** Builds the (deskewing) decoder for an engine; in the Worker, zxing-wasm with the bundled .wasm. */
  createDecoder(engine: BarcodeEngineName): Promise<BarcodeDecoder>;
  post(message: FromDecodeWorker, transfer: Transferable[]): void;
  now(): number;
}

/**
 * The decode Worker's logic, free of `self` so it runs in Node tests: `init` builds the engine,
 * each `frame` is decoded (fast settings, the slow search every Nth frame, stills always slow)
 * and answered with the found codes and the frame buffer handed back.
 */
export function createWorkerHandler(deps: WorkerHandlerDeps): (message: ToDecodeWorker) => Promise<void> {
  let scanner: FrameScanner | undefined;
  return async (message) => {
    if (message.type === 'init') {
      try {
        const decoder = await deps.createDecoder(message.engine);
        scanner = createFrameScanner(decoder, deps.now, {
          ...(message.formats ? { formats: message.formats } : {}),
          ...(message.slowEvery ? { slowEvery: message.slowEvery } : {}),
        });
        deps.post({ type: 'ready', engine: message.engine }, []);
      } catch {
        deps.post({ type: 'error', message: 'camera.errors.decoder' }, []);
      }
      return;
    }
    const { id, width, height, buffer } = message;
    if (!scanner || buffer.byteLength !== width * height * 4) {
      deps.post({ type: 'error', id, message: 'camera.errors.decoder' }, []);
      return;
    }
    const image = { width, height, data: new Uint8ClampedArray(buffer) };
    try {
      const scan = message.still ? await scanner.scanStill(image) : await scanner.scanFrame(image);
      deps.post(
        {
          type: 'result',
          id,
          mode: scan.mode,
          ms: scan.ms,
          codes: scan.results.map((r) => ({ format: r.format, text: r.text, ...(r.position ? { position: r.position } : {}) })),
          buffer,
        },
        [buffer],
      );
    } catch {
      deps.post({ type: 'error', id, message: 'camera.errors.decoder' }, []);
    }
  };
}
