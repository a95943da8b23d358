/** Filling the console's messages, and its refusals in words (no JSX here: unit tests import it). */
import { ApiError, NoAnswerError } from './api';
import type { ConsoleMessages } from './messages';

export const fill = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ''));

/** Each value isolated (FSI…PDI), so a key id or a number keeps its own direction inside Arabic text. */
export const fillIsolated = (text: string, params: Record<string, string | number>) =>
  fill(text, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, `\u2068${v}\u2069`])));

/**
 * A refusal or a failure in the administrator's words: each code the centre's console answers
 * with, a centre that did not answer, a request too large; any other code is named as such.
 */
export function refusalText(m: ConsoleMessages, error: unknown): string {
  if (error instanceof NoAnswerError) return m.refusals.network;
  if (error instanceof ApiError) {
    const code = typeof error.body.error === 'string' ? error.body.error : '';
    const known = (m.refusals as Record<string, string>)[code];
    if (known !== undefined) return known;
    if (error.status === 413) return m.refusals.tooLarge;
    return fillIsolated(m.common.refused, { error: code || String(error.status) });
  }
  return fillIsolated(m.common.refused, { error: error instanceof Error ? error.message : String(error) });
}

/** The fields the centre named as wrong in a refusal (`{ error, fields }`), if it named any. */
export const refusedFields = (e: unknown): Record<string, string> | undefined =>
  e instanceof ApiError ? (e.body.fields as Record<string, string> | undefined) : undefined;
