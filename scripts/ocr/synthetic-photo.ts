/**
 * Camera-like photos of a fictitious identity document: a page with printed text, a photo box and
 * (optionally) an MRZ in OCR-B, warped by a perspective with slight rotation, lit unevenly, blurred,
 * noised and passed through JPEG. Deterministic per seed. Used for tests, the bench and for building
 * the glyph prototype table (training seeds and held-out seeds never overlap: see SEEDS).
 */
import jpeg from 'jpeg-js';
import type { RgbaImage } from '../../core/vision/image';
import type { MrzShape as MrzFormat } from '../../core/documents/mrz-layout';
import { fillPolygons, loadOcrbFont } from './font-raster';
import { between, createRng, intBetween, pick, randomMrz, type Rng } from './mrz-text';

/** Seed ranges: the table is built from TRAIN; tests and the bench use their own held-out ranges. */
export const SEEDS = { train: 1, test: 500_000, bench: 700_000 } as const;

export interface SyntheticPhotoOptions {
  format?: MrzFormat;
  /** false renders the same kind of page without any MRZ. */
  withMrz?: boolean;
  /** These MRZ lines instead of random ones (give the matching `format`). */
  lines?: string[];
  width?: number;
  height?: number;
  /** JPEG quality; 0 skips the JPEG round trip. Random 45..90 when omitted. */
  jpegQuality?: number;
  /** Scales every degradation (blur, noise, rotation, perspective, light); 1 = default. */
  severity?: number;
  /** How the document was printed (evaluation material); absent = the training rendering. */
  print?: PrintVariant;
  /** A further turn of the page in degrees (a page held up to the camera by hand), on top of the random one. */
  turnDeg?: number;
  /**
   * A lamp's reflection on the page's laminate, over or beside the MRZ: light added to the
   * photo, brighter than the paper and blown out (255) at its core. Its random choices come from
   * the variant generator, so a photo without it is unchanged.
   */
  glare?: boolean;
}

/**
 * A way of printing the page other than the training rendering, for held-out evaluation. Its
 * random choices come from their own generator, so a photo without `print` is unchanged.
 */
export interface PrintVariant {
  /** Another OCR-B rendering (font file), e.g. OCRB_SHARP_FONT_PATH. */
  fontPath?: string;
  /** Stroke weight: document raster pixels of dilation (> 0, bolder) or erosion (< 0, lighter). */
  weight?: number;
  /** Slant of the MRZ characters (tangent of the angle), e.g. 0.1 for about 6°. */
  italic?: number;
  /** MRZ pitch in output pixels [min, max] instead of 12.5..21 (small characters). */
  pitchPx?: [number, number];
  /** A dense guilloche (security line pattern) under the whole page, MRZ included, on coloured paper. */
  guilloche?: boolean;
  /** Print-and-scan: ink spread (laser or inkjet), mottled toner and small drop-outs. */
  printScan?: boolean;
  /**
   * "SPECIMEN" overprinted across the page and the MRZ, as on published specimen documents: a
   * translucent stamp ink, large and slanted; grey unless `overprintInk` says otherwise.
   */
  overprint?: boolean;
  /** The overprint's ink: red or blue stamp ink, which absorbs some colours of the light only. */
  overprintInk?: 'red' | 'blue';
}

/**
 * How much of each of red, green and blue light a stamp ink absorbs at full strength: red ink lets
 * the red through, blue ink the blue (and some green).
 */
const STAMP_INK_ABSORBS: Record<'red' | 'blue', [number, number, number]> = {
  red: [0.08, 0.9, 0.8],
  blue: [0.85, 0.55, 0.1],
};

export interface SyntheticPhoto {
  image: RgbaImage;
  format: MrzFormat | null;
  lines: string[];
  seed: number;
}

const DOC_MM: Record<MrzFormat, [number, number]> = { TD1: [85.6, 54], TD2: [105, 74], TD3: [125, 88] };
const PITCH_MM = 2.54;
const LINE_MM = 4.23;

