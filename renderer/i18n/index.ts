/**
 * i18n for the renderer: French (default), Arabic (right to left) and English.
 *
 * Every module writes its messages the same way (core/i18n/messages.ts: one tree per language,
 * French the reference, `defineMessages`); they are listed once in `bundles` below (one line per
 * module) and merged into the single `translation` namespace. Keys are typed (types.ts:
 * i18next `CustomTypeOptions`), so an unknown key is a compile error. Error codes translate as
 * `errors.<code>`.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { coreBundles } from '../../core/i18n/catalog';
import { defineMessages, isLanguage, mergeBundles, rtlLanguages, type MessageBundle } from '../../core/i18n/messages';
import { addFormats, i18nextOptions } from '../../core/i18n/translator';
import { cameraMessages } from '../features/camera/messages';
import { loginMessages } from '../features/login/messages';
import { receiptMessages } from '../features/receipts/messages';
import { setupMessages } from '../features/setup/messages';
import { flightMessages } from '../features/flights/messages';
import { supervisorMessages } from '../features/supervisor/messages';
import { syncTrustMessages } from '../app/sync-messages';
import { passageNoticeMessages } from '../features/passage/notice-messages';
import { reenrolMessages } from '../app/reenrol-messages';
import { ar } from './locales/ar';
import { en } from './locales/en';
import { fr } from './locales/fr';
import { defaultLanguage, type AppMessageKey, type Language } from './types';

export {
  defaultLanguage,
  languages,
  type AppMessageKey,
  type AppMessages,
  type Language,
  type MessageBundle,
  type MessageTree,
} from './types';
export { isLanguage, leafKeys, mergeBundles, rtlLanguages } from '../../core/i18n/messages';

/** Every message bundle of the app. Add a module's messages with one line here. */
export const bundles: readonly MessageBundle[] = [
  defineMessages(fr, ar, en),
  ...coreBundles,
  cameraMessages,
  supervisorMessages,
  loginMessages,
  receiptMessages,
  setupMessages,
  flightMessages,
  syncTrustMessages,
  passageNoticeMessages,
  reenrolMessages,
];

/**
 * A key computed at run time: a rule reason or title received over IPC, a scan issue's message.
 * The compiler cannot check it; `i18n.exists` can, and the locale tests check that every key core
 * can produce (rule titles and reasons, document issues) has a message.
 */
export function runtimeKey(key: string): AppMessageKey {
  return key as AppMessageKey;
}

export const storageKey = 'rva.language';

/** Intl locale used for dates and numbers in each UI language (Moroccan variants, Latin digits). */
export const intlLocale: Record<Language, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(storageKey);
    return isLanguage(value) ? value : defaultLanguage;
  } catch {
    return defaultLanguage;
  }
}

function applyToDocument(lang: Language): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lang;
  document.documentElement.dir = rtlLanguages.has(lang) ? 'rtl' : 'ltr';
}

export const i18n: I18n = i18next.createInstance();

/** Initialises i18next synchronously with the stored language (French by default). */
export function initI18n(): I18n {
  if (i18n.isInitialized) return i18n;
  const { resources } = mergeBundles(bundles);
  const lng = storedLanguage();
  void i18n.use(initReactI18next).init(i18nextOptions(resources, lng));
  addFormats(i18n);
  applyToDocument(lng);
  return i18n;
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : defaultLanguage;
}

/** Switches the UI language: text, `<html lang dir>`, and the stored choice. */
export async function setLanguage(lang: Language): Promise<void> {
  await i18n.changeLanguage(lang);
  applyToDocument(lang);
  try {
    globalThis.localStorage?.setItem(storageKey, lang);
  } catch {
    // Storage may be unavailable (private mode): the choice then lasts for this run only.
  }
}
