/**
 * i18n for the renderer: French (default), Arabic (right to left) and English.
 *
 * The base messages live in ./locales; feature and core modules export their own
 * `{ fr, ar, en }` bundles, listed once in `bundles` below (one line per module) and merged into
 * the single `translation` namespace. Error codes translate as `errors.<code>`.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { departureMessages } from '../../core/departure/messages';
import { documentMessages } from '../../core/documents/messages';
import { cameraMessages } from '../features/camera/messages';
import { loginMessages } from '../features/login/messages';
import { supervisorMessages } from '../features/supervisor/messages';
import { ar } from './locales/ar';
import { en } from './locales/en';
import { fr } from './locales/fr';
import { defaultLanguage, languages, type Language, type MessageBundle, type MessageTree } from './types';

export { defaultLanguage, languages, type Language, type MessageBundle, type MessageTree } from './types';

/** Messages of one module in each language; nested trees or flat dotted keys (`a.b.c`). */
export type LanguageBundle = Record<Language, MessageTree>;

/** Every message bundle of the app. Add a module's messages with one line here. */
export const bundles: readonly LanguageBundle[] = [
  { fr, ar, en } satisfies MessageBundle<typeof fr>,
  documentMessages,
  departureMessages,
  cameraMessages,
  supervisorMessages,
  loginMessages,
];

export const rtlLanguages: ReadonlySet<Language> = new Set<Language>(['ar']);
export const storageKey = 'rva.language';

/** Intl locale used for dates and numbers in each UI language (Moroccan variants, Latin digits). */
export const intlLocale: Record<Language, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

export interface MergeResult {
  resources: Record<Language, MessageTree>;
  /** Dotted keys defined by more than one bundle (the later bundle wins; a test keeps this empty). */
  collisions: string[];
}

/** Turns flat dotted keys (`{ 'a.b': 'x' }`) into nested trees (`{ a: { b: 'x' } }`). */
function nest(source: MessageTree): MessageTree {
  const out: MessageTree = {};
  for (const [key, value] of Object.entries(source)) {
    const parts = key.split('.');
    const leaf = parts.pop() as string;
    let node: MessageTree = out;
    for (const part of parts) {
      const next = node[part];
      if (typeof next === 'object') node = next;
      else node = node[part] = {};
    }
    node[leaf] = typeof value === 'string' ? value : nest(value);
  }
  return out;
}

function mergeTree(target: MessageTree, source: MessageTree, prefix: string, collisions: string[]): void {
  for (const [key, value] of Object.entries(nest(source))) {
    const path = prefix ? `${prefix}.${key}` : key;
    const existing = target[key];
    if (typeof value === 'string') {
      if (existing !== undefined) collisions.push(path);
      target[key] = value;
    } else if (existing === undefined) {
      target[key] = {};
      mergeTree(target[key] as MessageTree, value, path, collisions);
    } else if (typeof existing === 'string') {
      collisions.push(path);
      target[key] = {};
      mergeTree(target[key] as MessageTree, value, path, collisions);
    } else {
      mergeTree(existing, value, path, collisions);
    }
  }
}

export function mergeBundles(list: readonly LanguageBundle[]): MergeResult {
  const resources: Record<Language, MessageTree> = { fr: {}, ar: {}, en: {} };
  const collisions: string[] = [];
  for (const bundle of list) {
    for (const lang of languages) {
      // Collisions are counted once, on the reference language.
      mergeTree(resources[lang], bundle[lang], '', lang === 'fr' ? collisions : []);
    }
  }
  return { resources, collisions };
}

/** All leaf keys of a tree, dotted and sorted. */
export function leafKeys(tree: MessageTree, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.push(path);
    else out.push(...leafKeys(value, path));
  }
  return out.sort();
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

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
  void i18n.use(initReactI18next).init({
    resources: Object.fromEntries(languages.map((l) => [l, { translation: resources[l] }])),
    lng,
    fallbackLng: defaultLanguage,
    supportedLngs: [...languages],
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
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
