import { useCallback, useEffect, useRef, useState } from 'react';
import type { BarcodeEngineName, BarcodeFormat } from '../../../core/vision/barcode/decoder';
import { correctMrz } from '../../../core/vision/mrz/correction';
import type { CameraErrorKey } from './messages';
import type { FoundCode, FromDecodeWorker, MrzCameraOptions, MrzCandidate, ToDecodeWorker } from './worker-protocol';

/**
 * What a camera scan is: a barcode, or an MRZ (lines joined with '\n') accepted because every
 * check passed on enough frames (`confirmedBy: 'checks'`) or confirmed by the officer.
 */
export type CameraScan =
  | { kind: 'barcode'; code: FoundCode }
  | {
      kind: 'mrz';
      format: MrzCandidate['format'];
      valid: boolean;
      confirmedBy: 'checks' | 'officer';
      /** The officer changed characters of the reading on the keyboard before confirming it. */
      corrected: boolean;
    };

export interface UseCameraOptions {
  /** Camera chosen in the settings (MediaDeviceInfo.deviceId); default camera when absent. */
  deviceId?: string;
  /** Decoder engine chosen in the settings. */
  engine?: BarcodeEngineName;
  formats?: BarcodeFormat[];
  /** Every Nth frame gets rotations, inversion and deskew (default 8). */
  slowEvery?: number;
  /** Frames decoded per second at most (default 15). */
  maxFps?: number;
  /** MRZ reading on the frames (default on, 2 frames to confirm); false turns it off. */
  mrz?: false | MrzCameraOptions;
  /**
   * An MRZ in view that has not passed every check after this long (ms, default 4000) is offered
   * to the officer (`mrzCandidate`, `confirmMrz`).
   */
  mrzConfirmAfterMs?: number;
  /** Called once per code or MRZ read (the same text again within 2 s is ignored). */
  onScan(text: string, scan: CameraScan): void;
}

export type CameraStatus = 'starting' | 'running' | 'error';

export interface UseCameraResult {
  videoRef: React.RefObject<HTMLVideoElement | null>;
  status: CameraStatus;
  /** i18n key of the current error, when status is 'error'. */
  errorKey?: CameraErrorKey;
  /** Codes found in the latest decoded frame, in frame pixel coordinates. */
  codes: FoundCode[];
  frameSize: { width: number; height: number };
  /** Decodes the current frame with the slow search (rotations, inversion, deskew sweep). */
  capture(): void;
  /** An MRZ read without passing every check in time: shown to the officer to confirm. */
  mrzCandidate?: MrzCandidate;
  /**
   * The latest MRZ read found a reflection on the MRZ in view: no reading is accepted until the
   * page is tilted, so the officer is told at once rather than when a reading is offered.
   */
  mrzGlare: boolean;
  /**
   * Sends `mrzCandidate` as a scan (the officer checked it against the document), or the lines
   * the officer typed over it (`typed`; then `corrected` says whether a character changed).
   * Returns false, sending nothing, when the typed text is not an MRZ of the reading's shape.
   */
  confirmMrz(typed?: string): boolean;
  /** Hides `mrzCandidate`; a new one may be offered after the delay. */
  dismissMrz(): void;
}

const REPEAT_MS = 2000;
/** A found code stays outlined this long after the last frame that found it. */
const HOLD_MS = 600;
/** How long a closing view waits for the Worker to close its queued frames before terminating it. */
const STOP_DEADLINE_MS = 1000;
/** Overlay corners are compared on this grid (pixels), so jitter does not re-render the view. */
const OUTLINE_GRID = 16;

function errorKeyOf(error: unknown): CameraErrorKey {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'camera.errors.denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'camera.errors.notFound';
  if (name === 'NotReadableError' || name === 'AbortError') return 'camera.errors.busy';
  return 'camera.errors.unknown';
}

/** What the overlay shows for a set of codes: texts and corners on a coarse grid. */
function codesKey(codes: FoundCode[]): string {
  return codes
    .map((c) => {
      const q = c.position;
      const corners = q
        ? [q.topLeft, q.topRight, q.bottomRight, q.bottomLeft]
            .map((p) => `${Math.round(p.x / OUTLINE_GRID)},${Math.round(p.y / OUTLINE_GRID)}`)
            .join(';')
        : '';
      return `${c.format}|${c.text}|${corners}`;
    })
    .join('\n');
}

/** Chromium's MediaStreamTrackProcessor (Insertable Streams), not in TypeScript's DOM lib. */
type TrackProcessorConstructor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => {
  readable: ReadableStream<VideoFrame>;
};

/**
 * Opens the camera and reports found codes. Frames reach the decode Worker as a stream
 * (MediaStreamTrackProcessor, transferred once): the Worker reads each frame's luma plane itself,
 * so the UI thread does no per-frame work. Without that API, the UI thread reads frames through
 * a canvas and transfers the RGBA buffer, one frame at a time.
 */
