/**
 * The message lookup shared by the renderer (through react-i18next) and main (exports): one
 * i18next configuration, so interpolation and plurals behave the same in a screen and in a PDF.
 */
import i18next, { type InitOptions, type i18n as I18n } from 'i18next';
import {
  defaultLanguage,
  languages,
  lookup,
  mergeBundles,
  type Language,
  type MessageBundle,
  type MessageKey,
  type MessageTree,
} from './messages';

/** Interpolation values: already-formatted text or numbers (times, amounts: see core/format). */
export type MessageParams = Record<string, string | number>;

/** FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (Unicode bidi algorithm). */
export const FSI = '\u2068';
export const PDI = '\u2069';

/**
 * An interpolated value set apart for the bidi algorithm: a name, a date, a code or an amount
 * keeps its own direction and never reorders the words around it ("CMN · 16:34" stays in that
 * order inside an Arabic sentence, an Arabic name inside a French one).
 */
export function isolate(value: unknown): string {
  return `${FSI}${String(value)}${PDI}`;
}

/** The text without bidi isolates (machine-readable files, comparisons). */
export function withoutIsolates(text: string): string {
  return text.replace(/[\u2066-\u2069]/g, '');
}

/**
 * i18next options for merged resources, the same for every process. Every interpolated value is
 * isolated (`isolate`): i18next's escape hook runs on each value, and nothing here is HTML.
 */
export function i18nextOptions(resources: Record<Language, MessageTree>, lng: Language): InitOptions {
  return {
    resources: Object.fromEntries(languages.map((l) => [l, { translation: resources[l] }])),
    lng,
    fallbackLng: defaultLanguage,
    supportedLngs: [...languages],
    initAsync: false,
    interpolation: { escapeValue: true, escape: isolate },
    returnNull: false,
  };
}

/**
 * Formats every instance shares: `{{n, plural(one: …; two: …; few: …; many: …; other: …)}}` picks
 * the word for `n` by the language's plural rules (Intl.PluralRules): Arabic says "5 دقائق" and
 * "15 دقيقة"; a form the message does not give falls back to `other`.
 */
export function addFormats(instance: I18n): void {
  instance.services.formatter?.add('plural', (value: unknown, lng: string | undefined, options: Record<string, unknown>) => {
    const n = Number(value);
    const form = Number.isFinite(n) ? new Intl.PluralRules(lng ?? defaultLanguage).select(n) : 'other';
    const word = options[form] ?? options.other;
    return typeof word === 'string' ? word : '';
  });
}

type LooseT = (key: string, options?: MessageParams & { lng?: Language }) => string;

/** Calls i18next's `t` with a key checked elsewhere (the renderer's typed keys do not apply here). */
export function looseT(instance: I18n): LooseT {
  return instance.t.bind(instance) as unknown as LooseT;
}

export interface Translator<T> {
  /** The message at a typed key, parameters interpolated, in `lang`. */
  t(lang: Language, key: MessageKey<T>, params?: MessageParams): string;
  /** Whether a key computed at run time (a rule reason, an action name) has a message. */
  has(key: string): key is MessageKey<T>;
}

/** A translator over `bundles`; `T` is the merged French tree (`typeof frA & typeof frB`). */
export function createTranslator<T>(bundles: readonly MessageBundle[]): Translator<T> {
  const { resources } = mergeBundles(bundles);
  const instance = i18next.createInstance();
  void instance.init(i18nextOptions(resources, defaultLanguage));
  addFormats(instance);
  const t = looseT(instance);
  return {
    t: (lang, key, params = {}) => t(key, { ...params, lng: lang }),
    has: (key): key is MessageKey<T> => lookup(resources.fr, key) !== undefined,
  };
}
