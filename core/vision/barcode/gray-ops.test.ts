import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../image';
import type { BarcodeDecoder, DecodeOptions } from './decoder';
import { createFrameScanner } from './frame-scanner';
import { rotateGray, rotateQuarter } from './gray-ops';
import { estimateTilt } from './tilt';

function ramp(w: number, h: number): GrayImage {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = (x * 7 + y * 3) % 256;
  return { width: w, height: h, data };
}

function stripes(w: number, h: number, deg: number, period = 8): GrayImage {
  const data = new Uint8Array(w * h);
  const r = (deg * Math.PI) / 180;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      // vertical stripes rotated counter-clockwise on screen by deg (y down)
      const u = (x - w / 2) * Math.cos(r) - (y - h / 2) * Math.sin(r);
      // smooth edges, as a camera's optics give (not staircases)
      data[y * w + x] = 125 + 95 * Math.tanh(3 * Math.sin((2 * Math.PI * u) / period));
    }
  return { width: w, height: h, data };
}

describe('gray image ops', () => {
  it('rotates by quarter turns and maps points back exactly', () => {
    const src = ramp(5, 3);
    for (const k of [1, 2, 3] as const) {
      const rot = rotateQuarter(src, k);
      expect(rot.image.width).toBe(k === 2 ? 5 : 3);
      for (let y = 0; y < rot.image.height; y++)
        for (let x = 0; x < rot.image.width; x++) {
          const s = rot.toSource({ x, y });
          expect(rot.image.data[y * rot.image.width + x]).toBe(src.data[s.y * 5 + s.x]);
        }
    }
  });

  it('rotates by an arbitrary angle with a consistent back-map', () => {
    const src = ramp(40, 30);
    const rot = rotateGray(src, 17, 0);
    const p = rot.toSource({ x: rot.image.width / 2 + 3, y: rot.image.height / 2 - 2 });
    const v = rot.image.data[Math.round(rot.image.height / 2 - 2) * rot.image.width + Math.round(rot.image.width / 2 + 3)] as number;
    expect(Math.abs(v - (src.data[Math.round(p.y) * 40 + Math.round(p.x)] as number))).toBeLessThan(12);
  });

  it('finds the angle of tilted stripes, and deskewing them makes them upright', () => {
    for (const deg of [-30, -12, 0, 7, 21]) {
      const est = estimateTilt(stripes(320, 240, deg));
      // Hard-edged (aliased) stripes pull the estimate slightly towards the axes; well within
      // the few degrees the PDF417 detector tolerates.
      expect(Math.abs(est.angle - deg)).toBeLessThan(2 + 0.15 * Math.abs(deg));
      const upright = rotateGray(stripes(320, 240, deg), -est.angle).image;
      expect(Math.abs(estimateTilt(upright).angle)).toBeLessThan(4);
    }
  });
});

describe('frame scanner', () => {
  it('uses fast settings on frames and the slow search on every Nth frame and on stills', async () => {
    const seen: DecodeOptions[] = [];
    const fake: BarcodeDecoder = {
      engine: 'fake',
      async decode(_image, options) {
        seen.push(options);
        return [];
      },
    };
    let t = 0;
    const scanner = createFrameScanner(fake, () => (t += 2), { slowEvery: 3, formats: ['PDF417'] });
    const frame = ramp(4, 4);
    const modes = [];
    for (let i = 0; i < 6; i++) modes.push((await scanner.scanFrame(frame)).mode);
    expect(modes).toEqual(['fast', 'fast', 'slow', 'fast', 'fast', 'slow']);
    expect(seen[0]).toMatchObject({ tryRotate: false, tryInvert: false, deskew: false, formats: ['PDF417'] });
    expect(seen[2]).toMatchObject({ tryRotate: true, tryInvert: true, deskew: true, deskewSweep: false });
    const still = await scanner.scanStill(frame);
    expect(still.mode).toBe('still');
    expect(still.ms).toBe(2);
    expect(seen[6]).toMatchObject({ deskew: true, deskewSweep: true });
    scanner.reset();
    expect((await scanner.scanFrame(frame)).mode).toBe('fast');
  });
});