const WORDS = [
  'PASSPORT',
  'PASSEPORT',
  'ROYAUME',
  'KINGDOM',
  'NOM',
  'SURNAME',
  'PRENOMS',
  'GIVEN',
  'NAMES',
  'NATIONALITE',
  'DATE',
  'BIRTH',
  'SEXE',
  'LIEU',
  'AUTORITE',
  'IDENTITY',
  'CARD',
  'TYPE',
  'CODE',
  'EXPIRY',
  'ISSUE',
  'CASABLANCA',
  'RABAT',
  'DAKAR',
  'BAMAKO',
];

export function renderSyntheticPhoto(seed: number, options: SyntheticPhotoOptions = {}): SyntheticPhoto {
  const rng = createRng(seed * 7919 + 17);
  const vr = createRng(seed * 104_729 + 3);
  const print = options.print ?? {};
  const sev = options.severity ?? 1;
  const format: MrzFormat = options.format ?? (rng() < 0.5 ? 'TD3' : 'TD1');
  const withMrz = options.withMrz ?? true;
  const W = options.width ?? 1280;
  const H = options.height ?? pick(rng, [720, 960]);
  const [docWmm, docHmm] = DOC_MM[format];
  const lines = withMrz ? (options.lines ?? randomMrz(rng, format)) : [];

  // Output pixels per mm: MRZ pitch between 12.5 and 21 px, the document fitting in the frame.
  const maxScale = Math.min((0.9 * W) / docWmm, (0.9 * H) / docHmm);
  const pitch = between(rng, 12.5, 21);
  const scale = Math.min(maxScale, (print.pitchPx ? between(vr, print.pitchPx[0], print.pitchPx[1]) : pitch) / PITCH_MM);
  const ss = 2.2; // document raster resolution relative to the output
  const pxmm = scale * ss;
  const dw = Math.ceil(docWmm * pxmm);
  const dh = Math.ceil(docHmm * pxmm);
  const doc = renderDocument(rng, format, lines, dw, dh, pxmm, print, vr);
  // A grey overprint darkens the page raster; a coloured one is a mask applied per colour below.
  const stamp = print.overprint ? overprintSpecimen(dw, dh, pxmm, docHmm, vr) : null;
  const stampInk = print.overprintInk ? STAMP_INK_ABSORBS[print.overprintInk] : null;
  if (stamp && !stampInk) {
    for (let i = 0; i < doc.length; i++) {
      const m = stamp.mask[i] as number;
      if (m > 0) doc[i] = (doc[i] as number) * (1 - stamp.opacity * m);
    }
  }

  // Placement: centre jitter, rotation, perspective (corner jitter).
  const angle = ((between(rng, -5, 5) * sev + (options.turnDeg ?? 0)) * Math.PI) / 180;
  const ow = docWmm * scale;
  const oh = docHmm * scale;
  const cx = W / 2 + between(rng, -1, 1) * Math.max(0, (W - ow) / 2 - 20) * 0.6;
  const cy = H / 2 + between(rng, -1, 1) * Math.max(0, (H - oh) / 2 - 20) * 0.6;
  const persp = 0.035 * sev * Math.hypot(ow, oh);
  const corners: Array<[number, number]> = [
    [-ow / 2, -oh / 2],
    [ow / 2, -oh / 2],
    [ow / 2, oh / 2],
    [-ow / 2, oh / 2],
  ].map(([x, y]) => {
    const rx = (x as number) * Math.cos(angle) - (y as number) * Math.sin(angle);
    const ry = (x as number) * Math.sin(angle) + (y as number) * Math.cos(angle);
    return [cx + rx + between(rng, -1, 1) * persp * 0.5, cy + ry + between(rng, -1, 1) * persp * 0.5];
  });
  const docCorners: Array<[number, number]> = [
    [0, 0],
    [dw, 0],
    [dw, dh],
    [0, dh],
  ];
  const inv = homography(corners, docCorners);

  // Background surface and document tint.
  const bg = [between(rng, 40, 170), 0, 0];
  bg[1] = (bg[0] as number) * between(rng, 0.85, 1.1);
  bg[2] = (bg[0] as number) * between(rng, 0.8, 1.15);
  const tint = [between(rng, 0.9, 1), between(rng, 0.9, 1), between(rng, 0.88, 1)];
  if (print.guilloche) {
    // Coloured security paper: one channel held back (green, blue or pink paper).
    const hue = Math.floor(vr() * 3);
    tint[hue] = (tint[hue] as number) * between(vr, 0.7, 0.85);
  }
  const bgGrad = between(rng, -0.3, 0.3);

  const rgb = new Float32Array(W * H * 3);
  const offs = [0.25, 0.75];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const oy of offs) {
        for (const ox of offs) {
          const px = x + ox;
          const py = y + oy;
          const w = inv[6] * px + inv[7] * py + 1;
          const u = (inv[0] * px + inv[1] * py + inv[2]) / w;
          const v = (inv[3] * px + inv[4] * py + inv[5]) / w;
          if (u >= 0 && v >= 0 && u < dw - 1 && v < dh - 1) {
            const val = bilinear(doc, dw, u, v);
            const k = stamp && stampInk ? stamp.opacity * bilinear(stamp.mask, dw, u, v) : 0;
            r += val * (tint[0] as number) * (1 - k * (stampInk?.[0] ?? 0));
            g += val * (tint[1] as number) * (1 - k * (stampInk?.[1] ?? 0));
            b += val * (tint[2] as number) * (1 - k * (stampInk?.[2] ?? 0));
          } else {
            const f = 1 + bgGrad * (py / H - 0.5);
            r += (bg[0] as number) * f;
            g += (bg[1] as number) * f;
            b += (bg[2] as number) * f;
          }
        }
      }
      const i = (y * W + x) * 3;
      rgb[i] = r / 4;
      rgb[i + 1] = g / 4;
      rgb[i + 2] = b / 4;
    }
  }

  // Uneven light: overall level, linear gradient, vignette, and sometimes a soft shadow edge.
  const level = between(rng, 0.55, 1.08);
  const gAmp = between(rng, 0, 0.45) * sev;
  const gDir = between(rng, 0, Math.PI * 2);
  const vig = between(rng, 0, 0.35) * sev;
  const shadow = rng() < 0.35 * sev ? { a: between(rng, 0, Math.PI * 2), d: between(rng, -0.3, 0.3), k: between(rng, 0.6, 0.85) } : null;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const nx = x / W - 0.5;
      const ny = y / H - 0.5;
      let l = level * (1 + gAmp * (nx * Math.cos(gDir) + ny * Math.sin(gDir))) * (1 - vig * (nx * nx + ny * ny) * 2);
      if (shadow) {
        const s = nx * Math.cos(shadow.a) + ny * Math.sin(shadow.a) - shadow.d;
        const t = Math.max(0, Math.min(1, 0.5 + s * 12));
        l *= 1 - (1 - shadow.k) * t;
      }
      const i = (y * W + x) * 3;
      rgb[i] = (rgb[i] as number) * l;
      rgb[i + 1] = (rgb[i + 1] as number) * l;
      rgb[i + 2] = (rgb[i + 2] as number) * l;
    }
  }

  if (options.glare && lines.length > 0) {
    addGlare(rgb, W, H, homography(docCorners, corners), inv, [dw, dh], pxmm, scale, [docWmm, docHmm], lines, vr);
  }

  gaussianBlur3(rgb, W, H, between(rng, 0.35, 1.45) * sev);

  const noise = between(rng, 1.5, 8) * sev;
  const data = new Uint8ClampedArray(W * H * 4);
  for (let p = 0, i = 0; p < W * H; p++, i += 3) {
    const n = gauss(rng) * noise;
    data[p * 4] = (rgb[i] as number) + n + gauss(rng) * noise * 0.3;
    data[p * 4 + 1] = (rgb[i + 1] as number) + n + gauss(rng) * noise * 0.3;
    data[p * 4 + 2] = (rgb[i + 2] as number) + n + gauss(rng) * noise * 0.3;
    data[p * 4 + 3] = 255;
  }
  let image: RgbaImage = { width: W, height: H, data };
  const quality = options.jpegQuality ?? intBetween(rng, 45, 90);
  if (quality > 0) {
    const enc = jpeg.encode({ width: W, height: H, data: Buffer.from(data.buffer) }, quality);
    const dec = jpeg.decode(enc.data, { useTArray: true, formatAsRGBA: true });
    image = {
      width: dec.width,
      height: dec.height,
      data: new Uint8ClampedArray(dec.data.buffer, dec.data.byteOffset, dec.data.byteLength),
    };
  }
  return { image, format: withMrz ? format : null, lines, seed };
}

