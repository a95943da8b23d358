/**
 * PDF building blocks for the exports (pdfkit): fonts that cover Latin and Arabic, right-to-left
 * ordering, and a paged table. fontkit shapes Arabic words (joining forms, right-to-left glyphs
 * within a word) but pdfkit lays words out in logical order and does not run the bidi algorithm:
 * `shapingRuns` does that (bidi-js) and `drawRun` draws the runs left to right, switching fonts.
 * Arrows, missing from Noto Sans, come from Noto Sans Symbols. Table cells wrap onto as many
 * lines as they need: nothing a person wrote is cut.
 */
import { existsSync } from 'node:fs';
import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

const FONT_DIRS = [process.env.RVA_FONT_DIR, '/usr/share/fonts/truetype/noto'].filter((d): d is string => Boolean(d));
const FONT_FILES = {
  latin: 'NotoSans-Regular.ttf',
  latinBold: 'NotoSans-Bold.ttf',
  arabic: 'NotoSansArabic-Regular.ttf',
  arabicBold: 'NotoSansArabic-Bold.ttf',
  symbols: 'NotoSansSymbols-Regular.ttf',
} as const;
type FontKey = keyof typeof FONT_FILES;

/** Font files, from `RVA_FONT_DIR` or Debian's fonts-noto-core. */
export function fontPaths(): Record<FontKey, string> {
  for (const dir of FONT_DIRS) {
    const paths = Object.fromEntries(Object.entries(FONT_FILES).map(([k, f]) => [k, `${dir}/${f}`])) as Record<FontKey, string>;
    if (Object.values(paths).every((p) => existsSync(p))) return paths;
  }
  throw new Error('PDF fonts not found: install fonts-noto-core or set RVA_FONT_DIR');
}

const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const ARABIC_CHAR = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

/** Characters Noto Sans lacks and Noto Sans Symbols has (arrows: "→"). */
const SYMBOL_CHAR = /[\u2190-\u21FF]/;
/** Bidi controls: they order the text (bidi-js), then are not drawn. */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function hasRtl(text: string): boolean {
  return RTL_CHAR.test(text);
}

/** The text in display order (left to right): Unicode bidi algorithm, paragraph direction from the first strong character, mirrored brackets. */
export function visualOrder(text: string): string {
  if (!hasRtl(text)) return text.replace(BIDI_CONTROLS, '');
  return bidi.getReorderedString(text, bidi.getEmbeddingLevels(text, 'auto')).replace(BIDI_CONTROLS, '');
}

/**
 * What to draw, left to right: Latin pieces as they display, and Arabic words (runs of Arabic
 * letters, never a space) given back in logical order, because fontkit shapes a right-to-left
 * word from its logical order and reverses its glyphs itself.
 */
export function shapingRuns(text: string): { arabic: boolean; text: string }[] {
  const runs: { arabic: boolean; text: string }[] = [];
  for (const ch of visualOrder(text)) {
    const arabic = ARABIC_CHAR.test(ch);
    const last = runs[runs.length - 1];
    if (last && last.arabic === arabic) last.text += ch;
    else runs.push({ arabic, text: ch });
  }
  return runs.map((r) => (r.arabic ? { arabic: true, text: [...r.text].reverse().join('') } : r));
}

export type Doc = PDFKit.PDFDocument;

const importPdfKit = () => import('pdfkit');
let pdfKit: ReturnType<typeof importPdfKit> | undefined;

/**
 * pdfkit, loaded the first time a PDF is made: loading it costs about 150 ms (fontkit unpacks its
 * Unicode tables), which a post would otherwise pay at every start, before the desk shows.
 */
export async function loadPdfKit() {
  pdfKit ??= importPdfKit();
  return (await pdfKit).default;
}

