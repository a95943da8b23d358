import * as zxingNs from '@zxing/library';
import type { GrayImage, RgbaImage } from '../image';
import type { BarcodeDecoder, BarcodeFormat, BarcodeResult, DecodeOptions } from './decoder';
import { quadAround } from './decoder';
import type { Point, Rotation } from './gray-ops';
import { asGray, invertGray, rotateQuarter } from './gray-ops';

// Node loads the package's CommonJS build (named exports not detectable: everything sits on
// `default`); bundlers load its ES build (named exports). Accept both.
const zx: typeof zxingNs = (zxingNs as unknown as { default?: typeof zxingNs }).default?.MultiFormatReader
  ? (zxingNs as unknown as { default: typeof zxingNs }).default
  : zxingNs;
const { BinaryBitmap, DecodeHintType, GlobalHistogramBinarizer, HybridBinarizer, RGBLuminanceSource } = zx;
type ZxFormat = zxingNs.BarcodeFormat;
const ZxFormat = zx.BarcodeFormat;
type DecodeHintType = zxingNs.DecodeHintType;
type Reader = zxingNs.Reader;

const TO_ZX: Record<BarcodeFormat, ZxFormat> = {
  PDF417: ZxFormat.PDF_417,
  Aztec: ZxFormat.AZTEC,
  QRCode: ZxFormat.QR_CODE,
  DataMatrix: ZxFormat.DATA_MATRIX,
  Code128: ZxFormat.CODE_128,
};

const FROM_ZX = new Map<ZxFormat, BarcodeFormat>(Object.entries(TO_ZX).map(([k, v]) => [v, k as BarcodeFormat]));

interface ReaderSet {
  readers: Reader[];
  hints: Map<DecodeHintType, unknown>;
  globalHistogram: boolean;
}

function identity(gray: GrayImage): Rotation {
  return { image: gray, toSource: (p) => p };
}

/**
 * The @zxing/library engine (the pure-JS port of ZXing): luminance -> HybridBinarizer ->
 * MultiFormatReader. It has no rotation or inversion search of its own for 2D codes, so this
 * adapter runs them (90/180/270 and reversed reflectance) when asked.
 */
export function createZxingJsDecoder(): BarcodeDecoder {
  // One reader per symbology, called directly (MultiFormatReader logs every miss to the console).
  const makers: Record<BarcodeFormat, () => Reader> = {
    PDF417: () => new zx.PDF417Reader(),
    Aztec: () => new zx.AztecCodeReader(),
    QRCode: () => new zx.QRCodeReader(),
    DataMatrix: () => new zx.DataMatrixReader(),
    Code128: () => new zx.Code128Reader(),
  };
  const readers = new Map<BarcodeFormat, Reader>();
  const readersFor = (options: DecodeOptions): ReaderSet => {
    const formats = options.formats.length > 0 ? options.formats : (Object.keys(TO_ZX) as BarcodeFormat[]);
    const hints = new Map<DecodeHintType, unknown>();
    hints.set(
      DecodeHintType.POSSIBLE_FORMATS,
      formats.map((f) => TO_ZX[f]),
    );
    if (options.tryHarder) hints.set(DecodeHintType.TRY_HARDER, true);
    return {
      hints,
      globalHistogram: options.binarizer === 'GlobalHistogram',
      readers: formats.map((f) => {
        let r = readers.get(f);
        if (!r) readers.set(f, (r = makers[f]()));
        return r;
      }),
    };
  };

  const attempt = (set: ReaderSet, rotation: Rotation): BarcodeResult | undefined => {
    const { image } = rotation;
    const lum = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    const source = new RGBLuminanceSource(lum, image.width, image.height);
    const bitmap = new BinaryBitmap(set.globalHistogram ? new GlobalHistogramBinarizer(source) : new HybridBinarizer(source));
    for (const reader of set.readers) {
      const found = attemptOne(reader, bitmap, set.hints, rotation);
      if (found) return found;
    }
    return undefined;
  };

  const attemptOne = (
    reader: Reader,
    bitmap: zxingNs.BinaryBitmap,
    hints: Map<DecodeHintType, unknown>,
    rotation: Rotation,
  ): BarcodeResult | undefined => {
    try {
      const r = reader.decode(bitmap, hints);
      const points: Point[] = (r.getResultPoints() ?? []).filter(Boolean).map((p) => rotation.toSource({ x: p.getX(), y: p.getY() }));
      const position = quadAround(points);
      const raw = r.getRawBytes();
      return {
        format: FROM_ZX.get(r.getBarcodeFormat()) ?? String(r.getBarcodeFormat()),
        text: r.getText(),
        ...(raw ? { bytes: Uint8Array.from(raw) } : {}),
        ...(position ? { position } : {}),
      };
    } catch {
      // NotFound / Checksum / Format exceptions all mean "not here".
      return undefined;
    } finally {
      reader.reset();
    }
  };

  return {
    engine: 'zxing-js',
    async decode(input: RgbaImage | GrayImage, options: DecodeOptions): Promise<BarcodeResult[]> {
      const gray = asGray(input);
      const reader = readersFor(options);
      const bases: GrayImage[] = options.tryInvert ? [gray, invertGray(gray)] : [gray];
      for (const base of bases) {
        const first = attempt(reader, identity(base));
        if (first) return [first];
        if (options.tryRotate) {
          for (const k of [1, 2, 3] as const) {
            const found = attempt(reader, rotateQuarter(base, k));
            if (found) return [found];
          }
        }
      }
      return [];
    },
  };
}
