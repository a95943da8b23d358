import type { BarcodeDecoder, BarcodeEngineName } from '../../core/vision/barcode/decoder';
import { createDeskewingDecoder } from '../../core/vision/barcode/deskew';
import { createZxingJsDecoder } from '../../core/vision/barcode/zxing-js-engine';
import type { ZxingWasmRead } from '../../core/vision/barcode/zxing-wasm-engine';
import { createZxingWasmDecoder } from '../../core/vision/barcode/zxing-wasm-engine';
import { loadZxingWasmReader } from './zxing-wasm-node';

/** The bare engine in Node (no deskew): zxing-wasm with its .wasm from node_modules, or @zxing/library. */
export async function createNodeEngine(engine: BarcodeEngineName): Promise<BarcodeDecoder> {
  if (engine === 'zxing-js') return createZxingJsDecoder();
  const read = await loadZxingWasmReader();
  return createZxingWasmDecoder(read as unknown as ZxingWasmRead);
}

/** What the CLI, the tests and the bench use: the engine wrapped with deskew (active when options.deskew). */
export async function createNodeBarcodeDecoder(engine: BarcodeEngineName = 'zxing-wasm'): Promise<BarcodeDecoder> {
  return createDeskewingDecoder(await createNodeEngine(engine));
}