function renderDocument(
  rng: Rng,
  format: MrzFormat,
  mrz: string[],
  dw: number,
  dh: number,
  pxmm: number,
  print: PrintVariant = {},
  vr: Rng = rng,
): Float32Array {
  const font = loadOcrbFont();
  const mrzFont = print.fontPath ? loadOcrbFont(print.fontPath) : font;
  const canvas = new Float32Array(dw * dh);
  // Paper with a faint security pattern.
  const base = between(rng, 222, 250);
  const amp = between(rng, 3, 12);
  const f1 = (between(rng, 0.02, 0.08) / pxmm) * 10;
  const f2 = (between(rng, 0.02, 0.08) / pxmm) * 10;
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      canvas[y * dw + x] = base - amp * (0.5 + 0.5 * Math.sin(x * f1 + 3 * Math.sin(y * f2)));
    }
  }
  const text = (s: string, xmm: number, ymm: number, sizeMm: number, ink: number) => {
    fillPolygons(canvas, dw, dh, font.outline(s, xmm * pxmm, ymm * pxmm, sizeMm * pxmm), ink);
  };
  const [docW, docH] = DOC_MM[format];
  const mrzTop = docH - 4 - LINE_MM * (format === 'TD1' ? 3 : 2) - 1.5;
  // Header.
  text(
    `${pick(rng, WORDS)} ${pick(rng, WORDS)}`,
    4 + between(rng, 0, 10),
    6 + between(rng, 0, 2),
    between(rng, 2.6, 3.6),
    between(rng, 40, 110),
  );
  // Photo box with a face-like shape.
  const px0 = 4;
  const py0 = 10;
  const pw = docW * 0.26;
  const ph = Math.min(mrzTop - py0 - 3, pw * 1.3);
  const boxVal = between(rng, 120, 200);
  const faceVal = between(rng, 70, 150);
  for (let y = Math.floor(py0 * pxmm); y < (py0 + ph) * pxmm; y++) {
    for (let x = Math.floor(px0 * pxmm); x < (px0 + pw) * pxmm; x++) {
      const u = (x / pxmm - px0) / pw - 0.5;
      const v = (y / pxmm - py0) / ph - 0.42;
      const inFace = (u * u) / 0.07 + (v * v) / 0.12 < 1;
      const inBody = v > 0.3 && Math.abs(u) < 0.45 - (v - 0.3) * -0.3;
      canvas[y * dw + x] = inFace || inBody ? faceVal : boxVal + 10 * Math.sin(x * 0.05);
    }
  }
  // Fields to the right of the photo.
  const fx = px0 + pw + 4;
  let fy = 12;
  while (fy < mrzTop - 4) {
    text(pick(rng, WORDS), fx, fy, between(rng, 1.4, 1.9), between(rng, 90, 150));
    fy += 2.8;
    const value = Array.from({ length: intBetween(rng, 1, 3) }, () => pick(rng, WORDS)).join(' ');
    text(value.slice(0, Math.floor((docW - fx - 3) / 2.2)), fx, fy, between(rng, 2.2, 3), between(rng, 20, 70));
    fy += between(rng, 3.5, 5.5);
  }
  if (print.guilloche) guilloche(canvas, dw, dh, pxmm, vr);
  // MRZ.
  const size = PITCH_MM / font.advance;
  const ink = between(rng, 5, 60);
  const left = (docW - PITCH_MM * (mrz[0]?.length ?? 30)) / 2 + between(rng, -0.6, 0.6);
  const variant = print.fontPath !== undefined || !!print.weight || !!print.italic || !!print.printScan;
  if (!variant) {
    mrz.forEach((line, i) => {
      const baseline = docH - 3.6 - LINE_MM * (mrz.length - 1 - i) + between(rng, -0.15, 0.15);
      text(line, left, baseline, size, ink);
    });
    return canvas;
  }
  // The MRZ as an ink coverage mask, shaped (slant, weight, spread), then printed.
  const mask = new Float32Array(dw * dh);
  const mrzSize = (PITCH_MM / mrzFont.advance) * pxmm;
  mrz.forEach((line, i) => {
    const baseline = (docH - 3.6 - LINE_MM * (mrz.length - 1 - i) + between(rng, -0.15, 0.15)) * pxmm;
    const polys = mrzFont.outline(line, left * pxmm, baseline, mrzSize);
    const slant = print.italic ?? 0;
    if (slant !== 0)
      for (const p of polys) for (let k = 0; k < p.length; k += 2) p[k] = (p[k] as number) + (baseline - (p[k + 1] as number)) * slant;
    fillPolygons(mask, dw, dh, polys, 1);
  });
  const top = Math.max(0, Math.floor((docH - 3.6 - LINE_MM * mrz.length - 1) * pxmm));
  if (print.weight) morph(mask, dw, dh, top, Math.round(Math.abs(print.weight)), print.weight > 0);
  if (print.printScan) {
    // Ink spread: the stroke bleeds by about half an output pixel, then toner mottling and drop-outs.
    boxBlur(mask, dw, dh, top, Math.max(1, Math.round(between(vr, 0.4, 0.9) * 2.2)));
    const gain = between(vr, 1.3, 1.8);
    for (let i = top * dw; i < mask.length; i++) {
      const m = Math.min(1, (mask[i] as number) * gain);
      mask[i] = m * (1 - between(vr, 0, 0.3)) * (vr() < 0.004 ? 0.2 : 1);
    }
  }
  for (let i = top * dw; i < mask.length; i++) {
    const m = mask[i] as number;
    if (m > 0) canvas[i] = (canvas[i] as number) * (1 - m) + ink * m;
  }
  return canvas;
}

