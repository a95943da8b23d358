import { useTranslation } from 'react-i18next';
import type { BarcodeEngineName } from '../../../core/vision/barcode/decoder';
import { centredRegion, GUIDE_REGION } from '../../../core/vision/barcode/region';
import { type CameraScan, useCamera } from './use-camera';
import type { FoundCode } from './worker-protocol';

export interface CameraViewProps {
  /** Camera chosen in the settings. */
  deviceId?: string;
  /** Decoder engine chosen in the settings (default zxing-wasm). */
  engine?: BarcodeEngineName;
  /**
   * Receives each code read (the raw payload, e.g. a BCBP string) and each MRZ read (its lines
   * joined with '\n', `scan.kind === 'mrz'`), accepted by its check digits or by the officer.
   */
  onScan(text: string, scan: CameraScan): void;
  /** MRZ reading on the frames (default on); false reads barcodes only. */
  mrz?: boolean;
}

/** The guide frame: the central area where the officer holds the pass (fast frames decode only this area). */
function guideRect(width: number, height: number) {
  return centredRegion(width, height, GUIDE_REGION);
}

function polygon(code: FoundCode): string | undefined {
  const q = code.position;
  if (!q) return undefined;
  return [q.topLeft, q.topRight, q.bottomRight, q.bottomLeft].map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

/** Live camera with a guide frame; a found code is outlined and its text handed to `onScan`. */
export function CameraView({ deviceId, engine, onScan, mrz = true }: CameraViewProps) {
  const { t } = useTranslation();
  const { videoRef, status, errorKey, codes, frameSize, capture, mrzCandidate, confirmMrz, dismissMrz } = useCamera({
    ...(deviceId ? { deviceId } : {}),
    ...(engine ? { engine } : {}),
    ...(mrz ? {} : { mrz: false as const }),
    onScan: (text, scan) => onScan(text, scan),
  });
  const guide = guideRect(frameSize.width, frameSize.height);
  const found = codes.length > 0;
  return (
    <section
      className="camera-view"
      data-testid="camera-view"
      data-status={status}
      style={{ position: 'relative', display: 'inline-block' }}
    >
      <video ref={videoRef} muted playsInline style={{ display: 'block', maxWidth: '100%' }} />
      <svg
        viewBox={`0 0 ${frameSize.width} ${frameSize.height}`}
        preserveAspectRatio="xMidYMid meet"
        style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none' }}
        aria-hidden="true"
      >
        <rect
          {...guide}
          fill="none"
          stroke={found ? '#2e7d32' : '#ffffff'}
          strokeWidth={4}
          strokeDasharray={found ? undefined : '24 12'}
          rx={12}
        />
        {codes.map((code, i) => {
          const points = polygon(code);
          return points ? (
            <polygon key={i} data-testid="camera-found-code" points={points} fill="rgba(46,125,50,0.25)" stroke="#2e7d32" strokeWidth={5} />
          ) : null;
        })}
      </svg>
      <p role="status" aria-live="polite" className="camera-view__status">
        {status === 'error' && errorKey
          ? t(errorKey)
          : status === 'starting'
            ? t('camera.starting')
            : found
              ? t('camera.found')
              : t('camera.guide')}
      </p>
      <button type="button" onClick={capture} disabled={status !== 'running'}>
        {t('camera.capture')}
      </button>
      {mrzCandidate ? (
        <div
          className="camera-view__mrz"
          data-testid="camera-mrz-candidate"
          data-valid={String(mrzCandidate.valid)}
          role="group"
          aria-label={t('camera.mrz.title')}
        >
          <p>{t(mrzCandidate.valid ? 'camera.mrz.unsure' : 'camera.mrz.checkFailed')}</p>
          <pre dir="ltr" data-testid="camera-mrz-lines" style={{ fontFamily: 'monospace', margin: 0 }}>
            {mrzCandidate.lines.join('\n')}
          </pre>
          <button type="button" data-testid="camera-mrz-confirm" onClick={confirmMrz}>
            {t('camera.mrz.confirm')}
          </button>
          <button type="button" data-testid="camera-mrz-dismiss" onClick={dismissMrz}>
            {t('camera.mrz.dismiss')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
