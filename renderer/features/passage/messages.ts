/** Turns an IPC error into a sentence in the UI language (message key first, then the code). */
import type { TFunction } from 'i18next';
import { runtimeKey } from '../../i18n';
import type { AppError } from '../../lib/api';
import type { Formatter } from '../../../core/format/format';

export function errorMessage(t: TFunction, i18nExists: (key: string) => boolean, f: Formatter, error: AppError): string {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(error.params ?? {})) {
    if (v === null || v === undefined) continue;
    params[k] = k === 'at' && typeof v === 'number' ? f.dateTime(v) : typeof v === 'boolean' ? String(v) : v;
  }
  if (error.message && i18nExists(error.message)) return t(runtimeKey(error.message), params);
  const input = `passage.inputErrors.${error.message}`;
  if (error.code === 'badInput' && i18nExists(input)) return t(runtimeKey(input));
  return t(`errors.${error.code}`);
}
