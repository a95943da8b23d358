import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClosingPreview, ExportFormat, ShiftStatus, ShiftView } from '../../../core/ipc/shift-contract';
import { useFormatter } from '../../i18n/format';
import { call, useEvent, type AppError } from '../../lib/api';
import { Field } from './Field';
import { parseAmount, saveExport, supervisorError } from './format';

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

type FieldKey = 'usd' | 'mad' | 'reason' | 'to';
const emptyForm = { usd: '', mad: '', note: '', reason: '', to: '' };

/** A closing shown for confirmation: the figures the shift service will record, re-read at close. */
interface Confirmation {
  preview: ClosingPreview;
  handOver: boolean;
  /** The expected cash changed since the supervisor last saw it (a per diem paid or voided meanwhile). */
  changed: boolean;
}

export function ShiftPanel() {
  const { t } = useTranslation();
  const f = useFormatter();
  const usd = (cents: number) => f.amount(cents, 'USD');
  const mad = (cents: number) => f.amount(cents, 'MAD');
  const [status, setStatus] = useState<ShiftStatus | null>(null);
  const [recent, setRecent] = useState<ShiftView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState(emptyForm);
  const [confirm, setConfirm] = useState<Confirmation | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((v) => ({ ...v, [k]: e.target.value }));
    setFieldErrors((errs) => ({ ...errs, [k]: undefined }));
    setConfirm(null);
  };

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

  /** The counted amounts, or null with the error beside each wrong field. */
  const amounts = () => {
    const u = parseAmount(form.usd);
    const m = parseAmount(form.mad);
    const errs: Partial<Record<FieldKey, string>> = {};
    if (u === null) errs.usd = t('supervisor.shift.amountFormat');
    if (m === null) errs.mad = t('supervisor.shift.amountFormat');
    setFieldErrors(errs);
    return u === null || m === null ? null : { usd: u, mad: m };
  };

  /** Asks the shift service what the closing would record now; the supervisor confirms those figures. */
  const review = async (handOver: boolean, changed = false) => {
    setError(null);
    const a = amounts();
    if (!a) return;
    if (handOver && !form.to) {
      setFieldErrors((errs) => ({ ...errs, to: t('supervisor.errors.chooseSupervisor') }));
      return;
    }
    const r = await call('shift.preview', { countedUsdCents: a.usd, countedMadCents: a.mad });
    if (!r.ok) return fail(r.error);
    const p = r.value;
    if ((p.varianceUsdCents !== 0 || p.varianceMadCents !== 0) && !form.reason.trim()) {
      setConfirm(null);
      setFieldErrors((errs) => ({ ...errs, reason: t('supervisor.errors.reasonRequired') }));
      return;
    }
    setConfirm({ preview: p, handOver, changed });
  };

  // A per diem paid or voided at any desk changes the expected cash: re-read it, and the figures under confirmation.
  useEvent('shift.cashChanged', () => {
    void load();
    if (confirm) void review(confirm.handOver, true);
  });

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
    setForm(emptyForm);
    await load();
  };

  const close = async (c: Confirmation) => {
    setError(null);
    const base = {
      countedUsdCents: c.preview.countedUsdCents,
      countedMadCents: c.preview.countedMadCents,
      expectedUsdCents: c.preview.expectedUsdCents,
      expectedMadCents: c.preview.expectedMadCents,
      ...(form.reason.trim() ? { reason: form.reason.trim() } : {}),
    };
    const r = c.handOver
      ? await call('shift.handOver', { ...base, toUserId: form.to, ...(form.note.trim() ? { note: form.note.trim() } : {}) })
      : await call('shift.close', base);
    if (!r.ok) {
      if (r.error.message === 'shift.expectedChanged') return review(c.handOver, true);
      if (r.error.message === 'shift.reasonRequired') {
        setConfirm(null);
        setFieldErrors((errs) => ({ ...errs, reason: t('supervisor.errors.reasonRequired') }));
        return;
      }
      return fail(r.error);
    }
    const closing = r.value.closing;
    setNotice(
      closing
        ? `${t('supervisor.shift.closed', { time: f.dateTime(closing.closedAt), name: closing.closedByName, usd: usd(closing.varianceUsdCents), mad: mad(closing.varianceMadCents) })}${closing.reason ? ` ${t('supervisor.shift.closedReason', { reason: closing.reason })}` : ''}`
        : null,
    );
    setConfirm(null);
    setForm(emptyForm);
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
            time: f.dateTime(status.pendingHandOver.at),
            usd: usd(status.pendingHandOver.countedUsdCents),
            mad: mad(status.pendingHandOver.countedMadCents),
          })}
        </p>
      )}
      {status && !shift && (
        <form className="supervisor-form" noValidate onSubmit={(e) => (e.preventDefault(), void open())}>
          <p data-testid="shift-none">{t('supervisor.shift.none')}</p>
          <Field id="shift-usd" label={t('supervisor.shift.openingUsd')} error={fieldErrors.usd}>
            {(a11y) => <input {...a11y} inputMode="decimal" value={form.usd} onChange={set('usd')} data-testid="shift-usd" />}
          </Field>
          <Field id="shift-mad" label={t('supervisor.shift.openingMad')} error={fieldErrors.mad}>
            {(a11y) => <input {...a11y} inputMode="decimal" value={form.mad} onChange={set('mad')} data-testid="shift-mad" />}
          </Field>
          <Field id="shift-note" label={t('supervisor.shift.note')}>
            {(a11y) => <input {...a11y} value={form.note} onChange={set('note')} data-testid="shift-note" />}
          </Field>
          <button type="submit" className="button button-primary" data-testid="shift-open">
            {t('supervisor.shift.open')}
          </button>
        </form>
      )}
      {shift && expected && (
        <form className="supervisor-form" noValidate onSubmit={(e) => (e.preventDefault(), void review(false))}>
          <p data-testid="shift-current">
            {t('supervisor.shift.current', { name: shift.openedBy.name, time: f.dateTime(shift.openedAt) })}
          </p>
          <p>{t('supervisor.shift.opening', { usd: usd(shift.openingUsdCents), mad: mad(shift.openingMadCents) })}</p>
          <p className="supervisor-expected" data-testid="shift-expected">
            {t('supervisor.shift.expected', {
              usd: usd(expected.usdCents),
              mad: mad(expected.madCents),
              count: expected.perDiemCount,
              paid: usd(expected.perDiemCents),
            })}
          </p>
          <Field id="count-usd" label={t('supervisor.shift.countedUsd')} error={fieldErrors.usd}>
            {(a11y) => <input {...a11y} inputMode="decimal" value={form.usd} onChange={set('usd')} data-testid="count-usd" />}
          </Field>
          <Field id="count-mad" label={t('supervisor.shift.countedMad')} error={fieldErrors.mad}>
            {(a11y) => <input {...a11y} inputMode="decimal" value={form.mad} onChange={set('mad')} data-testid="count-mad" />}
          </Field>
          {variance && (
            <p className={variance.usd || variance.mad ? 'supervisor-variance off' : 'supervisor-variance'} data-testid="shift-variance">
              {t('supervisor.shift.variance', { usd: usd(variance.usd), mad: mad(variance.mad) })}
            </p>
          )}
          <Field id="count-reason" label={t('supervisor.shift.reason')} error={fieldErrors.reason} hint={t('supervisor.shift.reasonHint')}>
            {(a11y) => <input {...a11y} value={form.reason} onChange={set('reason')} data-testid="count-reason" />}
          </Field>
          {confirm ? (
            <div className="supervisor-confirm" role="group" aria-labelledby="shift-confirm-title" data-testid="shift-confirm">
              <h3 id="shift-confirm-title">{t('supervisor.shift.confirmTitle')}</h3>
              {confirm.changed && (
                <p className="message message-warning" role="alert" data-testid="shift-confirm-changed">
                  {t('supervisor.shift.confirmChanged')}
                </p>
              )}
              <dl className="supervisor-figures">
                <dt>{t('supervisor.shift.confirmExpected')}</dt>
                <dd data-testid="shift-confirm-expected">
                  {t('supervisor.shift.confirmAmounts', {
                    usd: usd(confirm.preview.expectedUsdCents),
                    mad: mad(confirm.preview.expectedMadCents),
                  })}{' '}
                  {t('supervisor.shift.confirmPerDiem', { count: confirm.preview.perDiemCount, paid: usd(confirm.preview.perDiemCents) })}
                </dd>
                <dt>{t('supervisor.shift.confirmCounted')}</dt>
                <dd data-testid="shift-confirm-counted">
                  {t('supervisor.shift.confirmAmounts', {
                    usd: usd(confirm.preview.countedUsdCents),
                    mad: mad(confirm.preview.countedMadCents),
                  })}
                </dd>
                <dt>{t('supervisor.shift.confirmVariance')}</dt>
                <dd data-testid="shift-confirm-variance">
                  {t('supervisor.shift.confirmAmounts', {
                    usd: usd(confirm.preview.varianceUsdCents),
                    mad: mad(confirm.preview.varianceMadCents),
                  })}
                </dd>
              </dl>
              <div className="supervisor-actions">
                <button type="button" className="button button-primary" data-testid="shift-confirm-ok" onClick={() => void close(confirm)}>
                  {confirm.handOver ? t('supervisor.shift.confirmHandOver') : t('supervisor.shift.confirmClose')}
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  data-testid="shift-confirm-cancel"
                  onClick={() => setConfirm(null)}
                >
                  {t('supervisor.shift.confirmCancel')}
                </button>
              </div>
            </div>
          ) : (
            <>
              <div className="supervisor-actions">
                <button type="submit" className="button button-primary" data-testid="shift-close">
                  {t('supervisor.shift.close')}
                </button>
                <ExportButtons shiftId={shift.id} onSaved={setNotice} onError={fail} />
              </div>
              <div className="supervisor-actions">
                <Field id="handover-to" label={t('supervisor.shift.handOverTo')} error={fieldErrors.to}>
                  {(a11y) => (
                    <select {...a11y} value={form.to} onChange={set('to')} data-testid="handover-to">
                      <option value="">{t('supervisor.shift.choose')}</option>
                      {others.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.displayName}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <button type="button" className="button button-secondary" data-testid="shift-handover" onClick={() => void review(true)}>
                  {t('supervisor.shift.handOver')}
                </button>
              </div>
            </>
          )}
        </form>
      )}
      <h3>{t('supervisor.shift.recent')}</h3>
      <table className="supervisor-table" data-testid="shift-recent">
        <thead>
          <tr>
            <th>{t('supervisor.shift.openedAt')}</th>
            <th>{t('supervisor.shift.closedAt')}</th>
            <th>{t('supervisor.shift.varianceColumn')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {recent.map((s) => (
            <tr key={s.id} data-testid={`shift-row-${s.id}`}>
              <td>{t('supervisor.shift.byAt', { time: f.dateTime(s.openedAt), name: s.openedBy.name })}</td>
              <td>
                {s.closing
                  ? t('supervisor.shift.byAt', { time: f.dateTime(s.closing.closedAt), name: s.closing.closedByName })
                  : t('supervisor.shift.inProgress')}
              </td>
              <td>
                {s.closing
                  ? t(s.closing.reason ? 'supervisor.shift.varianceRowReason' : 'supervisor.shift.varianceRow', {
                      usd: usd(s.closing.varianceUsdCents),
                      mad: mad(s.closing.varianceMadCents),
                      reason: s.closing.reason ?? '',
                    })
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
