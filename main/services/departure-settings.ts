import type { PvTrustedKey } from '../../core/departure/pv-qr';
import { timeZoneOrDefault } from '../../core/format/format';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import type { DepartureSettings } from './departure-service';
import { POST_TIME_ZONE_SETTING } from './post-context';

/** Programme default: US$100 handed over at departure. */
export const DEFAULT_PER_DIEM_CENTS = 10_000;

function parseKeys(text: string | null): PvTrustedKey[] {
  if (!text) return [];
  try {
    const value = JSON.parse(text) as unknown;
    if (!Array.isArray(value)) return [];
    return value.filter(
      (k): k is PvTrustedKey =>
        typeof k === 'object' &&
        k !== null &&
        typeof (k as PvTrustedKey).keyId === 'string' &&
        /^[0-9a-f]{64}$/.test(String((k as PvTrustedKey).publicKey)),
    );
  } catch {
    return [];
  }
}

/** Departure settings read from post settings on each use (the centre may change them by sync). */
export function createDepartureSettings(settings: SettingsRepository): DepartureSettings {
  const int = (key: string, fallback: number) => {
    const n = Number(settings.get(key));
    return Number.isSafeInteger(n) && settings.get(key) !== null ? n : fallback;
  };
  return {
    perDiem: () => ({
      amountCents: int('perDiem.amountCents', DEFAULT_PER_DIEM_CENTS),
      period: settings.get('perDiem.period') ?? 'default',
    }),
    trustedPvKeys: () => parseKeys(settings.get('pv.trustedKeys')),
    flightDateWindowDays: () => int('ticket.windowDays', 0),
    /** The post's IANA time zone (`post.timeZone`), Africa/Casablanca when unset or unknown. */
    timeZone: () => timeZoneOrDefault(settings.get(POST_TIME_ZONE_SETTING)),
  };
}
