/** Reads the MRZ of a document photo: locate, cut fixed-pitch cells, classify, repair. */
import { type GrayImage, lightestChannel, type RgbaImage, toGray } from '../image';
import { type CellFeatures, extractCells, type GlyphBox, glyphBoxes } from './cells';
import { type CellRanking, classifyCells, decodeGlyphTable, type GlyphTable } from './glyph-table';
import {
  MRZ_ALPHABET,
  MRZ_LINE_SHAPES,
  MRZ_READER_LAYOUTS,
  MRZ_VISA_READER_LAYOUTS,
  type MrzReaderLayout,
  type MrzShape as MrzFormat,
} from '../../documents/mrz-layout';
import {
  type BinaryImage,
  binarize,
  borderPaper,
  darkestInk,
  evenLight,
  type Component,
  connectedComponents,
  estimateSkew,
  groupLines,
  locateMrz,
  SMALL_PRINT,
  joinLineFragments,
  type MrzLocation,
  padGray,
  rotateGray,
} from './preprocess';
import { glyphsUnderGlare } from './glare';
import { agreesWhereUnchecked, type MrzPosition, type MrzRepair, repairMrz } from './repair';

export interface MrzReading {
  found: boolean;
  format: MrzFormat | null;
  lines: string[];
  /** Every check digit passes, the fields are plausible, and the reading is not noise. */
  checksPass: boolean;
  /**
   * The checks pass and the confidence holds: every uncertain character lies under a check digit
   * that sees it (see `repairMrz`). A reading whose confidence is low is never valid.
   */
  valid: boolean;
  /** What the desk accepts without the officer (the one policy of `repairMrz`). */
  accepted: boolean;
  /** Per line, 0..1: the weakest character's margin over its runner-up. */
  confidence: number[];
  /** Characters the officer should check: repaired, or read with a close runner-up. */
  uncertain: MrzPosition[];
  repairs: MrzRepair[];
  /** The MRZ band as read (deskewed, upright, at most `CROP_MAX_WIDTH` wide), for the officer. */
  crop?: MrzCrop;
  /** Character height in pixels of the image read (the 75th percentile of the MRZ lines'). */
  charHeight?: number;
  /**
   * The size at which the reading was made, relative to the image given: 1/n for print of
   * `LARGE_PRINT_FROM_PX` or more (read shrunk), 2 or 1/2 for a still read resized (`readMrzFromStill`).
   */
  scale?: number;
  /** A still read with its darkest ink only, a lighter overprint erased (`readMrzFromStill`, `darkestInk`). */
  darkestInk?: boolean;
  /** A colour still read with each pixel as light as its lightest colour (`readMrzFromStill`, `lightestChannel`). */
  lightestChannel?: boolean;
  /** A still in which no MRZ was found otherwise, read with the gentler `FAINT_INK` threshold. */
  faintInk?: boolean;
  /** A still's small print read at its size and at twice it, the two readings' scores together. */
  fusedSizes?: boolean;
  /**
   * The MRZ was found only once pieces of its lines were joined: something as dark as the print
   * (a stamp) lies across it and runs into the characters it crosses. Never accepted.
   */
  joinedLines?: boolean;
  /**
   * A glyph of the MRZ reaches past the edge of the image (`glyphsInside`): it may have lost part
   * of its ink and be read as another glyph with full confidence. Never valid nor accepted; the
   * cut glyphs are among `uncertain` (`glyphsCut`).
   */
  cutByEdge?: boolean;
  /**
   * Glare lies on the MRZ (`glyphsUnderGlare`): a glyph it washes out is read as another with
   * full confidence. Never valid nor accepted; the glyphs under it are among `uncertain`.
   */
  glare?: boolean;
  /** The reading was made with the image turned upside down. */
  turned?: boolean;
  /** How many ways up the image was read (1 or 2; see `MrzWays`). */
  ways?: 1 | 2;
  ms?: number;
}

/** A grayscale picture of the MRZ band and where each line lies in it. */
export interface MrzCrop extends GrayImage {
  lines: Array<{ x0: number; x1: number; y0: number; y1: number }>;
}

export const CROP_MAX_WIDTH = 720;

/** Cuts the located band out of the deskewed image (margin of one line height), scaled down. */
function cropBand(gray: GrayImage, location: MrzLocation): MrzCrop {
  const h = Math.max(...location.lines.map((l) => l.h));
  const x0 = Math.max(0, Math.floor(Math.min(...location.lines.map((l) => l.x0)) - h));
  const x1 = Math.min(gray.width, Math.ceil(Math.max(...location.lines.map((l) => l.x1)) + h));
  const y0 = Math.max(0, Math.floor(Math.min(...location.lines.map((l) => l.y0)) - h));
  const y1 = Math.min(gray.height, Math.ceil(Math.max(...location.lines.map((l) => l.y1)) + h));
  const scale = Math.min(1, CROP_MAX_WIDTH / Math.max(1, x1 - x0));
  const width = Math.max(1, Math.round((x1 - x0) * scale));
  const height = Math.max(1, Math.round((y1 - y0) * scale));
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(gray.height - 1, y0 + Math.floor(y / scale));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(gray.width - 1, x0 + Math.floor(x / scale));
      data[y * width + x] = gray.data[sy * gray.width + sx] as number;
    }
  }
  const lines = location.lines.map((l) => ({
    x0: (l.x0 - x0) * scale,
    x1: (l.x1 - x0) * scale,
    y0: (l.y0 - y0) * scale,
    y1: (l.y1 - y0) * scale,
  }));
  return { width, height, data, lines };
}

