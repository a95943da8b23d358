/**
 * One clock and one number format for every screen, PDF, CSV, file name and chart.
 *
 * Times are shown in the post's time zone, an IANA zone from post settings (default
 * Africa/Casablanca), through Intl with `timeZone`: never a fixed offset, because Morocco's offset
 * changes around Ramadan (UTC+1 most of the year, UTC+0 during Ramadan). Dates are dd/mm/yyyy and
 * times 24 h (HH:mm) in every language, with Latin digits as used in Morocco. Amounts are integer
 * cents, written "1 000,00 USD" in French and Arabic and "1,000.00 USD" in English: the code
 * after the number, one format for every currency, never a currency symbol.
 *
 * Intl objects are built once per zone and kept: formatting is cheap enough to call per render.
 */
import type { Language } from '../i18n/messages';

export const DEFAULT_TIME_ZONE = 'Africa/Casablanca';

/** What an IANA zone name looks like (`Africa/Casablanca`, `America/Argentina/Buenos_Aires`, `UTC`): never an offset. */
export const TIME_ZONE_SHAPE = /^[A-Za-z]+(?:[/_+-][A-Za-z0-9_+-]+)*$/;

/** Whether the runtime knows this IANA zone. */
export function isTimeZone(zone: string): boolean {
  if (zone.length > 64 || !TIME_ZONE_SHAPE.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone as the runtime spells it (`africa/casablanca` → `Africa/Casablanca`, an alias → its
 * canonical name), or null when the runtime does not know it.
 */
export function canonicalTimeZone(zone: string): string | null {
  const trimmed = zone.trim();
  return isTimeZone(trimmed) ? new Intl.DateTimeFormat('en-GB', { timeZone: trimmed }).resolvedOptions().timeZone : null;
}

/** A valid zone, or the default when the setting is missing or unknown. */
export function timeZoneOrDefault(zone: string | null | undefined): string {
  return zone && isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB-u-nu-latn', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    partsFormats.set(zone, f);
  }
  return f;
}

/** The wall-clock date and time of an instant in a zone. */
export function localParts(at: number, zone: string): LocalParts {
  const out: LocalParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of partsFormat(zone).formatToParts(at)) {
    if (p.type in out) out[p.type as keyof LocalParts] = Number(p.value);
  }
  if (out.hour === 24) out.hour = 0;
  return out;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar date of an instant in a zone, YYYY-MM-DD. */
export function localIsoDate(at: number, zone: string): string {
  const p = localParts(at, zone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The zone's offset from UTC at an instant, in minutes (60 for Casablanca outside Ramadan). */
export function zoneOffsetMinutes(at: number, zone: string): number {
  const p = localParts(at, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - (at - (((at % 1000) + 1000) % 1000))) / 60_000);
}

/**
 * The first instant of a local calendar day (YYYY-MM-DD) in a zone. Works across offset changes:
 * the offset is the one in force at that local midnight.
 */
export function zonedDayStart(isoDate: string, zone: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let at = guess - zoneOffsetMinutes(guess, zone) * 60_000;
  // A second pass settles days whose midnight falls on the other side of a change.
  at = guess - zoneOffsetMinutes(at, zone) * 60_000;
  return at;
}

/** The instant of a local wall-clock time ("HH:MM") on a YYYY-MM-DD date in a zone. */
export function zonedTime(isoDate: string, hhmm: string, zone: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const [h, mi] = hhmm.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, h, mi);
  let at = guess - zoneOffsetMinutes(guess, zone) * 60_000;
  at = guess - zoneOffsetMinutes(at, zone) * 60_000;
  return at;
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * The parts of a date written day first ("04/12/2026", "4/12/2026", "04-12-2026", "04.12.2026",
 * spaces around the separators allowed, a four-digit year), whether or not such a day exists; null
 * for any other shape. The one reader of typed day-first dates: `parseDisplayDate` for the
 * screens, and the LPC reader (which keeps a day that does not exist as a warning).
 */
export function readDayFirstDate(text: string): { year: number; month: number; day: number } | null {
  const m = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(text);
  return m ? { year: Number(m[3]), month: Number(m[2]), day: Number(m[1]) } : null;
}

/**
 * A date typed as the screens show it, day first: "04/12/2026", "4/12/2026", "04-12-2026",
 * "04.12.2026" -> "2026-12-04"; null when it is not a real date (31/02/2026) or not written so
 * (2026-12-04, 04/12/26).
 */
export function parseDisplayDate(text: string): string | null {
  const d = readDayFirstDate(text);
  if (!d) return null;
  const iso = `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
  return isIsoDate(iso) ? iso : null;
}

/** Number separators per language: French and Arabic as used in Morocco, English as in the UK. */
const SEPARATORS: Record<Language, { group: string; decimal: string; percent: string }> = {
  fr: { group: '\u202f', decimal: ',', percent: '\u202f%' },
  ar: { group: '\u202f', decimal: ',', percent: '\u202f%' },
  en: { group: ',', decimal: '.', percent: '%' },
};

function groupDigits(digits: string, group: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);
}

export interface Formatter {
  readonly language: Language;
  readonly timeZone: string;
  /** dd/mm/yyyy in the post's zone. */
  date(at: number): string;
  /** HH:mm in the post's zone. */
  time(at: number): string;
  /** HH:mm:ss in the post's zone. */
  timeSeconds(at: number): string;
  /** dd/mm/yyyy HH:mm in the post's zone. */
  dateTime(at: number): string;
  /** dd/mm/yyyy HH:mm:ss in the post's zone. */
  dateTimeSeconds(at: number): string;
  /** A calendar date (YYYY-MM-DD, no zone: a birth date, a flight date) as dd/mm/yyyy; other text unchanged. */
  calendarDate(isoDate: string): string;
  /** The hour (0-23) of an instant in the post's zone: charts. */
  hour(at: number): number;
  /** YYYY-MM-DD of an instant in the post's zone. */
  isoDate(at: number): string;
  /** "2026-12-04_16-34": a local time for file names (sorts, no characters file systems refuse). */
  fileStamp(at: number): string;
  /** "1 000,00 USD" / "1,000.00 USD"; negative amounts with a leading "-". */
  amount(cents: number, currency: string): string;
  /** "1 000,00" / "1,000.00": the number of an amount, without currency. */
  amountNumber(cents: number): string;
  /** "1 234" / "1,234". */
  integer(n: number): string;
  /** A decimal with up to `maxDigits` decimals, no trailing zeros: "10,75" / "10.75". */
  decimal(n: number, maxDigits?: number): string;
  /** The language's decimal mark: "," in French and Arabic, "." in English (fields that take a decimal). */
  readonly decimalMark: string;
  /** "12,50 %" / "12.50%" (two decimals). */
  percent(n: number): string;
}

/** "-1234.50": amounts in machine-readable files (CSV amount columns, JSON), any language. */
export function plainAmount(cents: number): string {
  const abs = Math.abs(Math.trunc(cents));
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${pad(abs % 100)}`;
}

export function createFormatter(language: Language, timeZone: string = DEFAULT_TIME_ZONE): Formatter {
  const zone = timeZoneOrDefault(timeZone);
  const sep = SEPARATORS[language];
  const date = (p: LocalParts) => `${pad(p.day)}/${pad(p.month)}/${pad(p.year, 4)}`;
  const time = (p: LocalParts) => `${pad(p.hour)}:${pad(p.minute)}`;
  const amountNumber = (cents: number) => {
    const abs = Math.abs(Math.trunc(cents));
    return `${cents < 0 ? '-' : ''}${groupDigits(String(Math.floor(abs / 100)), sep.group)}${sep.decimal}${pad(abs % 100)}`;
  };
  const decimal = (n: number, maxDigits = 6) => {
    if (!Number.isFinite(n)) return String(n);
    const [whole = '0', frac = ''] = Math.abs(n).toFixed(maxDigits).replace(/0+$/, '').split('.');
    return `${n < 0 ? '-' : ''}${groupDigits(whole, sep.group)}${frac ? sep.decimal + frac : ''}`;
  };
  return {
    language,
    timeZone: zone,
    date: (at) => date(localParts(at, zone)),
    time: (at) => time(localParts(at, zone)),
    timeSeconds: (at) => {
      const p = localParts(at, zone);
      return `${time(p)}:${pad(p.second)}`;
    },
    dateTime: (at) => {
      const p = localParts(at, zone);
      return `${date(p)} ${time(p)}`;
    },
    dateTimeSeconds: (at) => {
      const p = localParts(at, zone);
      return `${date(p)} ${time(p)}:${pad(p.second)}`;
    },
    calendarDate: (iso) => {
      const m = ISO_DATE.exec(iso);
      return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
    },
    hour: (at) => localParts(at, zone).hour,
    isoDate: (at) => localIsoDate(at, zone),
    fileStamp: (at) => {
      const p = localParts(at, zone);
      return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}_${pad(p.hour)}-${pad(p.minute)}`;
    },
    amount: (cents, currency) => `${amountNumber(cents)}\u00a0${currency}`,
    amountNumber,
    integer: (n) => `${n < 0 ? '-' : ''}${groupDigits(String(Math.abs(Math.trunc(n))), sep.group)}`,
    decimal,
    decimalMark: sep.decimal,
    percent: (n) => {
      const [whole = '0', frac = '00'] = Math.abs(n).toFixed(2).split('.');
      return `${n < 0 ? '-' : ''}${groupDigits(whole, sep.group)}${sep.decimal}${frac}${sep.percent}`;
    },
  };
}

/** Rule parameters that hold an instant (epoch ms). */
const INSTANT_PARAMS: ReadonlySet<string> = new Set(['at', 'validFrom', 'validUntil']);

/**
 * A rule's parameters ready for its message, as the verdict banner shows them: instants as
 * date and time in the post's zone, calendar dates (YYYY-MM-DD) as dd/mm/yyyy, other numbers in the
 * language's digits grouping, text unchanged. Reports and exports use the same function.
 */
export function formatRuleParams(f: Formatter, params: Record<string, string | number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'number') out[key] = INSTANT_PARAMS.has(key) ? f.dateTime(value) : f.integer(value);
    else out[key] = f.calendarDate(value);
  }
  return out;
}