export async function createPdf(info: {
  title: string;
  createdAt: number;
  landscape?: boolean;
}): Promise<{ doc: Doc; done: Promise<Buffer> }> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    layout: info.landscape === false ? 'portrait' : 'landscape',
    margin: 32,
    compress: true,
    autoFirstPage: true,
    bufferPages: false,
    info: { Title: info.title, Producer: 'RVA Départ', Creator: 'RVA Départ', CreationDate: new Date(info.createdAt) },
  });
  const fonts = fontPaths();
  for (const [key, path] of Object.entries(fonts)) doc.registerFont(key, path);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/**
 * Draws one line of text at (x, y), at most `width` wide (cut with an ellipsis), switching
 * between the Latin and the Arabic font run by run. `align: 'right'` for right-to-left cells.
 */
export function drawRun(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  width: number,
  options: { size: number; bold?: boolean; align?: 'left' | 'right' },
): void {
  const latin: FontKey = options.bold ? 'latinBold' : 'latin';
  doc.fontSize(options.size);
  text = drawableText(doc, text, latin, options.bold ? 'arabicBold' : 'arabic');
  if (!hasRtl(text) && !SYMBOL_CHAR.test(text)) {
    doc.font(latin);
    let shown = text.replace(BIDI_CONTROLS, '');
    if (doc.widthOfString(shown) > width) shown = cut(doc, shown, width);
    const w = options.align === 'right' ? doc.widthOfString(shown) : 0;
    doc.text(shown, options.align === 'right' ? x + width - w : x, y, { lineBreak: false });
    return;
  }
  // Every font on the Latin font's baseline (Noto Sans Arabic has a taller ascender).
  const baseline = y + ((doc.font(latin) as unknown as { _font: { ascender: number } })._font.ascender / 1000) * options.size;
  const pieces = pieceRuns(doc, text, options.bold ?? false);
  const total = pieces.reduce((a, p) => a + p.width, 0);
  let cx = x + (options.align === 'right' || total > width ? width - total : 0);
  for (const piece of pieces) {
    // Too wide: the right end (the start of right-to-left text) is kept, the left end dropped.
    if (cx >= x - 0.5) doc.font(piece.font).text(piece.text, cx, baseline, { lineBreak: false, baseline: 'alphabetic' });
    cx += piece.width;
  }
}

