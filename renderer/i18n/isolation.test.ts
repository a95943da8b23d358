import bidiFactory from 'bidi-js';
import { describe, expect, it } from 'vitest';
import { FSI, PDI } from '../../core/i18n/translator';
import { lookup } from '../../core/i18n/messages';
import { bundles, i18n, initI18n, languages, leafKeys, mergeBundles } from './index';

const bidi = bidiFactory();
const t = (key: string, params: Record<string, string>, lng: string) =>
  (i18n.t as unknown as (k: string, o: Record<string, string>) => string)(key, { ...params, lng });

/** The line as it shows in a right-to-left paragraph (the Arabic UI), left to right. */
const shown = (text: string) => bidi.getReorderedString(text, bidi.getEmbeddingLevels(text, 'rtl')).replace(/[\u2066-\u2069]/g, '');

describe('bidi isolation of interpolated values', () => {
  it('every message in fr, ar and en isolates each of its values, and leaves none outside an isolate', () => {
    initI18n();
    const { resources } = mergeBundles(bundles);
    let checked = 0;
    for (const lang of languages) {
      for (const key of leafKeys(resources[lang])) {
        const template = lookup(resources[lang], key) ?? '';
        const names = [...new Set([...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string))];
        if (names.length === 0) continue;
        const out = t(key, Object.fromEntries(names.map((n) => [n, `v:${n}`])), lang);
        for (const n of names) expect(out, `${lang} ${key}`).toContain(`${FSI}v:${n}${PDI}`);
        expect(out.replace(/\u2068[^\u2068\u2069]*\u2069/g, ''), `${lang} ${key}`).not.toMatch(/v:\w+/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('keeps a date and time, a post code and a name in their order in an Arabic line', () => {
    initI18n();
    const line = t('supervisor.shift.byAt', { time: '04/12/2026 16:34', name: 'Escorte OIM Démo' }, 'ar');
    expect(shown(line)).toBe('Escorte OIM Démo · 04/12/2026 16:34');
    const amounts = t('supervisor.shift.varianceRow', { usd: '-50,00 USD', mad: '0,00 MAD' }, 'ar');
    expect(shown(amounts)).toBe('0,00 MAD / -50,00 USD');
    // Without isolates the same words come out reordered: what the desk showed before.
    expect(shown('04/12/2026 16:34 · Escorte OIM Démo')).not.toBe('Escorte OIM Démo · 04/12/2026 16:34');
  });
});
