import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeBarcodeDecoder } from '../../../cli/vision/barcode-decoders';
import { generatePass } from '../../../scripts/gen/boarding-pass';
import type { GrayImage, RgbaImage } from '../image';
import type { BarcodeDecoder, DecodeOptions } from './decoder';
import { FAST_OPTIONS } from './decoder';
import { createFrameScanner, fastFrameOptions } from './frame-scanner';
import { centredRegion, cropImage, GUIDE_REGION } from './region';

function recording() {
  const calls: { width: number; height: number; options: DecodeOptions }[] = [];
  const decoder: BarcodeDecoder = {
    engine: 'fake',
    async decode(image, options) {
      calls.push({ width: image.width, height: image.height, options });
      return [
        {
          format: 'PDF417',
          text: 'M1X',
          position: { topLeft: { x: 1, y: 2 }, topRight: { x: 5, y: 2 }, bottomRight: { x: 5, y: 4 }, bottomLeft: { x: 1, y: 4 } },
        },
      ];
    },
  };
  return { decoder, calls };
}

const blankFrame = (): RgbaImage => ({ width: 1280, height: 720, data: new Uint8ClampedArray(1280 * 720 * 4) });

describe('guide region', () => {
  it('is the centred share of the frame in whole pixels', () => {
    expect(centredRegion(1280, 720, GUIDE_REGION)).toEqual({ x: 192, y: 144, width: 896, height: 432 });
    expect(centredRegion(10, 10, { width: 1, height: 1 })).toEqual({ x: 0, y: 0, width: 10, height: 10 });
  });

  it('crops RGBA and gray images pixel for pixel and reuses a scratch buffer of the right size', () => {
    const gray: GrayImage = { width: 4, height: 3, data: Uint8Array.from({ length: 12 }, (_, i) => i) };
    expect([...cropImage(gray, { x: 1, y: 1, width: 2, height: 2 }).data]).toEqual([5, 6, 9, 10]);
    const rgba: RgbaImage = { width: 3, height: 2, data: Uint8ClampedArray.from({ length: 24 }, (_, i) => i) };
    const first = cropImage(rgba, { x: 2, y: 0, width: 1, height: 2 });
    expect([...first.data]).toEqual([8, 9, 10, 11, 20, 21, 22, 23]);
    const again = cropImage(rgba, { x: 0, y: 0, width: 1, height: 2 }, first.data);
    expect(again.data).toBe(first.data);
    expect([...again.data]).toEqual([0, 1, 2, 3, 12, 13, 14, 15]);
  });
});

describe('frame scanner policy', () => {
  it('decodes only the guide region on fast frames and maps positions back to the frame', async () => {
    const { decoder, calls } = recording();
    const scanner = createFrameScanner(decoder, () => 0);
    const scan = await scanner.scanFrame(blankFrame());
    expect(scan.mode).toBe('fast');
    expect(calls[0]).toMatchObject({ width: 896, height: 432 });
    expect(scan.results[0]?.position?.topLeft).toEqual({ x: 193, y: 146 });
  });

  it('alternates the binarizer, adds Data Matrix and Code 128 every 4th frame and takes the whole frame on every 8th', async () => {
    const { decoder, calls } = recording();
    const scanner = createFrameScanner(decoder, () => 0);
    const modes: string[] = [];
    for (let i = 0; i < 8; i++) modes.push((await scanner.scanFrame(blankFrame())).mode);
    expect(modes).toEqual(['fast', 'fast', 'fast', 'fast', 'fast', 'fast', 'fast', 'slow']);
    expect(calls.slice(0, 4).map((c) => c.options.binarizer)).toEqual([
      'GlobalHistogram',
      'LocalAverage',
      'GlobalHistogram',
      'LocalAverage',
    ]);
    expect(calls[0]?.options.formats).toEqual(['PDF417', 'Aztec', 'QRCode']);
    expect(calls[1]?.options.formats).toEqual(['PDF417', 'Aztec', 'QRCode', 'DataMatrix', 'Code128']);
    expect(calls[7]).toMatchObject({ width: 1280, height: 720, options: { tryRotate: true, tryInvert: true, deskew: true } });
    expect(calls[7]?.options.binarizer).toBeUndefined();
  });

  it('searches the only formats asked for even when none is a boarding-pass format', () => {
    expect(fastFrameOptions(1, ['Code128']).formats).toEqual(['Code128']);
    expect(fastFrameOptions(3, ['PDF417', 'Code128'], 4).formats).toEqual(['PDF417']);
    expect(fastFrameOptions(3, ['PDF417'], 4)).toMatchObject({ ...FAST_OPTIONS, formats: ['PDF417'], maxSymbols: 1 });
  });

  it('keeps the local-average binarizer on every fast frame for zxing-js', async () => {
    const { decoder, calls } = recording();
    const scanner = createFrameScanner({ ...decoder, engine: 'zxing-js' }, () => 0);
    for (let i = 0; i < 3; i++) await scanner.scanFrame(blankFrame());
    expect(calls.map((c) => c.options.binarizer)).toEqual(['LocalAverage', 'LocalAverage', 'LocalAverage']);
  });

  it('decodes the whole frame when the region is turned off', async () => {
    const { decoder, calls } = recording();
    await createFrameScanner(decoder, () => 0, { region: null }).scanFrame(blankFrame());
    expect(calls[0]).toMatchObject({ width: 1280, height: 720 });
  });
});

describe('frame scanner on camera-like passes (zxing-wasm)', () => {
  let decoder: BarcodeDecoder;
  beforeAll(async () => {
    decoder = await createNodeBarcodeDecoder('zxing-wasm');
  });

  // Seed 13 (PDF417, 3 degrees) is a frame the plain fast settings (LocalAverage, whole frame) miss.
  it('reads upright and slightly tilted passes within the first two fast frames', async () => {
    const passes = [await generatePass(11, 'PDF417', 0), await generatePass(12, 'Aztec', 0), await generatePass(13, 'PDF417', 3)];
    const plain = await decoder.decode(passes[2]!.image, FAST_OPTIONS);
    expect(plain.map((r) => r.text)).not.toContain(passes[2]!.text);
    for (const pass of passes) {
      const scanner = createFrameScanner(decoder, () => 0);
      const texts: string[] = [];
      for (let i = 0; i < 2; i++) texts.push(...(await scanner.scanFrame(pass.image)).results.map((r) => r.text));
      expect(texts).toContain(pass.text);
    }
  });
});
