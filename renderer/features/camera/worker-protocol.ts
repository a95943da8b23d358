import type { BarcodeEngineName, BarcodeFormat, Quad } from '../../../core/vision/barcode/decoder';
import type { ScanMode } from '../../../core/vision/barcode/frame-scanner';

/** Main thread -> decode Worker. */
export type ToDecodeWorker =
  /** `maxFps`: stream frames decoded per second at most (default 15), leaving CPU to the UI thread. */
  | { type: 'init'; engine: BarcodeEngineName; formats?: BarcodeFormat[]; slowEvery?: number; maxFps?: number }
  /**
   * One frame's pixels: RGBA (width * height * 4 bytes) or gray (width * height bytes). `buffer`
   * is transferred (the sender loses it) and handed back with the result. `still` = a captured
   * photo (slow search).
   */
  | { type: 'frame'; id: number; width: number; height: number; buffer: ArrayBuffer; still?: boolean }
  /**
   * The camera's frames as a stream (MediaStreamTrackProcessor.readable, transferred): the Worker
   * pulls each frame, reads its luma plane and decodes it, so the UI thread never touches pixels.
   * Frames that arrive while one is being decoded are dropped by the processor. Each decoded frame
   * is answered with a `result` (ids count from 1, no buffer).
   */
  | { type: 'stream'; readable: ReadableStream<VideoFrame> }
  /** The next frame from the stream gets the still search (rotations, inversion, deskew sweep). */
  | { type: 'still' };

export interface FoundCode {
  format: string;
  text: string;
  /** Corners in the frame's pixel coordinates (for the highlight overlay). */
  position?: Quad;
}

/** Decode Worker -> main thread. */
export type FromDecodeWorker =
  | { type: 'ready'; engine: BarcodeEngineName }
  /** `buffer` is a `frame` message's buffer handed back (transferred) so the sender can reuse it. */
  | { type: 'result'; id: number; mode: ScanMode; ms: number; codes: FoundCode[]; width: number; height: number; buffer?: ArrayBuffer }
  /** `message` is an i18n key. */
  | { type: 'error'; id?: number; message: 'camera.errors.decoder' };