/**
 * The "SPECIMEN" stamp over the page raster: its coverage per pixel (0..1) and the share of the
 * light its ink absorbs where it covers fully. Letters 8-14 mm high, slanted up to about 20°,
 * centred low on the page so that it crosses part of the MRZ; the ink darkens what is under it by
 * 30-55 %.
 */
function overprintSpecimen(dw: number, dh: number, pxmm: number, docHmm: number, vr: Rng): { mask: Float32Array; opacity: number } {
  const font = loadOcrbFont();
  const word = 'SPECIMEN';
  const size = between(vr, 8, 14) * pxmm;
  const width = word.length * font.advance * size;
  const angle = between(vr, -0.35, 0.35);
  const cx = dw * between(vr, 0.35, 0.65);
  const cy = (docHmm - between(vr, 5, 12)) * pxmm;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const polys = font.outline(word, -width / 2, size * 0.35, size).map((p) => {
    const out = p.slice();
    for (let k = 0; k < p.length; k += 2) {
      const x = p[k] as number;
      const y = p[k + 1] as number;
      out[k] = cx + x * cos - y * sin;
      out[k + 1] = cy + x * sin + y * cos;
    }
    return out;
  });
  const mask = new Float32Array(dw * dh);
  fillPolygons(mask, dw, dh, polys, 1);
  return { mask, opacity: between(vr, 0.3, 0.55) };
}

