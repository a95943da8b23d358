import type { DocumentMessageKey } from './messages';

/**
 * One error or warning. `code` is stable and meant for programs (the CLI prints it, tests
 * match it); `message` is an i18n key (see messages.ts); `field` names the field concerned
 * (`documentNumber`, `line2`, `legs[0].from`, ...); `params` feed the message's interpolation.
 */
export interface DocumentIssue {
  code: string;
  field: string;
  message: DocumentMessageKey;
  params?: Record<string, string | number>;
}

/**
 * One character changed by OCR repair. `line` is 1-based, `position` the 0-based column in
 * that line of the normalised MRZ; `field` the field the character belongs to.
 */
export interface Repair {
  field: string;
  line: number;
  position: number;
  from: string;
  to: string;
}

/** A calendar date given to the parsers (they never read the clock): a Date or 'YYYY-MM-DD'. */
export type ReferenceDate = Date | string;

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

/** Reads a reference date as a UTC calendar day; null when it is not a date. */
export function toYmd(value: ReferenceDate | undefined): Ymd | null {
  if (value === undefined) return null;
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) return null;
    return { year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() };
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return null;
  const ymd = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isCalendarDate(ymd.year, ymd.month, ymd.day) ? ymd : null;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Days since 1970-01-01 for a calendar day (UTC arithmetic, no clock). */
export function dayNumber(ymd: Ymd): number {
  return Math.floor(Date.UTC(ymd.year, ymd.month - 1, ymd.day) / 86_400_000);
}

export function isoDate(ymd: Ymd): string {
  return `${String(ymd.year).padStart(4, '0')}-${String(ymd.month).padStart(2, '0')}-${String(ymd.day).padStart(2, '0')}`;
}

/**
 * Whether a YYMMDD expiry date lies before the reference day. Expiry years are read in
 * 2000-2099 unless that puts them more than 50 years ahead of the reference. Null when the
 * date is not a calendar date.
 */
export function isExpired(yymmdd: string, reference: Ymd): boolean | null {
  if (!/^\d{6}$/.test(yymmdd)) return null;
  const yy = Number(yymmdd.slice(0, 2));
  let year = 2000 + yy;
  if (year > reference.year + 50) year -= 100;
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  if (!isCalendarDate(year, month, day)) return null;
  return dayNumber({ year, month, day }) < dayNumber(reference);
}

/** A YYMMDD string that could be a date (any century): month 1-12, day within the month. */
export function isPlausibleYymmdd(yymmdd: string): boolean {
  if (!/^\d{6}$/.test(yymmdd)) return false;
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  // Feb 29 is possible in 2000 + yy or 1900 + yy; either century will do for a YY year.
  return isCalendarDate(2000 + yy, month, day) || isCalendarDate(1900 + yy, month, day);
}
