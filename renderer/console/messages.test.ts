import { describe, expect, it } from 'vitest';
import type { MessageTree } from '../../core/i18n/messages';
import { consoleMessages } from './messages';

/** Every leaf as [path, text]; the path joined with '/' (some keys hold dots: 'perDiem.paid'). */
const leaves = (tree: MessageTree, prefix = ''): Array<[string, string]> =>
  Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}/`),
  );

describe('console messages', () => {
  it('ar and en have exactly the French keys, none empty', () => {
    const fr = leaves(consoleMessages.fr).map(([k]) => k);
    for (const lang of ['ar', 'en'] as const) {
      const other = leaves(consoleMessages[lang] as MessageTree);
      expect(other.map(([k]) => k)).toEqual(fr);
      for (const [key, text] of other) expect(text.trim().length, `${lang} ${key}`).toBeGreaterThan(0);
    }
  });
});
