/**
 * The renderer's access to the one formatter (core/format): times in the post's time zone (from
 * `app.info`), amounts and numbers in the UI language. Screens call `useFormatter()`; it is
 * rebuilt only when the language or the zone changes.
 */
import { useMemo, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { createFormatter, DEFAULT_TIME_ZONE, timeZoneOrDefault, type Formatter } from '../../core/format/format';
import { isLanguage } from '../../core/i18n/messages';
import { defaultLanguage } from './types';

let postTimeZone = DEFAULT_TIME_ZONE;
const listeners = new Set<() => void>();

/** Sets the post's time zone (from `app.info`); screens re-render with it. */
export function setPostTimeZone(zone: string): void {
  const next = timeZoneOrDefault(zone);
  if (next === postTimeZone) return;
  postTimeZone = next;
  for (const l of listeners) l();
}

export function getPostTimeZone(): string {
  return postTimeZone;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The formatter of the current UI language and the post's time zone. */
export function useFormatter(): Formatter {
  const { i18n } = useTranslation();
  const zone = useSyncExternalStore(subscribe, getPostTimeZone, getPostTimeZone);
  const language = isLanguage(i18n.language) ? i18n.language : defaultLanguage;
  return useMemo(() => createFormatter(language, zone), [language, zone]);
}
