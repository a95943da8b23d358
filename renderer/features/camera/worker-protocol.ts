import type { BarcodeEngineName, BarcodeFormat, Quad } from '../../../core/vision/barcode/decoder';
import type { ScanMode } from '../../../core/vision/barcode/frame-scanner';
import type { MrzCrop, MrzFormat } from '../../../core/vision/mrz';

/**
 * MRZ reading on camera frames (default on). `confirmFrames`: frames that must agree on a valid
 * reading before it is accepted (default 2); `minGapMs`, `share`, `quietAfterCodeMs`:
 * see `MrzFramePolicy` in mrz-frames.ts.
 */
export interface MrzCameraOptions {
  confirmFrames?: number;
  minGapMs?: number;
  share?: number;
  quietAfterCodeMs?: number;
}

/** Main thread -> decode Worker. */
export type ToDecodeWorker =
  /** `maxFps`: stream frames decoded per second at most (default 15), leaving CPU to the UI thread. */
  | {
      type: 'init';
      engine: BarcodeEngineName;
      formats?: BarcodeFormat[];
      slowEvery?: number;
      maxFps?: number;
      mrz?: false | MrzCameraOptions;
    }
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
  | { type: 'still' }
  /**
   * The view is closing and its track has been stopped: close every frame still queued, unread,
   * then answer `stopped` so the Worker can be terminated without leaking a frame.
   */
  | { type: 'stop' };

export interface FoundCode {
  format: string;
  text: string;
  /** Corners in the frame's pixel coordinates (for the highlight overlay). */
  position?: Quad;
}

/** An MRZ as read from the camera (no personal data is logged from it). */
export interface MrzCandidate {
  format: MrzFormat;
  lines: string[];
  /** Every check digit passes and the fields are plausible. */
  checksPass: boolean;
  /** The checks pass and every uncertain character lies under a check digit that sees it. */
  valid: boolean;
  /** Characters the check-digit repair changed. */
  repairs: number;
  /** Characters to highlight for the officer: repaired, or read with a close runner-up. */
  uncertain: Array<{ line: number; position: number }>;
  /** The MRZ band as the reader saw it (grayscale), with each line's box, for the officer. */
  crop?: MrzCrop;
  /** Glyphs reach past the edge of the frame (among `uncertain`): never accepted as they are. */
  cutByEdge?: true;
  /** Glare lies on the MRZ (the glyphs under it among `uncertain`): never accepted as it is. */
  glare?: true;
}

/** Decode Worker -> main thread. */
export type FromDecodeWorker =
  /**
   * `mrz`: the MRZ reader is running (its glyph table loaded). `mrzSimd`: its classifier's first
   * pass runs in WebAssembly SIMD (false: in JavaScript, slower, same readings).
   */
  | { type: 'ready'; engine: BarcodeEngineName; mrz: boolean; mrzSimd: boolean }
  /**
   * One MRZ read on a frame (`ms` its time, `reads` the count so far). `accepted`: the reading in
   * `candidate` passed every check on enough frames and is to be used as a scan. Otherwise
   * `candidate`, when present, is the best reading so far, for the officer to confirm. `ways`: how
   * many ways up the frame was read (2 until the reader knows which way up the page lies).
   * `glare`: this frame's reading found a reflection on the MRZ (the page must be tilted before
   * any reading of it is accepted).
   */
  | { type: 'mrz'; ms: number; reads: number; ways: 1 | 2; found: boolean; accepted: boolean; glare?: true; candidate?: MrzCandidate }
  /** `buffer` is a `frame` message's buffer handed back (transferred) so the sender can reuse it. */
  | { type: 'result'; id: number; mode: ScanMode; ms: number; codes: FoundCode[]; width: number; height: number; buffer?: ArrayBuffer }
  /** `message` is an i18n key. */
  | { type: 'error'; id?: number; message: 'camera.errors.decoder' }
  /** Answer to `stop`: every frame the Worker received is closed. */
  | { type: 'stopped' };
