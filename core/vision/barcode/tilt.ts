import type { GrayImage } from '../image';
import { halveGray } from './gray-ops';

export interface TiltEstimate {
  /**
   * Dominant orientation of the image's edges, folded into [-45, 45) degrees, positive =
   * counter-clockwise on screen. Rotating the image by `-angle` makes those edges axis-aligned.
   */
  angle: number;
  /** Peak height over the mean of the histogram (1 = flat, no dominant orientation). */
  strength: number;
  /** Next best orientations (distinct peaks), strongest first. */
  others: number[];
}

const BINS = 180; // 0.5 degree bins over a 90 degree period

/**
 * Estimates the tilt of a barcode (or of the card carrying it) from a magnitude-weighted
 * histogram of gradient orientations modulo 90 degrees: a PDF417 symbol's bar edges and row
 * edges, the card's edges and its printed lines all share one orientation up to 90 degrees.
 * Works on a downscaled copy (longest side <= `maxSide`), so it costs a few milliseconds per frame.
 */
export function estimateTilt(gray: GrayImage, maxSide = 640): TiltEstimate {
  let img = gray;
  while (Math.max(img.width, img.height) > maxSide && img.width >= 4 && img.height >= 4) img = halveGray(img);
  const { width: w, height: h, data } = img;
  const hist = new Float64Array(BINS);
  const binPerRad = BINS / (Math.PI / 2);
  // A gradient is counted when its magnitude is above a floor that ignores sensor noise.
  const floor = 24;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const a = data[i - w - 1] as number;
      const b = data[i - w] as number;
      const c = data[i - w + 1] as number;
      const d = data[i - 1] as number;
      const f = data[i + 1] as number;
      const g = data[i + w - 1] as number;
      const k = data[i + w] as number;
      const l = data[i + w + 1] as number;
      const gx = c + 2 * f + l - a - 2 * d - g;
      const gy = g + 2 * k + l - a - 2 * b - c;
      const mag = Math.abs(gx) + Math.abs(gy);
      if (mag < floor) continue;
      let phi = Math.atan2(gy, gx); // -pi..pi
      phi = ((phi % (Math.PI / 2)) + Math.PI / 2) % (Math.PI / 2); // 0..pi/2
      const pos = phi * binPerRad;
      const b0 = Math.floor(pos) % BINS;
      const frac = pos - Math.floor(pos);
      hist[b0] = (hist[b0] as number) + mag * (1 - frac);
      const b1 = (b0 + 1) % BINS;
      hist[b1] = (hist[b1] as number) + mag * frac;
    }
  }
  // Circular smoothing (+-2 bins, triangular).
  const smooth = new Float64Array(BINS);
  let total = 0;
  for (let i = 0; i < BINS; i++) {
    let s = 0;
    for (let j = -2; j <= 2; j++) s += (hist[(i + j + BINS) % BINS] as number) * (3 - Math.abs(j));
    smooth[i] = s;
    total += s;
  }
  const mean = total / BINS;
  const peaks: { bin: number; value: number }[] = [];
  for (let i = 0; i < BINS; i++) {
    const v = smooth[i] as number;
    if (v >= (smooth[(i + 1) % BINS] as number) && v > (smooth[(i - 1 + BINS) % BINS] as number)) peaks.push({ bin: i, value: v });
  }
  peaks.sort((p, q) => q.value - p.value);
  const toAngle = (bin: number): number => {
    // Sub-bin refinement by a parabola through the peak and its neighbours.
    const l = smooth[(bin - 1 + BINS) % BINS] as number;
    const c = smooth[bin] as number;
    const r = smooth[(bin + 1) % BINS] as number;
    const den = l - 2 * c + r;
    const off = den !== 0 ? (0.5 * (l - r)) / den : 0;
    const phiDeg = ((bin + off) * 90) / BINS; // gradient orientation mod 90
    // A screen-CCW rotation by t turns a horizontal gradient to angle -t (y down).
    let t = -phiDeg;
    t = ((((t + 45) % 90) + 90) % 90) - 45;
    return Math.round(t * 100) / 100;
  };
  const best = peaks[0];
  if (!best || mean === 0) return { angle: 0, strength: 1, others: [] };
  const others: number[] = [];
  for (const p of peaks.slice(1)) {
    if (p.value < best.value * 0.35) break;
    const a = toAngle(p.bin);
    if ([toAngle(best.bin), ...others].every((o) => Math.abs(o - a) > 4)) others.push(a);
    if (others.length >= 2) break;
  }
  return { angle: toAngle(best.bin), strength: best.value / mean, others };
}
