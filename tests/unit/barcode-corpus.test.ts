/**
 * The public barcode corpus (../shared/corpus/barcodes, from ZXing-C++'s test samples): for each
 * set and each rotation listed in its expectations.json, the app's still-image path (zxing-wasm +
 * deskew, harder settings) must decode at least the "slow" minimum that ZXing-C++'s own blackbox
 * runner requires, and the fast per-frame settings at least the "fast" minimum at 0 degrees.
 * A missing corpus is a failure, not a skip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeBarcodeDecoder } from '../../cli/vision/barcode-decoders';
import { loadImageBytes } from '../../cli/vision/load-image';
import type { BarcodeDecoder, BarcodeFormat, BarcodeResult, DecodeOptions } from '../../core/vision/barcode/decoder';
import { FAST_OPTIONS, STILL_OPTIONS } from '../../core/vision/barcode/decoder';
import { rotateQuarter } from '../../core/vision/barcode/gray-ops';
import type { GrayImage } from '../../core/vision/image';
import { toGray } from '../../core/vision/image';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = resolve(repoRoot, '../shared/corpus/barcodes');

interface SetExpectation {
  format: string;
  total?: number;
  groups?: number;
  structuredAppend?: boolean;
  rotations: Record<string, [number, number]>;
}

const FORMATS: Record<string, BarcodeFormat> = { Aztec: 'Aztec', Code128: 'Code128', QRCode: 'QRCode', PDF417: 'PDF417' };

interface Sample {
  name: string;
  images: GrayImage[];
  text?: string;
  bytes?: Uint8Array;
}

function loadExpectations(): Record<string, SetExpectation> | undefined {
  const file = join(corpusDir, 'expectations.json');
  if (!existsSync(file)) return undefined;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('_'))) as Record<string, SetExpectation>;
}

async function loadSamples(set: string, structured: boolean): Promise<Sample[]> {
  const dir = join(corpusDir, set);
  const images = readdirSync(dir)
    .filter((f) => /\.(png|jpe?g|webp)$/i.test(f))
    .sort();
  const groups = new Map<string, string[]>();
  for (const f of images) {
    const base = f.replace(/\.[^.]+$/, '');
    const key = structured ? base.replace(/-\d+$/, '') : base;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: Sample[] = [];
  for (const [key, files] of groups) {
    const txt = join(dir, `${key}.txt`);
    const bin = join(dir, `${key}.bin`);
    out.push({
      name: `${set}/${key}`,
      images: await Promise.all(files.map(async (f) => toGray(await loadImageBytes(readFileSync(join(dir, f)))))),
      ...(existsSync(txt) ? { text: readFileSync(txt, 'utf8') } : {}),
      ...(existsSync(bin) ? { bytes: new Uint8Array(readFileSync(bin)) } : {}),
    });
  }
  return out;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && a.every((v, i) => v === b[i]);
}

function matches(sample: Sample, r: Pick<BarcodeResult, 'text' | 'bytes'>): boolean {
  if (sample.text !== undefined) return r.text === sample.text;
  return sample.bytes !== undefined && sameBytes(r.bytes, sample.bytes);
}

const ECI_CHARSETS: Record<number, string> = {
  3: 'iso-8859-1',
  4: 'iso-8859-2',
  17: 'iso-8859-15',
  20: 'shift_jis',
  26: 'utf-8',
  29: 'gbk',
};

/**
 * Structured append: order the symbols of one sequence by index and join their payloads. Text is
 * rebuilt from the ECI-protocol bytes, so a character set switched in one symbol carries into the
 * next (as ZXing-C++ merges sequences); each later symbol's leading default-ECI marker is dropped.
 */