export interface PreparedMrz {
  /** Deskewed grayscale image. */
  gray: GrayImage;
  bin: BinaryImage;
  /** The ink's connected components in `bin`. */
  components: Component[];
  location: MrzLocation | null;
  skew: number;
  /** The angle `gray` was turned by from the image given (the skew, or 0 when too small to turn). */
  rotation: number;
  /** `gray` is the image given turned upside down (`flipPrepared`). */
  flipped?: boolean;
  /**
   * Paper laid around the image given before turning it, on every side (px; 0 unless
   * `keepCorners` was asked for and the image was turned), so that no corner of it is lost.
   */
  margin?: number;
}

function isRgba(image: RgbaImage | GrayImage): image is RgbaImage {
  return image.data.length === image.width * image.height * 4;
}

/**
 * The gentler threshold of `prepareMrz(image, true)`: ink when darker than 0.92 x the local mean
 * and at least 6 levels darker (ordinary: 0.88 and 10). Thin, blurred print then keeps its
 * strokes whole and its filler chevrons; paper texture also comes out as ink more often.
 */
export const FAINT_INK = { ratio: 0.92, minContrast: 6 } as const;

/**
 * Shared preprocessing: gray, binarise, deskew, components, lines, MRZ stack. `faint` binarises
 * with the gentler `FAINT_INK` threshold (`readMrzFromStill`'s last resort). `keepCorners` lays
 * paper around an image before turning it: turned in its own size, an image loses its corners,
 * and with them the ends of an MRZ cropped close (stills, and a frame whose MRZ the turn may
 * have cut: `wholeWhenTurnCut`; other frames keep their size, which costs less). `knownSkew`
 * skips the skew search with the angle already found for this image.
 */
export function prepareMrz(image: RgbaImage | GrayImage, faint = false, keepCorners = false, knownSkew?: number): PreparedMrz {
  const gray0 = isRgba(image) ? toGray(image) : image;
  const bin = (g: GrayImage) => (faint ? binarize(g, 25, FAINT_INK.ratio, FAINT_INK.minContrast) : binarize(g));
  // `knownSkew`: the angle already found for this image (prepared again with its corners kept).
  const bin0 = knownSkew === undefined ? bin(gray0) : null;
  const skew = knownSkew ?? (bin0 ? estimateSkew(bin0) : 0);
  const turn = Math.abs(skew) > 0.1 * (Math.PI / 180);
  // Turned about its centre, the image reaches at most half its larger side x sin(skew) further.
  const margin = turn && keepCorners ? Math.ceil((Math.max(gray0.width, gray0.height) / 2) * Math.abs(Math.sin(skew))) + 1 : 0;
  const gray = turn ? rotateGray(margin > 0 ? padGray(gray0, margin, borderPaper(gray0)) : gray0, skew) : gray0;
  const bin1 = turn ? bin(gray) : (bin0 ?? bin(gray0));
  const components = connectedComponents(bin1);
  const location = locate(components, gray.height);
  return { gray, bin: bin1, components, location, skew, rotation: turn ? skew : 0, ...(margin > 0 ? { margin } : {}) };
}

/** The MRZ among the components: ordinary print first, then small print. */
function locate(components: Component[], height: number): MrzLocation | null {
  const lines = groupLines(components, height);
  const found = locateMrz(lines) ?? locateMrz(groupLines(components, height, SMALL_PRINT));
  if (found) return found;
  // A line cut in pieces by a stamp laid across it as dark as the print.
  const joined = locateMrz(joinLineFragments(lines));
  return joined && { ...joined, joined: true };
}

/**
 * The prepared image turned upside down (exported for its test). Binarisation, skew and
 * components do not depend on which way up the page is, so they are turned with it instead of
 * being computed again; only the lines and the MRZ stack are found again, from the bottom of the
 * turned page.
 */
export function flipPrepared(p: PreparedMrz): PreparedMrz {
  const { width: w, height: h } = p.gray;
  const components = p.components.map((c) => ({
    x0: w - 1 - c.x1,
    x1: w - 1 - c.x0,
    y0: h - 1 - c.y1,
    y1: h - 1 - c.y0,
    area: c.area,
    sx: c.area * (w - 1) - c.sx,
    sy: c.area * (h - 1) - c.sy,
  }));
  return {
    gray: flipGray(p.gray),
    bin: { width: w, height: h, data: p.bin.data.slice().reverse() },
    components,
    location: locate(components, h),
    skew: p.skew,
    rotation: p.rotation,
    flipped: !p.flipped,
    ...(p.margin ? { margin: p.margin } : {}),
  };
}

/**
 * Whether every glyph of the located MRZ lies inside the image given. The prepared image was
 * turned (deskewed, maybe upside down) with paper filled in where the photo has nothing, so each
 * glyph box must lie inside the turned image and, taken back to the photo's own pixels, inside
 * the photo (turning keeps the size, so a corner of the photo is lost). A glyph the photo's edge
 * cuts is read as another one with full confidence: I, L and Z with their feet cut off read as
 * T, E as F; a glyph wholly outside is read as the filler `<`. Seen on a passport page cropped
 * 2 px under its MRZ, slightly turned: B1LZ75I read as B1TT75T, and one close call (B to M) made
 * its check digit pass. A card's 36 columns must also have room for one more glyph at each end
 * (`glyphsCut`).
 */
