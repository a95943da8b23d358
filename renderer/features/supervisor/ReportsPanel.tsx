import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { DeparturesReport } from '../../../core/ipc/shift-contract';
import { currentLanguage, intlLocale } from '../../i18n';
import { call } from '../../lib/api';
import { formatAmount, formatDateTime, saveExport, supervisorError, todayIso } from './format';

const pct = (locale: string, n: number) =>
  `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n)} %`;

function Chart({ data, x, label, testId }: { data: { key: string; count: number }[]; x: string; label: string; testId: string }) {
  return (
    <figure className="supervisor-chart" data-testid={testId}>
      <figcaption>{label}</figcaption>
      <BarChart width={620} height={200} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="key" fontSize={11} interval="preserveStartEnd" />
        <YAxis allowDecimals={false} fontSize={11} width={32} />
        <Tooltip />
        <Bar dataKey="count" name={x} fill="#3b6ea5" isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}

/** Departures for a period, in the programme's shape, with charts and CSV / PDF export. */
export function ReportsPanel() {
  const { t } = useTranslation();
  const locale = intlLocale[currentLanguage()];
  const [from, setFrom] = useState(todayIso());
  const [to, setTo] = useState(todayIso());
  const [report, setReport] = useState<DeparturesReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const show = async () => {
    setError(null);
    const r = await call('reports.departures', { from, to });
    if (r.ok) setReport(r.value);
    else setError(supervisorError(t, r.error));
  };
  // Today's figures on opening: the question a supervisor asks first.
  useEffect(() => {
    void call('reports.departures', { from: todayIso(), to: todayIso() }).then((r) => {
      if (r.ok) setReport((current) => current ?? r.value);
    });
  }, []);
  const exportAs = async (format: 'csv' | 'pdf') => {
    const r = await call('reports.export', { from, to, format });
    if (!r.ok) return setError(supervisorError(t, r.error));
    saveExport(r.value);
    setNotice(t('supervisor.shift.exported', { name: r.value.fileName, sha: r.value.sha256.slice(0, 12) }));
  };
  const n = report?.byNationality;
  return (
    <section className="supervisor-panel" aria-labelledby="rep-title">
      <h2 id="rep-title" className="screen-title">
        {t('supervisor.reports.title')}
      </h2>
      <form className="supervisor-inline" onSubmit={(e) => (e.preventDefault(), void show())}>
        <label>
          {t('supervisor.reports.from')}{' '}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="report-from" />
        </label>
        <label>
          {t('supervisor.reports.to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="report-to" />
        </label>
        <button type="submit" className="button button-primary" data-testid="report-show">
          {t('supervisor.reports.show')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void exportAs('csv')} data-testid="report-export-csv">
          {t('supervisor.shift.export')} CSV
        </button>
        <button type="button" className="button button-secondary" onClick={() => void exportAs('pdf')} data-testid="report-export-pdf">
          {t('supervisor.shift.export')} PDF
        </button>
      </form>
      {error && (
        <p className="message message-error" role="alert" data-testid="report-error">
          {error}
        </p>
      )}
      {notice && (
        <p className="message message-info" role="status" data-testid="report-notice">
          {notice}
        </p>
      )}
      {report && n && (
        <>
          <h3>{t('supervisor.reports.byNationality')}</h3>
          <table className="supervisor-table" data-testid="report-nationality">
            <thead>
              <tr>
                <th>{t('supervisor.reports.nationality')}</th>
                <th className="num">{t('supervisor.reports.count')}</th>
                <th className="num">{t('supervisor.reports.percent')}</th>
              </tr>
            </thead>
            <tbody>
              {n.top.map((row) => (
                <tr key={row.code}>
                  <td>
                    {row.label} ({row.code})
                  </td>
                  <td className="num">{row.count}</td>
                  <td className="num">{pct(locale, row.percent)}</td>
                </tr>
              ))}
              <tr>
                <td>{t('supervisor.reports.others')}</td>
                <td className="num">{n.others.count}</td>
                <td className="num">{pct(locale, n.others.percent)}</td>
              </tr>
              <tr className="total">
                <td>{t('supervisor.reports.total')}</td>
                <td className="num">{n.total.count}</td>
                <td className="num">{pct(locale, n.total.percent)}</td>
              </tr>
            </tbody>
          </table>
          <p data-testid="report-perdiem">
            {t('supervisor.reports.perDiem', {
              count: report.perDiem.count,
              total: formatAmount(report.perDiem.totalCents),
              voided: report.perDiem.voidedCount,
            })}
          </p>
          <div className="supervisor-charts">
            <Chart
              testId="chart-day"
              label={t('supervisor.reports.byDay')}
              x={t('supervisor.reports.count')}
              data={report.byDay.map((d) => ({ key: d.day.slice(5), count: d.count }))}
            />
            <Chart
              testId="chart-hour"
              label={t('supervisor.reports.byHour')}
              x={t('supervisor.reports.count')}
              data={report.byHour.map((h) => ({ key: String(h.hour).padStart(2, '0'), count: h.count }))}
            />
          </div>
          <h3>{t('supervisor.reports.refused')}</h3>
          {report.refused.length === 0 ? (
            <p>{t('supervisor.reports.none')}</p>
          ) : (
            <ul className="supervisor-list" data-testid="report-refused">
              {report.refused.map((p) => (
                <li key={p.passageId}>
                  <bdi>{p.name || '—'}</bdi> · {p.nationality} · {formatDateTime(locale, p.at)} ·{' '}
                  {p.reasons.map((r) => t(r.reason, { ...r.params, defaultValue: r.id })).join(' ; ')}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('supervisor.reports.referred')}</h3>
          {report.referred.length === 0 ? (
            <p>{t('supervisor.reports.none')}</p>
          ) : (
            <ul className="supervisor-list" data-testid="report-referred">
              {report.referred.map((p) => (
                <li key={p.passageId}>
                  <bdi>{p.name || '—'}</bdi> · {p.nationality} · {formatDateTime(locale, p.at)} ·{' '}
                  {p.reasons.map((r) => t(r.reason, { ...r.params, defaultValue: r.id })).join(' ; ')} →{' '}
                  {p.settlement
                    ? t(p.settlement.decision === 'allow' ? 'supervisor.reports.settledAllow' : 'supervisor.reports.settledDeny', {
                        reason: p.settlement.reason,
                      })
                    : t('supervisor.reports.pending')}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('supervisor.reports.voids')}</h3>
          {report.voids.length === 0 ? (
            <p>{t('supervisor.reports.none')}</p>
          ) : (
            <ul className="supervisor-list" data-testid="report-voids">
              {report.voids.map((v) => (
                <li key={v.recordId}>
                  {formatDateTime(locale, v.at)} · {v.kind} · {v.pvNumber ?? '—'} · {v.actorName} · <bdi>{v.reason}</bdi>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
