import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeBarcodeDecoder, createNodeEngine } from '../../../cli/vision/barcode-decoders';
import { loadZxingWasmReader } from '../../../cli/vision/zxing-wasm-node';
import { generatePass } from '../../../scripts/gen/boarding-pass';
import { encodeY4m } from '../../../scripts/gen/y4m';
import { toGray } from '../image';
import type { BarcodeDecoder } from './decoder';
import { HARD_OPTIONS } from './decoder';
import { estimateTilt } from './tilt';

describe('deskew on photo-like boarding passes', () => {
  let deskewing: BarcodeDecoder;
  beforeAll(async () => {
    deskewing = await createNodeBarcodeDecoder('zxing-wasm');
  });

  it('reads a PDF417 pass tilted by 15 degrees that zxing-wasm alone misses (seed 2)', async () => {
    const pass = await generatePass(2, 'PDF417', 15);
    const readBarcodes = await loadZxingWasmReader();
    // zxing-wasm with its own defaults (tryHarder, tryRotate, tryInvert all on)
    const alone = await readBarcodes(pass.image as unknown as ImageData, { textMode: 'Plain' });
    expect(alone.map((r) => r.text)).not.toContain(pass.text);
    const found = await deskewing.decode(pass.image, HARD_OPTIONS);
    expect(found.map((r) => r.text)).toContain(pass.text);
    expect(found[0]?.format).toBe('PDF417');
  });

  it('maps the found position back into the tilted image', async () => {
    const pass = await generatePass(3, 'PDF417', -20);
    const [hit] = await deskewing.decode(pass.image, HARD_OPTIONS);
    expect(hit?.text).toBe(pass.text);
    const q = hit?.position;
    if (!q) throw new Error('the deskewed hit has no position');
    // the symbol's top edge runs at about the card's tilt (-20 = clockwise on screen: y grows with x)
    const edge = (Math.atan2(-(q.topRight.y - q.topLeft.y), q.topRight.x - q.topLeft.x) * 180) / Math.PI;
    expect(Math.abs(edge - -20)).toBeLessThan(4);
    for (const p of [q.topLeft, q.topRight, q.bottomLeft, q.bottomRight]) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThan(pass.image.width);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThan(pass.image.height);
    }
  });

  it('does nothing more when deskew is off', async () => {
    const pass = await generatePass(2, 'PDF417', 15);
    expect(await deskewing.decode(pass.image, { ...HARD_OPTIONS, deskew: false })).toEqual([]);
  });

  it('lifts the read rate well above the plain engine on 16-24 degree tilts', async () => {
    const plain = await createNodeEngine('zxing-wasm');
    let withDeskew = 0;
    let without = 0;
    const n = 6;
    for (let i = 0; i < n; i++) {
      const pass = await generatePass(100 + i, 'PDF417', (i % 2 === 0 ? 1 : -1) * (16 + (i % 5) * 2));
      if ((await plain.decode(pass.image, { ...HARD_OPTIONS, deskew: false })).some((r) => r.text === pass.text)) without++;
      if ((await deskewing.decode(pass.image, HARD_OPTIONS)).some((r) => r.text === pass.text)) withDeskew++;
    }
    expect(without).toBeLessThanOrEqual(1);
    expect(withDeskew).toBeGreaterThanOrEqual(n - 1);
  }, 60_000);

  it('estimates the tilt of a generated pass within 3 degrees', async () => {
    for (const tilt of [-22, -9, 13, 25]) {
      const pass = await generatePass(40, 'PDF417', tilt);
      expect(Math.abs(estimateTilt(toGray(pass.image)).angle - tilt)).toBeLessThan(3);
    }
  });

  it('writes Y4M frames whose luma plane still decodes (fake camera input)', async () => {
    const pass = await generatePass(5, 'Aztec', 10);
    const y4m = encodeY4m(pass.image, 2);
    const headerEnd = y4m.indexOf(0x0a);
    expect(y4m.subarray(0, headerEnd).toString('ascii')).toBe('YUV4MPEG2 W1280 H720 F30:1 Ip A1:1 C420jpeg');
    const frameBytes = 1280 * 720 * 1.5;
    expect(y4m.length).toBe(headerEnd + 1 + 2 * (6 + frameBytes));
    const lumaStart = headerEnd + 1 + 6;
    const luma = new Uint8Array(y4m.subarray(lumaStart, lumaStart + 1280 * 720));
    const found = await deskewing.decode({ width: 1280, height: 720, data: luma }, HARD_OPTIONS);
    expect(found.map((r) => r.text)).toContain(pass.text);
  });
});