export function glyphsInside(prepared: PreparedMrz): boolean {
  return prepared.location !== null && glyphsCut(prepared).length === 0;
}

/**
 * The MRZ positions whose glyph reaches past the edge of the image given (`glyphsInside`). An
 * MRZ of a card's 36 columns (TD2) whose lines reach the edge, the cell one pitch beyond an end
 * not wholly inside, may be a passport's 44 columns cut short: the first 28 columns of a
 * passport's line 2 have a card's fields and check digits, and its personal number holds the
 * card's composite check digit a tenth of the time. The glyphs at that end of each line count as
 * cut: such a reading is never valid nor accepted.
 */
export function glyphsCut(prepared: PreparedMrz): MrzPosition[] {
  const loc = prepared.location;
  if (!loc) return [];
  // Past the turned image's own edge nothing of the photo was kept, whatever lies there.
  const whole = (b: GlyphBox) => boxCorners(b).every(([x, y]) => inTurned(prepared, x, y) && inPhoto(prepared, x, y));
  const perLine = MRZ_LINE_SHAPES[loc.format].length;
  const boxes = glyphBoxes(loc);
  const cut = boxes.flatMap((b, k) => (whole(b) ? [] : [{ line: Math.floor(k / perLine), position: k % perLine }]));
  if (loc.format !== 'TD2') return cut;
  const ends = cellsBeyondEnds(loc, boxes);
  const atEnd = (position: number) => loc.lines.map((_, line) => ({ line, position }));
  const more = [...(ends.some((e) => !whole(e.before)) ? atEnd(0) : []), ...(ends.some((e) => !whole(e.after)) ? atEnd(perLine - 1) : [])];
  return more.length > 0 ? mergePositions(cut, more) : cut;
}

/** For each line of a located MRZ, the cells one pitch before its first and after its last glyph. */
function cellsBeyondEnds(loc: MrzLocation, boxes: GlyphBox[]): Array<{ before: GlyphBox; after: GlyphBox }> {
  const perLine = MRZ_LINE_SHAPES[loc.format].length;
  return loc.lines.map((_, i) => {
    const first = boxes[i * perLine] as GlyphBox;
    const last = boxes[(i + 1) * perLine - 1] as GlyphBox;
    const step = (last.x0 - first.x0) / (perLine - 1);
    const slope = (last.y0 - first.y0) / (last.x0 - first.x0 || 1);
    const shift = (b: GlyphBox, dx: number) => ({ x0: b.x0 + dx, x1: b.x1 + dx, y0: b.y0 + dx * slope, y1: b.y1 + dx * slope });
    return { before: shift(first, -step), after: shift(last, step) };
  });
}

/**
 * Whether turning the image in its own size may have cost the located MRZ glyphs it has in the
 * photo: a glyph box, or the cell one pitch beyond either end of a line, reaches past the turned
 * image's edge where, taken back through the turn, the photo has pixels. The cell beyond the end
 * is the first or last glyph lost whole: the line is then found from its second glyph, one
 * column off, and read wrong without any glyph cut. Turned with its corners kept
 * (`prepareMrz`'s `keepCorners`), the image has them.
 */
export function turnMayHaveCut(prepared: PreparedMrz): boolean {
  const loc = prepared.location;
  if (!loc || prepared.rotation === 0) return false;
  const boxes = glyphBoxes(loc);
  const beyond = cellsBeyondEnds(loc, boxes).flatMap((e) => [e.before, e.after]);
  return [...boxes, ...beyond].some((b) => boxCorners(b).some(([x, y]) => !inTurned(prepared, x, y) && inPhoto(prepared, x, y)));
}

/**
 * The smallest box around the located MRZ's glyph boxes taken back into the photo given to
 * `prepareMrz` (`photoPoint`): where the MRZ lies in the photo, whichever way it was turned.
 */
