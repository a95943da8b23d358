/** The officer's keyboard correction of a camera MRZ reading, before it is sent as a scan. */
import { normalizeMrzText } from '../../documents/mrz-layout';
import type { MrzPosition } from './repair';

export type MrzCorrection = { ok: true; lines: string[]; corrected: boolean; changed: MrzPosition[] } | { ok: false; error: 'shape' };

/**
 * The lines the officer typed over a reading (any case, spaces and line breaks ignored). They must
 * keep the reading's shape (same number of lines, same lengths, MRZ characters only); `corrected`
 * says whether any character differs from what was read.
 */
export function correctMrz(read: readonly string[], typed: string): MrzCorrection {
  const lines = normalizeMrzText(typed);
  if (lines.length !== read.length) return { ok: false, error: 'shape' };
  const changed: MrzPosition[] = [];
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l] as string;
    const before = read[l] as string;
    if (line.length !== before.length || !/^[A-Z0-9<]+$/.test(line)) return { ok: false, error: 'shape' };
    for (let p = 0; p < line.length; p++) if (line[p] !== before[p]) changed.push({ line: l, position: p });
  }
  return { ok: true, lines, corrected: changed.length > 0, changed };
}
