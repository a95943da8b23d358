/**
 * Calendar helpers for the departure rules. Dates are ISO `YYYY-MM-DD` strings; instants are
 * integer milliseconds since the epoch (UTC). No time zone database: the post's offset from UTC
 * is given in minutes (Morocco: +60, +0 during Ramadan).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YYMMDD = /^(\d{2})(\d{2})(\d{2})$/;

/** Days in a month of the proleptic Gregorian calendar (month 1-12). */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a real calendar date written `YYYY-MM-DD` (1900-01-01 .. 2199-12-31). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** Whole days from `a` to `b` (both valid ISO dates); positive when `b` is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Full years of age on `today` for someone born on `birthDate`. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/**
 * A date as read from a document. `unknownParts` lists the parts the document leaves unknown
 * (ICAO 9303 allows `<<` or `XX` for an unknown day or month of birth).
 */
export type DocumentDate = { ok: true; year: number; month: number | null; day: number | null; iso: string | null } | { ok: false };

/**
 * Reads a document date, `YYYY-MM-DD` or MRZ `YYMMDD`. A two-digit year is resolved with
 * `century`: 'past' picks the latest year not after `today` (birth dates), 'future' picks
 * 2000-2099 (expiry dates). The month or day may be unknown (`<<`, `XX`, `00`) for 'past' dates.
 */
export function readDocumentDate(text: string, century: 'past' | 'future', today: string): DocumentDate {
  const t = text.trim().toUpperCase();
  if (ISO_DATE.test(t)) {
    return isIsoDate(t)
      ? { ok: true, year: Number(t.slice(0, 4)), month: Number(t.slice(5, 7)), day: Number(t.slice(8, 10)), iso: t }
      : { ok: false };
  }
  const raw = t.replace(/[<X]/g, '0');
  const m = YYMMDD.exec(raw);
  if (!m || t.slice(0, 2).includes('<') || t.slice(0, 2).includes('X')) return { ok: false };
  const yy = Number(m[1]);
  const mm = Number(m[2]);
  const dd = Number(m[3]);
  let year: number;
  if (century === 'future') {
    year = 2000 + yy;
  } else {
    const todayYear = Number(today.slice(0, 4));
    year = Math.floor(todayYear / 100) * 100 + yy;
    const candidate = `${year}-${String(mm || 1).padStart(2, '0')}-${String(dd || 1).padStart(2, '0')}`;
    if (year > todayYear || candidate > today) year -= 100;
  }
  if (mm > 12) return { ok: false };
  const month = mm === 0 ? null : mm;
  if (month === null && dd !== 0) return { ok: false };
  if (century === 'future' && (month === null || dd === 0)) return { ok: false };
  const day = dd === 0 ? null : dd;
  if (month !== null && day !== null) {
    const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    return isIsoDate(iso) ? { ok: true, year, month, day, iso } : { ok: false };
  }
  return { ok: true, year, month, day, iso: null };
}
