import { describe, expect, it } from 'vitest';
import { departureMessages, departureRuleMessageKeys, formatDepartureMessage } from './messages';
import { RULE_IDS } from './rules';
import { samplePassage } from './testing';
import { verifyPassage } from './verify';

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('departure messages', () => {
  it('have every rule title and reason in French, Arabic and English', () => {
    const keys = departureRuleMessageKeys();
    expect(keys.length).toBeGreaterThan(RULE_IDS.length * 3);
    for (const lang of ['fr', 'ar', 'en'] as const) {
      for (const key of keys) expect(departureMessages[lang][key], `${lang} ${key}`).toBeTruthy();
    }
  });

  it('use the same placeholders in every language', () => {
    for (const key of Object.keys(departureMessages.fr)) {
      expect(placeholders(departureMessages.ar[key]!), key).toEqual(placeholders(departureMessages.fr[key]!));
      expect(placeholders(departureMessages.en[key]!), key).toEqual(placeholders(departureMessages.fr[key]!));
    }
  });

  it('Arabic messages are written in Arabic script', () => {
    for (const [key, text] of Object.entries(departureMessages.ar)) expect(/[\u0600-\u06FF]/.test(text), key).toBe(true);
  });

  it('every reason a verdict gives has a message, with its parameters filled', () => {
    const v = verifyPassage(samplePassage({ pv: { ...samplePassage().pv!, status: 'revoked', authorisedPosts: ['RAK'] } }));
    for (const r of v.rules) {
      const text = formatDepartureMessage('fr', r.reason, r.params);
      expect(text).not.toBe(r.reason);
      expect(text).not.toMatch(/\{\{/);
    }
    expect(formatDepartureMessage('en', 'rule.pv.post.otherPost', { posts: 'RAK' })).toBe('PV valid only for: RAK');
  });
});
