import { describe, expect, it } from 'vitest';
import { departureRuleMessageKeys } from '../../core/departure/messages';
import { documentMessageKeys } from '../../core/documents/messages';
import { errorCodes } from '../../core/ipc/result';
import { bundles, i18n, initI18n, languages, leafKeys, mergeBundles, setLanguage, type MessageTree } from './index';

describe('locales', () => {
  it('every bundle has exactly the French keys in Arabic and English', () => {
    expect(bundles.length).toBeGreaterThan(0);
    for (const bundle of bundles) {
      const reference = leafKeys(bundle.fr);
      expect(reference.length).toBeGreaterThan(0);
      expect(leafKeys(bundle.ar)).toEqual(reference);
      expect(leafKeys(bundle.en)).toEqual(reference);
    }
  });

  it('no message is empty in any language', () => {
    const { resources } = mergeBundles(bundles);
    for (const lang of languages) {
      const walk = (tree: MessageTree, path: string): void => {
        for (const [k, v] of Object.entries(tree)) {
          if (typeof v === 'string') expect(v.trim(), `${lang}:${path}${k}`).not.toBe('');
          else walk(v, `${path}${k}.`);
        }
      };
      walk(resources[lang], '');
    }
  });

  it('bundles do not redefine each other’s keys', () => {
    expect(mergeBundles(bundles).collisions).toEqual([]);
  });

  it('every key core can produce (rule titles and reasons, document issues) has a message', () => {
    const keys = new Set(leafKeys(mergeBundles(bundles).resources.fr));
    const produced = [...departureRuleMessageKeys(), ...documentMessageKeys];
    expect(produced.length).toBeGreaterThan(200);
    for (const key of produced) expect(keys.has(key), key).toBe(true);
  });

  it('every IPC error code has a translation', () => {
    const keys = new Set(leafKeys(mergeBundles(bundles).resources.fr));
    for (const code of errorCodes) expect(keys.has(`errors.${code}`), code).toBe(true);
  });

  it('interpolates placeholders in Arabic and English the same as in French', () => {
    const { resources } = mergeBundles(bundles);
    const placeholders = (tree: MessageTree): Record<string, string[]> => {
      const out: Record<string, string[]> = {};
      const walk = (t: MessageTree, p: string): void => {
        for (const [k, v] of Object.entries(t)) {
          if (typeof v === 'string') out[p + k] = (v.match(/\{\{\s*\w+\s*\}\}/g) ?? []).sort();
          else walk(v, `${p}${k}.`);
        }
      };
      walk(tree, '');
      return out;
    };
    const reference = placeholders(resources.fr);
    expect(placeholders(resources.ar)).toEqual(reference);
    expect(placeholders(resources.en)).toEqual(reference);
  });
});

describe('merging', () => {
  it('merges trees of several modules into one namespace', () => {
    const merged = mergeBundles([
      { fr: { a: { b: 'x', c: 'y' } }, ar: { a: { b: 'س', c: 'ص' } }, en: { a: { b: 'x', c: 'y' } } },
      { fr: { a: { d: 'z' } }, ar: { a: { d: 'ز' } }, en: { a: { d: 'z' } } },
    ]);
    expect(merged.resources.fr).toEqual({ a: { b: 'x', c: 'y', d: 'z' } });
    expect(merged.resources.ar).toEqual({ a: { b: 'س', c: 'ص', d: 'ز' } });
    expect(merged.collisions).toEqual([]);
  });

  it('merges nested trees and reports a key defined twice', () => {
    const a = { fr: { x: { a: 'A' } }, ar: { x: { a: 'أ' } }, en: { x: { a: 'A' } } };
    const b = { fr: { x: { b: 'B', a: 'A2' } }, ar: { x: { b: 'ب', a: 'أ2' } }, en: { x: { b: 'B', a: 'A2' } } };
    const merged = mergeBundles([a, b]);
    expect(merged.resources.fr).toEqual({ x: { a: 'A2', b: 'B' } });
    expect(merged.resources.ar).toEqual({ x: { a: 'أ2', b: 'ب' } });
    expect(merged.collisions).toEqual(['x.a']);
  });
});

