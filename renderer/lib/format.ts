import type { TFunction } from 'i18next';
import type { AppError } from './api';

/** "4 min 05 s" / "12 s" in the current language. */
export function formatDuration(t: TFunction, ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (minutes === 0) return t('time.sec', { seconds });
  return t('time.minSec', { minutes, seconds: String(seconds).padStart(2, '0') });
}

/** The translated text of an error code; the message is an i18n key when one exists. */
export function errorText(t: TFunction, error: AppError): string {
  return t(`errors.${error.code}`);
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Remaining attempts before lock, from the error params when main gives them. */
export function attemptsLeft(error: AppError): number | null {
  const p = error.params ?? {};
  return num(p.attemptsLeft) ?? num(p.remainingAttempts) ?? num(p.attemptsRemaining);
}

/** When a lock ends (epoch ms), from the error params when main gives them. */
export function lockedUntil(error: AppError, now: number): number | null {
  const p = error.params ?? {};
  const until = num(p.lockedUntil) ?? num(p.until);
  if (until !== null) return until;
  const remainingMs = num(p.retryAfterMs) ?? num(p.remainingMs);
  if (remainingMs !== null) return now + remainingMs;
  const remainingSeconds = num(p.remainingSeconds);
  return remainingSeconds !== null ? now + remainingSeconds * 1000 : null;
}
