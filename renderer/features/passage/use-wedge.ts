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

/** Longer than this between two characters, the text typed before is another matter. */
const CONTINUOUS_MS = 400;

/** How long the first line(s) of an MRZ wait for the rest before they are a scan of their own. */
const INCOMPLETE_MRZ_GAP_MS = 1500;

/**
 * Gives back the start of a scan that a stalled reader split: the detector drops a burst cut by
 * a pause, but its characters are in the box, typed without a break just before the rest.
 */
export function restorePrefix(scan: WedgeScan, typed: string): string {
  if (scan.layout !== 'ok') return scan.raw;
  const flat = scan.raw.replace(/\n/g, '');
  const text = typed.trimEnd();
  if (text.length <= flat.length || !text.endsWith(flat)) return scan.raw;
  return text.slice(0, text.length - flat.length) + scan.raw;
}

export interface WedgeOptions {
  scanInput: React.RefObject<HTMLInputElement | null>;
  /** False while a dialog or a form has the keyboard: no focus stealing, no scans. */
  active: boolean;
  /** A completed scan; the box showed it arriving, the caller clears it. */
  onScan(raw: string, scan: WedgeScan): void;
}

export function useWedge({ scanInput, active, onScan }: WedgeOptions): void {
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const activeRef = useRef(active);
  activeRef.current = active;

  useEffect(() => {
    // A person may type in the scan box: unterminated fast runs are not scans, only bursts ended
    // by Enter/Tab. The gaps are much wider than the detector's defaults: wireless and USB-hub
    // readers (and a loaded desk PC) stall now and then, and a stall inside an MRZ would cut it in
    // two. Wide gaps cost nothing here: the keys of a person typing fast still land in the box, and
    // their Enter gives the same text as a manual entry would. The first line(s) of an MRZ wait
    // longer for the rest: a lone MRZ line is never a scan, and a stall there cut passports in two.
    const detector = createWedgeDetector({
      acceptUnterminated: false,
      maxInterKeyMs: 250,
      lineGapMs: 250,
      incompleteMrzGapMs: INCOMPLETE_MRZ_GAP_MS,
    });
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Characters that went to the scan box in one continuous stretch (no line breaks).
    let typed = '';
    let typedAt = 0;

    const emit = (scans: WedgeScan[]) => {
      for (const scan of scans) {
        const raw = restorePrefix(scan, typed);
        typed = '';
        onScanRef.current(raw, scan);
      }
    };
    // Times are the key events' own timestamps; the timer fires at the deadline and polls with it
    // (no second clock, which a test may freeze).
    const schedule = (lastKeyAt: number) => {
      if (timer) clearTimeout(timer);
      timer = null;
      const deadline = detector.nextDeadline();
      if (deadline === null) return;
      timer = setTimeout(
        () => {
          timer = null;
          emit(detector.poll(deadline));
          schedule(deadline);
        },
        Math.max(0, deadline - lastKeyAt),
      );
    };

    const onKey = (e: KeyboardEvent): void => {
      if (!activeRef.current) {
        detector.reset();
        typed = '';
        return;
      }
      const box = scanInput.current;
      const manual = isEditable(e.target) && e.target !== box;
      const text = isTextKey(e);
      if (!manual && !isEditable(e.target) && text) box?.focus();
      if (!manual && text) {
        if (e.timeStamp - typedAt > CONTINUOUS_MS) typed = '';
        typed += e.key;
        typedAt = e.timeStamp;
      } else if (!['Enter', 'Tab', 'Shift'].includes(e.key)) {
        typed = '';
      }
      const { scans, consumed } = detector.feed({ key: e.key, at: e.timeStamp, targetIsManualEntry: manual, repeat: e.repeat });
      if (consumed && (e.key === 'Enter' || e.key === 'Tab')) e.preventDefault();
      else if (e.key === 'Enter') typed = '';
      emit(scans);
      schedule(e.timeStamp);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    const onBlur = () => {
      detector.reset();
      typed = '';
    };
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      window.removeEventListener('blur', onBlur);
      if (timer) clearTimeout(timer);
    };
  }, [scanInput]);
}
