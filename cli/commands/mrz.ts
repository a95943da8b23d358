import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMrzFromStill } from '../../core/vision/mrz/index';
import { orientImage } from '../../core/vision/orientation';
import { decodeImage } from '../image-io';
import type { CliCommand } from '../io';

/** The shipped OCR-B glyph prototype table (built by scripts/ocr/build-table.ts). */
export const MRZ_TABLE_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../resources/ocr/mrz-ocrb.bin');

export const mrzCommand: CliCommand = {
  summary:
    'mrz IMAGE: read the MRZ in a photo of a document (PNG/JPEG); prints {"lines","valid","accepted","confidence","repairs"}' +
    ' (accepted: what the desk takes without the officer; checksPass: every check digit passes, valid or not)',
  async run(args, io) {
    const [path] = args;
    if (!path) {
      io.stderr('usage: mrz IMAGE\n');
      return 2;
    }
    const bytes = io.readFile(path);
    // A still is turned upright by its EXIF orientation (rotated or mirrored by the camera).
    const image = orientImage(decodeImage(bytes), bytes);
    const table = new Uint8Array(io.readFile(MRZ_TABLE_PATH));
    // Small characters are read again at twice the size (see `readMrzFromStill`).
    const r = readMrzFromStill(image, table);
    const printed = {
      lines: r.lines,
      valid: r.valid,
      accepted: r.accepted,
      confidence: r.confidence,
      repairs: r.repairs,
      checksPass: r.checksPass,
      scale: r.scale ?? 1,
      uncertain: r.uncertain,
      found: r.found,
      format: r.format,
    };
    io.stdout(`${JSON.stringify(printed)}\n`);
    return 0;
  },
};
