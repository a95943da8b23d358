/// <reference lib="webworker" />
/**
 * Camera decode Worker. zxing-wasm's .wasm is imported as a Vite asset URL, so it is bundled with
 * the app and loaded locally (never from a CDN). Create it with
 * `new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' })`.
 */
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { BarcodeEngineName } from '../../../core/vision/barcode/decoder';
import { createDeskewingDecoder } from '../../../core/vision/barcode/deskew';
import { createZxingJsDecoder } from '../../../core/vision/barcode/zxing-js-engine';
import type { ZxingWasmRead } from '../../../core/vision/barcode/zxing-wasm-engine';
import { createZxingWasmDecoder } from '../../../core/vision/barcode/zxing-wasm-engine';
import { createWorkerHandler } from './worker-handler';
import type { ToDecodeWorker } from './worker-protocol';

declare const self: DedicatedWorkerGlobalScope;

async function createDecoder(engine: BarcodeEngineName) {
  if (engine === 'zxing-js') return createDeskewingDecoder(createZxingJsDecoder());
  await prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
  return createDeskewingDecoder(createZxingWasmDecoder(readBarcodes as unknown as ZxingWasmRead));
}

const handle = createWorkerHandler({
  createDecoder,
  post: (message, transfer) => self.postMessage(message, transfer),
  now: () => performance.now(),
});

// Frames are handled one at a time; the main thread sends the next frame only after a result.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<ToDecodeWorker>) => {
  queue = queue.then(() => handle(event.data));
};
