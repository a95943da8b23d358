import type { TFunction } from 'i18next';
import type { ExportFile } from '../../../core/ipc/shift-contract';
import type { AppError } from '../../lib/api';

/** "1234.5" / "1234,50" / "100" → cents; null when not an amount. */
export function parseAmount(text: string): number | null {
  const t = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** Saves an export through a Blob link (works the same in Electron and in the browser). */
export function saveExport(file: ExportFile): void {
  const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The supervisor's own message for a known error key, else the app's message for the code. */
export function supervisorError(t: TFunction, error: AppError): string {
  const key = error.message.replace(/^(shift|reports)\./, '');
  const own = `supervisor.errors.${key}`;
  return t(own, { defaultValue: '' }) || t(`errors.${error.code}`, { defaultValue: t('supervisor.errors.generic') });
}
