import { describe, expect, it } from 'vitest';
import { coreTranslator } from '../i18n/catalog';
import { leafKeys, lookup } from '../i18n/messages';
import { departureMessages, departureRuleMessageKeys } from './messages';
import { RULE_IDS } from './rules';
import { samplePassage } from './testing';
import { verifyPassage } from './verify';

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('departure messages', () => {
  it('have every rule title and reason in French, Arabic and English', () => {
    const keys = departureRuleMessageKeys();
    expect(keys.length).toBeGreaterThan(RULE_IDS.length * 3);
    for (const lang of ['fr', 'ar', 'en'] as const) {
      for (const key of keys) expect(lookup(departureMessages[lang], key), `${lang} ${key}`).toBeTruthy();
    }
  });

  it('use the same placeholders in every language', () => {
    for (const key of leafKeys(departureMessages.fr)) {
      const fr = placeholders(lookup(departureMessages.fr, key)!);
      expect(placeholders(lookup(departureMessages.ar, key)!), key).toEqual(fr);
      expect(placeholders(lookup(departureMessages.en, key)!), key).toEqual(fr);
    }
  });

  it('Arabic messages are written in Arabic script', () => {
    for (const key of leafKeys(departureMessages.ar)) expect(/[\u0600-\u06FF]/.test(lookup(departureMessages.ar, key)!), key).toBe(true);
  });

  it('every reason a verdict gives has a message, with its parameters filled', () => {
    const v = verifyPassage(samplePassage({ pv: { ...samplePassage().pv!, status: 'revoked', authorisedPosts: ['RAK'] } }));
    const { t, has } = coreTranslator();
    for (const r of v.rules) {
      expect(has(r.reason), r.reason).toBe(true);
      const text = has(r.reason) ? t('fr', r.reason, r.params) : r.reason;
      expect(text).not.toBe(r.reason);
      expect(text).not.toMatch(/\{\{/);
    }
    expect(t('en', 'rule.pv.post.otherPost', { posts: 'RAK' })).toBe('PV valid only for: \u2068RAK\u2069');
  });
});
