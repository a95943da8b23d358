import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MrzCandidate } from './worker-protocol';

export interface MrzConfirmProps {
  candidate: MrzCandidate;
  /** Sends the typed lines; false when they are not an MRZ of the reading's shape. */
  onConfirm(typed: string): boolean;
  onDismiss(): void;
}

/** Draws the MRZ band and marks the uncertain characters on it. */
function useCropCanvas(candidate: MrzCandidate) {
  const ref = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const canvas = ref.current;
    const crop = candidate.crop;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !crop || !ctx) return;
    canvas.width = crop.width;
    canvas.height = crop.height;
    const rgba = new ImageData(crop.width, crop.height);
    for (let i = 0; i < crop.data.length; i++) {
      const v = crop.data[i] as number;
      rgba.data.set([v, v, v, 255], i * 4);
    }
    ctx.putImageData(rgba, 0, 0);
    ctx.fillStyle = 'rgba(255, 193, 7, 0.45)';
    ctx.strokeStyle = '#c62828';
    for (const u of candidate.uncertain) {
      const box = crop.lines[u.line];
      const length = candidate.lines[u.line]?.length ?? 0;
      if (!box || length === 0) continue;
      const pitch = (box.x1 - box.x0) / length;
      const x = box.x0 + u.position * pitch;
      ctx.fillRect(x, box.y0 - 2, pitch, box.y1 - box.y0 + 4);
      ctx.strokeRect(x, box.y0 - 2, pitch, box.y1 - box.y0 + 4);
    }
  }, [candidate]);
  return ref;
}

/**
 * An MRZ reading the desk did not accept on its own: the band as the camera saw it with the
 * uncertain characters highlighted, the reading with the same characters marked, and the lines
 * the officer may correct on the keyboard before confirming.
 */
export function MrzConfirm({ candidate, onConfirm, onDismiss }: MrzConfirmProps) {
  const { t } = useTranslation();
  const canvasRef = useCropCanvas(candidate);
  const [typed, setTyped] = useState(candidate.lines.join('\n'));
  const [bad, setBad] = useState(false);
  const panelRef = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    setTyped(candidate.lines.join('\n'));
    setBad(false);
  }, [candidate]);
  // A new reading is brought into view down to its buttons (the desk is taller than a 1366x768
  // screen). Only the page scrolls: the focus stays where it was, so a scanner's keystrokes
  // never land in the edit box.
  const shown = candidate.lines.join('\n');
  useEffect(() => {
    panelRef.current?.scrollIntoView?.({ block: 'nearest', behavior: 'auto' });
  }, [shown]);
  const uncertain = new Set(candidate.uncertain.map((u) => `${u.line}:${u.position}`));
  return (
    <div
      ref={panelRef}
      className="camera-view__mrz"
      data-testid="camera-mrz-candidate"
      data-valid={String(candidate.checksPass)}
      role="group"
      aria-label={t('camera.mrz.title')}
    >
      <p>{t(candidate.checksPass ? 'camera.mrz.unsure' : 'camera.mrz.checkFailed')}</p>
      {candidate.cutByEdge ? <p data-testid="camera-mrz-cut">{t('camera.mrz.cutByEdge')}</p> : null}
      {candidate.glare ? <p data-testid="camera-mrz-glare">{t('camera.mrz.glare')}</p> : null}
      {candidate.uncertain.length > 0 ? <p>{t('camera.mrz.uncertainHint')}</p> : null}
      {/* The band and the reading line up left to right, as printed, in every language. */}
      <div dir="ltr" className="camera-view__mrz-evidence">
        {candidate.crop ? <canvas ref={canvasRef} data-testid="camera-mrz-crop" className="camera-view__mrz-crop" /> : null}
        <pre dir="ltr" data-testid="camera-mrz-lines" className="camera-view__mrz-lines">
          {candidate.lines.map((line, li) => (
            <span key={li}>
              {[...line].map((ch, pi) =>
                uncertain.has(`${li}:${pi}`) ? (
                  <mark key={pi} data-uncertain="true">
                    {ch}
                  </mark>
                ) : (
                  ch
                ),
              )}
              {li < candidate.lines.length - 1 ? '\n' : null}
            </span>
          ))}
        </pre>
      </div>
      <label>
        {t('camera.mrz.editLabel')}
        <textarea
          dir="ltr"
          data-testid="camera-mrz-edit"
          value={typed}
          rows={candidate.lines.length}
          cols={(candidate.lines[0]?.length ?? 44) + 1}
          spellCheck={false}
          autoCapitalize="characters"
          className="camera-view__mrz-edit"
          aria-invalid={bad}
          onChange={(e) => {
            setTyped(e.target.value);
            setBad(false);
          }}
        />
      </label>
      {bad ? <p role="alert">{t('camera.mrz.badCorrection')}</p> : null}
      <div className="camera-view__mrz-actions">
        <button type="button" className="button button-primary" data-testid="camera-mrz-confirm" onClick={() => setBad(!onConfirm(typed))}>
          {t('camera.mrz.confirm')}
        </button>
        <button type="button" className="button button-secondary" data-testid="camera-mrz-dismiss" onClick={onDismiss}>
          {t('camera.mrz.dismiss')}
        </button>
      </div>
    </div>
  );
}