/**
 * A lamp's reflection on the laminate: an elliptical patch of added white light whose core is
 * 2-8 mm long and 1-3 mm across, at any angle, centred on the MRZ band or up to a line and a half
 * above or below it, on the document only. Its core adds about as much light as the paper gives
 * or more (the camera saturates there) and it fades out to four times the core's size, so the
 * glyphs at its rim keep part of their contrast and the paper beside them is far brighter than
 * the paper elsewhere. Added before the lens blur and the noise, as light reaching the sensor is.
 */
function addGlare(
  rgb: Float32Array,
  W: number,
  H: number,
  toPhoto: number[],
  toDoc: number[],
  [dw, dh]: [number, number],
  pxmm: number,
  scale: number,
  [docWmm, docHmm]: [number, number],
  mrz: string[],
  vr: Rng,
): void {
  const bandW = PITCH_MM * (mrz[0]?.length ?? 30);
  const bandBottom = docHmm - 3.6;
  const bandTop = bandBottom - LINE_MM * mrz.length;
  const umm = (docWmm - bandW) / 2 + bandW * between(vr, 0.05, 0.95);
  const vmm = between(vr, bandTop - 1.5 * LINE_MM, bandBottom + 1.5 * LINE_MM);
  const [u, v] = [umm * pxmm, vmm * pxmm];
  const w = toPhoto[6]! * u + toPhoto[7]! * v + 1;
  const cx = (toPhoto[0]! * u + toPhoto[1]! * v + toPhoto[2]!) / w;
  const cy = (toPhoto[3]! * u + toPhoto[4]! * v + toPhoto[5]!) / w;
  const a = (between(vr, 2, 8) / 2) * scale;
  const b = (between(vr, 1, 3) / 2) * scale;
  const angle = between(vr, 0, Math.PI);
  const peak = between(vr, 180, 340);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const reach = 4 * a;
  for (let y = Math.max(0, Math.floor(cy - reach)); y < Math.min(H, Math.ceil(cy + reach)); y++) {
    for (let x = Math.max(0, Math.floor(cx - reach)); x < Math.min(W, Math.ceil(cx + reach)); x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const d = Math.hypot((dx * cos + dy * sin) / a, (-dx * sin + dy * cos) / b);
      // A flat core to d = 1, a smooth fall to nothing at d = 4.
      const t = Math.max(0, Math.min(1, (4 - d) / 3));
      const add = peak * t * t * (3 - 2 * t);
      if (add <= 0) continue;
      const wd = toDoc[6]! * (x + 0.5) + toDoc[7]! * (y + 0.5) + 1;
      const du = (toDoc[0]! * (x + 0.5) + toDoc[1]! * (y + 0.5) + toDoc[2]!) / wd;
      const dv = (toDoc[3]! * (x + 0.5) + toDoc[4]! * (y + 0.5) + toDoc[5]!) / wd;
      if (du < 0 || dv < 0 || du >= dw || dv >= dh) continue;
      const i = (y * W + x) * 3;
      rgb[i] = (rgb[i] as number) + add;
      rgb[i + 1] = (rgb[i + 1] as number) + add;
      rgb[i + 2] = (rgb[i + 2] as number) + add;
    }
  }
}

