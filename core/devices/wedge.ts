/**
 * Keyboard-wedge scanners type their payload as keystrokes. This state machine, fed with keydown
 * events (KeyboardEvent.key and a timestamp), tells a scanner burst from a person typing and turns
 * one burst into one scan. It holds no timers: the caller feeds keys, and calls `poll(now)` at
 * `nextDeadline()` to close a scan that ended with a pause.
 *
 * Rules:
 * - A run is a sequence of keys each arriving within `maxInterKeyMs` of the previous one.
 *   A run becomes a scan when it holds at least `minLength` characters. Slower keys are typing.
 * - Enter or Tab (configurable) end a line. If the next key comes within `lineGapMs`, it starts
 *   the next line of the same scan (document readers send Enter between MRZ lines); after a
 *   longer pause, the scan is complete. Lines are joined with '\n'.
 * - A configured prefix must start the scan and is removed; a configured suffix ends the scan at
 *   once and is removed.
 * - Keys aimed at a manual-entry field are ignored (and drop any run in progress).
 * - Modifier keys (Shift...) are transparent; auto-repeated keys and other named keys
 *   (Backspace, arrows...) break a run.
 */
import { isIncompleteMrz } from '../documents/mrz-layout';
import { normalizeScanPayload, type ScanEvent } from './scan';
import { DEAD_KEY_PLACEHOLDER, detectLayoutMismatch, type LayoutDetection } from './keyboard-layout';

export {
  detectLayoutMismatch,
  fixAzertyAsQwerty,
  qwertyAsAzerty,
  isWellFormedMrz,
  looksLikeBcbp,
  DEAD_KEY_PLACEHOLDER,
  type LayoutDetection,
} from './keyboard-layout';

export interface WedgeKeystroke {
  /** KeyboardEvent.key: a character, or 'Enter', 'Tab', 'Shift', 'Dead'... */
  key: string;
  /** KeyboardEvent.timeStamp (ms). Must not go backwards. */
  at: number;
  /** True when focus is in a field where the officer types by hand: such keys are never a scan. */
  targetIsManualEntry: boolean;
  /** KeyboardEvent.repeat: a held key, never a scanner. */
  repeat?: boolean;
}

export type WedgeTerminator = 'Enter' | 'Tab';

export interface WedgeOptions {
  /** Longest gap between two keys of one burst. Default 35 ms. */
  maxInterKeyMs?: number;
  /** Fewest characters (prefix and suffix excluded) for a burst to count as a scan. Default 6. */
  minLength?: number;
  /** After a terminator, a key within this gap continues the scan on a new line. Default 2 x maxInterKeyMs. */
  lineGapMs?: number;
  /**
   * After a terminator that left the first line(s) of an MRZ without the rest, a key within this
   * gap continues the scan. Document readers and loaded PCs stall between MRZ lines, and a lone
   * MRZ line is never a scan of its own. Default `lineGapMs`.
   */
  incompleteMrzGapMs?: number;
  /** Keys that end a line. Default ['Enter', 'Tab']. */
  terminators?: readonly WedgeTerminator[];
  /** If set, a burst must start with it (removed from the payload); bursts without it are ignored. */
  prefix?: string;
  /** If set, ends the scan as soon as it is typed (removed from the payload). */
  suffix?: string;
  /** A fast burst that ends with a pause and no terminator is still a scan. Default true. */
  acceptUnterminated?: boolean;
  /** Run detectLayoutMismatch on each scan and repair AZERTY/QWERTY mangling. Default true. */
  fixLayout?: boolean;
  /**
   * Fast keys needed before keys are reported `consumed` (a person may roll two or three keys
   * within the threshold; four in a row is a machine). Default min(4, minLength).
   */
  confirmAfter?: number;
}

export interface WedgeScan {
  /** Payload with lines joined by '\n' (after the layout repair when one was applied). */
  raw: string;
  /** Time of the first key of the burst. */
  startedAt: number;
  /** Time of the last key of the burst. */
  endedAt: number;
  /** Number of lines (3 for an ID-card MRZ read by a document reader). */
  lines: number;
  /** 'fixed' when the AZERTY/QWERTY repair was applied; 'ambiguous' carries `messageKey`. */
  layout: 'ok' | 'fixed' | 'ambiguous';
  messageKey?: 'devices.layoutMismatch';
  /** The payload as typed, before the layout repair (only when it differs). */
  typed?: string;
}

export interface WedgeFeedResult {
  /** Scans completed by this key (usually none; at most two when a key closes one and ends another). */
  scans: WedgeScan[];
  /**
   * True when the key belongs to a scanner burst: the renderer should preventDefault it (so the
   * terminating Enter does not submit a form). The first keys of a burst cannot be known yet and
   * are reported false.
   */
  consumed: boolean;
}

export interface WedgeDetector {
  feed(keystroke: WedgeKeystroke): WedgeFeedResult;
  /** Closes what a pause has ended. Call it at `nextDeadline()` (or on any timer). */
  poll(now: number): WedgeScan[];
  /** When `poll` may have something to do, or null if nothing is pending. */
  nextDeadline(): number | null;
  /** Drop any burst in progress (focus change, window blur). */
  reset(): void;
}

const MODIFIERS = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Fn',
  'OS',
  'Hyper',
  'Super',
  'Unidentified',
]);

interface Run {
  startedAt: number;
  lastAt: number;
  /** Completed lines. */
  lines: string[];
  /** Line being typed. */
  current: string;
  /** Characters typed in the run (for the fast-burst test). */
  chars: number;
  /** A terminator closed the last line: waiting for another line or the pause. */
  terminated: boolean;
}

