/**
 * Pure helpers of the passage screen: amounts typed as decimals, rule parameters made readable,
 * rule order, and which failures only mean "a scan is still missing".
 */
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

/** "10,75" -> "10.75" as the contract wants it (up to 6 decimals); null when not a rate. */
export function normalizeRate(text: string): string | null {
  const value = text.trim().replace(',', '.');
  return /^\d{1,6}(\.\d{1,6})?$/.test(value) ? value : null;
}

/** Received / given, rounded to 4 decimals, as a suggested rate ("60.1"). */
export function suggestRate(givenCents: number, receivedCents: number): string | null {
  if (givenCents <= 0 || receivedCents <= 0) return null;
  const rate = Math.round((receivedCents / givenCents) * 10_000) / 10_000;
  const text = String(rate);
  return normalizeRate(text);
}

export function formatCents(locale: string, cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'code' }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Parameters that hold an instant in milliseconds. */
const INSTANT_PARAMS = new Set(['at', 'validFrom', 'validUntil']);

export function formatIsoDate(locale: string, iso: string): string {
  if (!ISO_DATE.test(iso)) return iso;
  const at = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  if (Number.isNaN(at)) return iso;
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(at);
}

export function formatInstant(locale: string, at: number): string {
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(
    at,
  );
}

/** Rule parameters ready for interpolation: instants and ISO dates in the UI language. */
export function formatRuleParams(locale: string, params: Rule['params']): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'number' && INSTANT_PARAMS.has(key)) out[key] = formatInstant(locale, value);
    else if (typeof value === 'string' && ISO_DATE.test(value)) out[key] = formatIsoDate(locale, value);
    else out[key] = value;
  }
  return out;
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
export function formatDocDate(locale: string, value: string, century: 'birth' | 'expiry', today = new Date()): string {
  if (ISO_DATE.test(value)) return formatIsoDate(locale, value);
  if (!/^\d{6}$/.test(value)) return value;
  const yy = Number(value.slice(0, 2));
  const current = today.getUTCFullYear() % 100;
  const year = century === 'birth' ? (yy > current ? 1900 + yy : 2000 + yy) : 2000 + yy;
  return formatIsoDate(locale, `${year}-${value.slice(2, 4)}-${value.slice(4, 6)}`);
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
