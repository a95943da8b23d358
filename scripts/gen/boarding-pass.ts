/**
 * Photo-like boarding pass images for tests and the bench: an IATA BCBP string rendered as PDF417
 * or Aztec (zxing-wasm's writer), printed on a light "paper" card with some text blocks, tilted,
 * lit unevenly, blurred, noised and passed through JPEG, like a camera frame of a pass held at a
 * slant. Every random choice comes from a seeded generator, so a seed gives the same image.
 *
 * CLI: `npx tsx scripts/gen/boarding-pass.ts OUT_DIR [count] [seed]` writes JPEGs and an index.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GrayImage, RgbaImage } from '../../core/vision/image';
import { rotateGray } from '../../core/vision/barcode/gray-ops';
import { decodeImage, encodeJpeg } from '../../cli/image-io';
import { loadZxingWasmWriter } from '../../cli/vision/zxing-wasm-node';

export type PassSymbology = 'PDF417' | 'Aztec';
/** What `renderSymbol` and `composePhoto` draw: a pass's symbologies, and QR (the centre's provisioning QR). */
export type PhotoSymbology = PassSymbology | 'QRCode';

/** mulberry32: small, fast, good enough for test images. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['DIALLO', 'CAMARA', 'KONE', 'TRAORE', 'NDIAYE', 'OKAFOR', 'MBALLA', 'KOUASSI', 'SOW', 'BAMBA'];
const GIVEN = ['MAMADOU', 'AMINATA', 'IBRAHIM', 'FATOU', 'MOUSSA', 'AWA', 'CHINEDU', 'ESTHER', 'YAYA'];
const ROUTES = [
  ['CMN', 'CKY', 'AT'],
  ['CMN', 'ABJ', 'AT'],
  ['RAK', 'DKR', 'AT'],
  ['CMN', 'BKO', 'AT'],
  ['CMN', 'LOS', 'AT'],
  ['CMN', 'DLA', 'AT'],
] as const;

function pick<T>(rng: () => number, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)] as T;
}
function digits(rng: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(rng() * 10));
  return s;
}
function letters(rng: () => number, n: number): string {
  const abc = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let s = '';
  for (let i = 0; i < n; i++) s += abc[Math.floor(rng() * abc.length)];
  return s;
}

/** A fictitious single-leg IATA BCBP string (M1, 60-character mandatory part, no conditional part). */
export function makeBcbp(rng: () => number): string {
  const name = `${pick(rng, SURNAMES)}/${pick(rng, GIVEN)}`.padEnd(20, ' ').slice(0, 20);
  const [from, to, carrier] = pick(rng, ROUTES);
  const flight = digits(rng, 4).padEnd(5, ' ');
  const julian = String(1 + Math.floor(rng() * 365)).padStart(3, '0');
  const seat = `${digits(rng, 3)}${pick(rng, ['A', 'B', 'C', 'D', 'E', 'F'])}`;
  const seq = digits(rng, 4).padEnd(5, ' ');
  const s = `M1${name}E${letters(rng, 6)} ${from}${to}${carrier} ${flight}${julian}Y${seat}${seq}100`;
  if (s.length !== 60) throw new Error(`BCBP length ${s.length}`);
  return s;
}

/** The symbol as a one-byte-per-module gray image (0 dark, 255 light), without quiet zone. */
export async function renderSymbol(text: string, symbology: PhotoSymbology): Promise<GrayImage> {
  const write = await loadZxingWasmWriter();
  const out = await write(text, {
    format: symbology,
    scale: 1,
    withQuietZones: false,
    ...(symbology === 'PDF417'
      ? { ecLevel: '50%' as const }
      : symbology === 'QRCode'
        ? { ecLevel: 'M' as const }
        : { ecLevel: '23%' as const }),
  });
  if (out.error) throw new Error(`writer: ${out.error}`);
  const sym = out.symbol;
  const data = new Uint8Array(sym.width * sym.height);
  for (let i = 0; i < data.length; i++) data[i] = (sym.data[i] as number) > 127 ? 255 : 0;
  return { width: sym.width, height: sym.height, data };
}

