import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PassageView, Role } from '../../../core/ipc';
import { printableReceipts } from './printable';
import type { ReceiptFile, ReceiptKind } from '../../../core/ipc/receipts-contract';
import { currentLanguage, i18n, runtimeKey } from '../../i18n';
import type { AppError } from '../../lib/api';
import { call } from '../../lib/api';
import './receipts.css';

type ReceiptLanguage = 'fr' | 'ar' | 'en';

const COMMAND = {
  perDiem: 'receipts.perDiem',
  exchange: 'receipts.exchange',
  exitAttestation: 'receipts.exitAttestation',
} as const satisfies Record<ReceiptKind, string>;

/** Saves the PDF through a Blob link (browser mode, or when the printer is not configured or failed). */
function savePdf(file: ReceiptFile): void {
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

type Status = { kind: ReceiptKind; file: ReceiptFile } | { kind: ReceiptKind; error: AppError } | null;

/**
 * "Print receipt" / "Reprint" buttons of a passage: the per diem and exchange receipts after the
 * payment and the exchange (escort, supervisor), the exit attestation after the stamp. In
 * Electron with a configured printer the receipt prints silently; otherwise the PDF is saved.
 */
export function ReceiptButtons({ view, role }: { view: PassageView | null; role: Role }) {
  const { t } = useTranslation();
  const ui = currentLanguage();
  const [language, setLanguage] = useState<ReceiptLanguage>(ui === 'ar' ? 'ar' : ui === 'en' ? 'en' : 'fr');
  const [busy, setBusy] = useState<ReceiptKind | null>(null);
  const [printed, setPrinted] = useState<Record<string, number>>({});
  const [status, setStatus] = useState<Status>(null);
  const kinds = printableReceipts(view, role);
  if (!view || kinds.length === 0) return null;

  const recordOf = (kind: ReceiptKind) =>
    (kind === 'perDiem' ? view.timeline?.perDiem : kind === 'exchange' ? view.timeline?.exchange : view.timeline?.stamp)?.id ?? '';

  async function print(kind: ReceiptKind): Promise<void> {
    if (!view) return;
    setBusy(kind);
    setStatus(null);
    const result = await call(COMMAND[kind], { passageId: view.passageId, language });
    setBusy(null);
    if (!result.ok) {
      setStatus({ kind, error: result.error });
      return;
    }
    if (!result.value.printedOn) savePdf(result.value);
    setPrinted((p) => ({ ...p, [result.value.recordId]: result.value.copy }));
    setStatus({ kind, file: result.value });
  }

  const errorText = (error: AppError) =>
    i18n.exists(error.message) ? t(runtimeKey(error.message)) : t(runtimeKey(`errors.${error.code}`));

  return (
    <section className="receipts" data-testid="receipts" aria-label={t('receipts.title')}>
      <label className="receipt-language">
        {t('receipts.language')}{' '}
        <select data-testid="receipt-language" value={language} onChange={(e) => setLanguage(e.target.value as ReceiptLanguage)}>
          {(['fr', 'ar', 'en'] as const).map((l) => (
            <option key={l} value={l}>
              {t(`receipts.languages.${l}`)}
            </option>
          ))}
        </select>
      </label>
      {kinds.map((kind) => {
        const copies = printed[recordOf(kind)] ?? 0;
        return (
          <button
            key={kind}
            type="button"
            className="button button-secondary"
            data-testid={`receipt-print-${kind}`}
            data-copies={copies}
            disabled={busy !== null}
            onClick={() => void print(kind)}
          >
            {busy === kind ? t('receipts.printing') : copies > 0 ? t(`receipts.reprint.${kind}`) : t(`receipts.print.${kind}`)}
          </button>
        );
      })}
      {status && 'file' in status ? (
        <p
          className="message"
          role="status"
          data-testid="receipt-status"
          data-kind={status.kind}
          data-copy={status.file.copy}
          data-duplicate={status.file.duplicate ? 'true' : 'false'}
          data-printed={status.file.printedOn ? 'true' : 'false'}
        >
          {status.file.duplicate ? `${t('receipts.duplicate', { copy: status.file.copy })} · ` : ''}
          {status.file.printedOn
            ? t('receipts.printed', { printer: status.file.printedOn })
            : status.file.printError
              ? t('receipts.printFailed', { reason: status.file.printError })
              : t('receipts.saved', { file: status.file.fileName })}
        </p>
      ) : null}
      {status && 'error' in status ? (
        <p className="message message-error" role="alert" data-testid="receipt-error" data-code={status.error.code}>
          {errorText(status.error)}
        </p>
      ) : null}
    </section>
  );
}
