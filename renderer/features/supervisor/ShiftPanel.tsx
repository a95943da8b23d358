import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat, ShiftStatus, ShiftView } from '../../../core/ipc/shift-contract';
import { currentLanguage, intlLocale } from '../../i18n';
import { call, useEvent, type AppError } from '../../lib/api';
import { formatAmount, formatDateTime, parseAmount, saveExport, supervisorError } from './format';

function ExportButtons({
  shiftId,
  onSaved,
  onError,
}: {
  shiftId: string;
  onSaved: (text: string) => void;
  onError: (e: AppError) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const run = async (format: ExportFormat) => {
    setBusy(true);
    const r = await call('shift.export', { shiftId, format });
    setBusy(false);
    if (!r.ok) return onError(r.error);
    saveExport(r.value);
    onSaved(t('supervisor.shift.exported', { name: r.value.fileName, sha: r.value.sha256.slice(0, 12) }));
  };
  return (
    <span className="supervisor-exports">
      {(['csv', 'pdf', 'json'] as const).map((f) => (
        <button
          key={f}
          type="button"
          className="button button-secondary"
          disabled={busy}
          data-testid={`export-${f}-${shiftId}`}
          onClick={() => void run(f)}
        >
          {t('supervisor.shift.export')} {f.toUpperCase()}
        </button>
      ))}
    </span>
  );
}

export function ShiftPanel() {
  const { t } = useTranslation();
  const locale = intlLocale[currentLanguage()];
  const [status, setStatus] = useState<ShiftStatus | null>(null);
  const [recent, setRecent] = useState<ShiftView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState({ usd: '', mad: '', note: '', reason: '', to: '' });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const load = useCallback(async () => {
    const [s, l] = await Promise.all([call('shift.current', {}), call('shift.list', { limit: 10 })]);
    if (s.ok) setStatus(s.value);
    else setError(supervisorError(t, s.error));
    if (l.ok) setRecent(l.value);
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);
  useEvent('shift.changed', () => void load());

  const fail = (e: AppError) => setError(supervisorError(t, e));
  const amounts = () => {
    const usd = parseAmount(form.usd);
    const mad = parseAmount(form.mad);
    if (usd === null || mad === null) {
      setError(t('supervisor.shift.amountFormat'));
      return null;
    }
    return { usd, mad };
  };

  const open = async () => {
    setError(null);
    const a = amounts();
    if (!a) return;
    const r = await call('shift.open', {
      openingUsdCents: a.usd,
      openingMadCents: a.mad,
      ...(form.note.trim() ? { note: form.note.trim() } : {}),
    });
    if (!r.ok) return fail(r.error);
    setForm({ usd: '', mad: '', note: '', reason: '', to: '' });
    await load();
  };

  const close = async (handOver: boolean) => {
    setError(null);
    const a = amounts();
    if (!a) return;
    const base = { countedUsdCents: a.usd, countedMadCents: a.mad, ...(form.reason.trim() ? { reason: form.reason.trim() } : {}) };
    const r = handOver
      ? await call('shift.handOver', { ...base, toUserId: form.to, ...(form.note.trim() ? { note: form.note.trim() } : {}) })
      : await call('shift.close', base);
    if (!r.ok) return fail(r.error);
    const c = r.value.closing;
    setNotice(
      c
        ? `${t('supervisor.shift.closed', { time: formatDateTime(locale, c.closedAt), name: c.closedByName, usd: formatAmount(c.varianceUsdCents), mad: formatAmount(c.varianceMadCents) })}${c.reason ? ` ${t('supervisor.shift.closedReason', { reason: c.reason })}` : ''}`
        : null,
    );
    setForm({ usd: '', mad: '', note: '', reason: '', to: '' });
    await load();
  };

  const shift = status?.shift ?? null;
  const expected = status?.expected ?? null;
  const countedUsd = parseAmount(form.usd);
  const countedMad = parseAmount(form.mad);
  const variance =
    expected && countedUsd !== null && countedMad !== null
      ? { usd: countedUsd - expected.usdCents, mad: countedMad - expected.madCents }
      : null;
  const others = (status?.supervisors ?? []).filter((s) => s.id !== shift?.openedBy.id);

  return (
    <section className="supervisor-panel" aria-labelledby="shift-title">
      <h2 id="shift-title" className="screen-title">
        {t('supervisor.shift.title')}
      </h2>
      {error && (
        <p className="message message-error" role="alert" data-testid="shift-error">
          {error}
        </p>
      )}
      {notice && (
        <p className="message message-info" role="status" data-testid="shift-notice">
          {notice}
        </p>
      )}
      {status?.pendingHandOver && !shift && (
        <p className="message message-info" data-testid="shift-pending">
          {t('supervisor.shift.pending', {
            from: status.pendingHandOver.fromUserName,
            to: status.pendingHandOver.toUserName,
            time: formatDateTime(locale, status.pendingHandOver.at),
            usd: formatAmount(status.pendingHandOver.countedUsdCents),
            mad: formatAmount(status.pendingHandOver.countedMadCents),
          })}
        </p>
      )}
      {status && !shift && (
        <form className="supervisor-form" onSubmit={(e) => (e.preventDefault(), void open())}>
          <p data-testid="shift-none">{t('supervisor.shift.none')}</p>
          <label className="field">
            <span className="field-label">{t('supervisor.shift.openingUsd')}</span>
            <input inputMode="decimal" value={form.usd} onChange={set('usd')} data-testid="shift-usd" />
          </label>
          <label className="field">
            <span className="field-label">{t('supervisor.shift.openingMad')}</span>
            <input inputMode="decimal" value={form.mad} onChange={set('mad')} data-testid="shift-mad" />
          </label>
          <label className="field">
            <span className="field-label">{t('supervisor.shift.note')}</span>
            <input value={form.note} onChange={set('note')} data-testid="shift-note" />
          </label>
          <button type="submit" className="button button-primary" data-testid="shift-open">
            {t('supervisor.shift.open')}
          </button>
        </form>
      )}
      {shift && expected && (
        <form className="supervisor-form" onSubmit={(e) => (e.preventDefault(), void close(false))}>
          <p data-testid="shift-current">
            {t('supervisor.shift.current', { name: shift.openedBy.name, time: formatDateTime(locale, shift.openedAt) })}
          </p>
          <p>{t('supervisor.shift.opening', { usd: formatAmount(shift.openingUsdCents), mad: formatAmount(shift.openingMadCents) })}</p>
          <p className="supervisor-expected" data-testid="shift-expected">
            {t('supervisor.shift.expected', {
              usd: formatAmount(expected.usdCents),
              mad: formatAmount(expected.madCents),
              count: expected.perDiemCount,
              paid: formatAmount(expected.perDiemCents),
            })}
          </p>
          <label className="field">
            <span className="field-label">{t('supervisor.shift.countedUsd')}</span>
            <input inputMode="decimal" value={form.usd} onChange={set('usd')} data-testid="count-usd" />
          </label>
          <label className="field">
            <span className="field-label">{t('supervisor.shift.countedMad')}</span>
            <input inputMode="decimal" value={form.mad} onChange={set('mad')} data-testid="count-mad" />
          </label>
          {variance && (
            <p className={variance.usd || variance.mad ? 'supervisor-variance off' : 'supervisor-variance'} data-testid="shift-variance">
              {t('supervisor.shift.variance', { usd: formatAmount(variance.usd), mad: formatAmount(variance.mad) })}
            </p>
          )}
          <label className="field">
            <span className="field-label">{t('supervisor.shift.reason')}</span>
            <input value={form.reason} onChange={set('reason')} data-testid="count-reason" />
            <small>{t('supervisor.shift.reasonHint')}</small>
          </label>
          <div className="supervisor-actions">
            <button type="submit" className="button button-primary" data-testid="shift-close">
              {t('supervisor.shift.close')}
            </button>
            <ExportButtons shiftId={shift.id} onSaved={setNotice} onError={fail} />
          </div>
          <div className="supervisor-actions">
            <label className="field">
              <span className="field-label">{t('supervisor.shift.handOverTo')}</span>
              <select value={form.to} onChange={set('to')} data-testid="handover-to">
                <option value="">{t('supervisor.shift.choose')}</option>
                {others.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.displayName}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="button button-secondary"
              disabled={!form.to}
              data-testid="shift-handover"
              onClick={() => void close(true)}
            >
              {t('supervisor.shift.handOver')}
            </button>
          </div>
        </form>
      )}
      <h3>{t('supervisor.shift.recent')}</h3>
      <table className="supervisor-table" data-testid="shift-recent">
        <thead>
          <tr>
            <th>{t('supervisor.shift.openedAt')}</th>
            <th>{t('supervisor.shift.closedAt')}</th>
            <th>{t('supervisor.shift.variance', { usd: '', mad: '' }).split(':')[0]}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {recent.map((s) => (
            <tr key={s.id} data-testid={`shift-row-${s.id}`}>
              <td>
                {formatDateTime(locale, s.openedAt)} · {s.openedBy.name}
              </td>
              <td>
                {s.closing ? `${formatDateTime(locale, s.closing.closedAt)} · ${s.closing.closedByName}` : t('supervisor.shift.inProgress')}
              </td>
              <td>
                {s.closing
                  ? `${formatAmount(s.closing.varianceUsdCents)} USD / ${formatAmount(s.closing.varianceMadCents)} MAD${s.closing.reason ? ` · ${s.closing.reason}` : ''}`
                  : ''}
              </td>
              <td>
                <ExportButtons shiftId={s.id} onSaved={setNotice} onError={fail} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
