import type { GrayImage, RgbaImage } from '../image';
import type { BarcodeDecoder, BarcodeResult, DecodeOptions } from './decoder';
import { mapQuad } from './decoder';
import { asGray, rotateGray } from './gray-ops';
import { estimateTilt } from './tilt';

export interface DeskewSettings {
  /** Tilts smaller than this (degrees) are left to the engine, which handles them. */
  minAngle?: number;
  /** Angles also tried with options.deskewSweep when the estimated ones fail (a busy background can fool the estimate). */
  sweep?: readonly number[];
  /** When the options leave the binarizer open, also try GlobalHistogram after LocalAverage (default true). */
  bothBinarizers?: boolean;
}

/** The angles (degrees, CCW positive) a deskew pass would try for this image, best first. */
export function deskewCandidates(gray: GrayImage, sweepToo: boolean, settings: DeskewSettings = {}): number[] {
  const minAngle = settings.minAngle ?? 3;
  const sweep = settings.sweep ?? [12, -12, 22, -22];
  const est = estimateTilt(gray);
  const out: number[] = [];
  for (const a of [est.angle, ...est.others, ...(sweepToo ? sweep : [])]) {
    if (Math.abs(a) < minAngle) continue;
    if (out.every((o) => Math.abs(o - a) > 3)) out.push(a);
  }
  return out;
}

/**
 * Wraps an engine so that, when `options.deskew` is set and the plain attempt finds nothing, the
 * symbol's tilt is estimated (tilt.ts) and the image is rotated upright before trying again.
 * ZXing's PDF417 detector misses symbols tilted by more than a few degrees; this is what makes a
 * boarding pass held at a slant read. Each attempt (upright, then each angle) tries both binarizers
 * unless the options name one. Positions are mapped back to the input image.
 */
export function createDeskewingDecoder(base: BarcodeDecoder, settings: DeskewSettings = {}): BarcodeDecoder {
  return {
    engine: base.engine,
    async decode(image: RgbaImage | GrayImage, options: DecodeOptions): Promise<BarcodeResult[]> {
      const plain = await base.decode(image, options);
      if (plain.length > 0 || !options.deskew) return plain;
      const inner: DecodeOptions = { ...options, deskew: false };
      // The second binarizer: blurred, JPEG-compressed PDF417 with 2-3 px modules often breaks up
      // under the local average but reads with a global threshold (and the reverse under uneven light).
      const other: DecodeOptions | undefined =
        options.binarizer === undefined && settings.bothBinarizers !== false ? { ...inner, binarizer: 'GlobalHistogram' } : undefined;
      if (other) {
        const found = await base.decode(image, other);
        if (found.length > 0) return found;
      }
      const gray = asGray(image);
      for (const angle of deskewCandidates(gray, options.deskewSweep === true, settings)) {
        const rotation = rotateGray(gray, -angle);
        for (const attempt of other ? [inner, other] : [inner]) {
          const found = await base.decode(rotation.image, attempt);
          if (found.length > 0) {
            return found.map((r) => (r.position ? { ...r, position: mapQuad(r.position, rotation.toSource) } : r));
          }
        }
      }
      return [];
    },
  };
}
