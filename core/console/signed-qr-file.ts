/**
 * A file of signed PV QR texts as a police station's system exports it: one `RVAPV1:` text a line.
 * Its limits and its lines, read the same way by the console screen (to refuse a file before
 * sending it) and by the centre (which checks each line: server/console/signed-qr-import.ts).
 */
import { utf8Encode } from '../departure/encoding';

/** Most texts in one file (blank lines do not count). */
export const SIGNED_QR_FILE_MAX_LINES = 5_000;
/** Largest file, in bytes of UTF-8. */
export const SIGNED_QR_FILE_MAX_BYTES = 2 * 1024 * 1024;

export type SignedQrFile = { ok: true; lines: Array<{ line: number; text: string }> } | { ok: false; error: 'empty' | 'tooLarge' };

/** The texts of the file with their line numbers in it (from 1; blank lines skipped), or why the file is refused whole. */
export function signedQrFileLines(content: string): SignedQrFile {
  // A UTF-16 unit is at least one byte of UTF-8: a longer string is too large without encoding it.
  if (content.length > SIGNED_QR_FILE_MAX_BYTES || utf8Encode(content).length > SIGNED_QR_FILE_MAX_BYTES)
    return { ok: false, error: 'tooLarge' };
  const lines: Array<{ line: number; text: string }> = [];
  content
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((raw, i) => {
      const text = raw.trim();
      if (text !== '') lines.push({ line: i + 1, text });
    });
  if (lines.length === 0) return { ok: false, error: 'empty' };
  if (lines.length > SIGNED_QR_FILE_MAX_LINES) return { ok: false, error: 'tooLarge' };
  return { ok: true, lines };
}