function merge(results: BarcodeResult[]): Pick<BarcodeResult, 'text' | 'bytes'> {
  const seq = results.filter((r) => r.sequence).sort((a, b) => (a.sequence?.index ?? 0) - (b.sequence?.index ?? 0));
  const unique = seq.filter((r, i) => i === 0 || r.sequence?.index !== seq[i - 1]?.sequence?.index);
  const bytes = Uint8Array.from(unique.flatMap((r) => [...(r.bytes ?? [])]));
  let text = '';
  let charset = 'iso-8859-1';
  let pending: number[] = [];
  const flush = (): void => {
    text += new TextDecoder(charset).decode(Uint8Array.from(pending));
    pending = [];
  };
  unique.forEach((r, k) => {
    const eci = [...(r.bytesECI ?? [])].slice(3); // drop the symbology identifier "]Lm"
    let i = 0;
    if (k > 0 && String.fromCharCode(...eci.slice(0, 7)) === '\\000003') i = 7;
    while (i < eci.length) {
      const b = eci[i] as number;
      if (b === 0x5c && eci[i + 1] === 0x5c) {
        pending.push(0x5c);
        i += 2;
      } else if (b === 0x5c && /^\d{6}$/.test(String.fromCharCode(...eci.slice(i + 1, i + 7)))) {
        flush();
        charset = ECI_CHARSETS[Number(String.fromCharCode(...eci.slice(i + 1, i + 7)))] ?? 'iso-8859-1';
        i += 7;
      } else {
        pending.push(b);
        i += 1;
      }
    }
  });
  flush();
  return { text, bytes };
}

async function countPasses(
  decoder: BarcodeDecoder,
  samples: Sample[],
  degrees: number,
  options: DecodeOptions,
  structured: boolean,
): Promise<number> {
  let passed = 0;
  for (const sample of samples) {
    const all: BarcodeResult[] = [];
    for (const image of sample.images) {
      const turned = degrees === 0 ? image : rotateQuarter(image, (degrees / 90) as 1 | 2 | 3).image;
      all.push(...(await decoder.decode(turned, options)));
    }
    if (structured ? matches(sample, merge(all)) : all.some((r) => matches(sample, r))) passed++;
  }
  return passed;
}

const expectations = loadExpectations();

describe('barcode corpus (../shared/corpus/barcodes)', () => {
  it('is present beside the repository', () => {
    expect(
      Object.keys(expectations ?? {}).length,
      `barcode corpus not found: expected ${join(corpusDir, 'expectations.json')} (the shared folder must sit beside the repository as ../shared)`,
    ).toBeGreaterThan(0);
  });

  let decoder: BarcodeDecoder;
  beforeAll(async () => {
    decoder = await createNodeBarcodeDecoder('zxing-wasm');
  });

  for (const [set, exp] of Object.entries(expectations ?? {})) {
    const format = FORMATS[exp.format];
    const structured = exp.structuredAppend === true;
    it(`${set}: at least the expected pass counts`, async () => {
      expect(Object.keys(FORMATS), `unknown format ${exp.format}`).toContain(exp.format);
      const samples = await loadSamples(set, structured);
      expect(samples.length).toBe(structured ? exp.groups : exp.total);
      const formats = [format as BarcodeFormat];
      const report: string[] = [];
      const failures: string[] = [];
      for (const [deg, [fastMin, slowMin]] of Object.entries(exp.rotations)) {
        const slow = await countPasses(decoder, samples, Number(deg), { ...STILL_OPTIONS, formats }, structured);
        report.push(`${deg}°: slow ${slow}/${samples.length} (min ${slowMin})`);
        if (slow < slowMin) failures.push(`${deg}° slow ${slow} < ${slowMin}`);
        if (deg === '0') {
          const fast = await countPasses(decoder, samples, 0, { ...FAST_OPTIONS, formats }, structured);
          report.push(`0°: fast ${fast}/${samples.length} (min ${fastMin})`);
          if (fast < fastMin) failures.push(`0° fast ${fast} < ${fastMin}`);
        }
      }
      expect(failures, `${set}: ${report.join(', ')}`).toEqual([]);
    }, 180_000);
  }
});
