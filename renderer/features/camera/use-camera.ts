import { useCallback, useEffect, useRef, useState } from 'react';
import type { BarcodeEngineName, BarcodeFormat } from '../../../core/vision/barcode/decoder';
import type { CameraErrorKey } from './messages';
import type { FoundCode, FromDecodeWorker, ToDecodeWorker } from './worker-protocol';

export interface UseCameraOptions {
  /** Camera chosen in the settings (MediaDeviceInfo.deviceId); default camera when absent. */
  deviceId?: string;
  /** Decoder engine chosen in the settings. */
  engine?: BarcodeEngineName;
  formats?: BarcodeFormat[];
  /** Every Nth frame gets rotations, inversion and deskew (default 8). */
  slowEvery?: number;
  /** Called once per code read (the same text again within 2 s is ignored). */
  onScan(text: string, code: FoundCode): void;
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
}

const REPEAT_MS = 2000;

function errorKeyOf(error: unknown): CameraErrorKey {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'camera.errors.denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'camera.errors.notFound';
  if (name === 'NotReadableError' || name === 'AbortError') return 'camera.errors.busy';
  return 'camera.errors.unknown';
}

/**
 * Opens the camera, hands frames to the decode Worker one at a time (transferring the pixel
 * buffer, so the UI thread only draws and copies the frame) and reports found codes.
 */
export function useCamera(options: UseCameraOptions): UseCameraResult {
  const { deviceId, engine = 'zxing-wasm', formats, slowEvery } = options;
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const onScanRef = useRef(options.onScan);
  onScanRef.current = options.onScan;
  const [status, setStatus] = useState<CameraStatus>('starting');
  const [errorKey, setErrorKey] = useState<CameraErrorKey | undefined>(undefined);
  const [codes, setCodes] = useState<FoundCode[]>([]);
  const [frameSize, setFrameSize] = useState({ width: 1280, height: 720 });
  const stillRequested = useRef(false);

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | undefined;
    let busy = false;
    let nextId = 1;
    let spare: ArrayBuffer | undefined;
    const lastSeen = new Map<string, number>();
    const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' });
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const post = (msg: ToDecodeWorker, transfer: Transferable[] = []) => worker.postMessage(msg, transfer);

    const fail = (key: CameraErrorKey) => {
      if (stopped) return;
      setErrorKey(key);
      setStatus('error');
    };

    const pump = () => {
      if (stopped) return;
      const video = videoRef.current;
      if (!busy && ctx && video && video.readyState >= 2 && video.videoWidth > 0) {
        const width = video.videoWidth;
        const height = video.videoHeight;
        if (canvas.width !== width || canvas.height !== height) {
          canvas.width = width;
          canvas.height = height;
          setFrameSize({ width, height });
          spare = undefined;
        }
        ctx.drawImage(video, 0, 0, width, height);
        const pixels = ctx.getImageData(0, 0, width, height).data;
        const buffer = spare && spare.byteLength === pixels.byteLength ? spare : new ArrayBuffer(pixels.byteLength);
        new Uint8ClampedArray(buffer).set(pixels);
        spare = undefined;
        busy = true;
        const still = stillRequested.current;
        stillRequested.current = false;
        post({ type: 'frame', id: nextId++, width, height, buffer, still }, [buffer]);
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
      if (msg.type === 'ready') return;
      busy = false;
      spare = msg.buffer;
      setCodes(msg.codes);
      const now = Date.now();
      for (const code of msg.codes) {
        const seen = lastSeen.get(code.text);
        lastSeen.set(code.text, now);
        if (seen === undefined || now - seen > REPEAT_MS) onScanRef.current(code.text, code);
      }
    };
    worker.onerror = () => fail('camera.errors.decoder');
    post({ type: 'init', engine, ...(formats ? { formats } : {}), ...(slowEvery ? { slowEvery } : {}) });

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
        setStatus('running');
        requestAnimationFrame(pump);
      })
      .catch((error: unknown) => fail(errorKeyOf(error)));

    return () => {
      stopped = true;
      worker.terminate();
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [deviceId, engine, formats, slowEvery]);

  const capture = useCallback(() => {
    stillRequested.current = true;
  }, []);

  return { videoRef, status, ...(errorKey ? { errorKey } : {}), codes, frameSize, capture };
}
