import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { RgbaImage } from '../../core/vision/image';
import { decodeImage } from '../image-io';

const require = createRequire(import.meta.url);
let webpReady: Promise<(bytes: ArrayBuffer) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>> | undefined;

function loadWebpDecoder() {
  webpReady ??= (async () => {
    const mod = await import('@jsquash/webp/decode');
    const wasmPath = require.resolve('@jsquash/webp/codec/dec/webp_dec.wasm');
    const wasm = await WebAssembly.compile(readFileSync(wasmPath));
    await mod.init(wasm as never);
    return mod.default as unknown as (bytes: ArrayBuffer) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
  })();
  return webpReady;
}

function isWebp(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 12 &&
    bytes[0] === 0x52 &&
    bytes[1] === 0x49 &&
    bytes[2] === 0x46 &&
    bytes[3] === 0x46 && // RIFF
    bytes[8] === 0x57 &&
    bytes[9] === 0x45 &&
    bytes[10] === 0x42 &&
    bytes[11] === 0x50 // WEBP
  );
}

/**
 * Decodes PNG, JPEG (through cli/image-io) or WebP (through the libwebp wasm build) bytes to RGBA.
 * Throws an Error with a plain message for anything else or for a corrupt file.
 */
export async function loadImageBytes(bytes: Uint8Array): Promise<RgbaImage> {
  if (isWebp(bytes)) {
    const decode = await loadWebpDecoder();
    const copy = Uint8Array.prototype.slice.call(bytes).buffer as ArrayBuffer;
    let img;
    try {
      img = await decode(copy);
    } catch {
      throw new Error('corrupt WebP image');
    }
    return { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength) };
  }
  return decodeImage(bytes);
}
