/**
 * Keyboard-wedge scanners on the desk: every keydown feeds the burst detector of core/devices, so
 * a multi-line MRZ typed with Enter between its lines becomes one scan. Keys of a burst still
 * reach the scan box (it shows the scan arriving); the line Enters of a burst are held back so
 * they do not submit the box. A key typed while focus is on no field brings focus to the box.
 */
import { useEffect, useRef } from 'react';
import { createWedgeDetector, type WedgeScan } from '../../../core/devices/wedge';

export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function isTextKey(e: KeyboardEvent): boolean {
  return e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;
}

export interface WedgeOptions {
  scanInput: React.RefObject<HTMLInputElement | null>;
  /** False while a dialog or a form has the keyboard: no focus stealing, no scans. */
  active: boolean;
  /** A completed scan; the box showed it arriving, the caller clears it. */
  onScan(scan: WedgeScan): void;
}

export function useWedge({ scanInput, active, onScan }: WedgeOptions): void {
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const activeRef = useRef(active);
  activeRef.current = active;

  useEffect(() => {
    // A person may type in the scan box: unterminated fast runs are not scans, only bursts ended by Enter/Tab.
    const detector = createWedgeDetector({ acceptUnterminated: false });
    let timer: ReturnType<typeof setTimeout> | null = null;

    const emit = (scans: WedgeScan[]) => {
      for (const scan of scans) onScanRef.current(scan);
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      const deadline = detector.nextDeadline();
      if (deadline === null) return;
      timer = setTimeout(() => {
        timer = null;
        emit(detector.poll(performance.now()));
        schedule();
      }, Math.max(0, deadline - performance.now()));
    };

    const onKey = (e: KeyboardEvent): void => {
      if (!activeRef.current) {
        detector.reset();
        return;
      }
      const box = scanInput.current;
      const manual = isEditable(e.target) && e.target !== box;
      if (!manual && !isEditable(e.target) && isTextKey(e)) box?.focus();
      const { scans, consumed } = detector.feed({ key: e.key, at: e.timeStamp, targetIsManualEntry: manual, repeat: e.repeat });
      if (consumed && (e.key === 'Enter' || e.key === 'Tab')) e.preventDefault();
      emit(scans);
      schedule();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    const onBlur = () => detector.reset();
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      window.removeEventListener('blur', onBlur);
      if (timer) clearTimeout(timer);
    };
  }, [scanInput]);
}
