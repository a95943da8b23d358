import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIME_ZONE,
  addDays,
  zonedTime,
  createFormatter,
  formatRuleParams,
  isTimeZone,
  localIsoDate,
  parseDisplayDate,
  readDayFirstDate,
  plainAmount,
  timeZoneOrDefault,
  zoneOffsetMinutes,
  zonedDayStart,
} from './format';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('time zone', () => {
  it('knows IANA zones and refuses anything else', () => {
    expect(isTimeZone('Africa/Casablanca')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('+01:00')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(timeZoneOrDefault(null)).toBe(DEFAULT_TIME_ZONE);
    expect(timeZoneOrDefault('Nowhere/Else')).toBe(DEFAULT_TIME_ZONE);
    expect(timeZoneOrDefault('Europe/Paris')).toBe('Europe/Paris');
  });

  it('follows Casablanca into and out of the 2026 Ramadan change (UTC+1, then UTC+0, then UTC+1)', () => {
    const f = createFormatter('fr', 'Africa/Casablanca');
    // Before: 15:34 UTC is 16:34 local.
    expect(f.time(Date.parse('2026-02-10T15:34:00Z'))).toBe('16:34');
    expect(zoneOffsetMinutes(Date.parse('2026-02-10T15:34:00Z'), 'Africa/Casablanca')).toBe(60);
    // During Ramadan the post runs on UTC: a fixed +60 would say 16:34 here.
    expect(f.time(Date.parse('2026-03-01T15:34:00Z'))).toBe('15:34');
    expect(zoneOffsetMinutes(Date.parse('2026-03-01T15:34:00Z'), 'Africa/Casablanca')).toBe(0);
    // After.
    expect(f.time(Date.parse('2026-03-25T15:34:00Z'))).toBe('16:34');
    expect(f.hour(Date.parse('2026-03-01T15:34:00Z'))).toBe(15);
    expect(f.hour(Date.parse('2026-03-25T15:34:00Z'))).toBe(16);
  });

  it('gives the local calendar day and the first instant of a local day across the change', () => {
    const zone = 'Africa/Casablanca';
    expect(localIsoDate(Date.parse('2026-06-14T23:30:00Z'), zone)).toBe('2026-06-15');
    expect(localIsoDate(Date.parse('2026-03-01T23:30:00Z'), zone)).toBe('2026-03-01');
    expect(zonedDayStart('2026-06-15', zone)).toBe(Date.parse('2026-06-14T23:00:00Z'));
    expect(zonedDayStart('2026-03-01', zone)).toBe(Date.parse('2026-03-01T00:00:00Z'));
    expect(zonedDayStart('2026-12-04', 'UTC')).toBe(Date.parse('2026-12-04T00:00:00Z'));
    for (const day of ['2026-02-14', '2026-02-15', '2026-02-16', '2026-03-21', '2026-03-22', '2026-03-23']) {
      const start = zonedDayStart(day, zone);
      expect(localIsoDate(start, zone), day).toBe(day);
      expect(localIsoDate(start - 1, zone), day).toBe(addDays(day, -1));
    }
  });
});

describe('dates and times', () => {
  const at = Date.parse('2026-12-04T15:34:07Z');

  it('writes dd/mm/yyyy and 24 h times in every language, in the post zone', () => {
    for (const lang of ['fr', 'ar', 'en'] as const) {
      const f = createFormatter(lang, 'Africa/Casablanca');
      expect(f.date(at)).toBe('04/12/2026');
      expect(f.time(at)).toBe('16:34');
      expect(f.timeSeconds(at)).toBe('16:34:07');
      expect(f.dateTime(at)).toBe('04/12/2026 16:34');
      expect(f.dateTimeSeconds(at)).toBe('04/12/2026 16:34:07');
      expect(f.calendarDate('1990-07-08')).toBe('08/07/1990');
      expect(f.calendarDate('not a date')).toBe('not a date');
      expect(f.fileStamp(at)).toBe('2026-12-04_16-34');
      expect(f.isoDate(at)).toBe('2026-12-04');
    }
    expect(createFormatter('fr', 'UTC').time(at)).toBe('15:34');
  });

  it('reads day-first dates as typed and refuses dates that do not exist', () => {
    expect(parseDisplayDate('04/12/2026')).toBe('2026-12-04');
    expect(parseDisplayDate(' 4/12/2026 ')).toBe('2026-12-04');
    expect(parseDisplayDate('04-12-2026')).toBe('2026-12-04');
    expect(parseDisplayDate('04.12.2026')).toBe('2026-12-04');
    expect(parseDisplayDate('31/02/2026')).toBeNull();
    expect(parseDisplayDate('12/31/2026')).toBeNull();
    expect(parseDisplayDate('2026-12-04')).toBeNull();
    expect(parseDisplayDate('')).toBeNull();
  });

  it('accepts one-digit days and months, checks leap years, and refuses two-digit years', () => {
    expect(parseDisplayDate('2/3/2026')).toBe('2026-03-02');
    expect(parseDisplayDate('29/02/2028')).toBe('2028-02-29');
    expect(parseDisplayDate('29/02/2026')).toBeNull();
    expect(parseDisplayDate('29/02/2100')).toBeNull();
    expect(parseDisplayDate('29/02/2000')).toBe('2000-02-29');
    expect(parseDisplayDate('31/04/2026')).toBeNull();
    expect(parseDisplayDate('00/01/2026')).toBeNull();
    expect(parseDisplayDate('15/00/2026')).toBeNull();
    expect(parseDisplayDate('15/06/26')).toBeNull();
    expect(parseDisplayDate('15/06/20266')).toBeNull();
    expect(parseDisplayDate('15/06/2026 10:00')).toBeNull();
    expect(parseDisplayDate('١٥/٠٦/٢٠٢٦')).toBeNull();
  });

  it('reads the shape of a day-first date without judging it (the LPC reader keeps 31/02 as a warning)', () => {
    expect(readDayFirstDate('31/02/1996')).toEqual({ year: 1996, month: 2, day: 31 });
    expect(readDayFirstDate(' 4 . 3 . 2001 ')).toEqual({ year: 2001, month: 3, day: 4 });
    expect(readDayFirstDate('1996-03-14')).toBeNull();
    expect(readDayFirstDate('4/3/01')).toBeNull();
  });
});

describe('amounts and numbers', () => {
  it('writes amounts the same way for every currency: number, then the code', () => {
    const fr = createFormatter('fr');
    expect(fr.amount(100_000, 'USD')).toBe(`1${NNBSP}000,00${NBSP}USD`);
    expect(fr.amount(100_000, 'MAD')).toBe(`1${NNBSP}000,00${NBSP}MAD`);
    expect(fr.amount(-5_000, 'USD')).toBe(`-50,00${NBSP}USD`);
    expect(fr.amount(1_075, 'MAD')).toBe(`10,75${NBSP}MAD`);
    expect(fr.amount(123_456_789, 'XOF')).toBe(`1${NNBSP}234${NNBSP}567,89${NBSP}XOF`);
    // Arabic: never "1.000,00" nor "$US 100,00".
    const ar = createFormatter('ar');
    expect(ar.amount(10_000, 'USD')).toBe(`100,00${NBSP}USD`);
    expect(ar.amount(100_000, 'MAD')).toBe(`1${NNBSP}000,00${NBSP}MAD`);
    const en = createFormatter('en');
    expect(en.amount(100_000, 'USD')).toBe(`1,000.00${NBSP}USD`);
    expect(en.amount(0, 'USD')).toBe(`0.00${NBSP}USD`);
  });

  it('writes rates, integers and percentages in the language', () => {
    expect(createFormatter('fr').decimal(60.1)).toBe('60,1');
    expect(createFormatter('fr').decimal(10.75)).toBe('10,75');
    expect(createFormatter('en').decimal(10.75)).toBe('10.75');
    expect(createFormatter('fr').decimal(12)).toBe('12');
    expect(createFormatter('fr').integer(12345)).toBe(`12${NNBSP}345`);
    expect(createFormatter('en').integer(12345)).toBe('12,345');
    expect(createFormatter('fr').percent(12.5)).toBe(`12,50${NNBSP}%`);
    expect(createFormatter('en').percent(100)).toBe('100.00%');
  });

  it('gives machine-readable amounts for data files', () => {
    expect(plainAmount(100_000)).toBe('1000.00');
    expect(plainAmount(-5_005)).toBe('-50.05');
    expect(plainAmount(7)).toBe('0.07');
  });
});

describe('rule parameters', () => {
  it('writes instants in post time and calendar dates day first, never raw epoch milliseconds', () => {
    const f = createFormatter('fr', 'Africa/Casablanca');
    expect(
      formatRuleParams(f, { post: 'CMN', at: Date.parse('2026-12-04T15:34:00Z'), expiry: '2027-01-31', age: 17, flight: 'AT 525' }),
    ).toEqual({ post: 'CMN', at: '04/12/2026 16:34', expiry: '31/01/2027', age: '17', flight: 'AT 525' });
  });
});

describe('zonedTime', () => {
  it('reads a wall-clock time on a date in the post zone', () => {
    // Casablanca is UTC+1 in June 2026 (outside Ramadan).
    expect(new Date(zonedTime('2026-06-15', '14:30', 'Africa/Casablanca')).toISOString()).toBe('2026-06-15T13:30:00.000Z');
    expect(new Date(zonedTime('2026-06-15', '00:05', 'UTC')).toISOString()).toBe('2026-06-15T00:05:00.000Z');
  });
});
