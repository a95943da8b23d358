import type { GrayImage, RgbaImage } from '../../../core/vision/image';
import type { MrzFrameReader, MrzReading } from '../../../core/vision/mrz';
import type { FromDecodeWorker, MrzCandidate } from './worker-protocol';

/** How the Worker spends time on the MRZ between barcode frames. */
export interface MrzFramePolicy {
  /** Shortest pause between two MRZ reads, in ms (default 300). */
  minGapMs?: number;
  /**
   * Largest share of the Worker's time given to the MRZ (default 0.4): after a read that took
   * `ms`, the next one waits at least `ms * (1 - share) / share`, so barcode frames keep the rest.
   */
  share?: number;
  /** No MRZ read while a barcode was found within this many ms (default 1500): a pass is in view. */
  quietAfterCodeMs?: number;
}

export interface MrzFrames {
  /**
   * Called after each decoded frame with the number of codes it found. Reads the MRZ on this frame
   * when the policy allows it and posts an `mrz` message; returns true when it did.
   */
  afterFrame(image: RgbaImage | GrayImage, codesFound: number, still: boolean): boolean;
}

export interface MrzFramesDeps {
  reader: MrzFrameReader;
  now(): number;
  post(message: FromDecodeWorker): void;
}

/** MRZ reads in a row that find nothing before the reader forgets the previous document. */
const MISSES_TO_RESET = 2;

function candidateOf(reading: MrzReading): MrzCandidate | undefined {
  if (!reading.found || !reading.format) return undefined;
  return {
    format: reading.format,
    lines: reading.lines,
    checksPass: reading.checksPass,
    valid: reading.valid,
    repairs: reading.repairs.length,
    uncertain: reading.uncertain,
    ...(reading.crop && !reading.accepted ? { crop: reading.crop } : {}),
    ...(reading.cutByEdge ? { cutByEdge: true as const } : {}),
    ...(reading.glare ? { glare: true as const } : {}),
  };
}

/**
 * Runs the MRZ frame reader on camera frames at a low rate, so barcode frames keep most of the
 * Worker: only when no barcode was seen recently, with a pause after each read proportional to its
 * cost. Stills always get a read. Each read is posted as `{ type: 'mrz', accepted, candidate }`:
 * `accepted` when the reader accepts it (the acceptance policy of core/vision/mrz, the same as
 * the CLI's, confirmed over frames), else the best reading so far for the officer to confirm.
 */
export function createMrzFrames(deps: MrzFramesDeps, policy: MrzFramePolicy = {}): MrzFrames {
  const minGapMs = policy.minGapMs ?? 300;
  const share = Math.min(0.9, Math.max(0.05, policy.share ?? 0.4));
  const quietAfterCodeMs = policy.quietAfterCodeMs ?? 1500;
  let lastCodeAt = -Infinity;
  let nextAt = -Infinity;
  let misses = 0;
  let reads = 0;
  return {
    afterFrame(image, codesFound, still) {
      const start = deps.now();
      if (codesFound > 0) lastCodeAt = start;
      if (!still && (codesFound > 0 || start - lastCodeAt < quietAfterCodeMs || start < nextAt)) return false;
      const read = deps.reader.readFrame(image);
      const reading = read.reading;
      const accepted = read.accepted;
      const end = deps.now();
      const ms = end - start;
      reads += 1;
      nextAt = end + Math.max(minGapMs, (ms * (1 - share)) / share);
      misses = reading.found ? 0 : misses + 1;
      if (misses >= MISSES_TO_RESET) deps.reader.reset();
      const best = accepted ? reading : deps.reader.best();
      const candidate = best && (accepted || misses < MISSES_TO_RESET) ? candidateOf(best) : undefined;
      deps.post({
        type: 'mrz',
        ms,
        reads,
        ways: reading.ways ?? 1,
        found: reading.found,
        accepted,
        ...(reading.glare ? { glare: true as const } : {}),
        ...(candidate ? { candidate } : {}),
      });
      return true;
    },
  };
}
