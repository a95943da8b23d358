import { describe, expect, it } from 'vitest';
import { SIGNED_QR_FILE_MAX_BYTES, SIGNED_QR_FILE_MAX_LINES, signedQrFileLines } from './signed-qr-file';

describe('signedQrFileLines', () => {
  it('numbers the lines as in the file, skipping blank ones, whatever the line ends', () => {
    expect(signedQrFileLines('\uFEFFRVAPV1:a.b\r\n\r\n  RVAPV1:c.d  \nhello\rRVAPV1:e.f\n')).toEqual({
      ok: true,
      lines: [
        { line: 1, text: 'RVAPV1:a.b' },
        { line: 3, text: 'RVAPV1:c.d' },
        { line: 4, text: 'hello' },
        { line: 5, text: 'RVAPV1:e.f' },
      ],
    });
  });

  it('refuses a file with no text at all', () => {
    expect(signedQrFileLines('')).toEqual({ ok: false, error: 'empty' });
    expect(signedQrFileLines(' \n\r\n\t\n')).toEqual({ ok: false, error: 'empty' });
  });

  it(`refuses more than ${SIGNED_QR_FILE_MAX_LINES} texts or ${SIGNED_QR_FILE_MAX_BYTES} bytes, counted in UTF-8`, () => {
    expect(signedQrFileLines('x\n'.repeat(SIGNED_QR_FILE_MAX_LINES))).toMatchObject({ ok: true });
    expect(signedQrFileLines('x\n'.repeat(SIGNED_QR_FILE_MAX_LINES + 1))).toEqual({ ok: false, error: 'tooLarge' });
    // Blank lines are not texts: they do not count against the number of lines.
    expect(signedQrFileLines('x\n\n'.repeat(SIGNED_QR_FILE_MAX_LINES))).toMatchObject({ ok: true });
    expect(signedQrFileLines('a'.repeat(SIGNED_QR_FILE_MAX_BYTES))).toMatchObject({ ok: true });
    expect(signedQrFileLines('a'.repeat(SIGNED_QR_FILE_MAX_BYTES + 1))).toEqual({ ok: false, error: 'tooLarge' });
    // Two bytes each in UTF-8: half as many characters reach the limit.
    expect(signedQrFileLines('é'.repeat(SIGNED_QR_FILE_MAX_BYTES / 2))).toMatchObject({ ok: true });
    expect(signedQrFileLines('é'.repeat(SIGNED_QR_FILE_MAX_BYTES / 2 + 1))).toEqual({ ok: false, error: 'tooLarge' });
  });
});
