import { z } from 'zod';

/** Where a scan came from. Every source emits the same event into the classifier. */
export const scanSources = ['wedge', 'hid', 'serial', 'camera', 'manual'] as const;
export type ScanSource = (typeof scanSources)[number];

/** Upper bound for one payload (a 3-line MRZ is 92 chars, a BCBP a few hundred, PDF417 up to ~1.8 kB). */
export const MAX_SCAN_PAYLOAD = 8192;

export interface ScanEvent {
  source: ScanSource;
  /** Stable id of the device that produced it (`hid:0c2e:0b61:SERIAL`, `serial:/dev/ttyACM0`...). */
  deviceId?: string;
  /** The payload as read, line endings normalised to '\n' (multi-line MRZ). */
  raw: string;
  /** ms since epoch (or the monotonic clock the caller uses consistently). */
  at: number;
  /** AIM symbology identifier when the device reports one (e.g. `]L2` for PDF417). */
  symbology?: string;
}

export const scanEventSchema = z.object({
  source: z.enum(scanSources),
  deviceId: z.string().min(1).max(200).optional(),
  raw: z.string().min(1).max(MAX_SCAN_PAYLOAD),
  at: z.number().finite().nonnegative(),
  symbology: z.string().min(1).max(8).optional(),
});

// Keeps the interface and the schema in step (fails to compile if they drift apart).
type SchemaShape = z.infer<typeof scanEventSchema>;
const _schemaMatches: [SchemaShape, ScanEvent] extends [ScanEvent, SchemaShape] ? true : never = true;
void _schemaMatches;

/**
 * Normalises a payload for transport: CRLF and lone CR become '\n', trailing line breaks, spaces
 * and NULs are dropped. Leading characters are kept as read.
 */
export function normalizeScanPayload(raw: string): string {
  return trimTrailing(raw.replace(/\r\n?/g, '\n'));
}

/** Drops trailing whitespace and NUL padding (fixed-size device buffers pad with zeros). */
export function trimTrailing(text: string): string {
  let end = text.length;
  while (end > 0) {
    const ch = text[end - 1] as string;
    if (ch !== '\0' && ch.trim() !== '') break;
    end -= 1;
  }
  return text.slice(0, end);
}

export interface ScanDeduperOptions {
  /** Same payload again within this many ms is the same scan. Default 2000. */
  windowMs?: number;
}

export interface ScanDeduper {
  /** True when the event is a new scan; false when it repeats one accepted less than windowMs ago. */
  accept(event: Pick<ScanEvent, 'raw' | 'at'>): boolean;
  /** Forget everything (e.g. when the officer clears the screen). */
  reset(): void;
}

/**
 * Drops the same payload seen twice within the window, whatever the source (a wedge reader and the
 * camera reading the same pass at once are one scan). The window counts from the last accepted
 * occurrence, so a reader in continuous mode that repeats a code for ten seconds yields one scan
 * per window, not one per frame. Comparison is on the normalised payload.
 */
export function createScanDeduper(options: ScanDeduperOptions = {}): ScanDeduper {
  const windowMs = options.windowMs ?? 2000;
  const lastAccepted = new Map<string, number>();
  let lastPruneAt = Number.NEGATIVE_INFINITY;

  function prune(now: number): void {
    for (const [key, at] of lastAccepted) {
      if (Math.abs(now - at) >= windowMs) lastAccepted.delete(key);
    }
  }

  return {
    accept(event) {
      const key = normalizeScanPayload(event.raw);
      if (key.length === 0) return false;
      const previous = lastAccepted.get(key);
      if (previous !== undefined && Math.abs(event.at - previous) < windowMs) return false;
      if (lastAccepted.size > 64 && Math.abs(event.at - lastPruneAt) >= windowMs) {
        prune(event.at);
        lastPruneAt = event.at;
      }
      lastAccepted.set(key, event.at);
      return true;
    },
    reset() {
      lastAccepted.clear();
    },
  };
}
