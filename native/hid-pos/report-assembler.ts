/**
 * Assembles HID POS "Scanned Data Report" input reports (usage page 0x8C, usage 0x12) into
 * payloads. Layout of one report as delivered by hidapi (report id first):
 *
 *   byte 0            report id (0x02)
 *   byte 1            number of decoded-data bytes in this report
 *   bytes 2..4        symbology identifier (three AIM bytes, e.g. "]L2"; zeros when unknown)
 *   bytes 5..5+n-1    decoded data
 *   ...               reserved
 *   last byte         bit 0: decoded data continued (another report follows for this symbol)
 *
 * A long symbol (PDF417 boarding pass, MRZ) spans several reports; only the report whose
 * continuation bit is clear completes the payload.
 */
import type { HidReportLayout } from '../../core/devices/ports';

export interface AssembledPayload {
  raw: string;
  /** AIM symbology identifier from the first report, when present. */
  symbology?: string;
  /** Number of reports that made this payload. */
  reports: number;
}

export interface HidPosAssembler {
  /** Feed one input report; returns the payload when this report completes one. */
  push(report: Uint8Array): AssembledPayload | null;
  /** A payload has started and not finished. */
  hasPartial(): boolean;
  /** Drop a partial payload. */
  reset(): void;
}

/** A payload larger than this is garbage from a confused device: drop it. */
const MAX_PAYLOAD_BYTES = 16 * 1024;

export function createHidPosAssembler(layout: Partial<HidReportLayout> = {}): HidPosAssembler {
  const reportId = layout.reportId ?? 0x02;
  const symbologyBytes = layout.symbologyBytes ?? 3;
  const decoder = new TextDecoder(layout.encoding ?? 'utf-8');
  const dataStart = 2 + symbologyBytes;

  let chunks: Uint8Array[] = [];
  let size = 0;
  let symbology: string | undefined;

  function reset(): void {
    chunks = [];
    size = 0;
    symbology = undefined;
  }

  return {
    push(report) {
      if (report.length < dataStart + 1 || report[0] !== reportId) return null;
      const declared = report[1] ?? 0;
      // Never read the flag byte as data, whatever the declared length says.
      const end = Math.min(dataStart + declared, report.length - 1);
      const continued = ((report[report.length - 1] ?? 0) & 0x01) === 0x01;
      if (chunks.length === 0 && symbologyBytes > 0) {
        const id = report.subarray(2, dataStart);
        symbology = id.every((b) => b >= 0x20 && b < 0x7f) ? String.fromCharCode(...id) : undefined;
      }
      if (end > dataStart) {
        chunks.push(report.slice(dataStart, end));
        size += end - dataStart;
      }
      if (size > MAX_PAYLOAD_BYTES) {
        reset();
        return null;
      }
      if (continued) return null;
      const all = new Uint8Array(size);
      let offset = 0;
      for (const c of chunks) {
        all.set(c, offset);
        offset += c.length;
      }
      const payload: AssembledPayload = { raw: decoder.decode(all), reports: chunks.length };
      if (symbology !== undefined) payload.symbology = symbology;
      reset();
      return size === 0 && payload.raw.length === 0 ? null : payload;
    },
    hasPartial() {
      return chunks.length > 0;
    },
    reset,
  };
}

/** Builds the reports a scanner sends for `data` (fixtures, fake device, benches). */
export function encodeHidPosReports(
  data: Uint8Array,
  options: { symbology?: string; reportSize?: number; reportId?: number } = {},
): Uint8Array[] {
  const reportSize = options.reportSize ?? 64;
  const reportId = options.reportId ?? 0x02;
  const sym = options.symbology ?? ']Q0';
  const perReport = reportSize - 5 - 3; // id, length, 3 symbology bytes; 2 reserved + flag byte
  const reports: Uint8Array[] = [];
  for (let offset = 0; offset < data.length || reports.length === 0; offset += perReport) {
    const chunk = data.subarray(offset, offset + perReport);
    const r = new Uint8Array(reportSize);
    r[0] = reportId;
    r[1] = chunk.length;
    for (let i = 0; i < 3; i++) r[2 + i] = sym.charCodeAt(i) || 0;
    r.set(chunk, 5);
    r[reportSize - 1] = offset + perReport < data.length ? 0x01 : 0x00;
    reports.push(r);
  }
  return reports;
}

/** Parses a fixture: one report per line as hex bytes; '#' starts a comment. */
export function parseHexReports(text: string): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (const line of text.split('\n')) {
    const hex = line.replace(/#.*$/, '').replace(/[\s:]/g, '');
    if (hex.length === 0) continue;
    if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
      throw new Error(`bad hex report line: ${line.slice(0, 40)}`);
    }
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    reports.push(bytes);
  }
  return reports;
}

export function toHexLine(report: Uint8Array): string {
  return [...report].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