export function mrzBoxInPhoto(prepared: PreparedMrz): { x0: number; y0: number; x1: number; y1: number } | null {
  const loc = prepared.location;
  if (!loc) return null;
  const corners = glyphBoxes(loc).flatMap((b) => boxCorners(b).map(([x, y]) => photoPoint(prepared, x, y)));
  const xs = corners.map((q) => q[0]);
  const ys = corners.map((q) => q[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/** The four corners of a glyph box. */
function boxCorners(b: GlyphBox): Array<[number, number]> {
  return [
    [b.x0, b.y0],
    [b.x1, b.y0],
    [b.x0, b.y1],
    [b.x1, b.y1],
  ];
}

/** Whether a point of the prepared image lies inside it (turned, it kept its size). */
function inTurned(prepared: PreparedMrz, x: number, y: number): boolean {
  const { width: w, height: h } = prepared.gray;
  return x >= -0.5 && y >= -0.5 && x <= w - 0.5 && y <= h - 0.5;
}

/** Whether a point of the prepared image lies inside the photo given to `prepareMrz`. */
function inPhoto(prepared: PreparedMrz, x: number, y: number): boolean {
  const { width: w, height: h } = prepared.gray;
  // The photo lies `m` px inside the paper laid around it (`keepCorners`).
  const m = prepared.margin ?? 0;
  const [sx, sy] = photoPoint(prepared, x, y);
  return sx >= -0.5 && sy >= -0.5 && sx <= w - 2 * m - 0.5 && sy <= h - 2 * m - 0.5;
}

/**
 * Where a point of the prepared (deskewed, maybe upside-down, maybe padded) image lies in the
 * photo given to `prepareMrz`: `rotateGray`'s own mapping back, less the paper laid around.
 */
export function photoPoint(prepared: PreparedMrz, x0: number, y0: number): [number, number] {
  const { width: w, height: h } = prepared.gray;
  const [x, y] = prepared.flipped ? [w - 1 - x0, h - 1 - y0] : [x0, y0];
  const c = Math.cos(prepared.rotation);
  const s = Math.sin(prepared.rotation);
  const dx = x - w / 2;
  const dy = y - h / 2;
  const m = prepared.margin ?? 0;
  return [w / 2 + dx * c - dy * s - m, h / 2 + dx * s + dy * c - m];
}

/** The positions of both lists, each once, in reading order. */
function mergePositions(a: MrzPosition[], b: MrzPosition[]): MrzPosition[] {
  const seen = new Map<string, MrzPosition>();
  for (const p of [...a, ...b]) seen.set(`${p.line}:${p.position}`, p);
  return [...seen.values()].sort((p, q) => p.line - q.line || p.position - q.position);
}

/** Cell features of a prepared image (null when no MRZ was found). Used by the table builder too. */
export function mrzCellFeatures(prepared: PreparedMrz): CellFeatures | null {
  return prepared.location ? extractCells(prepared.gray, prepared.bin, prepared.location) : null;
}

const decoded = new WeakMap<Uint8Array, GlyphTable>();

/** Accepts the table bytes (decoded once and cached) or an already decoded table. */
export function resolveGlyphTable(table: GlyphTable | Uint8Array): GlyphTable | null {
  if (!(table instanceof Uint8Array)) return table;
  const hit = decoded.get(table);
  if (hit) return hit;
  const r = decodeGlyphTable(table);
  if (!r.ok) return null;
  decoded.set(table, r.value);
  return r.value;
}

const NOT_FOUND: MrzReading = {
  found: false,
  format: null,
  lines: [],
  checksPass: false,
  valid: false,
  accepted: false,
  confidence: [],
  uncertain: [],
  repairs: [],
};

/** Margin by which the document code's V must beat every other glyph to read a visa layout. */
const VISA_MARGIN = 0.06;

function surelyV(ranking: CellRanking | undefined): boolean {
  if (!ranking) return false;
  const v = ranking.scores[MRZ_ALPHABET.indexOf('V')] as number;
  return ranking.scores.every((s, i) => MRZ_ALPHABET[i] === 'V' || s - v >= VISA_MARGIN);
}

/** The field layout a reading was checked with: a visa's own when its document code is V. */
function readerLayout(reading: MrzReading): MrzReaderLayout {
  const format = reading.format ?? 'TD3';
  return format !== 'TD1' && reading.lines[0]?.startsWith('V') ? MRZ_VISA_READER_LAYOUTS[format] : MRZ_READER_LAYOUTS[format];
}

/**
 * The classifier's rankings behind a reading (rankings[line][position]), kept beside it so that a
 * reading stays plain data (the camera Worker posts it). `withFields` carries them to a copy.
 */
const rankingsOf = new WeakMap<MrzReading, CellRanking[][]>();

/** A copy of a reading with some fields changed, its rankings kept. */
function withFields(reading: MrzReading, fields: Partial<MrzReading>): MrzReading {
  const out = { ...reading, ...fields };
  const rankings = rankingsOf.get(reading);
  if (rankings) rankingsOf.set(out, rankings);
  return out;
}

/** Repair and policy for the rankings of a located MRZ. */
function judge(rankings: CellRanking[][], format: MrzFormat) {
  const result = repairMrz(rankings, MRZ_READER_LAYOUTS[format]);
  // A visa (document code V) has no composite: read with its own layout when the passport or card
  // layout of the same shape does not pass its checks, and the V is read beyond doubt (a P
  // taken for a V would drop the composite's protection of a passport).
  if (!result.checksPass && format !== 'TD1' && surelyV(rankings[0]?.[0])) return repairMrz(rankings, MRZ_VISA_READER_LAYOUTS[format]);
  return result;
}

/**
 * A glyph the photo's edge cuts, or glare washes out, is misread with confidence: a reading with
 * such glyphs is never valid nor accepted, and they are shown to the officer among the uncertain
 * characters. The fields to lay over the reading (none when there are no such glyphs).
 */
function marked(uncertain: MrzPosition[], cut: MrzPosition[], washed: MrzPosition[]): Partial<MrzReading> {
  if (cut.length === 0 && washed.length === 0) return {};
  return {
    valid: false,
    accepted: false,
    ...(cut.length > 0 ? { cutByEdge: true } : {}),
    ...(washed.length > 0 ? { glare: true } : {}),
    uncertain: mergePositions(uncertain, mergePositions(cut, washed)),
  };
}

function readPrepared(prepared: PreparedMrz, glyphs: GlyphTable): MrzReading {
  const cells = mrzCellFeatures(prepared);
  if (!prepared.location || !cells) return NOT_FOUND;
  const format = prepared.location.format;
  const rankings = cells.map((line) => classifyCells(glyphs, line));
  const charHeight = Math.max(...prepared.location.lines.map((l) => l.h));
  const judged = judge(rankings, format);
  const cut = glyphsCut(prepared);
  const washed = glyphsUnderGlare(prepared.gray, prepared.location);
  const reading: MrzReading = {
    found: true,
    format,
    ...judged,
    // Cells a stamp runs into are read with its ink: the officer confirms, whatever the policy says.
    ...(prepared.location.joined ? { accepted: false, joinedLines: true } : {}),
    ...marked(judged.uncertain, cut, washed),
    crop: cropBand(prepared.gray, prepared.location),
    charHeight,
  };
  rankingsOf.set(reading, rankings);
  return reading;
}

/**
 * One reading from two readings of the same MRZ at two sizes (a still at its size and at twice
 * it): each cell's scores are the mean of its two scores, then repaired and judged as one reading.
 * At 6-7 px the two sizes misread different cells. A character both sizes put first keeps at
 * least the mean of its two margins; one they disagree on comes out with a narrower margin than
 * the size that preferred it gave it, and so is flagged. The acceptance policy then judges the
 * result like any reading. Null unless both found the same shape the same way up.
 */
function fuseSizes(a: MrzReading, b: MrzReading): MrzReading | null {
  const ra = rankingsOf.get(a);
  const rb = rankingsOf.get(b);
  if (!ra || !rb || !a.found || !b.found || a.format !== b.format || a.format === null || (a.turned ?? false) !== (b.turned ?? false))
    return null;
  if (ra.length !== rb.length || ra.some((line, i) => line.length !== rb[i]?.length)) return null;
  const rankings = ra.map((line, i) =>
    line.map((cell, k) => {
      const other = ((rb[i] as CellRanking[])[k] as CellRanking).scores;
      return { scores: cell.scores.map((s, c) => (s + (other[c] as number)) / 2) };
    }),
  );
  const joined = a.joinedLines || b.joinedLines ? { accepted: false, joinedLines: true } : {};
  const judged = judge(rankings, a.format);
  // The glyphs either size found cut by the edge or under glare stay marked (among each
  // reading's uncertain characters).
  const cutMarks = [a, b].flatMap((r) => (r.cutByEdge ? r.uncertain : []));
  const glareMarks = [a, b].flatMap((r) => (r.glare ? r.uncertain : []));
  const fused: MrzReading = { ...b, ...judged, fusedSizes: true, ...joined, ...marked(judged.uncertain, cutMarks, glareMarks) };
  rankingsOf.set(fused, rankings);
  return fused;
}

/** The gray image turned upside down. */
function flipGray(gray: GrayImage): GrayImage {
  return { width: gray.width, height: gray.height, data: gray.data.slice().reverse() };
}

/** How far a reading got: accepted, valid, checks passing, found. */
function tier(r: MrzReading): number {
  return (r.accepted ? 3 : 0) + (r.valid ? 1 : 0) + (r.checksPass ? 1 : 0) + (r.found ? 1 : 0);
}

/**
 * The better of two readings ranks higher: by `tier`, then a reading of whole lines before one
 * found from joined pieces (`joinedLines`), then by mean confidence.
 */
function rank(r: MrzReading): number {
  const mean = r.confidence.length > 0 ? r.confidence.reduce((a, b) => a + b, 0) / r.confidence.length : 0;
  return tier(r) + (r.joinedLines ? 0 : 0.5) + mean / 2.5;
}

/**
 * Whether the page around a located MRZ looks upside down. The MRZ closes the page: upright, the
 * document's other print lies above it; turned, below it. Counts the character-sized components
 * over the MRZ's width on each side; only a clear majority below says "turned".
 */
export function looksUpsideDown(prepared: PreparedMrz): boolean {
  const loc = prepared.location;
  if (!loc) return false;
  const h = Math.max(...loc.lines.map((l) => l.h));
  const x0 = Math.min(...loc.lines.map((l) => l.x0));
  const x1 = Math.max(...loc.lines.map((l) => l.x1));
  const y0 = Math.min(...loc.lines.map((l) => l.y0));
  const y1 = Math.max(...loc.lines.map((l) => l.y1));
  let above = 0;
  let below = 0;
  for (const c of prepared.components) {
    const ch = c.y1 - c.y0 + 1;
    if (ch < 0.5 * h || ch > 2 * h || c.area < 8) continue;
    const cx = (c.x0 + c.x1) / 2;
    if (cx < x0 || cx > x1) continue;
    if (c.y1 < y0) above++;
    else if (c.y0 > y1) below++;
  }
  return below >= 10 && below > 2 * above;
}

/**
 * Which ways up an image is read: `both` (the default), or only `upright` or only `turned` (the
 * frame reader, once it knows which way up the page in view lies).
 */
export type MrzWays = 'both' | 'upright' | 'turned';

export interface MrzReadOptions {
  ways?: MrzWays;
  /** Binarise with the gentler `FAINT_INK` threshold. */
  faint?: boolean;
  /** Lay paper around the image before turning it (`prepareMrz`): stills. */
  keepCorners?: boolean;
}

/**
 * Either way up: the turned reading first when the page looks upside down, the other when the
 * checks fail. With one way asked for, only that way.
 */
function readWays(prepared: PreparedMrz, glyphs: GlyphTable, ways: MrzWays): MrzReading {
  if (ways !== 'both') {
    const turned = ways === 'turned';
    return withFields(readPrepared(turned ? flipPrepared(prepared) : prepared, glyphs), { turned, ways: 1 });
  }
  const turnedFirst = looksUpsideDown(prepared);
  const reading = withFields(readPrepared(turnedFirst ? flipPrepared(prepared) : prepared, glyphs), { turned: turnedFirst, ways: 1 });
  if (reading.checksPass || !(reading.found || turnedFirst)) return reading;
  const other = withFields(readPrepared(turnedFirst ? prepared : flipPrepared(prepared), glyphs), { turned: !turnedFirst, ways: 2 });
  return rank(other) > rank(reading) ? other : withFields(reading, { ways: 2 });
}

/**
 * Characters from this height (px) are larger than the prototype table was built for (12.5-21 px
 * pitch, down to 6 px): the 25 px binarisation window is shorter than a stroke, whose middle comes
 * out as paper. Such a reading is never accepted; the image is read again shrunk to about
 * `LARGE_PRINT_TARGET_PX`.
 */
export const LARGE_PRINT_FROM_PX = 40;
export const LARGE_PRINT_TARGET_PX = 20;

/**
 * Reads the MRZ of a photo. A located MRZ whose checks do not pass is read again with the
 * image turned upside down (a page photographed the wrong way up); the better reading wins. When
 * the page looks upside down (`looksUpsideDown`) the turned reading comes first, so a turned page
 * whose checks pass costs one reading, not two. Print of `LARGE_PRINT_FROM_PX` or more is read
 * again shrunk, and that reading is kept when it finds the MRZ (`scale` 1/n).
 */
export function readMrzFromImage(image: RgbaImage | GrayImage, table: GlyphTable | Uint8Array, options: MrzReadOptions = {}): MrzReading {
  const t0 = Date.now();
  const ways = options.ways ?? 'both';
  const glyphs = resolveGlyphTable(table);
  if (!glyphs) return { ...NOT_FOUND, ms: Date.now() - t0 };
  const gray = isRgba(image) ? toGray(image) : image;
  const faint = options.faint ?? false;
  const keepCorners = options.keepCorners ?? false;
  const readAt = (g: GrayImage) => {
    const prepared = prepareMrz(g, faint, keepCorners);
    return wholeWhenTurnCut(readWays(prepared, glyphs, ways), prepared, g, faint, glyphs, ways);
  };
  const reading = readAt(gray);
  const height = reading.charHeight ?? 0;
  if (height < LARGE_PRINT_FROM_PX) return withFields(reading, { scale: 1, ms: Date.now() - t0 });
  const factor = Math.max(2, Math.round(height / LARGE_PRINT_TARGET_PX));
  const shrunk = readAt(downscaleGray(gray, factor));
  if (shrunk.found) return withFields(shrunk, { scale: 1 / factor, ms: Date.now() - t0 });
  return withFields(reading, { accepted: false, scale: 1, ms: Date.now() - t0 });
}

/**
 * A frame is turned in its own size, cheaper than laying paper around it first, and so loses its
 * corners. A page brought close and held turned has the ends of its MRZ there: of 38 frames of
 * pages turned 14-18°, their MRZ 20 px from the frame's edges, 22 were cut (the officer asked to
 * re-centre a page wholly in view) and 15 read wrong. When a reading is not accepted and the turn
 * may have cost its MRZ glyphs (`turnMayHaveCut`), the image is read again turned at the same
 * angle with its corners kept, and that reading is kept: it saw all the frame has.
 */
function wholeWhenTurnCut(
  reading: MrzReading,
  prepared: PreparedMrz,
  gray: GrayImage,
  faint: boolean,
  glyphs: GlyphTable,
  ways: MrzWays,
): MrzReading {
  if (reading.accepted || !reading.found || prepared.margin || prepared.rotation === 0) return reading;
  if (!turnMayHaveCut(reading.turned ? flipPrepared(prepared) : prepared)) return reading;
  const whole = readWays(prepareMrz(gray, faint, true, prepared.skew), glyphs, ways);
  return whole.found ? whole : reading;
}

/** How a still is read: no corner of it lost when turned (`prepareMrz`'s `keepCorners`). */
const STILL: MrzReadOptions = { keepCorners: true };

/** Characters under this height (px) in a still that is not accepted are read again at twice the size. */
export const STILL_UPSCALE_BELOW_PX = 10;

/** Stills up to this many pixels are read again at twice the size (four times the pixels). */
export const STILL_UPSCALE_MAX_PIXELS = 3_200_000;

/** The image at twice its width and height, bilinear (pixel centres kept in place). */
export function upscaleGray2x(gray: GrayImage): GrayImage {
  const { width: w, height: h, data } = gray;
  const W = w * 2;
  const H = h * 2;
  const out = new Uint8Array(W * H);
  // Source coordinate of each target column, and its left neighbour and weight.
  const xs0 = new Int32Array(W);
  const xs1 = new Int32Array(W);
  const fxs = new Float32Array(W);
  for (let x = 0; x < W; x++) {
    const sx = Math.min(w - 1, Math.max(0, (x - 0.5) / 2));
    xs0[x] = Math.floor(sx);
    xs1[x] = Math.min(w - 1, (xs0[x] as number) + 1);
    fxs[x] = sx - (xs0[x] as number);
  }
  for (let y = 0; y < H; y++) {
    const sy = Math.min(h - 1, Math.max(0, (y - 0.5) / 2));
    const y0 = Math.floor(sy);
    const r0 = y0 * w;
    const r1 = Math.min(h - 1, y0 + 1) * w;
    const fy = sy - y0;
    for (let x = 0; x < W; x++) {
      const x0 = xs0[x] as number;
      const x1 = xs1[x] as number;
      const fx = fxs[x] as number;
      const top = (data[r0 + x0] as number) * (1 - fx) + (data[r0 + x1] as number) * fx;
      const bottom = (data[r1 + x0] as number) * (1 - fx) + (data[r1 + x1] as number) * fx;
      out[y * W + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width: W, height: H, data: out };
}

/** The image shrunk by an integer factor, each pixel the mean of a factor x factor block. */
export function downscaleGray(gray: GrayImage, factor: number): GrayImage {
  const f = Math.max(1, Math.floor(factor));
  const W = Math.max(1, Math.floor(gray.width / f));
  const H = Math.max(1, Math.floor(gray.height / f));
  const out = new Uint8Array(W * H);
  const sums = new Uint32Array(W);
  for (let y = 0; y < H; y++) {
    sums.fill(0);
    for (let dy = 0; dy < f; dy++) {
      const row = (y * f + dy) * gray.width;
      for (let x = 0; x < W; x++) {
        let sum = 0;
        for (let dx = 0; dx < f; dx++) sum += gray.data[row + x * f + dx] as number;
        sums[x] = (sums[x] as number) + sum;
      }
    }
    for (let x = 0; x < W; x++) out[y * W + x] = Math.round((sums[x] as number) / (f * f));
  }
  return { width: W, height: H, data: out };
}

/** The image turned a quarter clockwise (what EXIF orientation 6 asks for). */
export function rotateGray90(gray: GrayImage): GrayImage {
  const { width: w, height: h, data } = gray;
  const out = new Uint8Array(w * h);
  // Target (x, y) in an h-wide, w-high image comes from source (y, h - 1 - x).
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < h; x++) out[y * h + x] = data[(h - 1 - x) * w + y] as number;
  }
  return { width: h, height: w, data: out };
}

/**
 * Reads the MRZ of a still (a file, not a live frame).
 *
 * A still in which no MRZ is found is read again turned a quarter: a page scanned or photographed
 * sideways without an EXIF orientation (the upside-down re-read of `readMrzFromImage` then covers
 * both quarter turns). When the reading is not accepted and the characters are small (under
 * `STILL_UPSCALE_BELOW_PX`, or no MRZ was found at all), the still is read again at twice its size
 * and the better reading wins, by the same ranking as the upside-down re-read. At 6-7 px a
 * binarised stroke is one or two pixels wide: characters lose their ends or run together, and O
 * and 0 differ by a pixel. Interpolated to twice the size, the same photo binarises with sub-pixel
 * edges. (Large characters, a phone photo of a page filling the frame, are read shrunk by
 * `readMrzFromImage` itself.) A still over `STILL_UPSCALE_MAX_PIXELS` in which nothing is found is
 * read again at half its size. When the reading is still not accepted, the still is read once
 * more with its darkest ink only (`darkestInk`, the light evened out first by `evenLight`):
 * published specimens carry a translucent "SPECIMEN" overprint across the MRZ, whose edges join
 * the characters into blobs. That reading is valid and accepted only where the plain reading
 * agrees on the characters no check digit covers (`agreesWhereUnchecked`). A colour image that
 * is still not accepted is read with each pixel as light as its lightest colour (`lightestChannel`):
 * a red or blue stamp, or coloured paper, turns light there while the black print stays dark.
 * The acceptance policy is the same at any size, orientation and ink. Live frames are read once:
 * the camera brings the next frame, and the officer can move or turn the page.
 */
export function readMrzFromStill(image: RgbaImage | GrayImage, table: GlyphTable | Uint8Array): MrzReading {
  const t0 = Date.now();
  let gray = isRgba(image) ? toGray(image) : image;
  let first = readMrzFromImage(gray, table, STILL);
  let quarterTurned = false;
  if (!first.found) {
    const turned = rotateGray90(gray);
    const sideways = readMrzFromImage(turned, table, STILL);
    if (sideways.found) {
      gray = turned;
      first = sideways;
      quarterTurned = true;
    }
  }
  if (first.accepted) return { ...first, ms: Date.now() - t0 };
  const height = first.charHeight ?? 0;
  const fits = gray.width * gray.height <= STILL_UPSCALE_MAX_PIXELS;
  let scale = 1;
  // Found only from joined pieces: at twice the size the stamp may part from the print.
  if ((!first.found || first.joinedLines || height < STILL_UPSCALE_BELOW_PX) && fits) scale = 2;
  else if (!first.found) scale = 1 / 2;
  let best = first;
  if (scale !== 1) {
    const read = readMrzFromImage(scale > 1 ? upscaleGray2x(gray) : downscaleGray(gray, 1 / scale), table, STILL);
    const resized = withFields(read, { scale: scale * (read.scale ?? 1) });
    if (rank(resized) > rank(best)) best = resized;
    // Small print read at both sizes: the two readings' scores together (`fuseSizes`).
    const small = height < STILL_UPSCALE_BELOW_PX;
    const fused = small && first.scale === 1 && resized.scale === 2 && !best.accepted ? fuseSizes(first, resized) : null;
    // It draws on both readings, so it wins unless it got less far than the better one alone.
    if (fused && tier(fused) >= tier(best)) best = fused;
  }
  if (!best.accepted) {
    // A translucent overprint (a specimen's "SPECIMEN" stamp) across the MRZ: the darkest ink only,
    // the light evened out first so that one threshold holds across the page. Erasing can take
    // part of a character with it; where no check digit covers that character the reading is
    // valid and accepted only if the plain reading agrees (`agreesWhereUnchecked`).
    const plain = best;
    const inked = readMrzFromImage(darkestInk(evenLight(gray)), table, STILL);
    const vouched = plain.found && plain.format === inked.format && agreesWhereUnchecked(inked.lines, plain.lines, readerLayout(inked));
    // Evening out the light also evens out glare, which is then no longer seen: glare the plain
    // reading found on this still holds for this reading too.
    const sameWay = plain.format === inked.format && (plain.turned ?? false) === (inked.turned ?? false);
    const glared = plain.glare
      ? {
          valid: false,
          accepted: false,
          glare: true,
          uncertain: sameWay ? mergePositions(inked.uncertain, plain.uncertain) : inked.uncertain,
        }
      : {};
    const guarded = { ...inked, valid: inked.valid && vouched, accepted: inked.accepted && vouched, darkestInk: true, ...glared };
    if (rank(guarded) > rank(best)) best = guarded;
  }
  if (!best.accepted && isRgba(image)) {
    // A coloured overprint (red or blue stamp ink) or coloured paper: the lightest colour.
    const light = lightestChannel(image);
    const coloured = readMrzFromImage(quarterTurned ? rotateGray90(light) : light, table, STILL);
    if (rank(coloured) > rank(best)) best = { ...coloured, lightestChannel: true };
  }
  if (!best.found) {
    // Faint print (thin strokes, blurred, low contrast): the gentler threshold keeps strokes and
    // filler chevrons the ordinary one breaks up. It also joins more paper texture to the ink,
    // and no plain reading found the MRZ to vouch for the names: never valid nor accepted.
    const faint = readMrzFromImage(gray, table, { ...STILL, faint: true });
    if (faint.found) best = { ...faint, valid: false, accepted: false, faintInk: true };
  }
  return { ...best, ms: Date.now() - t0 };
}

export interface MrzFrameReader {
  /**
   * Reads one frame; `accepted` is true once the reading is accepted by the policy (see
   * `repairMrz`) on `confirmFrames` frames that agree.
   */
  readFrame(frame: RgbaImage | GrayImage): { reading: MrzReading; accepted: boolean };
  /** Best reading so far (one whose checks pass, else the latest found one) for the officer to confirm. */
  best(): MrzReading | null;
  reset(): void;
}

export interface MrzFrameReaderOptions {
  /**
   * How many frames must give the same accepted reading before it is accepted (default 1). Names
   * carry no check digit; 2 guards them against a one-frame misread at the cost of one more frame.
   */
  confirmFrames?: number;
}

/**
 * A page held in view lies the same way up from frame to frame. Once the same way has won on
 * `SETTLE_AFTER_FRAMES` frames in a row, the frame reader reads only that way, and both ways again
 * on every `MRZ_RECHECK_WAYS_EVERY`th frame, in case the page was turned over. A page whose checks
 * fail (worn, badly lit) then costs one reading per frame instead of two.
 */
export const MRZ_RECHECK_WAYS_EVERY = 4;
const SETTLE_AFTER_FRAMES = 2;

/**
 * Frame-oriented helper for a camera Worker: feed frames until one is accepted. Which way up the
 * page lies is learnt from the frames (see `MRZ_RECHECK_WAYS_EVERY`) and forgotten with a frame
 * in which no MRZ is found.
 */
export function createMrzFrameReader(table: GlyphTable | Uint8Array, options: MrzFrameReaderOptions = {}): MrzFrameReader {
  const need = Math.max(1, Math.floor(options.confirmFrames ?? 1));
  let best: MrzReading | null = null;
  let seen = new Map<string, number>();
  // The way the page in view lies, once settled; the last winning way and how often in a row.
  let settled: boolean | null = null;
  let lastTurned: boolean | null = null;
  let wins = 0;
  let sinceBoth = 0;
  const forgetWay = () => {
    settled = null;
    lastTurned = null;
    wins = 0;
    sinceBoth = 0;
  };
  const learnWay = (reading: MrzReading, single: boolean) => {
    if (!reading.found) return forgetWay();
    if (single) {
      sinceBoth++;
      return;
    }
    const turned = reading.turned === true;
    wins = turned === lastTurned ? wins + 1 : 1;
    lastTurned = turned;
    settled = wins >= SETTLE_AFTER_FRAMES ? turned : null;
    sinceBoth = 0;
  };
  return {
    readFrame(frame) {
      const single = settled !== null && sinceBoth < MRZ_RECHECK_WAYS_EVERY - 1;
      const reading = readMrzFromImage(frame, table, single ? { ways: settled ? 'turned' : 'upright' } : {});
      learnWay(reading, single);
      if (reading.found && (!best || (!best.accepted && (reading.checksPass || !best.checksPass)))) best = reading;
      if (!reading.accepted) return { reading, accepted: false };
      const key = reading.lines.join('\n');
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      if (count >= need) best = reading;
      return { reading, accepted: count >= need };
    },
    best: () => best,
    reset() {
      best = null;
      seen = new Map();
      forgetWay();
    },
  };
}