export interface PhotoOptions {
  /** Rotation of the card in degrees (positive = counter-clockwise). */
  tiltDeg: number;
  /** Output size (a camera frame or a still). */
  width: number;
  height: number;
  /** Pixels per module along x; PDF417 rows are 3 modules high as usual. */
  modulePx: number;
  /** Box-blur passes of radius 1 (0 = sharp). */
  blur: number;
  /** Gaussian noise sigma in gray levels. */
  noise: number;
  /** JPEG quality 1-100 (0 = no JPEG round-trip). */
  jpegQuality: number;
  /** Light falloff: darkest corner = brightest * (1 - unevenLight). */
  unevenLight: number;
}

function gaussian(rng: () => number): number {
  const u = Math.max(rng(), 1e-9);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

function boxBlur(src: GrayImage): GrayImage {
  const { width: w, height: h, data } = src;
  const tmp = new Float32Array(w * h);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      tmp[i] = ((data[x > 0 ? i - 1 : i] as number) + (data[i] as number) + (data[x < w - 1 ? i + 1 : i] as number)) / 3;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      out[i] = ((tmp[y > 0 ? i - w : i] as number) + (tmp[i] as number) + (tmp[y < h - 1 ? i + w : i] as number)) / 3 + 0.5;
    }
  return { width: w, height: h, data: out };
}

/** Renders a photo-like image of a boarding pass carrying `symbol`, from a seeded generator. */
export function composePhoto(symbol: GrayImage, symbology: PhotoSymbology, opts: PhotoOptions, rng: () => number): RgbaImage {
  const mx = opts.modulePx;
  const my = symbology === 'PDF417' ? mx * 3 : mx;
  const sw = symbol.width * mx;
  const sh = symbol.height * my;
  // The card: symbol plus margins and a header band of "printed text".
  const cw = Math.max(sw + 8 * mx + 40, Math.round(sw * 1.5));
  const ch = sh + 8 * mx + 140;
  const paper = 200 + Math.floor(rng() * 40);
  const card = new Uint8Array(cw * ch).fill(paper);
  for (let i = 0; i < card.length; i++) card[i] = paper - Math.floor(rng() * 6);
  // text-like blocks above the symbol
  for (let line = 0; line < 4; line++) {
    let x = 20;
    const y0 = 18 + line * 26;
    while (x < cw - 40) {
      const wordW = 10 + Math.floor(rng() * 50);
      const hgt = line === 0 ? 14 : 9;
      for (let y = y0; y < y0 + hgt; y++)
        for (let xx = x; xx < Math.min(cw - 20, x + wordW); xx++) if (rng() < 0.55) card[y * cw + xx] = 40 + Math.floor(rng() * 40);
      x += wordW + 8 + Math.floor(rng() * 10);
    }
  }
  const ox = Math.floor((cw - sw) / 2);
  const oy = 130 + 4 * mx;
  const ink = 25 + Math.floor(rng() * 30);
  for (let y = 0; y < sh; y++)
    for (let x = 0; x < sw; x++) {
      const v = symbol.data[Math.floor(y / my) * symbol.width + Math.floor(x / mx)] as number;
      if (v === 0) card[(oy + y) * cw + ox + x] = ink;
    }
  // Place the card on a darker desk, rotate, crop to the frame around the card's centre.
  const desk = 70 + Math.floor(rng() * 50);
  const pad = Math.ceil(Math.max(opts.width, opts.height) / 2);
  const bw = cw + 2 * pad;
  const bh = ch + 2 * pad;
  const board = new Uint8Array(bw * bh).fill(desk);
  for (let y = 0; y < ch; y++) board.set(card.subarray(y * cw, (y + 1) * cw), (y + pad) * bw + pad);
  const rotated = rotateGray({ width: bw, height: bh, data: board }, opts.tiltDeg, desk).image;
  const cxr = rotated.width / 2 + (rng() - 0.5) * 40;
  const cyr = rotated.height / 2 + (rng() - 0.5) * 40;
  let frame: GrayImage = { width: opts.width, height: opts.height, data: new Uint8Array(opts.width * opts.height) };
  const x0 = Math.round(cxr - opts.width / 2);
  const y0 = Math.round(cyr - opts.height / 2);
  for (let y = 0; y < opts.height; y++)
    for (let x = 0; x < opts.width; x++) {
      const sx = Math.min(rotated.width - 1, Math.max(0, x + x0));
      const sy = Math.min(rotated.height - 1, Math.max(0, y + y0));
      frame.data[y * opts.width + x] = rotated.data[sy * rotated.width + sx] as number;
    }
  for (let i = 0; i < opts.blur; i++) frame = boxBlur(frame);
  // Uneven light: a linear falloff in a random direction, then sensor noise.
  const ang = rng() * 2 * Math.PI;
  const dx = Math.cos(ang);
  const dy = Math.sin(ang);
  const half = Math.hypot(opts.width, opts.height) / 2;
  const rgba = new Uint8ClampedArray(opts.width * opts.height * 4);
  for (let y = 0; y < opts.height; y++)
    for (let x = 0; x < opts.width; x++) {
      const t = ((x - opts.width / 2) * dx + (y - opts.height / 2) * dy) / half; // -1..1
      const gain = 1 - opts.unevenLight * (t + 1) * 0.5;
      const p = y * opts.width + x;
      const v = (frame.data[p] as number) * gain + gaussian(rng) * opts.noise;
      rgba[p * 4] = v + 6;
      rgba[p * 4 + 1] = v;
      rgba[p * 4 + 2] = v - 8;
      rgba[p * 4 + 3] = 255;
    }
  const image: RgbaImage = { width: opts.width, height: opts.height, data: rgba };
  return opts.jpegQuality > 0 ? decodeImage(encodeJpeg(image, opts.jpegQuality)) : image;
}

