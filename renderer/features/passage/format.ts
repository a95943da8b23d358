/**
 * Pure helpers of the passage screen: amounts typed as decimals, rule parameters made readable,
 * rule order, and which failures only mean "a scan is still missing".
 */
import { formatRuleParams, type Formatter } from '../../../core/format/format';
import type { PassageView } from '../../../core/ipc';

type Rule = PassageView['rules'][number];

/**
 * "1 000,50" / "1000.5" / "75" -> integer cents; null when it is not an amount with at most two
 * decimals. Spaces (also narrow no-break spaces) group thousands; a comma or a dot is the decimal mark.
 */
export function parseAmountToCents(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f']/g, '');
  const m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!m) return null;
  const units = Number(m[1]);
  const fraction = m[2] ? Number(m[2].padEnd(2, '0')) : 0;
  return units * 100 + fraction;
}

/**
 * A typed rate ("10,75", "10.75", "1 234,5") -> "10.75" as the contract wants it (up to 6
 * decimals, the text kept as typed, never through a float); null when not a rate. Either decimal
 * mark is read; spaces group thousands.
 */
export function normalizeRate(text: string): string | null {
  const value = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return /^\d{1,6}(\.\d{1,6})?$/.test(value) ? value : null;
}

/** A contract rate ("60.1") as the rate field shows it: the language's decimal mark, no grouping, so it reads back whole. */
export function rateText(f: Pick<Formatter, 'decimalMark'>, rate: string): string {
  return rate.replace('.', f.decimalMark);
}

/** Received / given, rounded to 4 decimals, as the rate field shows it ("60,1" in French and Arabic, "60.1" in English). */
export function suggestRate(givenCents: number, receivedCents: number, f: Pick<Formatter, 'decimalMark'>): string | null {
  if (givenCents <= 0 || receivedCents <= 0) return null;
  const rate = normalizeRate(String(Math.round((receivedCents / givenCents) * 10_000) / 10_000));
  return rate === null ? null : rateText(f, rate);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Rule parameters ready for interpolation, as everywhere else (core/format): the post's zone. */
export function ruleParams(f: Formatter, params: Rule['params']): Record<string, string | number> {
  return formatRuleParams(f, params);
}

/** Reasons that only say a scan has not been made yet. */
const WAITING_REASONS = new Set(['missing', 'awaitingDocument', 'noDocument', 'noBoardingPass']);

export function isWaiting(rule: Rule): boolean {
  return WAITING_REASONS.has(rule.reason.slice(rule.reason.lastIndexOf('.') + 1));
}

/** Failed rules that are real findings, not a scan still to come. */
export function blockingFailures(view: PassageView): Rule[] {
  return view.rules.filter((r) => r.status === 'failed' && !isWaiting(r));
}

/** A passage that still waits for a scan and has found nothing wrong so far. */
export function isIncomplete(view: PassageView): boolean {
  return view.pending.length > 0 && blockingFailures(view).length === 0;
}

/** Failed first (deny before refer), then passed, then not applicable; stable otherwise. */
export function orderRules(rules: readonly Rule[]): Rule[] {
  const rank = (r: Rule) => (r.status === 'failed' ? (r.severity === 'deny' ? 0 : 1) : r.status === 'passed' ? 2 : 3);
  return rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => rank(a.rule) - rank(b.rule) || a.index - b.index)
    .map((x) => x.rule);
}

/** YYMMDD (document) or YYYY-MM-DD (PV) -> a readable date; other text unchanged. */
export function formatDocDate(f: Formatter, value: string, century: 'birth' | 'expiry', today = new Date()): string {
  if (ISO_DATE.test(value)) return f.calendarDate(value);
  if (!/^\d{6}$/.test(value)) return value;
  const yy = Number(value.slice(0, 2));
  const current = today.getUTCFullYear() % 100;
  const year = century === 'birth' ? (yy > current ? 1900 + yy : 2000 + yy) : 2000 + yy;
  return f.calendarDate(`${year}-${value.slice(2, 4)}-${value.slice(4, 6)}`);
}

/** Currency usually received in each beneficiary's country (ISO 3166 alpha-3 -> ISO 4217). */
const CURRENCY_OF: Record<string, string> = {
  SEN: 'XOF',
  MLI: 'XOF',
  CIV: 'XOF',
  BFA: 'XOF',
  NER: 'XOF',
  TGO: 'XOF',
  BEN: 'XOF',
  GNB: 'XOF',
  CMR: 'XAF',
  COG: 'XAF',
  GAB: 'XAF',
  TCD: 'XAF',
  CAF: 'XAF',
  GNQ: 'XAF',
  GIN: 'GNF',
  NGA: 'NGN',
  GMB: 'GMD',
  SLE: 'SLE',
  LBR: 'LRD',
  GHA: 'GHS',
  COD: 'CDF',
  MRT: 'MRU',
  SDN: 'SDG',
  ETH: 'ETB',
  BGD: 'BDT',
  PAK: 'PKR',
  EGY: 'EGP',
  DZA: 'DZD',
  TUN: 'TND',
};

export function currencyFor(nationality: string | null | undefined): string {
  return (nationality && CURRENCY_OF[nationality.toUpperCase()]) || 'EUR';
}

/**
 * What needs a decision: the newest referral of each PV (the officer works on that passage), and
 * not the passages that were still waiting for a scan (their REFER may only mean "scan the
 * boarding pass"; the complete passage that follows is the one to settle).
 */
export function openReferrals<R extends { passageId: string; at: number; pvNumber: string | null; rules: Rule[] }>(
  list: readonly R[],
): R[] {
  const seen = new Set<string>();
  return [...list]
    .sort((a, b) => b.at - a.at)
    .filter((r) => {
      const failed = r.rules.filter((rule) => rule.status === 'failed');
      return failed.length > 0 && !failed.some(isWaiting);
    })
    .filter((r) => {
      const key = r.pvNumber ?? r.passageId;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * Control and direction characters (C0/C1 controls, the bidi embeddings, overrides, isolates and
 * marks, zero-width and BOM) become a visible code such as "⟨U+202E⟩": a right-to-left override in
 * a scanned payload cannot reorder what the officer reads, and nothing hidden passes unseen.
 * Line breaks stay (an MRZ has several lines).
 */
export function showControls(raw: string): string {
  return raw.replace(
    // eslint-disable-next-line no-control-regex -- this pattern exists to find control characters.
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g,
    (c) => `⟨U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`,
  );
}
