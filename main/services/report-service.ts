/**
 * Programme reports for any period at this post: departures (exit stamps, voided ones left out)
 * by nationality in the programme's own shape (top ten, "Autres", "Total général", count and %),
 * by day and by hour (post local time), per diem totals, refused and referred passages with
 * their reasons, and voids with theirs.
 */
import { addDays, isIsoDate, localIsoDate, localParts, zonedDayStart } from '../../core/format/format';
import type { DeparturesReport } from '../../core/ipc/shift-contract';
import type { Result } from '../../core/ipc/result';
import { err, ok } from '../../core/ipc/result';
import type { ReportRepository, VerdictRow } from '../db/repositories/report-repository';

const DAY = 86_400_000;
export const MAX_REPORT_DAYS = 400;

/** French names, as in the programme's tables; other codes show as the code. */
export const COUNTRY_NAMES_FR: Record<string, string> = {
  GIN: 'Guinée Conakry',
  CIV: "Côte d'Ivoire",
  SEN: 'Sénégal',
  CMR: 'Cameroun',
  MLI: 'Mali',
  NGA: 'Nigéria',
  COG: 'Congo Brazzaville',
  COD: 'Congo RDC',
  GMB: 'Gambie',
  PHL: 'Philippines',
  GHA: 'Ghana',
  SDN: 'Soudan',
  BFA: 'Burkina Faso',
  NER: 'Niger',
  TCD: 'Tchad',
  BEN: 'Bénin',
  TGO: 'Togo',
  LBR: 'Libéria',
  SLE: 'Sierra Leone',
  GNB: 'Guinée-Bissau',
  MRT: 'Mauritanie',
  CAF: 'Centrafrique',
  GAB: 'Gabon',
  ETH: 'Éthiopie',
  ERI: 'Érythrée',
  SOM: 'Somalie',
  YEM: 'Yémen',
  SYR: 'Syrie',
  BGD: 'Bangladesh',
  PAK: 'Pakistan',
  IND: 'Inde',
  LKA: 'Sri Lanka',
  NPL: 'Népal',
  EGY: 'Égypte',
  DZA: 'Algérie',
  TUN: 'Tunisie',
  LBY: 'Libye',
  CPV: 'Cap-Vert',
  KEN: 'Kenya',
  UGA: 'Ouganda',
  RWA: 'Rwanda',
  BDI: 'Burundi',
  AGO: 'Angola',
  COM: 'Comores',
  MDG: 'Madagascar',
  VNM: 'Viêt Nam',
};
export const countryLabel = (code: string): string => COUNTRY_NAMES_FR[code] ?? code;

const percent = (count: number, total: number) => (total === 0 ? 0 : Math.round((count * 10_000) / total) / 100);

interface RuleOutcome {
  id: string;
  status: string;
  reason: string;
  params: Record<string, string | number>;
}

/**
 * A period of local calendar days [from, to] as instants [start, end) in the post's zone. A day
 * is not always 24 h (Morocco changes its offset around Ramadan): days are counted on the calendar.
 */
export function periodBounds(from: string, to: string, timeZone: string): { start: number; end: number; days: number } {
  if (!isIsoDate(from) || !isIsoDate(to)) return { start: 0, end: 0, days: 0 };
  const start = zonedDayStart(from, timeZone);
  const end = zonedDayStart(addDays(to, 1), timeZone);
  return { start, end, days: Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1 };
}

