import type { BarcodeEngineName } from '../../core/vision/barcode/decoder';
import { BARCODE_ENGINES, STILL_OPTIONS } from '../../core/vision/barcode/decoder';
import type { CliCommand } from '../io';
import { createNodeBarcodeDecoder } from '../vision/barcode-decoders';
import { loadImageBytes } from '../vision/load-image';

const USAGE = 'usage: npm run --silent cli -- decode IMAGE [--engine zxing-wasm|zxing-js]\n';

/**
 * `decode IMAGE`: reads the barcodes in a still image (PNG, JPEG or WebP) with the app's harder
 * settings (rotations, inversion, deskew) and prints `{"results":[{"format","text"}]}`.
 */
export const decodeCommand: CliCommand = {
  summary: 'decode barcodes (PDF417, Aztec, QR, Data Matrix, Code 128) in a photo',
  async run(args, io) {
    let engine: BarcodeEngineName = 'zxing-wasm';
    const files: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '--engine') {
        const name = args[++i];
        if (!name || !(BARCODE_ENGINES as readonly string[]).includes(name)) {
          io.stderr(`error: unknown engine ${JSON.stringify(name ?? '')} (expected ${BARCODE_ENGINES.join(' or ')})\n`);
          return 1;
        }
        engine = name as BarcodeEngineName;
      } else files.push(a);
    }
    const [file] = files;
    if (!file || files.length > 1) {
      io.stderr(USAGE);
      return 1;
    }
    let bytes: Buffer;
    try {
      bytes = io.readFile(file);
    } catch (error) {
      const code = (error as { code?: string }).code;
      io.stderr(`error: cannot read ${file}${code ? ` (${code})` : ''}\n`);
      return 1;
    }
    let image;
    try {
      image = await loadImageBytes(bytes);
    } catch (error) {
      io.stderr(`error: ${file}: ${error instanceof Error ? error.message : 'not a readable image'}\n`);
      return 1;
    }
    const decoder = await createNodeBarcodeDecoder(engine);
    const results = await decoder.decode(image, STILL_OPTIONS);
    io.stdout(`${JSON.stringify({ results: results.map((r) => ({ format: r.format, text: r.text })) })}\n`);
    return 0;
  },
};
