/// <reference lib="webworker" />
/**
 * Camera decode Worker. zxing-wasm's .wasm is imported as a Vite asset URL, so it is bundled with
 * the app and loaded locally (never from a CDN). Create it with
 * `new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' })`.
 * The MRZ glyph table (resources/ocr/mrz-ocrb.bin) is likewise a bundled asset fetched from the app.
 */
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import mrzTableUrl from '../../../resources/ocr/mrz-ocrb.bin?url';
import type { BarcodeEngineName } from '../../../core/vision/barcode/decoder';
import { createDeskewingDecoder } from '../../../core/vision/barcode/deskew';
import { createZxingJsDecoder } from '../../../core/vision/barcode/zxing-js-engine';
import type { ZxingWasmRead } from '../../../core/vision/barcode/zxing-wasm-engine';
import { createZxingWasmDecoder } from '../../../core/vision/barcode/zxing-wasm-engine';
import { drainFrames } from './frame-drain';
import { lumaFromLayout, readableFormat } from './video-luma';
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
  loadMrzTable: async () => {
    const response = await fetch(mrzTableUrl);
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
  },
});

// Messages are handled one at a time; the main thread sends the next frame only after a result.
let queue: Promise<void> = Promise.resolve();
let stillNext = false;
// Reused across stream frames: the frame's bytes as copied out, and its luma plane.
let copyBuffer = new Uint8Array(0);
let luma = new Uint8Array(0);
let minIntervalMs = 1000 / 15;
/** Consecutive unreadable stream frames after which the camera is reported as unusable. */
const UNREADABLE_LIMIT = 30;
/** Set by `stop`: the stream being read is to be drained, its frames closed unprocessed. */
let stopping = false;
/** Whether a stream is being read; `stop` without one is answered at once. */
let streaming = false;

/** Pulls frames from the camera stream and decodes them one by one until the stream ends. */
async function consume(readable: ReadableStream<VideoFrame>): Promise<void> {
  const reader = readable.getReader();
  streaming = true;
  try {
    await decodeFrames(reader);
    await drainFrames(reader);
  } finally {
    streaming = false;
    if (stopping) self.postMessage({ type: 'stopped' });
  }
}

/** Decodes the stream's frames one by one until it ends or the view stops. */
async function decodeFrames(reader: ReadableStreamDefaultReader<VideoFrame>): Promise<void> {
  let id = 0;
  let lastStart = -Infinity;
  let unreadable = 0;
  for (;;) {
    // Rate cap: wait out the interval first; the processor keeps only the newest frame meanwhile.
    const wait = lastStart + minIntervalMs - performance.now();
    if (wait > 0 && !stopping) await new Promise((resolve) => setTimeout(resolve, wait));
    if (stopping) return;
    lastStart = performance.now();
    const { done, value: frame } = await reader.read();
    if (done || !frame) return;
    if (stopping) {
      frame.close();
      return;
    }
    let width = 0;
    let height = 0;
    let gray: Uint8Array | undefined;
    try {
      const rect = frame.visibleRect ?? { x: 0, y: 0, width: frame.codedWidth, height: frame.codedHeight };
      width = rect.width;
      height = rect.height;
      if (readableFormat(frame.format)) {
        const size = frame.allocationSize({ rect });
        if (copyBuffer.length < size) copyBuffer = new Uint8Array(size);
        const layout = await frame.copyTo(copyBuffer, { rect });
        if (luma.length !== width * height) luma = new Uint8Array(width * height);
        gray = lumaFromLayout(frame.format as string, layout, copyBuffer, width, height, luma);
      }
    } catch {
      gray = undefined;
    } finally {
      frame.close();
    }
    if (!gray) {
      // One odd frame is skipped; a camera whose frames can never be read is reported once.
      unreadable += 1;
      if (unreadable === UNREADABLE_LIMIT) self.postMessage({ type: 'error', message: 'camera.errors.decoder' });
      continue;
    }
    unreadable = 0;
    const still = stillNext;
    stillNext = false;
    id += 1;
    const message = { type: 'frame' as const, id, width, height, buffer: gray.buffer as ArrayBuffer, still, handBack: false };
    queue = queue.then(() => handle(message));
    await queue;
  }
}

self.onmessage = (event: MessageEvent<ToDecodeWorker>) => {
  const message = event.data;
  if (message.type === 'still') {
    stillNext = true;
    return;
  }
  if (message.type === 'stop') {
    stopping = true;
    if (!streaming) self.postMessage({ type: 'stopped' });
    return;
  }
  if (message.type === 'stream') {
    // Start after init has been handled; a failing stream reports the decoder error once.
    queue = queue.then(() => {
      void consume(message.readable).catch(() => self.postMessage({ type: 'error', message: 'camera.errors.decoder' }));
    });
    return;
  }
  if (message.type === 'init' && message.maxFps !== undefined && message.maxFps > 0) minIntervalMs = 1000 / message.maxFps;
  queue = queue.then(() => handle(message));
};
