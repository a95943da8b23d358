/**
 * Byte framing for serial scanners and document readers, and the grouping of lines into records
 * (a document reader sends an MRZ as two or three lines). Pure logic: timers are injected.
 */
import type { SerialFraming } from '../../core/devices/ports';
import { isWellFormedMrz } from '../../core/devices/keyboard-layout';
import { trimTrailing } from '../../core/devices/scan';

const CR = 0x0d;
const LF = 0x0a;
const STX = 0x02;
const ETX = 0x03;

export type FramerItem =
  /** One line (may be empty: a blank line ends a multi-line record). */
  | { kind: 'line'; text: string }
  /** A complete STX...ETX frame; inner line breaks normalised to '\n'. */
  | { kind: 'frame'; text: string };

export interface LineFramer {
  push(chunk: Uint8Array): FramerItem[];
  /** Bytes received that do not yet form a line or frame. */
  hasPartial(): boolean;
  reset(): void;
}

const MAX_FRAME_BYTES = 16 * 1024;

export function createLineFramer(framing: SerialFraming, encoding: 'utf-8' | 'latin1' = 'utf-8'): LineFramer {
  const decoder = new TextDecoder(encoding);
  let buf: number[] = [];
  let inFrame = false;
  let lastWasCr = false;

  const text = (): string => {
    const t = decoder.decode(new Uint8Array(buf));
    buf = [];
    return t;
  };

  function pushEol(out: FramerItem[], byte: number): boolean {
    switch (framing) {
      case 'cr':
        if (byte === CR) out.push({ kind: 'line', text: text() });
        return byte === CR || byte === LF;
      case 'lf':
        if (byte === LF) out.push({ kind: 'line', text: text() });
        return byte === CR || byte === LF;
      case 'crlf':
        if (byte === LF && lastWasCr) out.push({ kind: 'line', text: text() });
        return byte === CR || byte === LF;
      case 'any-eol':
        if (byte === CR || (byte === LF && !lastWasCr)) out.push({ kind: 'line', text: text() });
        return byte === CR || byte === LF;
      case 'stx-etx':
        return false;
    }
  }

  return {
    push(chunk) {
      const out: FramerItem[] = [];
      for (const byte of chunk) {
        if (framing === 'stx-etx') {
          if (byte === STX) {
            buf = [];
            inFrame = true;
          } else if (byte === ETX) {
            if (inFrame) {
              const t = text().replace(/\r\n?/g, '\n').replace(/\n+$/, '');
              out.push({ kind: 'frame', text: t });
            }
            inFrame = false;
          } else if (inFrame) {
            buf.push(byte);
          }
        } else if (!pushEol(out, byte)) {
          buf.push(byte);
        }
        lastWasCr = byte === CR;
        if (buf.length > MAX_FRAME_BYTES) {
          // A device streaming without any delimiter: wrong framing configured. Drop, do not grow.
          buf = [];
          inFrame = false;
        }
      }
      return out;
    },
    hasPartial() {
      return buf.length > 0;
    },
    reset() {
      buf = [];
      inFrame = false;
      lastWasCr = false;
    },
  };
}

export interface TimeoutTimers {
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RecordAssemblerOptions {
  /** Join lines into one record (MRZ). When false every non-blank line is a record. */
  multiLine: boolean;
  /** A record closes when no line has come for this long. */
  lineTimeoutMs: number;
  timers: TimeoutTimers;
  onRecord(text: string): void;
}

export interface RecordAssembler {
  accept(item: FramerItem): void;
  hasPartial(): boolean;
  /** Drop pending lines (device gone). */
  reset(): void;
}

/**
 * Groups framed lines into records: a blank line closes the record, so does a complete MRZ shape
 * (3x30, 2x36, 2x44) or `lineTimeoutMs` without a new line. STX/ETX frames are records already.
 */
export function createRecordAssembler(options: RecordAssemblerOptions): RecordAssembler {
  let lines: string[] = [];
  let timer: unknown = null;

  function clearTimer(): void {
    if (timer !== null) options.timers.clearTimeout(timer);
    timer = null;
  }

  function flush(): void {
    clearTimer();
    if (lines.length === 0) return;
    const record = lines.join('\n');
    lines = [];
    options.onRecord(record);
  }

  return {
    accept(item) {
      if (item.kind === 'frame') {
        flush();
        if (item.text.length > 0) options.onRecord(item.text);
        return;
      }
      const line = trimTrailing(item.text);
      if (!options.multiLine) {
        if (line.length > 0) options.onRecord(line);
        return;
      }
      if (line.length === 0) {
        flush();
        return;
      }
      lines.push(line);
      if (isWellFormedMrz(lines.join('\n'))) {
        flush();
        return;
      }
      clearTimer();
      timer = options.timers.setTimeout(() => {
        timer = null;
        flush();
      }, options.lineTimeoutMs);
    },
    hasPartial() {
      return lines.length > 0;
    },
    reset() {
      clearTimer();
      lines = [];
    },
  };
}