describe('i18next', () => {
  it('starts in French and translates error codes and switches language', async () => {
    initI18n();
    expect(i18n.language).toBe('fr');
    expect(i18n.t('errors.badCredentials')).toBe('Identifiant ou code PIN incorrect.');
    await setLanguage('ar');
    expect(i18n.t('status.syncStates.notConfigured')).toBe('المزامنة غير مُعدّة');
    await setLanguage('en');
    expect(i18n.t('login.attemptsLeft', { count: 2 })).toBe('Attempts left before lock: \u20682\u2069.');
    // Messages merged from core modules resolve like the shell's own.
    expect(i18n.t('verdict.DENY')).toBe('Departure denied');
    await setLanguage('fr');
    expect(i18n.t('verdict.ALLOW')).toBe('Départ autorisé');
  });

  it('says a settled referral is the supervisor’s decision, in every language', async () => {
    const expected = {
      fr: ['Départ autorisé (décision du superviseur)', 'Départ refusé (décision du superviseur)'],
      ar: ['المغادرة مسموح بها (قرار المشرف)', 'المغادرة مرفوضة (قرار المشرف)'],
      en: ['Departure allowed (supervisor’s decision)', 'Departure denied (supervisor’s decision)'],
    } as const;
    for (const [language, [allow, deny]] of Object.entries(expected) as [keyof typeof expected, readonly [string, string]][]) {
      await setLanguage(language);
      expect([i18n.t('verdict.settledAllow'), i18n.t('verdict.settledDeny')]).toEqual([allow, deny]);
    }
  });
});

describe('small truths of the status bar and the login screen', () => {
  const plain = (text: string) => text.replace(/[\u2066-\u2069]/g, '');

  it("the user's label names no role (English said OFFICER above every user)", async () => {
    initI18n();
    const roles = { fr: /officier|escorte|superviseur/i, ar: /ضابط|مرافق|مشرف/, en: /officer|escort|supervisor/i };
    for (const lang of languages) {
      await setLanguage(lang);
      expect(i18n.t('status.user'), lang).not.toMatch(roles[lang]);
    }
    await setLanguage('fr');
  });

  it('Arabic counts minutes with its plural forms (Intl.PluralRules)', async () => {
    initI18n();
    await setLanguage('ar');
    const idle = (minutes: number) => plain(i18n.t('session.ended.idle', { minutes })).replace(/\u00a0/g, ' ');
    expect(idle(1)).toContain('1 دقيقة');
    expect(idle(2)).toContain('2 دقيقتين');
    expect(idle(5)).toContain('5 دقائق');
    expect(idle(10)).toContain('10 دقائق');
    expect(idle(15)).toContain('15 دقيقة');
    expect(idle(5)).not.toContain('5 دقيقة');
    await setLanguage('fr');
    expect(plain(i18n.t('session.ended.idle', { minutes: 5 }))).toContain('5 min');
  });

  it('French and English count checks and import errors in the singular and the plural', async () => {
    initI18n();
    await setLanguage('fr');
    const n = (text: string) => plain(text).replace(/\u00a0/g, ' ');
    expect(n(i18n.t('passage.rules.failed', { count: 1 }))).toBe('1 point à voir');
    expect(n(i18n.t('passage.rules.failed', { count: 3 }))).toBe('3 points à voir');
    for (const lang of languages) {
      await setLanguage(lang);
      for (const count of [1, 2, 5]) expect(plain(i18n.t('passage.rules.failed', { count })), lang).not.toMatch(/\(s\)/);
    }
    await setLanguage('fr');
  });

  it('a lockout duration never breaks across lines', async () => {
    initI18n();
    for (const lang of languages) {
      await setLanguage(lang);
      for (const text of [i18n.t('time.minSec', { minutes: 4, seconds: '05' }), i18n.t('time.sec', { seconds: 12 })]) {
        expect(plain(text), lang).not.toMatch(/ /);
      }
    }
    await setLanguage('fr');
  });
});
