import type { GrayImage, RgbaImage } from '../image';
import type { BarcodeDecoder, BarcodeFormat, BarcodeResult, DecodeOptions } from './decoder';
import { asGray, grayToRgba, isGray } from './gray-ops';

/** The subset of zxing-wasm's `readBarcodes` (reader subpath) this adapter uses. */
export type ZxingWasmRead = (
  image: { width: number; height: number; data: Uint8ClampedArray },
  options: {
    formats: string[];
    tryHarder: boolean;
    tryRotate: boolean;
    tryInvert: boolean;
    tryDownscale?: boolean;
    binarizer?: 'LocalAverage' | 'GlobalHistogram';
    textMode: 'Plain';
    maxNumberOfSymbols: number;
  },
) => Promise<ZxingWasmReadResult[]>;

export interface ZxingWasmReadResult {
  isValid: boolean;
  format: string;
  symbology?: string;
  text: string;
  bytes: Uint8Array;
  bytesECI?: Uint8Array;
  position: {
    topLeft: { x: number; y: number };
    topRight: { x: number; y: number };
    bottomRight: { x: number; y: number };
    bottomLeft: { x: number; y: number };
  };
  sequenceSize: number;
  sequenceIndex: number;
  sequenceId: string;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Opaque gray RGBA pixel of each level, as one little-endian 32-bit word. */
const GRAY_TO_RGBA = Uint32Array.from({ length: 256 }, (_, v) => (0xff000000 | (v * 0x010101)) >>> 0);

const ROOTS: Record<string, BarcodeFormat> = {
  PDF417: 'PDF417',
  CompactPDF417: 'PDF417',
  Aztec: 'Aztec',
  AztecCode: 'Aztec',
  AztecRune: 'Aztec',
  QRCode: 'QRCode',
  QRCodeModel1: 'QRCode',
  QRCodeModel2: 'QRCode',
  DataMatrix: 'DataMatrix',
  Code128: 'Code128',
};

/** Normalises a zxing-wasm format (variant or root) to our BarcodeFormat where it is one. */
export function zxingWasmFormat(result: Pick<ZxingWasmReadResult, 'format' | 'symbology'>): string {
  return ROOTS[result.symbology ?? ''] ?? ROOTS[result.format] ?? result.format;
}

/**
 * The zxing-wasm engine (ZXing-C++ compiled to WebAssembly). The caller passes `readBarcodes`
 * from `zxing-wasm/reader` after pointing it at a local .wasm (Node: cli/vision/zxing-wasm-node.ts,
 * Worker: renderer/features/camera/decode.worker.ts), so this file stays platform-neutral.
 */
export function createZxingWasmDecoder(read: ZxingWasmRead): BarcodeDecoder {
  // Gray input (camera luma) is expanded into this reused buffer: zxing-wasm takes RGBA only.
  let expanded: Uint32Array | undefined;
  const toRgba = (gray: GrayImage): RgbaImage => {
    if (!LITTLE_ENDIAN) return grayToRgba(gray);
    const n = gray.width * gray.height;
    if (!expanded || expanded.length !== n) expanded = new Uint32Array(n);
    const out = expanded;
    const d = gray.data;
    for (let i = 0; i < n; i++) out[i] = GRAY_TO_RGBA[d[i] as number] as number;
    return { width: gray.width, height: gray.height, data: new Uint8ClampedArray(out.buffer) };
  };
  return {
    engine: 'zxing-wasm',
    async decode(image: RgbaImage | GrayImage, options: DecodeOptions): Promise<BarcodeResult[]> {
      const rgba = isGray(image) ? toRgba(asGray(image)) : image;
      const found = await read(
        { width: rgba.width, height: rgba.height, data: rgba.data },
        {
          formats: [...options.formats],
          tryHarder: options.tryHarder,
          tryRotate: options.tryRotate,
          tryInvert: options.tryInvert,
          // Downscaled scanning is part of the harder search only; fast frames stay single-pass.
          tryDownscale: options.tryHarder,
          ...(options.binarizer ? { binarizer: options.binarizer } : {}),
          textMode: 'Plain',
          maxNumberOfSymbols: options.maxSymbols ?? 8,
        },
      );
      return found
        .filter((r) => r.isValid)
        .map((r) => ({
          format: zxingWasmFormat(r),
          text: r.text,
          bytes: r.bytes,
          ...(r.bytesECI ? { bytesECI: r.bytesECI } : {}),
          position: r.position,
          ...(r.sequenceSize >= 0 ? { sequence: { size: r.sequenceSize, index: r.sequenceIndex, id: r.sequenceId } } : {}),
        }));
    },
  };
}
