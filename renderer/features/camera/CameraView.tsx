import { useTranslation } from 'react-i18next';
import type { BarcodeEngineName } from '../../../core/vision/barcode/decoder';
import { centredRegion, GUIDE_REGION } from '../../../core/vision/barcode/region';
import { MrzConfirm } from './MrzConfirm';
import { type CameraScan, useCamera } from './use-camera';
import type { FoundCode } from './worker-protocol';

export interface CameraViewProps {
  /** Camera chosen in the settings. */
  deviceId?: string;
  /** Decoder engine chosen in the settings (default zxing-wasm). */
  engine?: BarcodeEngineName;
  /**
   * Receives each code read (the raw payload, e.g. a BCBP string) and each MRZ read (its lines
   * joined with '\n', `scan.kind === 'mrz'`), accepted by the reader's policy or by the officer
   * (`scan.corrected` when the officer changed characters on the keyboard).
   */
  onScan(text: string, scan: CameraScan): void;
  /** MRZ reading on the frames (default on); false reads barcodes only. */
  mrz?: boolean;
  /** What to hold in the frame (translated); default: a boarding pass or a passport page. */
  guide?: string;
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
export function CameraView({ deviceId, engine, onScan, mrz = true, guide: guideText }: CameraViewProps) {
  const { t } = useTranslation();
  const { videoRef, status, errorKey, codes, frameSize, capture, mrzCandidate, mrzGlare, confirmMrz, dismissMrz } = useCamera({
    ...(deviceId ? { deviceId } : {}),
    ...(engine ? { engine } : {}),
    ...(mrz ? {} : { mrz: false as const }),
    onScan: (text, scan) => onScan(text, scan),
  });
  const guide = guideRect(frameSize.width, frameSize.height);
  const found = codes.length > 0;
  // Once a reading is offered, its own view says it.
  const liveGlare = status === 'running' && mrzGlare && !mrzCandidate;
  return (
    <section className="camera-view" data-testid="camera-view" data-status={status} style={{ display: 'inline-block' }}>
      {/* The guide and the outlines are drawn over the picture only, not over the text below it. */}
      <div className="camera-frame" style={{ position: 'relative' }}>
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
              <polygon
                key={i}
                data-testid="camera-found-code"
                points={points}
                fill="rgba(46,125,50,0.25)"
                stroke="#2e7d32"
                strokeWidth={5}
              />
            ) : null;
          })}
        </svg>
      </div>
      {/* A reflection on the MRZ in view is said at once: no reading is accepted until the page is tilted. */}
      <p role="status" aria-live="polite" className="camera-view__status" data-testid="camera-status" data-mrz-glare={String(liveGlare)}>
        {status === 'error' && errorKey
          ? t(errorKey)
          : status === 'starting'
            ? t('camera.starting')
            : found
              ? t('camera.found')
              : liveGlare
                ? t('camera.mrz.glare')
                : (guideText ?? t('camera.guide'))}
      </p>
      <button type="button" className="button button-secondary button-compact" onClick={capture} disabled={status !== 'running'}>
        {t('camera.capture')}
      </button>
      {mrzCandidate ? <MrzConfirm candidate={mrzCandidate} onConfirm={confirmMrz} onDismiss={dismissMrz} /> : null}
    </section>
  );
}
