import type { fr } from './locales/fr';

export const languages = ['fr', 'ar', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'fr';

/** Same keys as `T`, every leaf a string: what a translation of `T` must look like. */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };

/** The shape every locale of the base messages must have (French is the reference). */
export type LocaleMessages = Translation<typeof fr>;

export interface MessageTree {
  [key: string]: string | MessageTree;
}

/** Messages a module exports for the UI: one tree per language, the French one the reference. */
export interface MessageBundle<T extends MessageTree = MessageTree> {
  fr: T;
  ar: Translation<T>;
  en: Translation<T>;
}
