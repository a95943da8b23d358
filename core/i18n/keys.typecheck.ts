/**
 * Compile-time checks of the typed message keys in main's lookup (run by `npm run typecheck`,
 * never imported): if keys stopped being checked, the `@ts-expect-error` lines would no longer be
 * errors and the typecheck would fail.
 */
import { defineMessages, type MessageKey } from './messages';
import { coreTranslator } from './catalog';

export function typedKeys(): string[] {
  const { t } = coreTranslator();
  const sample = { a: { b: 'x', c: { d: 'y' } } };
  const keys: MessageKey<typeof sample>[] = ['a.b', 'a.c.d'];
  // @ts-expect-error: Arabic lacks a key French has
  defineMessages(sample, { a: { b: 'س' } }, sample);
  // @ts-expect-error: English has a key French lacks
  defineMessages(sample, sample, { a: { b: 'x', c: { d: 'y' }, e: 'z' } });
  return [
    ...keys,
    t('fr', 'verdict.DENY'),
    t('ar', 'rule.departure.notAlready.alreadyDeparted', { post: 'CMN', at: '16:34' }),
    // @ts-expect-error: an unknown key is a type error
    t('en', 'verdict.MAYBE'),
  ];
}
