/**
 * What the post keeps of a departure's facts once the retention period is over: pure functions
 * that build the pseudonymised value of each personal column (main/services/retention-service.ts
 * writes them; migration 0009 allows that one update). Each is built from an allow-list of fields,
 * so a field added later, or one an older release stored (raw payloads, MRZ lines), is dropped.
 * Kept: what reports and counts need (document kind, nationality, sex, issuing state, birth year,
 * flight, rule outcomes). Dropped or replaced: names, document number, full birth date, expiry,
 * PNR, seat, check-in sequence, e-ticket, the child-protection reference, values quoted by rules.
 */
import type { RuleId } from './rules';

/** Stands in for a name or a number that was removed. */
export const PSEUDONYM = 'PSEUDONYME';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A document's birth date as printed (YYMMDD) or ISO: only the year is kept, as its 1 January. */
function birthYear(value: unknown): string {
  const s = str(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return `${s.slice(0, 4)}-01-01`;
  if (/^\d{6}$/.test(s)) return `${s.slice(0, 2)}0101`;
  return '';
}

function document(v: unknown): Json | null {
  const d = obj(v);
  if (!d) return null;
  return {
    kind: str(d.kind),
    source: str(d.source),
    documentType: str(d.documentType),
    documentNumber: PSEUDONYM,
    issuingState: str(d.issuingState),
    nationality: str(d.nationality),
    surname: PSEUDONYM,
    givenNames: '',
    birthDate: birthYear(d.birthDate),
    sex: str(d.sex),
    expiryDate: '',
    checksOk: d.checksOk === true,
  };
}

function leg(v: unknown): Json {
  const l = obj(v) ?? {};
  return {
    from: str(l.from),
    to: str(l.to),
    carrier: str(l.carrier),
    flightNumber: str(l.flightNumber),
    flightDate: typeof l.flightDate === 'string' ? l.flightDate : null,
    pnr: '',
    seat: '',
    sequence: '',
  };
}

function boardingPassOf(v: unknown): Json | null {
  const b = obj(v);
  if (!b) return null;
  return { passengerName: PSEUDONYM, surname: PSEUDONYM, givenNames: '', legs: list(b.legs).map(leg), checksOk: b.checksOk === true };
}

/** Only numbers (lengths, counts) survive in a message's parameters: strings may quote the scan. */
function numbersOnly(params: unknown): Json | undefined {
  const p = obj(params);
  if (!p) return undefined;
  const kept = Object.fromEntries(Object.entries(p).filter(([, value]) => typeof value === 'number'));
  return Object.keys(kept).length > 0 ? kept : undefined;
}

function issue(v: unknown): Json {
  const i = obj(v) ?? {};
  const params = numbersOnly(i.params);
  return { code: str(i.code), field: str(i.field), message: str(i.message), ...(params ? { params } : {}) };
}

function summary(v: unknown): Json {
  const s = obj(v) ?? {};
  return { kind: str(s.kind), valid: s.valid === true, errors: list(s.errors).map(issue), warnings: list(s.warnings).map(issue) };
}

/** The pseudonymised value of a passage's `scans` (marked `pseudonymised: true`). */
export function pseudonymiseScans(scans: unknown): Json {
  const s = obj(scans) ?? {};
  return {
    pseudonymised: true,
    document: document(s.document),
    boardingPass: boardingPassOf(s.boardingPass),
    summaries: list(s.summaries).map(summary),
    pending: list(s.pending).filter((p): p is string => typeof p === 'string'),
  };
}

/** The pseudonymised value of a check-in's boarding pass (marked `pseudonymised: true`). */
export function pseudonymiseBoardingPass(boardingPass: unknown): Json {
  return { pseudonymised: true, ...(boardingPassOf(boardingPass) ?? { legs: [] }) };
}

/** Rules whose parameters may quote the person: names, dates of birth, references, numbers. */
const QUOTING_RULES: ReadonlySet<string> = new Set<RuleId>([
  'pv.document',
  'identity.name',
  'identity.birthDate',
  'identity.nationality',
  'identity.sex',
  'ticket.name',
  'ticket.reference',
  'flags.minor',
]);

/** A passage's rule outcomes with the strings quoted by the rules above replaced. */
export function pseudonymiseRules(rules: unknown): unknown[] {
  return list(rules).map((v) => {
    const r = obj(v);
    if (!r) return v;
    if (!QUOTING_RULES.has(str(r.id))) return r;
    const params = obj(r.params) ?? {};
    return {
      ...r,
      params: Object.fromEntries(Object.entries(params).map(([k, value]) => [k, typeof value === 'string' ? PSEUDONYM : value])),
    };
  });
}