/** Whether fontkit lays the text out with the fonts `drawRun` would use (its mark positioning throws on some marks). */
function shapes(doc: Doc, text: string, latin: FontKey, arabic: FontKey): boolean {
  try {
    if (!hasRtl(text)) doc.font(latin).widthOfString(text);
    else for (const run of shapingRuns(text)) doc.font(run.arabic ? arabic : latin).widthOfString(run.text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The text as it can be drawn: itself when the fonts shape it, else composed (NFC), else without
 * the combining marks that break shaping (each letter kept), else with `?` for every character
 * outside Latin-1. An export never fails on a name.
 */
export function drawableText(doc: Doc, text: string, latin: FontKey, arabic: FontKey): string {
  if (shapes(doc, text, latin, arabic)) return text;
  const composed = text.normalize('NFC');
  if (shapes(doc, composed, latin, arabic)) return composed;
  let kept = '';
  for (const ch of composed) {
    if (/\p{M}/u.test(ch) && !shapes(doc, kept + ch, latin, arabic)) continue;
    kept += ch;
  }
  if (shapes(doc, kept, latin, arabic)) return kept;
  return kept.replace(/[^\u0020-\u007e\u00a0-\u00ff]/gu, '?');
}

/** The runs of a line in display order with their font and width (Arabic, symbols, Latin). */
function pieceRuns(doc: Doc, text: string, bold: boolean): { font: FontKey; text: string; width: number }[] {
  const latin: FontKey = bold ? 'latinBold' : 'latin';
  const arabic: FontKey = bold ? 'arabicBold' : 'arabic';
  const out: { font: FontKey; text: string; width: number }[] = [];
  for (const run of shapingRuns(text)) {
    if (run.arabic) {
      out.push({ font: arabic, text: run.text, width: doc.font(arabic).widthOfString(run.text) });
      continue;
    }
    // Latin runs split around the symbols Noto Sans lacks.
    for (const part of run.text.split(/([\u2190-\u21FF]+)/)) {
      if (!part) continue;
      const font: FontKey = SYMBOL_CHAR.test(part) ? 'symbols' : latin;
      out.push({ font, text: part, width: doc.font(font).widthOfString(part) });
    }
  }
  return out;
}

/** The width a line takes when drawn (as `drawRun` draws it: text the fonts cannot shape is repaired first). */
export function measure(doc: Doc, text: string, size: number, bold = false): number {
  doc.fontSize(size);
  const width = (t: string) =>
    !hasRtl(t) && !SYMBOL_CHAR.test(t)
      ? doc.font(bold ? 'latinBold' : 'latin').widthOfString(t.replace(BIDI_CONTROLS, ''))
      : pieceRuns(doc, t, bold).reduce((a, p) => a + p.width, 0);
  try {
    return width(text);
  } catch {
    return width(drawableText(doc, text, bold ? 'latinBold' : 'latin', bold ? 'arabicBold' : 'arabic'));
  }
}

/**
 * The text broken into lines at most `width` wide, at spaces (a word wider than the line is
 * broken between characters). Lines keep the logical order; each is ordered for display when drawn.
 */
export function wrapLines(doc: Doc, text: string, width: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (measure(doc, candidate, size, bold) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = word;
      while (line.length > 1 && measure(doc, line, size, bold) > width) {
        let n = line.length - 1;
        while (n > 1 && measure(doc, line.slice(0, n), size, bold) > width) n--;
        lines.push(line.slice(0, n));
        line = line.slice(n);
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Draws text wrapped to `width` from (x, y); returns the height used. */
export function drawWrapped(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  width: number,
  options: { size: number; bold?: boolean; align?: 'left' | 'right'; lineHeight?: number },
): number {
  const lineHeight = options.lineHeight ?? options.size * 1.35;
  doc.fontSize(options.size);
  const drawable = drawableText(doc, text, options.bold ? 'latinBold' : 'latin', options.bold ? 'arabicBold' : 'arabic');
  const lines = wrapLines(doc, drawable, width, options.size, options.bold);
  lines.forEach((line, i) => drawRun(doc, line, x, y + i * lineHeight, width, options));
  return lines.length * lineHeight;
}

function cut(doc: Doc, text: string, width: number): string {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(`${text.slice(0, mid)}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

/** pdfkit internals used by the fast table path (pdfkit is pinned to an exact version). */
interface GlyphPosition {
  xAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
interface FontInternals {
  id: string;
  ascender: number;
  ref(): unknown;
  encode(text: string): [string[], GlyphPosition[]];
}
interface PageInternals {
  height: number;
  fonts: Record<string, unknown>;
}

const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

/** A TJ operation for Latin text, with its width; null when glyph offsets need pdfkit's general path. */
function encodeRun(font: FontInternals, text: string, size: number): { op: string; width: number } | null {
  let encoded: [string[], GlyphPosition[]];
  try {
    encoded = font.encode(text);
  } catch {
    return null; // a mark fontkit cannot position: drawRun repairs the text
  }
  const [hex, positions] = encoded;
  const scale = size / 1000;
  const parts: string[] = [];
  let run = '';
  let width = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i] as GlyphPosition;
    if (p.xOffset || p.yOffset) return null;
    run += hex[i];
    const kern = p.xAdvance - p.advanceWidth;
    if (kern !== 0) {
      parts.push(`<${run}> ${fmt(-kern)}`);
      run = '';
    }
    width += p.xAdvance * scale;
  }
  if (run) parts.push(`<${run}>`);
  return { op: `[${parts.join(' ')}] TJ`, width };
}

/**
 * One table row in a single text object: the same PDF operators pdfkit's `text()` writes, without
 * its per-call option handling, save/restore and re-measuring (about five times faster on a
 * 10,000-row log). Cells with right-to-left text, glyph offsets or too wide go through `drawRun`.
 */
function drawRowFast(
  doc: Doc,
  cells: { text: string; x: number; width: number; align: 'left' | 'right' }[],
  y: number,
  size: number,
  lineHeight: number,
): void {
  doc.font('latin').fontSize(size);
  const font = (doc as unknown as { _font: FontInternals })._font;
  const page = doc.page as unknown as PageInternals;
  page.fonts[font.id] ??= font.ref();
  const baseline = page.height - y - (font.ascender / 1000) * size;
  let ops = `q\n1 0 0 -1 0 ${fmt(page.height)} cm\nBT\n/${font.id} ${fmt(size)} Tf\n`;
  const slow: typeof cells = [];
  for (const cell of cells) {
    if (!cell.text) continue;
    const run = hasRtl(cell.text) || SYMBOL_CHAR.test(cell.text) ? null : encodeRun(font, cell.text, size);
    if (!run || run.width > cell.width) {
      slow.push(cell);
      continue;
    }
    const x = cell.align === 'right' ? cell.x + cell.width - run.width : cell.x;
    ops += `1 0 0 1 ${fmt(x)} ${fmt(baseline)} Tm\n${run.op}\n`;
  }
  doc.addContent(`${ops}ET\nQ`);
  for (const cell of slow) drawWrapped(doc, cell.text, cell.x, y, cell.width, { size, align: cell.align, lineHeight });
}

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

/**
 * A table over as many pages as needed, with the header row repeated on each page. A cell wider
 * than its column wraps; its row grows to the tallest cell.
 */
export function drawTable(
  doc: Doc,
  columns: Column[],
  rows: Iterable<string[]>,
  options: { size?: number; rowHeight?: number; footer?: (page: number) => string } = {},
): void {
  const size = options.size ?? 7.5;
  const rowHeight = options.rowHeight ?? 12;
  const lineHeight = Math.min(rowHeight, size * 1.35);
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom - rowHeight;
  let page = 1;
  let y = doc.y;
  const header = () => {
    let x = left;
    doc
      .rect(
        left,
        y - 2,
        columns.reduce((s, c) => s + c.width, 0),
        rowHeight,
      )
      .fill('#e8e8e8')
      .fillColor('black');
    for (const c of columns) {
      drawRun(doc, c.title, x + 2, y, c.width - 4, { size, bold: true, align: c.align });
      x += c.width;
    }
    y += rowHeight;
  };
  const footer = () => {
    if (!options.footer) return;
    drawRun(doc, options.footer(page), left, doc.page.height - doc.page.margins.bottom + 8, 400, { size: 7 });
  };
  header();
  for (const row of rows) {
    if (y > bottom()) {
      footer();
      doc.addPage();
      page++;
      y = doc.page.margins.top;
      header();
    }
    let x = left;
    const cells = columns.map((c, i) => {
      const raw = row[i] ?? '';
      // Bidi controls order right-to-left text (bidi-js) and are never drawn.
      const text = hasRtl(raw) ? raw : raw.replace(BIDI_CONTROLS, '');
      const cell = { text, x: x + 2, width: c.width - 4, align: c.align ?? (hasRtl(text) ? 'right' : 'left') } as const;
      x += c.width;
      return cell;
    });
    // Most cells fit on one line: measure (and wrap) only the ones that may not (a glyph is at most 1 em wide).
    let lines = 1;
    for (const cell of cells) {
      if (cell.text.length * size <= cell.width && !cell.text.includes('\n')) continue;
      if (measure(doc, cell.text, size) > cell.width || cell.text.includes('\n'))
        lines = Math.max(lines, wrapLines(doc, cell.text, cell.width, size).length);
    }
    const height = lines === 1 ? rowHeight : lines * lineHeight + (rowHeight - lineHeight);
    if (lines > 1 && y + height > doc.page.height - doc.page.margins.bottom) {
      footer();
      doc.addPage();
      page++;
      y = doc.page.margins.top;
      header();
    }
    drawRowFast(doc, cells, y, size, lineHeight);
    y += height;
  }
  footer();
  doc.x = left;
  doc.y = y + 4;
}
