import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { prepareZXingModule as prepareWriterModule, writeBarcode } from 'zxing-wasm/writer';

const require = createRequire(import.meta.url);
let readerReady: Promise<typeof readBarcodes> | undefined;
let writerReady: Promise<typeof writeBarcode> | undefined;

function wasmBytes(specifier: string): ArrayBuffer {
  const buf = readFileSync(require.resolve(specifier));
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

/** zxing-wasm's reader with its .wasm read from node_modules (never fetched). */
export function loadZxingWasmReader(): Promise<typeof readBarcodes> {
  readerReady ??= prepareZXingModule({
    overrides: { wasmBinary: wasmBytes('zxing-wasm/reader/zxing_reader.wasm') },
    fireImmediately: true,
  }).then(() => readBarcodes);
  return readerReady;
}

/** zxing-wasm's writer (for generated test images) with its .wasm read from node_modules. */
export function loadZxingWasmWriter(): Promise<typeof writeBarcode> {
  writerReady ??= prepareWriterModule({
    overrides: { wasmBinary: wasmBytes('zxing-wasm/writer/zxing_writer.wasm') },
    fireImmediately: true,
  }).then(() => writeBarcode);
  return writerReady;
}
