/**
 * National statistics in the programme's own shape (the tables of its presentation): departures
 * by nationality for a year or a month (top ten, "Autres", "Total général", count and %), month by
 * month, by post, by air and land, and per diem totals. Pure: the centre reads the exit stamps and
 * payments (voided ones left out) and this decides which calendar year and month each falls in,
 * in the programme's time zone.
 */
import { localParts } from '../format/format';

export type TravelMode = 'air' | 'land';

/** One exit stamp: when, where, the beneficiary's nationality (ICAO code) and the ticket's mode. */
export interface StatsDeparture {
  at: number;
  postCode: string;
  nationality: string;
  mode: TravelMode | null;
}

export interface StatsPayment {
  at: number;
  postCode: string;
  amountCents: number;
  currency: string;
}

export interface NationalityRow {
  code: string;
  count: number;
  percent: number;
}

export interface NationalityTable {
  top: NationalityRow[];
  others: { count: number; percent: number; codes: string[] };
  total: { count: number; percent: number };
}

export interface NationalStats {
  year: number;
  /** 1-12, or null for the whole year. */
  month: number | null;
  timeZone: string;
  total: number;
  byNationality: NationalityTable;
  /** The twelve months of the year, whatever `month` is (the chart of the year). */
  byMonth: Array<{ month: number; count: number; byNationality: NationalityTable }>;
  byPost: Array<{ postCode: string; count: number; percent: number; perDiemCount: number; perDiemCents: number }>;
  byMode: Record<TravelMode, { count: number; percent: number }>;
  perDiem: { count: number; totals: Array<{ currency: string; cents: number }> };
}

export const TOP_NATIONALITIES = 10;

/** Percent with two decimals, as the programme prints it (556 of 1733: 32.08); 0 when there is nothing. */
export function percentOf(count: number, total: number): number {
  return total === 0 ? 0 : Math.round((count * 10_000) / total) / 100;
}

/** Count descending; equal counts in code order, so the table is the same on every run. */
export function nationalityTable(counts: ReadonlyMap<string, number>): NationalityTable {
  const total = [...counts.values()].reduce((s, n) => s + n, 0);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const top = sorted.slice(0, TOP_NATIONALITIES).map(([code, count]) => ({ code, count, percent: percentOf(count, total) }));
  const rest = sorted.slice(TOP_NATIONALITIES);
  const othersCount = rest.reduce((s, [, n]) => s + n, 0);
  return {
    top,
    others: { count: othersCount, percent: percentOf(othersCount, total), codes: rest.map(([code]) => code) },
    total: { count: total, percent: total === 0 ? 0 : 100 },
  };
}

/** The instants a year covers, with a day of margin on each side (the exact cut is made here, in the zone). */
export function yearWindow(year: number): { start: number; end: number } {
  return { start: Date.UTC(year, 0, 1) - 86_400_000, end: Date.UTC(year + 1, 0, 1) + 86_400_000 };
}

const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

export function computeNationalStats(input: {
  departures: readonly StatsDeparture[];
  payments: readonly StatsPayment[];
  year: number;
  month: number | null;
  timeZone: string;
}): NationalStats {
  const { year, month, timeZone } = input;
  const monthOf = (at: number): number | null => {
    const p = localParts(at, timeZone);
    return p.year === year ? p.month : null;
  };
  const inPeriod = (m: number | null) => m !== null && (month === null || m === month);

  const counts = new Map<string, number>();
  const months = Array.from({ length: 12 }, () => new Map<string, number>());
  const posts = new Map<string, { count: number; perDiemCount: number; perDiemCents: number }>();
  const post = (code: string) => {
    let entry = posts.get(code);
    if (!entry) posts.set(code, (entry = { count: 0, perDiemCount: 0, perDiemCents: 0 }));
    return entry;
  };
  const modes: Record<TravelMode, number> = { air: 0, land: 0 };
  let total = 0;
  for (const d of input.departures) {
    const m = monthOf(d.at);
    if (m === null) continue;
    bump(months[m - 1] as Map<string, number>, d.nationality);
    if (!inPeriod(m)) continue;
    total++;
    bump(counts, d.nationality);
    post(d.postCode).count++;
    if (d.mode) modes[d.mode]++;
  }

  const perDiemTotals = new Map<string, number>();
  let perDiemCount = 0;
  for (const p of input.payments) {
    if (!inPeriod(monthOf(p.at))) continue;
    perDiemCount++;
    bump(perDiemTotals, p.currency, p.amountCents);
    const entry = post(p.postCode);
    entry.perDiemCount++;
    entry.perDiemCents += p.amountCents;
  }

  return {
    year,
    month,
    timeZone,
    total,
    byNationality: nationalityTable(counts),
    byMonth: months.map((m, i) => {
      const table = nationalityTable(m);
      return { month: i + 1, count: table.total.count, byNationality: table };
    }),
    byPost: [...posts.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([postCode, e]) => ({
        postCode,
        count: e.count,
        percent: percentOf(e.count, total),
        perDiemCount: e.perDiemCount,
        perDiemCents: e.perDiemCents,
      })),
    byMode: {
      air: { count: modes.air, percent: percentOf(modes.air, total) },
      land: { count: modes.land, percent: percentOf(modes.land, total) },
    },
    perDiem: {
      count: perDiemCount,
      totals: [...perDiemTotals.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([currency, cents]) => ({ currency, cents })),
    },
  };
}

export interface StatsCsvLabels {
  country(code: string): string;
  others: string;
  total: string;
  headers: { section: string; key: string; label: string; count: string; percent: string; amount: string };
  sections: { nationality: string; month: string; post: string; mode: string; perDiem: string };
  modes: Record<TravelMode, string>;
  month(month: number): string;
}

/** A cell a spreadsheet reads as text: quoted when needed, and never a formula. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const plainCents = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** The statistics as CSV (RFC 4180, CRLF): one row per line of each table, machine-readable numbers. */
export function statsCsv(stats: NationalStats, labels: StatsCsvLabels): string {
  const h = labels.headers;
  const s = labels.sections;
  const rows: Array<Array<string | number | null>> = [[h.section, h.key, h.label, h.count, h.percent, h.amount]];
  const t = stats.byNationality;
  for (const r of t.top) rows.push([s.nationality, r.code, labels.country(r.code), r.count, r.percent.toFixed(2), null]);
  rows.push([s.nationality, null, labels.others, t.others.count, t.others.percent.toFixed(2), null]);
  rows.push([s.nationality, null, labels.total, t.total.count, t.total.percent.toFixed(2), null]);
  for (const m of stats.byMonth) rows.push([s.month, m.month, labels.month(m.month), m.count, null, null]);
  for (const p of stats.byPost) rows.push([s.post, p.postCode, p.postCode, p.count, p.percent.toFixed(2), plainCents(p.perDiemCents)]);
  for (const mode of ['air', 'land'] as const)
    rows.push([s.mode, mode, labels.modes[mode], stats.byMode[mode].count, stats.byMode[mode].percent.toFixed(2), null]);
  for (const total of stats.perDiem.totals)
    rows.push([s.perDiem, total.currency, total.currency, stats.perDiem.count, null, plainCents(total.cents)]);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
