/**
 * A file of signed PV QR texts, one a line, as a police station's system exports them: each line
 * goes through the one check of a signed text (`attachSignedQr`, the same as for one text on the
 * PV screen) in its own transaction, so a bad line never blocks a good one and no line is half
 * written. The answer says, line by line, what became of it.
 */
import type { SignedQrImport, SignedQrLineResult } from '../../core/console/contract';
import { signedQrLineResultSchema } from '../../core/console/contract';
import { signedQrFileLines } from '../../core/console/signed-qr-file';
import { pvQrNumber } from '../../core/departure/pv-qr';
import type { Storage } from '../storage';
import type { AttachQrResult } from './pv-sheet';
import { attachSignedQr, trustedKeys } from './pv-sheet';

function lineResult(result: AttachQrResult): SignedQrLineResult {
  if (result.ok) return result.already ? 'alreadyAttached' : 'attached';
  switch (result.error) {
    case 'pvUnknown':
      return 'unknownPv';
    case 'qrOtherPv':
      return 'pvChanged';
    case 'qrInvalid':
      return result.code === 'unknownKey' || result.code === 'badSignature' ? 'untrusted' : 'notRvapv1';
  }
}

/**
 * Checks and attaches every text of the file; the file is refused whole only when it is empty or
 * too large (core/console/signed-qr-file.ts). A database failure stops the import: the lines
 * before it are kept, nothing of the line it hit.
 */
export async function importSignedQrs(
  storage: Storage,
  content: string,
  now: number,
): Promise<({ ok: true } & SignedQrImport) | { ok: false; error: 'empty' | 'tooLarge' }> {
  const file = signedQrFileLines(content);
  if (!file.ok) return file;
  // The keys are read once for the file: a key retired meanwhile is caught by the sheet, which
  // checks every text again when it prints it.
  const keys = await trustedKeys(storage);
  const lines: SignedQrImport['lines'] = [];
  const counts = Object.fromEntries(signedQrLineResultSchema.options.map((r) => [r, 0])) as SignedQrImport['counts'];
  for (const { line, text } of file.lines) {
    const pvNumber = pvQrNumber(text);
    const result = pvNumber === null ? 'notRvapv1' : lineResult(await attachSignedQr(storage, pvNumber, text, now, keys));
    lines.push({ line, pvNumber, result });
    counts[result] += 1;
  }
  return { ok: true, lines, counts };
}
