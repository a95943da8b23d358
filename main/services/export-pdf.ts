/**
 * PDF building blocks for the exports (pdfkit): fonts that cover Latin and Arabic, right-to-left
 * ordering, and a paged table. fontkit shapes Arabic words (joining forms, right-to-left glyphs
 * within a word) but pdfkit lays words out in logical order and does not run the bidi algorithm:
 * `visualOrder` does that (bidi-js), word by word, and `drawRun` switches fonts per script.
 */
import { existsSync } from 'node:fs';
import bidiFactory from 'bidi-js';
import PDFDocument from 'pdfkit';

const bidi = bidiFactory();

const FONT_DIRS = [process.env.RVA_FONT_DIR, '/usr/share/fonts/truetype/noto'].filter((d): d is string => Boolean(d));
const FONT_FILES = { latin: 'NotoSans-Regular.ttf', latinBold: 'NotoSans-Bold.ttf', arabic: 'NotoSansArabic-Regular.ttf', arabicBold: 'NotoSansArabic-Bold.ttf' } as const;
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
const RTL_WORD_START = /^[^\p{L}]*[\p{Script=Arabic}\p{Script=Hebrew}]/u;

export function hasRtl(text: string): boolean {
  return RTL_CHAR.test(text);
}

/**
 * The text in display order for a renderer that shapes each space-separated word itself:
 * runs are reordered by the Unicode bidi algorithm (paragraph direction from the first strong
 * character) and mirrored, and each right-to-left word is given back in logical order because
 * fontkit reverses the glyphs of a right-to-left word when it shapes it.
 */
export function visualOrder(text: string): string {
  if (!hasRtl(text)) return text;
  const levels = bidi.getEmbeddingLevels(text, 'auto');
  const visual = bidi.getReorderedString(text, levels);
  return visual
    .split(' ')
    .map((word) => (RTL_WORD_START.test(word) ? [...word].reverse().join('') : word))
    .join(' ');
}

/** Splits display-order text into runs that need the Arabic font and runs that do not. */
export function scriptRuns(text: string): { arabic: boolean; text: string }[] {
  const runs: { arabic: boolean; text: string }[] = [];
  for (const ch of text) {
    const arabic = ARABIC_CHAR.test(ch);
    const last = runs[runs.length - 1];
    // Spaces and digits stay with the run they sit in.
    if (last && (last.arabic === arabic || (/[\s\d]/.test(ch) && last.arabic))) last.text += ch;
    else runs.push({ arabic, text: ch });
  }
  return runs;
}

export type Doc = PDFKit.PDFDocument;

export function createPdf(info: { title: string; createdAt: number; landscape?: boolean }): { doc: Doc; done: Promise<Buffer> } {
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
export function drawRun(doc: Doc, text: string, x: number, y: number, width: number, options: { size: number; bold?: boolean; align?: 'left' | 'right' }): void {
  const latin: FontKey = options.bold ? 'latinBold' : 'latin';
  const arabic: FontKey = options.bold ? 'arabicBold' : 'arabic';
  doc.fontSize(options.size);
  if (!hasRtl(text)) {
    doc.font(latin);
    let shown = text;
    if (doc.widthOfString(shown) > width) shown = cut(doc, shown, width);
    const w = options.align === 'right' ? doc.widthOfString(shown) : 0;
    doc.text(shown, options.align === 'right' ? x + width - w : x, y, { lineBreak: false });
    return;
  }
  // pdfkit keeps the space after a word inside that word's shaping run, so a right-to-left word
  // would carry its space to the wrong side: Arabic runs are drawn word by word instead.
  const pieces: { font: FontKey; text: string; width: number }[] = [];
  for (const run of scriptRuns(visualOrder(text))) {
    const font = run.arabic ? arabic : latin;
    doc.font(font);
    if (!run.arabic) {
      pieces.push({ font, text: run.text, width: doc.widthOfString(run.text) });
      continue;
    }
    const space = doc.widthOfString(' ');
    run.text.split(' ').forEach((word, i) => {
      if (i > 0) pieces.push({ font, text: '', width: space });
      if (word) pieces.push({ font, text: word, width: doc.widthOfString(word) });
    });
  }
  const total = pieces.reduce((a, p) => a + p.width, 0);
  let cx = x + (options.align === 'right' || total > width ? width - total : 0);
  for (const piece of pieces) {
    // Too wide: the right end (the start of right-to-left text) is kept, the left end dropped.
    if (piece.text && cx >= x - 0.5) doc.font(piece.font).text(piece.text, cx, y, { lineBreak: false });
    cx += piece.width;
  }
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

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

/** A table over as many pages as needed, with the header row repeated on each page. */
export function drawTable(doc: Doc, columns: Column[], rows: Iterable<string[]>, options: { size?: number; rowHeight?: number; footer?: (page: number) => string } = {}): void {
  const size = options.size ?? 7.5;
  const rowHeight = options.rowHeight ?? 12;
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom - rowHeight;
  let page = 1;
  let y = doc.y;
  const header = () => {
    let x = left;
    doc.rect(left, y - 2, columns.reduce((s, c) => s + c.width, 0), rowHeight).fill('#e8e8e8').fillColor('black');
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
    columns.forEach((c, i) => {
      const value = row[i] ?? '';
      if (value) drawRun(doc, value, x + 2, y, c.width - 4, { size, align: c.align ?? (hasRtl(value) ? 'right' : 'left') });
      x += c.width;
    });
    y += rowHeight;
  }
  footer();
  doc.x = left;
  doc.y = y + 4;
}
