/**
 * The national statistics as files: CSV (machine-readable numbers, labels in the language asked)
 * and PDF (pdfkit with Noto Sans and Noto Sans Arabic; Arabic lines are put in display order with
 * bidi-js and each Arabic word left to fontkit to shape, as the post's exports do).
 */
import { existsSync } from 'node:fs';
import bidiFactory from 'bidi-js';
import PDFDocument from 'pdfkit';
import { countryName } from '../../core/format/countries';
import { createFormatter } from '../../core/format/format';
import type { Language } from '../../core/i18n/messages';
import type { NationalStats, StatsCsvLabels } from '../../core/stats/national';
import { statsCsv } from '../../core/stats/national';
import { statsExportMessages } from './messages';

const bidi = bidiFactory();
const ARABIC_CHAR = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

const fill = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(params[key] ?? ''));

export function monthName(language: Language, month: number): string {
  const months = statsExportMessages[language].months as Record<string, string>;
  return months[`m${month}`] ?? String(month);
}

export function statsFileName(stats: NationalStats, extension: 'csv' | 'pdf'): string {
  return `rva-stats-${stats.year}${stats.month ? `-${String(stats.month).padStart(2, '0')}` : ''}.${extension}`;
}

export function statsCsvFile(stats: NationalStats, language: Language): string {
  const m = statsExportMessages[language];
  const labels: StatsCsvLabels = {
    country: (code) => countryName(code, language),
    others: m.others,
    total: m.total,
    headers: m.csv,
    sections: { nationality: m.nationality, month: m.byMonth, post: m.post, mode: m.byMode, perDiem: m.perDiem },
    modes: { air: m.air, land: m.land },
    month: (n) => monthName(language, n),
  };
  // A byte order mark, so spreadsheets read the accents and the Arabic as UTF-8.
  return `\ufeff${statsCsv(stats, labels)}`;
}

const FONT_DIRS = [process.env.RVA_FONT_DIR, '/usr/share/fonts/truetype/noto'].filter((d): d is string => Boolean(d));

export function fontDir(): string {
  for (const dir of FONT_DIRS)
    if (['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoSansArabic-Regular.ttf'].every((f) => existsSync(`${dir}/${f}`))) return dir;
  throw new Error('PDF fonts not found: install fonts-noto-core or set RVA_FONT_DIR');
}

/** Display-order runs: Latin pieces as shown, Arabic words in logical order (fontkit shapes and reverses them). */
export function runs(text: string): Array<{ arabic: boolean; text: string }> {
  const shown = RTL_CHAR.test(text) ? bidi.getReorderedString(text, bidi.getEmbeddingLevels(text, 'rtl')) : text;
  const out: Array<{ arabic: boolean; text: string }> = [];
  for (const ch of shown) {
    const arabic = ARABIC_CHAR.test(ch);
    const last = out[out.length - 1];
    if (last && last.arabic === arabic) last.text += ch;
    else out.push({ arabic, text: ch });
  }
  return out.map((r) => (r.arabic ? { arabic: true, text: [...r.text].reverse().join('') } : r));
}

/**
 * An A4 PDF of the console with its fonts registered (latin, latinBold, arabic, arabicBold: Noto),
 * and the promise of its bytes once `doc.end()` is called.
 */
export function consolePdf(title: string, now: number): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    compress: true,
    info: { Title: title, Producer: 'RVA Départ', Creator: 'RVA Départ', CreationDate: new Date(now) },
  });
  const dir = fontDir();
  doc.registerFont('latin', `${dir}/NotoSans-Regular.ttf`);
  doc.registerFont('latinBold', `${dir}/NotoSans-Bold.ttf`);
  doc.registerFont('arabic', `${dir}/NotoSansArabic-Regular.ttf`);
  doc.registerFont(
    'arabicBold',
    existsSync(`${dir}/NotoSansArabic-Bold.ttf`) ? `${dir}/NotoSansArabic-Bold.ttf` : `${dir}/NotoSansArabic-Regular.ttf`,
  );
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

export async function statsPdfFile(stats: NationalStats, language: Language, now: number): Promise<Buffer> {
  const m = statsExportMessages[language];
  const f = createFormatter(language, stats.timeZone);
  const rtl = language === 'ar';
  const { doc, done } = consolePdf(m.title, now);

  const left = 40;
  const width = doc.page.width - 80;
  let y = 40;
  /** One line in a box [x, x + w], right-aligned when asked (or in Arabic). */
  const line = (text: string, x: number, w: number, size: number, bold = false, align: 'start' | 'end' = 'start') => {
    const pieces = runs(text).map((r) => {
      const font = r.arabic ? (bold ? 'arabicBold' : 'arabic') : bold ? 'latinBold' : 'latin';
      doc.font(font).fontSize(size);
      return { font, text: r.text, width: doc.widthOfString(r.text) };
    });
    const total = pieces.reduce((s, p) => s + p.width, 0);
    const right = (align === 'end') !== rtl;
    let cx = right ? x + w - total : x;
    const baseline = y + size;
    for (const p of pieces) {
      doc.font(p.font).fontSize(size).text(p.text, cx, baseline, { lineBreak: false, baseline: 'alphabetic' });
      cx += p.width;
    }
  };
  /** A table row: the first column takes what the others leave; in Arabic the columns run right to left. */
  const row = (cells: string[], bold = false) => {
    if (y > doc.page.height - 60) {
      doc.addPage();
      y = 40;
    }
    const numberWidth = 90;
    const firstWidth = width - numberWidth * (cells.length - 1);
    cells.forEach((text, i) => {
      const w = i === 0 ? firstWidth : numberWidth;
      const offset = i === 0 ? 0 : firstWidth + numberWidth * (i - 1);
      const x = rtl ? left + width - offset - w : left + offset;
      line(text, x, w, 10, bold, i === 0 ? 'start' : 'end');
    });
    y += 16;
  };
  const heading = (text: string) => {
    y += 10;
    line(text, left, width, 13, true);
    y += 22;
  };

  line(m.title, left, width, 16, true);
  y += 26;
  const period = stats.month ? `${monthName(language, stats.month)} ${stats.year}` : fill(m.wholeYear, { year: stats.year });
  line(`${m.period} : ${period}`, left, width, 11);
  y += 16;
  line(fill(m.generated, { at: f.dateTime(now) }), left, width, 9);
  y += 14;

  heading(m.byNationality);
  row([m.nationality, m.count, m.percent], true);
  for (const r of stats.byNationality.top) row([countryName(r.code, language), f.integer(r.count), f.percent(r.percent)]);
  row([m.others, f.integer(stats.byNationality.others.count), f.percent(stats.byNationality.others.percent)]);
  row([m.total, f.integer(stats.byNationality.total.count), f.percent(stats.byNationality.total.percent)], true);

  heading(m.byMonth);
  for (const mm of stats.byMonth) row([monthName(language, mm.month), f.integer(mm.count)]);

  heading(m.byPost);
  row([m.post, m.count, m.percent, m.amount], true);
  for (const p of stats.byPost) row([p.postCode, f.integer(p.count), f.percent(p.percent), f.amount(p.perDiemCents, 'USD')]);

  heading(m.byMode);
  for (const mode of ['air', 'land'] as const) row([m[mode], f.integer(stats.byMode[mode].count), f.percent(stats.byMode[mode].percent)]);

  heading(m.perDiem);
  row([m.payments, f.integer(stats.perDiem.count)]);
  for (const t of stats.perDiem.totals) row([t.currency, f.amount(t.cents, t.currency)]);

  doc.end();
  return done;
}
