import { describe, expect, it } from 'vitest';
import type { BarcodeDecoder, DecodeOptions } from '../../../core/vision/barcode/decoder';
import { CELL_DIM, encodeGlyphTable, MRZ_ALPHABET } from '../../../core/vision/mrz';
import { createWorkerHandler, type WorkerHandlerDeps } from './worker-handler';
import type { FromDecodeWorker } from './worker-protocol';

function setup(fail = false, loadMrzTable?: WorkerHandlerDeps['loadMrzTable']) {
  const posted: { message: FromDecodeWorker; transfer: Transferable[] }[] = [];
  const seen: DecodeOptions[] = [];
  const decoder: BarcodeDecoder = {
    engine: 'fake',
    async decode(image, options) {
      seen.push(options);
      // "finds" a code when the first pixel is dark
      return (image.data[0] as number) < 128
        ? [
            {
              format: 'PDF417',
              text: 'M1TEST',
              position: { topLeft: { x: 1, y: 1 }, topRight: { x: 3, y: 1 }, bottomRight: { x: 3, y: 2 }, bottomLeft: { x: 1, y: 2 } },
            },
          ]
        : [];
    },
  };
  let t = 0;
  const handle = createWorkerHandler({
    createDecoder: async () => {
      if (fail) throw new Error('no wasm');
      return decoder;
    },
    post: (message, transfer) => posted.push({ message, transfer }),
    now: () => (t += 5),
    ...(loadMrzTable ? { loadMrzTable } : {}),
  });
  return { handle, posted, seen };
}

const frame = (id: number, dark: boolean, still = false) => {
  const buffer = new ArrayBuffer(4 * 3 * 4);
  new Uint8ClampedArray(buffer).fill(dark ? 10 : 240);
  return { type: 'frame' as const, id, width: 4, height: 3, buffer, still };
};

describe('camera decode worker handler', () => {
  it('answers init with ready, then returns found codes with their position and hands the buffer back', async () => {
    const { handle, posted } = setup();
    await handle({ type: 'init', engine: 'zxing-wasm', slowEvery: 2 });
    expect(posted[0]?.message).toEqual({ type: 'ready', engine: 'zxing-wasm', mrz: false, mrzSimd: false });
    const f = frame(1, true);
    await handle(f);
    const reply = posted[1];
    expect(reply?.message).toMatchObject({
      type: 'result',
      id: 1,
      mode: 'fast',
      ms: 5,
      codes: [{ format: 'PDF417', text: 'M1TEST', position: { topLeft: { x: 1, y: 1 } } }],
    });
    expect(reply?.transfer).toEqual([f.buffer]);
    await handle(frame(2, false));
    expect(posted[2]?.message).toMatchObject({ type: 'result', id: 2, mode: 'slow', codes: [] });
  });

  it('takes gray frames (one byte per pixel) and, for frames the Worker read itself, keeps the buffer', async () => {
    const { handle, posted } = setup();
    await handle({ type: 'init', engine: 'zxing-wasm' });
    const buffer = new ArrayBuffer(4 * 3);
    new Uint8Array(buffer).fill(10);
    await handle({ type: 'frame', id: 4, width: 4, height: 3, buffer, handBack: false });
    const reply = posted[1];
    expect(reply?.message).toMatchObject({ type: 'result', id: 4, width: 4, height: 3, codes: [{ text: 'M1TEST' }] });
    expect(reply?.message).not.toHaveProperty('buffer');
    expect(reply?.transfer).toEqual([]);
  });

  it('refuses a buffer that is neither RGBA nor gray for the given size', async () => {
    const { handle, posted } = setup();
    await handle({ type: 'init', engine: 'zxing-wasm' });
    await handle({ type: 'frame', id: 5, width: 4, height: 3, buffer: new ArrayBuffer(20) });
    expect(posted[1]?.message).toEqual({ type: 'error', id: 5, message: 'camera.errors.decoder' });
  });

  it('decodes stills with the slow search including the deskew sweep', async () => {
    const { handle, seen } = setup();
    await handle({ type: 'init', engine: 'zxing-js' });
    await handle(frame(1, false, true));
    expect(seen[0]).toMatchObject({ tryRotate: true, tryInvert: true, deskew: true, deskewSweep: true });
  });

  it('reports an i18n error key when the engine cannot start or a frame comes before init', async () => {
    const broken = setup(true);
    await broken.handle({ type: 'init', engine: 'zxing-wasm' });
    expect(broken.posted[0]?.message).toEqual({ type: 'error', message: 'camera.errors.decoder' });
    await broken.handle(frame(7, true));
    expect(broken.posted[1]?.message).toEqual({ type: 'error', id: 7, message: 'camera.errors.decoder' });
  });

  describe('MRZ on frames', () => {
    // A valid (if useless) glyph table: one prototype per character.
    const table = encodeGlyphTable(
      [...MRZ_ALPHABET].map((label, i) => ({ label, vector: new Float32Array(CELL_DIM).map((_, j) => Math.sin(i + j)) })),
    );
    const gray = (id: number, dark: boolean) => {
      const buffer = new ArrayBuffer(4 * 3);
      new Uint8Array(buffer).fill(dark ? 10 : 240);
      return { type: 'frame' as const, id, width: 4, height: 3, buffer, handBack: false };
    };

    it('loads the glyph table at init and reads the MRZ after the barcode result of a frame with no code', async () => {
      const { handle, posted } = setup(false, async () => table);
      await handle({ type: 'init', engine: 'zxing-wasm', mrz: { minGapMs: 0, quietAfterCodeMs: 0 } });
      expect(posted[0]?.message).toEqual({ type: 'ready', engine: 'zxing-wasm', mrz: true, mrzSimd: true });
      await handle(gray(1, false));
      expect(posted.slice(1).map((p) => p.message.type)).toEqual(['result', 'mrz']);
      expect(posted[2]?.message).toMatchObject({ type: 'mrz', found: false, accepted: false, reads: 1 });
      // A frame with a barcode in it gets no MRZ read.
      await handle(gray(2, true));
      expect(posted.slice(3).map((p) => p.message.type)).toEqual(['result']);
    });

    it('keeps barcodes working when the table cannot be loaded, is corrupt, or the MRZ is turned off', async () => {
      for (const [load, mrz] of [
        [async () => null, undefined],
        [async () => new Uint8Array([1, 2, 3]), undefined],
        [() => Promise.reject(new Error('404')), undefined],
        [async () => table, false],
      ] as const) {
        const { handle, posted } = setup(false, load);
        await handle({ type: 'init', engine: 'zxing-wasm', ...(mrz === false ? { mrz } : {}) });
        expect(posted[0]?.message).toEqual({ type: 'ready', engine: 'zxing-wasm', mrz: false, mrzSimd: false });
        await handle(gray(1, false));
        expect(posted.slice(1).map((p) => p.message.type)).toEqual(['result']);
      }
    });
  });
});