export function createWedgeDetector(options: WedgeOptions = {}): WedgeDetector {
  const maxInterKeyMs = options.maxInterKeyMs ?? 35;
  const minLength = options.minLength ?? 6;
  const lineGapMs = options.lineGapMs ?? maxInterKeyMs * 2;
  const incompleteMrzGapMs = Math.max(lineGapMs, options.incompleteMrzGapMs ?? lineGapMs);
  const terminators = new Set<string>(options.terminators ?? ['Enter', 'Tab']);
  const prefix = options.prefix ?? '';
  const suffix = options.suffix ?? '';
  const acceptUnterminated = options.acceptUnterminated ?? true;
  const fixLayout = options.fixLayout ?? true;
  const confirmAfter = options.confirmAfter ?? Math.min(4, minLength);

  let run: Run | null = null;

  function payloadLength(r: Run): number {
    const all = [...r.lines, r.current].join('');
    return all.length - (all.startsWith(prefix) ? prefix.length : 0);
  }

  function finish(r: Run): WedgeScan | null {
    const lines = [...r.lines];
    if (r.current.length > 0) lines.push(r.current);
    let text = lines.join('\n');
    if (prefix) {
      if (!text.startsWith(prefix)) return null;
      text = text.slice(prefix.length);
    }
    if (suffix && text.endsWith(suffix)) text = text.slice(0, -suffix.length);
    text = normalizeScanPayload(text);
    if (text.replace(/\n/g, '').length < minLength) return null;
    const scan: WedgeScan = {
      raw: text,
      startedAt: r.startedAt,
      endedAt: r.lastAt,
      lines: text.split('\n').length,
      layout: 'ok',
    };
    if (fixLayout) applyLayout(scan, detectLayoutMismatch(text));
    return scan;
  }

  function applyLayout(scan: WedgeScan, detection: LayoutDetection): void {
    if (detection.kind === 'azerty-as-qwerty') {
      scan.typed = scan.raw;
      scan.raw = detection.fixed;
      scan.layout = 'fixed';
    } else if (detection.kind === 'ambiguous') {
      scan.layout = 'ambiguous';
      scan.messageKey = detection.messageKey;
    }
  }

  /** The longest pause that still continues the run. */
  function pauseLimit(r: Run): number {
    if (!r.terminated) return maxInterKeyMs;
    return isIncompleteMrz(r.lines) ? incompleteMrzGapMs : lineGapMs;
  }

  /** Closes the run if the pause before `now` ends it. */
  function closeIfPaused(now: number): WedgeScan[] {
    if (!run) return [];
    const gap = now - run.lastAt;
    if (gap <= pauseLimit(run)) return [];
    const r = run;
    run = null;
    if (!r.terminated && !acceptUnterminated && r.lines.length === 0) return [];
    const scan = finish(r);
    return scan ? [scan] : [];
  }

  function isBurst(r: Run): boolean {
    return r.chars >= confirmAfter;
  }

  return {
    feed(k) {
      const scans = closeIfPaused(k.at);
      if (k.targetIsManualEntry) {
        // A completed scan (terminated, waiting for the pause) is kept; a partial one is dropped.
        if (run?.terminated) {
          const scan = finish(run);
          if (scan) scans.push(scan);
        }
        run = null;
        return { scans, consumed: false };
      }
      if (MODIFIERS.has(k.key)) return { scans, consumed: run !== null && isBurst(run) };
      if (k.repeat) {
        run = null;
        return { scans, consumed: false };
      }

      const isTerminator = terminators.has(k.key);
      const isChar = k.key === 'Dead' || [...k.key].length === 1;
      if (!isTerminator && !isChar) {
        // Backspace, arrows, F-keys: a person at the keyboard.
        if (run?.terminated) {
          const scan = finish(run);
          if (scan) scans.push(scan);
        }
        run = null;
        return { scans, consumed: false };
      }

      if (isTerminator) {
        if (!run) return { scans, consumed: false };
        const r = run;
        r.lastAt = k.at;
        if (r.current.length > 0) {
          r.lines.push(r.current);
          r.current = '';
        }
        const wasBurst = isBurst(r) && payloadLength(r) >= minLength;
        r.terminated = true;
        if (!wasBurst) {
          // A person pressing Enter after a couple of fast keys: not a scan.
          run = null;
          return { scans, consumed: false };
        }
        return { scans, consumed: true };
      }

      const ch = k.key === 'Dead' ? DEAD_KEY_PLACEHOLDER : k.key;
      if (!run) {
        run = { startedAt: k.at, lastAt: k.at, lines: [], current: ch, chars: 1, terminated: false };
        return { scans, consumed: false };
      }
      const r = run;
      r.lastAt = k.at;
      r.current += ch;
      r.chars += 1;
      r.terminated = false;
      if (suffix && r.current.endsWith(suffix) && payloadLength(r) - suffix.length >= minLength) {
        run = null;
        const scan = finish(r);
        if (scan) scans.push(scan);
        return { scans, consumed: true };
      }
      return { scans, consumed: isBurst(r) };
    },

    poll(now) {
      return closeIfPaused(now);
    },

    nextDeadline() {
      if (!run) return null;
      return run.lastAt + pauseLimit(run) + 1;
    },

    reset() {
      run = null;
    },
  };
}

/** The common scan event for a wedge scan. */
export function wedgeScanToEvent(scan: WedgeScan, deviceId?: string): ScanEvent {
  const event: ScanEvent = { source: 'wedge', raw: scan.raw, at: scan.startedAt };
  if (deviceId !== undefined) event.deviceId = deviceId;
  return event;
}