/** A dense guilloche: families of sinusoidal lines and a rosette, darker than the training paper. */
function guilloche(canvas: Float32Array, dw: number, dh: number, pxmm: number, vr: Rng): void {
  const period = between(vr, 0.5, 0.9) * pxmm; // line spacing, mm
  const amp = between(vr, 1.5, 4) * pxmm;
  const wave = between(vr, 5, 12) * pxmm;
  const depth = between(vr, 25, 55);
  const cx = dw * between(vr, 0.3, 0.7);
  const cy = dh * between(vr, 0.3, 0.7);
  const petals = intBetween(vr, 6, 14);
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      const a = (y + amp * Math.sin((2 * Math.PI * x) / wave)) / period;
      const b = (x - amp * Math.cos((2 * Math.PI * y) / wave)) / (period * 1.3);
      const r = Math.hypot(x - cx, y - cy) / period + 3 * Math.sin(petals * Math.atan2(y - cy, x - cx));
      const line = (v: number) => Math.max(0, Math.cos(2 * Math.PI * v) - 0.6) / 0.4;
      const ink = Math.min(1, 0.6 * line(a) + 0.4 * line(b) + 0.5 * line(r));
      const i = y * dw + x;
      canvas[i] = (canvas[i] as number) - depth * ink;
    }
  }
}

