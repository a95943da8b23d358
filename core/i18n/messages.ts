/**
 * One way to write messages, everywhere: each module exports one tree per language, French the
 * reference, Arabic and English typed to have exactly the French keys (`defineMessages`). The
 * renderer merges every bundle into i18next's `translation` namespace; main (exports) merges the
 * core bundles into its own translator (translator.ts). Keys are typed from the French trees
 * (`MessageKey`), so a missing key is a compile error. Parameters are written `{{name}}`.
 */

export const languages = ['fr', 'ar', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'fr';
export const rtlLanguages: ReadonlySet<Language> = new Set<Language>(['ar']);

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export interface MessageTree {
  [key: string]: string | MessageTree;
}

/** Same keys as `T`, every leaf a string: what a translation of `T` must look like. */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };

/** Messages of one module: one tree per language, the French one the reference. */
export interface MessageBundle<T extends MessageTree = MessageTree> {
  fr: T;
  ar: Translation<T>;
  en: Translation<T>;
}

/**
 * Declares a module's messages. The French tree gives the keys; Arabic and English must have
 * exactly those keys (an extra or a missing key is a type error), and a test checks it again at
 * run time for every bundle.
 */
export function defineMessages<T extends MessageTree>(fr: T, ar: Translation<T>, en: Translation<T>): MessageBundle<T> {
  return { fr, ar, en };
}

/** Dotted paths to the leaves of a message tree: `'a.b.c'`. */
export type MessageKey<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${MessageKey<T[K]>}`;
}[keyof T & string];

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

/** The message at a dotted key, or undefined. */
export function lookup(tree: MessageTree, key: string): string | undefined {
  let node: string | MessageTree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = Object.hasOwn(node, part) ? node[part] : undefined;
  }
  return typeof node === 'string' ? node : undefined;
}

export interface MergeResult {
  resources: Record<Language, MessageTree>;
  /** Dotted keys defined by more than one bundle (the later bundle wins; a test keeps this empty). */
  collisions: string[];
}

function mergeTree(target: MessageTree, source: MessageTree, prefix: string, collisions: string[]): void {
  for (const [key, value] of Object.entries(source)) {
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

/** Merges bundles into one tree per language (one namespace). */
export function mergeBundles(list: readonly MessageBundle[]): MergeResult {
  const resources: Record<Language, MessageTree> = { fr: {}, ar: {}, en: {} };
  const collisions: string[] = [];
  for (const bundle of list) {
    for (const lang of languages) {
      // Collisions are counted once, on the reference language.
      mergeTree(resources[lang], bundle[lang] as MessageTree, '', lang === 'fr' ? collisions : []);
    }
  }
  return { resources, collisions };
}
