/**
 * Compile-time checks of the typed message keys (run by `npm run typecheck`, never imported): if
 * keys stopped being checked, the `@ts-expect-error` lines would no longer be errors and the
 * typecheck would fail.
 */
import type { TFunction } from 'i18next';
import { runtimeKey, type AppMessageKey } from './index';

export function typedKeys(t: TFunction): string[] {
  const known: AppMessageKey[] = ['login.title', 'verdict.DENY', 'documents.mrz.lineCount', 'supervisor.tabs.shift'];
  return [
    t('login.title'),
    t('errors.badCredentials'),
    // Core messages (rule reasons, document issues) are in the same namespace.
    t('rule.pv.status.revoked'),
    t('documents.bcbp.length'),
    t(runtimeKey('rule.pv.status.revoked')),
    // @ts-expect-error: an unknown key is a type error
    t('a.missing.key'),
    // @ts-expect-error: a branch is not a message
    t('login'),
    ...known.map((k) => t(k)),
  ];
}
