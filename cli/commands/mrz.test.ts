import { describe, expect, it } from 'vitest';
import { renderSyntheticPhoto, SEEDS } from '../../scripts/ocr/synthetic-photo';
import { EVAL_SUBSETS, renderEvalPhoto } from '../../scripts/ocr/eval-set';
import { encodeJpeg, encodePng } from '../image-io';
import { type CliIo, nodeIo } from '../io';
import { applyExifOrientation } from '../../core/vision/orientation';
import { mrzCommand } from './mrz';

function fakeIo(files: Record<string, Buffer>): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    readStdin: async () => '',
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: (path) => files[path] ?? nodeIo.readFile(path),
  };
}

/** The JPEG with an APP1 Exif segment (big-endian TIFF, one IFD entry: orientation) after SOI. */
function withExifOrientation(jpeg: Buffer, orientation: number): Buffer {
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const len = payload.length + 2;
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xe1, len >> 8, len & 0xff, ...payload]), jpeg.subarray(2)]);
}

describe('mrz command', () => {
  it('prints the lines, validity and repairs of the MRZ in a JPEG photo', async () => {
    const photo = renderSyntheticPhoto(SEEDS.test + 10, { format: 'TD3', jpegQuality: 0, width: 960, height: 720 });
    const io = fakeIo({ 'photo.jpg': encodeJpeg(photo.image, 80) });
    expect(await mrzCommand.run(['photo.jpg'], io)).toBe(0);
    const printed = JSON.parse(io.out.join('')) as {
      lines: string[];
      valid: boolean;
      accepted: boolean;
      confidence: number[];
      repairs: unknown[];
    };
    expect(Object.keys(printed).slice(0, 5)).toEqual(['lines', 'valid', 'accepted', 'confidence', 'repairs']);
    expect(printed.lines).toEqual(photo.lines);
    expect(printed.valid).toBe(true);
    expect(printed.accepted).toBe(true);
    expect(printed.confidence).toHaveLength(2);
    for (const c of printed.confidence) expect(c).toBeGreaterThan(0);
  });

  it('reads a still with 6 px characters again at twice its size, and says so', async () => {
    const small6 = EVAL_SUBSETS.find((s) => s.name === 'small-6');
    if (!small6) throw new Error('no small-6 subset');
    const photo = renderEvalPhoto(small6, 5);
    const io = fakeIo({ 'small.png': encodePng(photo.image) });
    expect(await mrzCommand.run(['small.png'], io)).toBe(0);
    const printed = JSON.parse(io.out.join('')) as { lines: string[]; accepted: boolean; scale: number };
    expect({ lines: printed.lines, accepted: printed.accepted, scale: printed.scale }).toEqual({
      lines: photo.printed,
      accepted: true,
      scale: 2,
    });
  });

  it('turns a still upright by its EXIF orientation (rotated and mirrored photos)', async () => {
    const photo = renderSyntheticPhoto(SEEDS.test + 12, { format: 'TD1', jpegQuality: 0, width: 960, height: 720 });
    // What the camera stores for each orientation: the inverse of the turn the tag asks for.
    const storedFor: Record<number, number> = { 2: 2, 3: 3, 6: 8, 7: 7 };
    for (const [orientation, inverse] of Object.entries(storedFor)) {
      const jpeg = encodeJpeg(applyExifOrientation(photo.image, inverse), 85);
      const io = fakeIo({ 'still.jpg': withExifOrientation(jpeg, Number(orientation)) });
      expect(await mrzCommand.run(['still.jpg'], io)).toBe(0);
      const printed = JSON.parse(io.out.join('')) as { lines: string[]; valid: boolean };
      expect({ orientation, lines: printed.lines, valid: printed.valid }).toEqual({ orientation, lines: photo.lines, valid: true });
    }
  });

  it('reports valid: false and no lines for a PNG without an MRZ, and usage without an argument', async () => {
    const photo = renderSyntheticPhoto(SEEDS.test + 11, { withMrz: false, jpegQuality: 0, width: 800, height: 600 });
    const io = fakeIo({ 'page.png': encodePng(photo.image) });
    expect(await mrzCommand.run(['page.png'], io)).toBe(0);
    expect(JSON.parse(io.out.join(''))).toMatchObject({
      lines: [],
      valid: false,
      accepted: false,
      confidence: [],
      repairs: [],
      checksPass: false,
      scale: 1,
    });
    const io2 = fakeIo({});
    expect(await mrzCommand.run([], io2)).toBe(2);
    expect(io2.err.join('')).toContain('usage');
  });
});