export function useCamera(options: UseCameraOptions): UseCameraResult {
  const { deviceId, engine = 'zxing-wasm', formats, slowEvery, maxFps, mrz, mrzConfirmAfterMs = 4000 } = options;
  // The MRZ options as a value, so an inline object does not restart the camera on each render.
  const mrzKey = mrz === false ? 'off' : JSON.stringify(mrz ?? {});
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const onScanRef = useRef(options.onScan);
  onScanRef.current = options.onScan;
  const [status, setStatus] = useState<CameraStatus>('starting');
  const [errorKey, setErrorKey] = useState<CameraErrorKey | undefined>(undefined);
  const [codes, setCodes] = useState<FoundCode[]>([]);
  const [frameSize, setFrameSize] = useState({ width: 1280, height: 720 });
  const stillRequested = useRef(false);
  const requestStill = useRef<() => void>(() => {
    stillRequested.current = true;
  });
  const [mrzCandidate, setMrzCandidate] = useState<MrzCandidate | undefined>(undefined);
  const [mrzGlare, setMrzGlare] = useState(false);
  const candidateRef = useRef<MrzCandidate | undefined>(undefined);
  /** When an MRZ that does not pass every check was first seen (reset on acceptance or dismissal). */
  const pendingSince = useRef<number | undefined>(undefined);
  const showCandidate = useCallback((candidate: MrzCandidate | undefined) => {
    candidateRef.current = candidate;
    setMrzCandidate(candidate);
  }, []);

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | undefined;
    let busy = false;
    let nextId = 1;
    let spare: ArrayBuffer | undefined;
    let size = { width: 1280, height: 720 };
    let lastShown = '';
    let decoded = 0;
    let lastFoundAt = 0;
    const lastSeen = new Map<string, number>();
    const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' });
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const post = (msg: ToDecodeWorker, transfer: Transferable[] = []) => worker.postMessage(msg, transfer);
    let mrzFoundReads = 0;
    pendingSince.current = undefined;
    showCandidate(undefined);

    const emit = (text: string, scan: CameraScan, now: number) => {
      const seen = lastSeen.get(text);
      lastSeen.set(text, now);
      if (seen === undefined || now - seen > REPEAT_MS) onScanRef.current(text, scan);
    };

    const onMrz = (msg: Extract<FromDecodeWorker, { type: 'mrz' }>) => {
      const video = videoRef.current;
      if (video) {
        video.dataset.mrzReads = String(msg.reads);
        video.dataset.mrzMs = msg.ms.toFixed(0);
      }
      const now = Date.now();
      const candidate = msg.candidate;
      setMrzGlare(msg.found && !msg.accepted && msg.glare === true);
      if (msg.accepted && candidate) {
        pendingSince.current = undefined;
        mrzFoundReads = 0;
        if (candidateRef.current) showCandidate(undefined);
        emit(
          candidate.lines.join('\n'),
          { kind: 'mrz', format: candidate.format, valid: candidate.valid, confirmedBy: 'checks', corrected: false },
          now,
        );
        return;
      }
      if (msg.found) {
        mrzFoundReads += 1;
        pendingSince.current ??= now;
      } else if (!candidate) {
        mrzFoundReads = 0;
        pendingSince.current = undefined;
      }
      const since = pendingSince.current;
      if (candidate && since !== undefined && mrzFoundReads >= 2 && now - since >= mrzConfirmAfterMs) {
        const shown = candidateRef.current;
        if (!shown || shown.lines.join('\n') !== candidate.lines.join('\n')) showCandidate(candidate);
      }
    };

    const fail = (key: CameraErrorKey) => {
      if (stopped) return;
      setErrorKey(key);
      setStatus('error');
    };

    const sendPixels = (video: HTMLVideoElement, width: number, height: number, still: boolean) => {
      if (!ctx) return false;
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
        spare = undefined;
      }
      ctx.drawImage(video, 0, 0, width, height);
      const pixels = ctx.getImageData(0, 0, width, height).data;
      const buffer = spare && spare.byteLength === pixels.byteLength ? spare : new ArrayBuffer(pixels.byteLength);
      new Uint8ClampedArray(buffer).set(pixels);
      spare = undefined;
      post({ type: 'frame', id: nextId++, width, height, buffer, still }, [buffer]);
      return true;
    };

    /** Fallback without MediaStreamTrackProcessor: the UI thread reads each frame through a canvas. */
    const pump = () => {
      if (stopped) return;
      const video = videoRef.current;
      if (!busy && video && video.readyState >= 2 && video.videoWidth > 0) {
        const still = stillRequested.current;
        stillRequested.current = false;
        busy = sendPixels(video, video.videoWidth, video.videoHeight, still);
      }
      requestAnimationFrame(pump);
    };

    worker.onmessage = (event: MessageEvent<FromDecodeWorker>) => {
      const msg = event.data;
      if (msg.type === 'error') {
        busy = false;
        fail(msg.message);
        return;
      }
      if (msg.type === 'ready' || msg.type === 'stopped') return;
      if (msg.type === 'mrz') {
        onMrz(msg);
        return;
      }
      busy = false;
      decoded += 1;
      // Diagnostics on the video element (no re-render): frames decoded and the last decode time.
      const video = videoRef.current;
      if (video) {
        video.dataset.frames = String(decoded);
        video.dataset.decodeMs = msg.ms.toFixed(1);
      }
      if (msg.buffer) spare = msg.buffer;
      if (msg.width !== size.width || msg.height !== size.height) {
        size = { width: msg.width, height: msg.height };
        setFrameSize(size);
      }
      // Re-render only when what is shown changes: not on every empty frame, not for a corner that
      // moved a few pixels, and not when one frame misses a code that the previous frames showed.
      const now = Date.now();
      if (msg.codes.length > 0) lastFoundAt = now;
      const shown = codesKey(msg.codes);
      if (shown !== lastShown && (msg.codes.length > 0 || now - lastFoundAt > HOLD_MS)) {
        lastShown = shown;
        setCodes(msg.codes);
      }
      for (const code of msg.codes) emit(code.text, { kind: 'barcode', code }, now);
    };
    worker.onerror = () => fail('camera.errors.decoder');
    const mrzOptions = mrzKey === 'off' ? false : (JSON.parse(mrzKey) as MrzCameraOptions);
    post({
      type: 'init',
      engine,
      ...(formats ? { formats } : {}),
      ...(slowEvery ? { slowEvery } : {}),
      ...(maxFps ? { maxFps } : {}),
      mrz: mrzOptions,
    });

    navigator.mediaDevices
      .getUserMedia({
        video: { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      })
      .then(async (s) => {
        stream = s;
        if (stopped) return;
        const video = videoRef.current;
        if (!video) return;
        video.srcObject = s;
        await video.play();
        if (stopped) return;
        setStatus('running');
        const track = s.getVideoTracks()[0];
        const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor }).MediaStreamTrackProcessor;
        if (track && Processor) {
          // The Worker pulls the frames itself; the processor drops frames while one is decoded.
          const { readable } = new Processor({ track, maxBufferSize: 1 });
          post({ type: 'stream', readable }, [readable as unknown as Transferable]);
          requestStill.current = () => post({ type: 'still' });
        } else {
          requestAnimationFrame(pump);
        }
      })
      .catch((error: unknown) => fail(errorKeyOf(error)));

    return () => {
      stopped = true;
      requestStill.current = () => {
        stillRequested.current = true;
      };
      // The track first, so the frame stream ends; then the Worker closes the frames still
      // queued and answers `stopped`. A Worker stuck in a decode is terminated after a second.
      for (const track of stream?.getTracks() ?? []) track.stop();
      const terminate = () => {
        clearTimeout(deadline);
        worker.terminate();
      };
      const deadline = setTimeout(terminate, STOP_DEADLINE_MS);
      worker.onmessage = (event: MessageEvent<FromDecodeWorker>) => {
        if (event.data.type === 'stopped') terminate();
      };
      worker.onerror = terminate;
      post({ type: 'stop' });
    };
  }, [deviceId, engine, formats, slowEvery, maxFps, mrzKey, mrzConfirmAfterMs, showCandidate]);

  const capture = useCallback(() => {
    requestStill.current();
  }, []);

  const confirmMrz = useCallback(
    (typed?: string) => {
      const candidate = candidateRef.current;
      if (!candidate) return false;
      const correction = typed === undefined ? null : correctMrz(candidate.lines, typed);
      if (correction && !correction.ok) return false;
      const lines = correction ? correction.lines : candidate.lines;
      showCandidate(undefined);
      pendingSince.current = undefined;
      onScanRef.current(lines.join('\n'), {
        kind: 'mrz',
        format: candidate.format,
        valid: candidate.valid && !correction?.corrected,
        confirmedBy: 'officer',
        corrected: correction?.corrected === true,
      });
      return true;
    },
    [showCandidate],
  );

  const dismissMrz = useCallback(() => {
    showCandidate(undefined);
    pendingSince.current = Date.now();
  }, [showCandidate]);

  return {
    videoRef,
    status,
    ...(errorKey ? { errorKey } : {}),
    codes,
    frameSize,
    capture,
    ...(mrzCandidate ? { mrzCandidate } : {}),
    mrzGlare,
    confirmMrz,
    dismissMrz,
  };
}
