import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandOutput } from '../../../core/ipc';
import { call } from '../../lib/api';

type ImportResult = CommandOutput<'pvs.import'>;

/** Largest file read in the renderer; the contract caps the content too. */
const MAX_BYTES = 50_000_000;

/**
 * PVs from a file, for posts that receive them on a USB stick rather than by sync. A bad file is
 * refused whole by the service: the table names the line and field of each error, nothing is
 * imported.
 */
export function PvImportPanel() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function importFile(file: File): Promise<void> {
    setFileName(file.name);
    setResult(null);
    setFailure(null);
    if (file.size > MAX_BYTES) {
      setFailure(t('supervisor.pvImport.tooLarge'));
      return;
    }
    const format = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'json';
    setBusy(true);
    try {
      const content = await file.text();
      const r = await call('pvs.import', { format, content });
      if (r.ok) setResult(r.value);
      else setFailure(t(`errors.${r.error.code}`));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  return (
    <section className="supervisor-panel" aria-labelledby="pv-import-title">
      <h2 id="pv-import-title" className="screen-title">
        {t('supervisor.pvImport.title')}
      </h2>
      <p className="field-hint">{t('supervisor.pvImport.hint')}</p>
      <label className="button button-primary pv-import-choose" data-testid="pv-import-choose">
        {t('supervisor.pvImport.choose')}
        <input
          ref={input}
          type="file"
          accept=".json,.csv,application/json,text/csv"
          data-testid="pv-import-file"
          disabled={busy}
          className="visually-hidden"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importFile(file);
          }}
        />
      </label>
      {busy ? <p role="status">{t('supervisor.pvImport.reading', { name: fileName ?? '' })}</p> : null}
      {failure ? (
        <p role="alert" className="field-error" data-testid="pv-import-failure">
          {failure}
        </p>
      ) : null}
      {result?.ok ? (
        <p role="status" className="pv-import-ok" data-testid="pv-import-done">
          {t('supervisor.pvImport.done', { name: fileName ?? '', received: result.received, written: result.written })}
        </p>
      ) : null}
      {result && !result.ok ? (
        <div data-testid="pv-import-refused">
          <p role="alert" className="field-error">
            {t('supervisor.pvImport.refused', { name: fileName ?? '', count: result.errors.length })}
          </p>
          <table className="supervisor-table">
            <thead>
              <tr>
                <th>{t('supervisor.pvImport.line')}</th>
                <th>{t('supervisor.pvImport.field')}</th>
                <th>{t('supervisor.pvImport.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {result.errors.map((e, i) => (
                <tr key={i} data-testid="pv-import-error">
                  <td dir="ltr">{e.line ?? '—'}</td>
                  <td dir="ltr">{e.field ?? '—'}</td>
                  <td>{t(e.message, { defaultValue: e.code })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
