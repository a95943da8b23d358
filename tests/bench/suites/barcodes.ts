/**
 * Barcodes: per engine (zxing-wasm, @zxing/library), decode rate and ms per image over the shared
 * corpus (../shared/corpus/barcodes, rotation 0, harder settings with deskew); 1280x720 frame
 * time through the camera Worker's frame policy (fast frames: median, p95, read rate; slow frames),
 * and the plain whole-frame fast settings for comparison; decode rate on generated photo-like
 * boarding passes tilted up to 25 degrees, with and without deskew.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeBarcodeDecoder } from '../../../cli/vision/barcode-decoders';
import { loadImageBytes } from '../../../cli/vision/load-image';
import type { BarcodeEngineName, BarcodeFormat, BarcodeResult } from '../../../core/vision/barcode/decoder';
import { BARCODE_ENGINES, FAST_OPTIONS, HARD_OPTIONS, STILL_OPTIONS } from '../../../core/vision/barcode/decoder';
import { createFrameScanner } from '../../../core/vision/barcode/frame-scanner';
import type { GrayImage, RgbaImage } from '../../../core/vision/image';
import { toGray } from '../../../core/vision/image';
import { generatePass, generatePassSet } from '../../../scripts/gen/boarding-pass';
import type { BenchReport } from '../report';
import { percentile } from '../report';
import type { BenchSuite } from './index';

const corpusDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus/barcodes');
const FORMATS: Record<string, BarcodeFormat> = { Aztec: 'Aztec', Code128: 'Code128', QRCode: 'QRCode', PDF417: 'PDF417' };

interface Sample {
  format: BarcodeFormat;
  image: RgbaImage;
  text?: string;
  bytes?: Uint8Array;
}

async function loadCorpus(): Promise<Sample[]> {
  const exp = JSON.parse(readFileSync(join(corpusDir, 'expectations.json'), 'utf8')) as Record<
    string,
    { format?: string; structuredAppend?: boolean }
  >;
  const out: Sample[] = [];
  for (const [set, e] of Object.entries(exp)) {
    const format = FORMATS[e.format ?? ''];
    if (set.startsWith('_') || e.structuredAppend || !format) continue;
    for (const f of readdirSync(join(corpusDir, set)).filter((n) => /\.(png|jpe?g|webp)$/i.test(n))) {
      const base = join(corpusDir, set, f.replace(/\.[^.]+$/, ''));
      out.push({
        format,
        image: await loadImageBytes(readFileSync(join(corpusDir, set, f))),
        ...(existsSync(`${base}.txt`) ? { text: readFileSync(`${base}.txt`, 'utf8') } : {}),
        ...(existsSync(`${base}.bin`) ? { bytes: new Uint8Array(readFileSync(`${base}.bin`)) } : {}),
      });
    }
  }
  return out;
}

function hit(sample: { text?: string; bytes?: Uint8Array }, results: BarcodeResult[]): boolean {
  return results.some((r) =>
    sample.text !== undefined
      ? r.text === sample.text
      : !!sample.bytes && !!r.bytes && r.bytes.length === sample.bytes.length && r.bytes.every((v, i) => v === sample.bytes?.[i]),
  );
}

export const barcodesSuite: BenchSuite = {
  name: 'barcodes',
  async run(report: BenchReport) {
    const corpus = existsSync(join(corpusDir, 'expectations.json')) ? await loadCorpus() : [];
    if (corpus.length === 0) console.log(`  (corpus not found at ${corpusDir})`);
    const frames = [await generatePass(11, 'PDF417', 0), await generatePass(12, 'Aztec', 0), await generatePass(13, 'PDF417', 3)];
    const tilted = await generatePassSet(20, 7);
    const blank = { image: { width: 1280, height: 720, data: new Uint8ClampedArray(1280 * 720 * 4).fill(200) } as RgbaImage };
    const framePasses: { image: RgbaImage; text: string }[] = [...frames];
    for (let i = 0; i < 13; i++) framePasses.push(await generatePass(200 + i, i % 2 ? 'Aztec' : 'PDF417', (i % 9) - 4));
    for (const engine of BARCODE_ENGINES as readonly BarcodeEngineName[]) {
      const decoder = await createNodeBarcodeDecoder(engine);
      if (corpus.length > 0) {
        let ok = 0;
        const times: number[] = [];
        for (const s of corpus) {
          const t0 = performance.now();
          const r = await decoder.decode(s.image, { ...HARD_OPTIONS, formats: [s.format] });
          times.push(performance.now() - t0);
          if (hit(s, r)) ok++;
        }
        report.figure(
          `${engine} corpus decode rate`,
          (100 * ok) / corpus.length,
          '%',
          `${ok}/${corpus.length}, rotation 0, harder + deskew`,
        );
        report.figure(
          `${engine} corpus ms/image`,
          times.reduce((a, b) => a + b, 0) / times.length,
          'ms',
          `median ${percentile(times, 50).toFixed(1)}`,
        );
      }
      // 1280x720 frames through the camera Worker's policy (createFrameScanner): fast frames decode
      // the guide region with one binarizer each, every 8th frame is the slow whole-frame search.
      // Each pass is shown for 8 frames (one full cycle); one blank frame stands for an empty desk.
      // Gray frames are what the Worker gets from the camera stream (the luma plane); RGBA frames
      // are the canvas fallback.
      for (const kind of ['gray', 'RGBA'] as const) {
        const fastT: number[] = [];
        const slowT: number[] = [];
        let fastHits = 0;
        let fastPassFrames = 0;
        let withinTwo = 0;
        const scanner = createFrameScanner(decoder, () => performance.now());
        const items: { image: RgbaImage | GrayImage; text?: string }[] = [...framePasses, blank].map((p) => ({
          ...p,
          image: kind === 'gray' ? toGray(p.image) : p.image,
        }));
        for (let i = 0; i < 8; i++) await scanner.scanFrame(items[i % items.length]!.image); // warm-up
        for (const item of items) {
          scanner.reset();
          let first = -1;
          for (let k = 0; k < 8; k++) {
            const scan = await scanner.scanFrame(item.image);
            const read = item.text !== undefined && hit(item, scan.results);
            if (scan.mode === 'fast') {
              fastT.push(scan.ms);
              if (item.text !== undefined) fastPassFrames++;
              if (read) fastHits++;
            } else slowT.push(scan.ms);
            if (read && first < 0) first = k;
          }
          if (first >= 0 && first < 2) withinTwo++;
        }
        const label = `${engine} 1280x720 ${kind} frame`;
        report.figure(`${label} median`, percentile(fastT, 50), 'ms', `fast frames: guide region, one binarizer, ${fastT.length} frames`);
        report.figure(`${label} p95`, percentile(fastT, 95), 'ms', `${fastHits}/${fastPassFrames} fast pass frames read`);
        report.figure(
          `${label}s: passes read within 2 frames`,
          (100 * withinTwo) / framePasses.length,
          '%',
          `${withinTwo}/${framePasses.length}, |tilt| <= 4`,
        );
        report.figure(`${label} slow median`, percentile(slowT, 50), 'ms', 'every 8th frame: whole frame, rotations, inversion, deskew');
      }
      // For comparison: the plain fast settings on the whole frame (the per-frame path before the guide region).
      {
        const ft: number[] = [];
        let frameHits = 0;
        const list = [...frames.map((f) => f.image), blank.image];
        for (let i = 0; i < 48; i++) {
          const img = list[i % list.length] as RgbaImage;
          const t0 = performance.now();
          const r = await decoder.decode(img, FAST_OPTIONS);
          if (i >= 8) ft.push(performance.now() - t0); // after warm-up
          const pass = frames[i % list.length];
          if (i >= 8 && pass && hit(pass, r)) frameHits++;
        }
        report.figure(`${engine} whole-frame fast settings median`, percentile(ft, 50), 'ms', 'LocalAverage, all formats');
        report.figure(`${engine} whole-frame fast settings p95`, percentile(ft, 95), 'ms', `${frameHits}/30 pass frames read`);
      }
      // Photo-like passes tilted up to 25 degrees, per symbology (Aztec's finder is rotation-invariant).
      for (const symbology of ['PDF417', 'Aztec'] as const) {
        const set = tilted.filter((p) => p.symbology === symbology);
        let plain = 0;
        let deskewed = 0;
        const tt: number[] = [];
        for (const p of set) {
          if (hit(p, await decoder.decode(p.image, { ...HARD_OPTIONS, deskew: false }))) plain++;
          const t0 = performance.now();
          if (hit(p, await decoder.decode(p.image, STILL_OPTIONS))) deskewed++;
          tt.push(performance.now() - t0);
        }
        report.figure(`${engine} tilted ${symbology}, no deskew`, (100 * plain) / set.length, '%', `${plain}/${set.length}, |tilt| <= 25`);
        report.figure(
          `${engine} tilted ${symbology}, deskew`,
          (100 * deskewed) / set.length,
          '%',
          `${deskewed}/${set.length}, still settings, median ${percentile(tt, 50).toFixed(0)} ms`,
        );
      }
    }
  },
};
