/**
 * The messages core modules own (rule reasons, verdicts, document issues), merged once: the
 * renderer adds them to its bundles, main translates exports with `coreTranslator`.
 */
import { departureMessages } from '../departure/messages';
import { documentMessages } from '../documents/messages';
import type { MessageBundle, MessageKey } from './messages';
import { createTranslator } from './translator';

export const coreBundles: readonly MessageBundle[] = [documentMessages, departureMessages];

/** The merged French tree of the core bundles: the type the keys are checked against. */
export type CoreMessages = (typeof documentMessages)['fr'] & (typeof departureMessages)['fr'];
export type CoreMessageKey = MessageKey<CoreMessages>;

let translator: ReturnType<typeof createTranslator<CoreMessages>> | undefined;

/** The translator over the core bundles (built on first use). */
export function coreTranslator() {
  translator ??= createTranslator<CoreMessages>(coreBundles);
  return translator;
}
