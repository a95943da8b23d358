import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

export interface SignaturePadHandle {
  /** True until enough ink is on the pad to be a signature (a dot or a tick is not one). */
  isEmpty(): boolean;
  /** The pad as a PNG, base64 without the `data:` prefix. */
  toPngBase64(): string;
  clear(): void;
}

const WIDTH = 640;
const HEIGHT = 200;
/** Total stroke length (canvas pixels) below which the pad counts as empty. */
const MIN_INK = 40;

/** A white pad the beneficiary signs on with a mouse, a pen or a finger (pointer events). */
export const SignaturePad = forwardRef<SignaturePadHandle, { label: string; onInk?: () => void }>(function SignaturePad(
  { label, onInk },
  ref,
) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const ink = useRef(0);
  const last = useRef<{ x: number; y: number } | null>(null);

  const paper = () => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    ctx.strokeStyle = '#0b1f3a';
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ink.current = 0;
  };
  useEffect(paper, []);

  useImperativeHandle(ref, () => ({
    isEmpty: () => ink.current < MIN_INK,
    toPngBase64: () => (canvas.current?.toDataURL('image/png') ?? '').replace(/^data:image\/png;base64,/, ''),
    clear: paper,
  }));

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * WIDTH) / rect.width, y: ((e.clientY - rect.top) * HEIGHT) / rect.height };
  };

  return (
    <canvas
      ref={canvas}
      className="signature-pad"
      data-testid="signature-pad"
      width={WIDTH}
      height={HEIGHT}
      aria-label={label}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        last.current = point(e);
      }}
      onPointerMove={(e) => {
        const from = last.current;
        if (!from) return;
        const to = point(e);
        const ctx = e.currentTarget.getContext('2d');
        if (!ctx) return;
        ctx.beginPath();
        ctx.moveTo(from.x, from.y);
        ctx.lineTo(to.x, to.y);
        ctx.stroke();
        ink.current += Math.hypot(to.x - from.x, to.y - from.y);
        last.current = to;
        onInk?.();
      }}
      onPointerUp={() => {
        last.current = null;
      }}
      onPointerCancel={() => {
        last.current = null;
      }}
      style={{ touchAction: 'none' }}
    />
  );
});