export function createReportService(deps: { repo: ReportRepository; postCode: string; timeZone: () => string }) {
  // Read on each call: a new post learns its code when it enrols.
  const { repo } = deps;

  function line(r: VerdictRow) {
    const pv = r.pvBody ? (JSON.parse(r.pvBody) as { beneficiary: { surname: string; givenNames: string; nationality: string } }) : null;
    const scans = JSON.parse(r.scans) as {
      document?: { surname: string; givenNames: string; nationality: string } | null;
      summaries?: { corrected?: boolean }[];
    };
    const doc = scans.document ?? null;
    const rules = (JSON.parse(r.rules) as RuleOutcome[]).filter((o) => o.status === 'failed');
    const who = pv?.beneficiary ?? doc;
    return {
      passageId: r.passageId,
      at: r.at,
      pvNumber: r.pvNumber,
      name: who ? `${who.surname} ${who.givenNames}`.trim() : '',
      nationality: who?.nationality ?? '',
      reasons: rules.map((o) => ({ id: o.id, reason: o.reason, params: o.params })),
      mrzCorrected: (scans.summaries ?? []).some((s) => s.corrected === true),
    };
  }

  return {
    departures(input: { from: string; to: string }): Result<DeparturesReport> {
      const timeZone = deps.timeZone();
      const { start, end, days } = periodBounds(input.from, input.to, timeZone);
      if (!(days >= 1)) return err('badInput', 'reports.periodInvalid', { field: 'to' });
      if (days > MAX_REPORT_DAYS) return err('badInput', 'reports.periodTooLong', { field: 'to', max: MAX_REPORT_DAYS });

      const stamps = repo.departures(deps.postCode, start, end);
      const total = stamps.length;
      const counts = new Map<string, number>();
      const byDay = new Map<string, number>();
      const byHour = new Array<number>(24).fill(0);
      for (let d = 0; d < days; d++) byDay.set(addDays(input.from, d), 0);
      for (const s of stamps) {
        counts.set(s.nationality, (counts.get(s.nationality) ?? 0) + 1);
        const local = localParts(s.at, timeZone);
        const day = localIsoDate(s.at, timeZone);
        byDay.set(day, (byDay.get(day) ?? 0) + 1);
        byHour[local.hour] = (byHour[local.hour] ?? 0) + 1;
      }
      // Count descending; equal counts in code order so the table is the same on every run.
      const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const top = sorted.slice(0, 10).map(([code, count]) => ({ code, label: countryLabel(code), count, percent: percent(count, total) }));
      const rest = sorted.slice(10);
      const othersCount = rest.reduce((s, [, n]) => s + n, 0);

      const lines = repo.refusedAndReferred(deps.postCode, start, end);
      const refused = lines.filter((r) => r.verdict === 'DENY').map(line);
      const referred = lines
        .filter((r) => r.verdict === 'REFER')
        .map((r) => ({
          ...line(r),
          settlement:
            r.settlementDecision && r.settlementReason !== null && r.settlementAt !== null
              ? { decision: r.settlementDecision, reason: r.settlementReason, at: r.settlementAt }
              : null,
        }));
      const reasonCounts = new Map<string, { verdict: 'DENY' | 'REFER'; id: string; reason: string; count: number }>();
      for (const [verdict, list] of [
        ['DENY', refused],
        ['REFER', referred],
      ] as const) {
        for (const l of list)
          for (const r of l.reasons) {
            const key = `${verdict}|${r.id}|${r.reason}`;
            const entry = reasonCounts.get(key) ?? { verdict, id: r.id, reason: r.reason, count: 0 };
            entry.count++;
            reasonCounts.set(key, entry);
          }
      }
      const perDiem = repo.perDiem(deps.postCode, start, end);
      return ok({
        period: { from: input.from, to: input.to, timeZone },
        postCode: deps.postCode,
        total,
        byNationality: {
          top,
          others: { count: othersCount, percent: percent(othersCount, total), codes: rest.map(([c]) => c) },
          total: { count: total, percent: total === 0 ? 0 : 100 },
        },
        byDay: [...byDay.entries()].map(([day, count]) => ({ day, count })),
        byHour: byHour.map((count, hour) => ({ hour, count })),
        perDiem: {
          count: perDiem.count,
          totalCents: perDiem.cents,
          currency: 'USD',
          voidedCount: perDiem.voidedCount,
          voidedCents: perDiem.voidedCents,
        },
        refused,
        referred,
        reasonCounts: [...reasonCounts.values()].sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1)),
        voids: repo.voids(deps.postCode, start, end),
      });
    },
  };
}
export type ReportService = ReturnType<typeof createReportService>;
