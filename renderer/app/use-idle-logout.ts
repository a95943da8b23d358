import { useEffect, useRef } from 'react';
import { call } from '../lib/api';

/** The renderer never sends heartbeats more often than this while the user is active. */
export const heartbeatMinIntervalMs = 30_000;
const activityEvents = ['keydown', 'pointerdown', 'wheel'] as const;

/** An open dialog means work under way (a signature, a form): the session does not time out under it. */
export function dialogOpen(doc: Document = document): boolean {
  return doc.querySelector('dialog[open], [role="dialog"][aria-modal="true"]') !== null;
}

interface Options {
  /** From the session; the renderer logs out after this long without keys, pointer or wheel. */
  idleTimeoutMs: number;
  /** Called once when the idle timeout passes. */
  onIdle: () => void;
  /** Called when a heartbeat shows the session is already gone on the main side. */
  onSessionLost: () => void;
}

/**
 * Tracks activity in the window; sends `auth.heartbeat` while the user is active (at most every
 * 30 s, more often only when the timeout itself is shorter), and calls `onIdle` after
 * `idleTimeoutMs` without activity. Activity is keys, pointer and wheel in the window, a scan from
 * a hardware scanner (HID or serial: it reaches main, not the window), and any time a dialog is
 * open. The timeout is the post's setting (`session.idleTimeoutMs`), given with the session.
 */
export function useIdleLogout({ idleTimeoutMs, onIdle, onSessionLost }: Options): void {
  const handlers = useRef({ onIdle, onSessionLost });
  useEffect(() => {
    handlers.current = { onIdle, onSessionLost };
  });

  useEffect(() => {
    const beatEvery = Math.min(heartbeatMinIntervalMs, Math.max(1000, Math.floor(idleTimeoutMs / 2)));
    let lastActivity = Date.now();
    let lastBeat = lastActivity; // logging in counted as activity on the main side
    let done = false;

    const beat = async (): Promise<void> => {
      const r = await call('auth.heartbeat', {});
      if (done || r.ok) return;
      if (r.error.code === 'sessionExpired' || r.error.code === 'unauthenticated') {
        done = true;
        handlers.current.onSessionLost();
      }
    };
    const onActivity = (): void => {
      const now = Date.now();
      lastActivity = now;
      if (now - lastBeat >= beatEvery) {
        lastBeat = now;
        void beat();
      }
    };
    const check = (): void => {
      if (done) return;
      if (dialogOpen()) onActivity();
      if (Date.now() - lastActivity >= idleTimeoutMs) {
        done = true;
        handlers.current.onIdle();
      }
    };

    for (const e of activityEvents) window.addEventListener(e, onActivity, { capture: true, passive: true });
    const offScan = window.api?.on('scanner.scanned', onActivity) ?? (() => undefined);
    const timer = window.setInterval(check, Math.min(1000, Math.max(100, Math.floor(idleTimeoutMs / 10))));
    return () => {
      done = true;
      window.clearInterval(timer);
      offScan();
      for (const e of activityEvents) window.removeEventListener(e, onActivity, { capture: true });
    };
  }, [idleTimeoutMs]);
}