export interface GeneratedPass {
  name: string;
  symbology: PassSymbology;
  text: string;
  tiltDeg: number;
  image: RgbaImage;
}

/** The photo settings drawn for one generated pass (tilt given, the rest random within camera-like ranges). */
export function randomPhotoOptions(rng: () => number, tiltDeg: number, symbology: PassSymbology): PhotoOptions {
  return {
    tiltDeg,
    width: 1280,
    height: 720,
    modulePx: symbology === 'PDF417' ? 2 + Math.floor(rng() * 2) : 4 + Math.floor(rng() * 2),
    blur: Math.floor(rng() * 2),
    noise: 3 + rng() * 5,
    jpegQuality: 60 + Math.floor(rng() * 30),
    unevenLight: 0.15 + rng() * 0.35,
  };
}

/** One pass at a given tilt, deterministic for (seed, symbology, tilt). */
export async function generatePass(seed: number, symbology: PassSymbology, tiltDeg: number): Promise<GeneratedPass> {
  const rng = createRng(seed);
  const text = makeBcbp(rng);
  const symbol = await renderSymbol(text, symbology);
  const image = composePhoto(symbol, symbology, randomPhotoOptions(rng, tiltDeg, symbology), rng);
  return { name: `${symbology.toLowerCase()}-s${seed}-t${tiltDeg}`, symbology, text, tiltDeg, image };
}

/**
 * The bench / test set: `count` passes, alternating PDF417 and Aztec, tilt spread over 0..25
 * degrees with random sign.
 */
export async function generatePassSet(count: number, seed = 1): Promise<GeneratedPass[]> {
  const rng = createRng(seed);
  const out: GeneratedPass[] = [];
  for (let i = 0; i < count; i++) {
    const symbology: PassSymbology = i % 2 === 0 ? 'PDF417' : 'Aztec';
    const tilt = Math.round(rng() * 25) * (rng() < 0.5 ? -1 : 1);
    out.push(await generatePass(seed * 1000 + i, symbology, tilt));
  }
  return out;
}

async function main(argv: string[]): Promise<void> {
  const [outDir, countArg, seedArg] = argv;
  if (!outDir) {
    process.stderr.write('usage: npx tsx scripts/gen/boarding-pass.ts OUT_DIR [count] [seed]\n');
    process.exitCode = 2;
    return;
  }
  mkdirSync(outDir, { recursive: true });
  const set = await generatePassSet(Number(countArg ?? 20), Number(seedArg ?? 1));
  for (const pass of set) writeFileSync(join(outDir, `${pass.name}.jpg`), encodeJpeg(pass.image, 92));
  writeFileSync(
    join(outDir, 'index.json'),
    JSON.stringify(
      set.map(({ name, symbology, text, tiltDeg }) => ({ file: `${name}.jpg`, symbology, text, tiltDeg })),
      null,
      2,
    ),
  );
  process.stdout.write(`${set.length} images in ${outDir}\n`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main(process.argv.slice(2));
}
