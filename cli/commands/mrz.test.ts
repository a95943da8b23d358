import { describe, expect, it } from 'vitest';
import { renderSyntheticPhoto, SEEDS } from '../../scripts/ocr/synthetic-photo';
import { encodeJpeg, encodePng } from '../image-io';
import { type CliIo, nodeIo } from '../io';
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

  it('reports valid: false and no lines for a PNG without an MRZ, and usage without an argument', async () => {
    const photo = renderSyntheticPhoto(SEEDS.test + 11, { withMrz: false, jpegQuality: 0, width: 800, height: 600 });
    const io = fakeIo({ 'page.png': encodePng(photo.image) });
    expect(await mrzCommand.run(['page.png'], io)).toBe(0);
    expect(JSON.parse(io.out.join(''))).toMatchObject({ lines: [], valid: false, accepted: false, confidence: [], repairs: [] });
    const io2 = fakeIo({});
    expect(await mrzCommand.run([], io2)).toBe(2);
    expect(io2.err.join('')).toContain('usage');
  });
});