/** Grey-level dilation (grow = true) or erosion of the mask rows from `top`, square window of radius r. */
function morph(mask: Float32Array, w: number, h: number, top: number, r: number, grow: boolean): void {
  if (r <= 0) return;
  const pick = grow ? Math.max : Math.min;
  const tmp = new Float32Array(mask.length);
  for (let y = top; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = mask[y * w + x] as number;
      for (let d = -r; d <= r; d++) v = pick(v, mask[y * w + Math.min(w - 1, Math.max(0, x + d))] as number);
      tmp[y * w + x] = v;
    }
  for (let y = top; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = tmp[y * w + x] as number;
      for (let d = -r; d <= r; d++) v = pick(v, tmp[Math.min(h - 1, Math.max(top, y + d)) * w + x] as number);
      mask[y * w + x] = v;
    }
}

function boxBlur(mask: Float32Array, w: number, h: number, top: number, r: number): void {
  const tmp = new Float32Array(mask.length);
  const n = 2 * r + 1;
  for (let y = top; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let d = -r; d <= r; d++) s += mask[y * w + Math.min(w - 1, Math.max(0, x + d))] as number;
      tmp[y * w + x] = s / n;
    }
  for (let y = top; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let d = -r; d <= r; d++) s += tmp[Math.min(h - 1, Math.max(top, y + d)) * w + x] as number;
      mask[y * w + x] = s / n;
    }
}

function bilinear(img: Float32Array, w: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * w + x0;
  const a = img[i] as number;
  const b = img[i + 1] as number;
  const c = img[i + w] as number;
  const d = img[i + w + 1] as number;
  return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
}

function gauss(rng: Rng): number {
  const u = Math.max(1e-9, rng());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

function gaussianBlur3(rgb: Float32Array, w: number, h: number, sigma: number): void {
  if (sigma < 0.2) return;
  const r = Math.ceil(sigma * 3);
  const k: number[] = [];
  let sum = 0;
  for (let i = -r; i <= r; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma));
    k.push(v);
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i] = (k[i] as number) / sum;
  const tmp = new Float32Array(rgb.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let i = -r; i <= r; i++) {
          const xx = Math.min(w - 1, Math.max(0, x + i));
          s += (rgb[(y * w + xx) * 3 + c] as number) * (k[i + r] as number);
        }
        tmp[(y * w + x) * 3 + c] = s;
      }
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let i = -r; i <= r; i++) {
          const yy = Math.min(h - 1, Math.max(0, y + i));
          s += (tmp[(yy * w + x) * 3 + c] as number) * (k[i + r] as number);
        }
        rgb[(y * w + x) * 3 + c] = s;
      }
    }
  }
}

/** Solves the 3x3 homography (h33 = 1) mapping src[i] to dst[i]; returns h11..h32. */
export function homography(
  src: Array<[number, number]>,
  dst: Array<[number, number]>,
): number[] & { length: 8 } & Record<0 | 1 | 2 | 3 | 4 | 5 | 6 | 7, number> {
  const A: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i] as [number, number];
    const [u, v] = dst[i] as [number, number];
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let c = 0; c < 8; c++) {
    let best = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs((A[r] as number[])[c] as number) > Math.abs((A[best] as number[])[c] as number)) best = r;
    [A[c], A[best]] = [A[best] as number[], A[c] as number[]];
    const row = A[c] as number[];
    const p = row[c] as number;
    for (let j = c; j < 9; j++) row[j] = (row[j] as number) / p;
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const other = A[r] as number[];
      const f = other[c] as number;
      if (f === 0) continue;
      for (let j = c; j < 9; j++) other[j] = (other[j] as number) - f * (row[j] as number);
    }
  }
  return A.map((row) => row[8] as number) as never;
}
