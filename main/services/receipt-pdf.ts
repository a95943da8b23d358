/**
 * Receipt PDFs: a column of blocks (titles, label/value pairs, the signature image) laid out for an
 * 80 mm thermal roll (the page is as long as the receipt) or an A5 / A4 sheet. Reuses the export
 * PDF toolkit: the same embedded Noto fonts, Arabic shaped by fontkit and ordered by the bidi
 * algorithm (`drawRun`). Right-to-left receipts put labels on the right and align text right.
 */
import type { ReceiptPaper } from '../../core/ipc/receipts-contract';
import type { Doc } from './export-pdf';
import { drawRun, fontPaths, hasRtl, loadPdfKit, shapingRuns } from './export-pdf';

export type ReceiptBlock =
  | { kind: 'title'; text: string }
  | { kind: 'text'; text: string; bold?: boolean; small?: boolean; align?: 'start' | 'center' }
  | { kind: 'pair'; label: string; value: string; strong?: boolean }
  | { kind: 'banner'; text: string }
  | { kind: 'signature'; png: Buffer; caption: string }
  | { kind: 'rule' };

export interface ReceiptModel {
  title: string;
  rtl: boolean;
  blocks: ReceiptBlock[];
  createdAt: number;
}

const MM = 72 / 25.4;

/** Page width, margin and type sizes per paper; the thermal page height follows the content. */
export const PAPERS: Record<ReceiptPaper, { width: number; height: number | null; margin: number; size: number }> = {
  thermal80: { width: 80 * MM, height: null, margin: 4 * MM, size: 8 },
  a5: { width: 148 * MM, height: 210 * MM, margin: 14 * MM, size: 10 },
  a4: { width: 210 * MM, height: 297 * MM, margin: 20 * MM, size: 11 },
};

/** Width of one line of text as drawn (Latin and Arabic runs in their own fonts). */
function measure(doc: Doc, text: string, size: number, bold: boolean): number {
  doc.fontSize(size);
  if (!hasRtl(text)) return doc.font(bold ? 'latinBold' : 'latin').widthOfString(text);
  return shapingRuns(text).reduce(
    (sum, run) => sum + doc.font(run.arabic ? (bold ? 'arabicBold' : 'arabic') : bold ? 'latinBold' : 'latin').widthOfString(run.text),
    0,
  );
}

/** Greedy line breaking on spaces, in logical order (each line is then ordered by `drawRun`). */
export function wrap(doc: Doc, text: string, width: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(doc, candidate, size, bold) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

interface Frame {
  doc: Doc;
  x: number;
  width: number;
  size: number;
  rtl: boolean;
  draw: boolean;
}

const lineHeight = (size: number) => size * 1.4;

/** Draws (or only measures) wrapped text in a column; returns the y below it. */
function paragraph(
  f: Frame,
  text: string,
  x: number,
  width: number,
  y: number,
  o: { size: number; bold?: boolean; align: 'start' | 'center' | 'end' },
): number {
  for (const line of wrap(f.doc, text, width, o.size, o.bold)) {
    if (f.draw) {
      const w = Math.min(width, measure(f.doc, line, o.size, Boolean(o.bold)) + 0.5);
      const right = o.align === 'end' ? !f.rtl : f.rtl;
      const lx = o.align === 'center' ? x + (width - w) / 2 : right ? x + width - w : x;
      drawRun(f.doc, line, lx, y, w, { size: o.size, bold: o.bold, align: 'left' });
    }
    y += lineHeight(o.size);
  }
  return y;
}

function layout(f: Frame, blocks: ReceiptBlock[], top: number): number {
  const { doc, x, width, size } = f;
  const sideBySide = width >= 300;
  let y = top;
  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        y = paragraph(f, block.text, x, width, y, { size: size * 1.45, bold: true, align: 'center' }) + size * 0.3;
        break;
      case 'text':
        y = paragraph(f, block.text, x, width, y, {
          size: block.small ? size * 0.85 : size,
          bold: block.bold,
          align: block.align ?? 'start',
        });
        break;
      case 'banner': {
        const h = lineHeight(size * 1.3) + 6;
        if (f.draw) {
          doc.save().lineWidth(1.5).rect(x, y, width, h).stroke('black').restore();
          paragraph(f, block.text, x, width, y + 3, { size: size * 1.3, bold: true, align: 'center' });
        }
        y += h + size * 0.6;
        break;
      }
      case 'pair': {
        const valueSize = block.strong ? size * 1.2 : size;
        if (sideBySide) {
          const labelWidth = width * 0.36;
          const valueWidth = width - labelWidth - 8;
          const labelX = f.rtl ? x + width - labelWidth : x;
          const valueX = f.rtl ? x : x + labelWidth + 8;
          const a = paragraph(f, block.label, labelX, labelWidth, y, { size, bold: true, align: 'start' });
          const b = paragraph(f, block.value, valueX, valueWidth, y, { size: valueSize, bold: block.strong, align: 'start' });
          y = Math.max(a, b) + size * 0.25;
        } else {
          y = paragraph(f, block.label, x, width, y, { size: size * 0.85, bold: true, align: 'start' });
          y = paragraph(f, block.value, x, width, y, { size: valueSize, bold: block.strong, align: 'start' }) + size * 0.35;
        }
        break;
      }
      case 'signature': {
        const h = Math.min(width * 0.4, 110);
        if (f.draw) {
          doc.save().lineWidth(0.5).rect(x, y, width, h).stroke('#888888').restore();
          doc.image(block.png, x + 2, y + 2, { fit: [width - 4, h - 4], align: 'center', valign: 'center' });
        }
        y = paragraph(f, block.caption, x, width, y + h + 2, { size: size * 0.85, align: 'center' });
        break;
      }
      case 'rule':
        if (f.draw)
          doc
            .save()
            .lineWidth(0.5)
            .moveTo(x, y + size * 0.4)
            .lineTo(x + width, y + size * 0.4)
            .stroke('black')
            .restore();
        y += size;
        break;
    }
  }
  return y;
}

/** The receipt as a PDF on the given paper (one page), with the page size in points. */
export async function renderReceiptPdf(
  model: ReceiptModel,
  paper: ReceiptPaper,
): Promise<{ pdf: Buffer; widthPt: number; heightPt: number }> {
  const spec = PAPERS[paper];
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    info: { Title: model.title, Producer: 'RVA Départ', Creator: 'RVA Départ', CreationDate: new Date(model.createdAt) },
  });
  for (const [key, path] of Object.entries(fontPaths())) doc.registerFont(key, path);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const frame: Frame = {
    doc,
    x: spec.margin,
    width: spec.width - 2 * spec.margin,
    size: spec.size,
    rtl: model.rtl,
    draw: false,
  };
  const bottom = layout(frame, model.blocks, spec.margin);
  const height = spec.height ?? Math.ceil(bottom + spec.margin);
  doc.addPage({ size: [spec.width, height], margin: spec.margin });
  layout({ ...frame, draw: true }, model.blocks, spec.margin);
  doc.end();
  return { pdf: await done, widthPt: spec.width, heightPt: height };
}
