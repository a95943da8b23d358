import type { BarcodeEngineName, BarcodeFormat, Quad } from '../../../core/vision/barcode/decoder';
import type { ScanMode } from '../../../core/vision/barcode/frame-scanner';

/** Main thread -> decode Worker. */
export type ToDecodeWorker =
  | { type: 'init'; engine: BarcodeEngineName; formats?: BarcodeFormat[]; slowEvery?: number }
  /** RGBA pixels; `buffer` is transferred (the sender loses it). `still` = a captured photo (slow search). */
  | { type: 'frame'; id: number; width: number; height: number; buffer: ArrayBuffer; still?: boolean };

export interface FoundCode {
  format: string;
  text: string;
  /** Corners in the frame's pixel coordinates (for the highlight overlay). */
  position?: Quad;
}

/** Decode Worker -> main thread. */
export type FromDecodeWorker =
  | { type: 'ready'; engine: BarcodeEngineName }
  /** `buffer` is the frame's buffer handed back (transferred) so the sender can reuse it. */
  | { type: 'result'; id: number; mode: ScanMode; ms: number; codes: FoundCode[]; buffer: ArrayBuffer }
  /** `message` is an i18n key. */
  | { type: 'error'; id?: number; message: 'camera.errors.decoder' };
