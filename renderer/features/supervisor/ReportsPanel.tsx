import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { countryName } from '../../../core/format/countries';
import { formatRuleParams, parseDisplayDate, type Formatter } from '../../../core/format/format';
import type { DeparturesReport } from '../../../core/ipc/shift-contract';
import { currentLanguage, runtimeKey } from '../../i18n';
import { useFormatter } from '../../i18n/format';
import { call } from '../../lib/api';
import { Field } from './Field';
import { saveExport, supervisorError } from './format';

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

type Reason = DeparturesReport['refused'][number]['reasons'][number];
type VoidKind = 'checkin' | 'exchange' | 'perDiem' | 'stamp';
const voidKinds: ReadonlySet<string> = new Set<VoidKind>(['checkin', 'exchange', 'perDiem', 'stamp']);

/** Departures for a period, in the programme's shape, with charts and CSV / PDF export. */
export function ReportsPanel() {
  const { t } = useTranslation();
  const f = useFormatter();
  const language = currentLanguage();
  const today = f.calendarDate(f.isoDate(Date.now()));
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [dateErrors, setDateErrors] = useState<{ from?: string; to?: string }>({});
  const [report, setReport] = useState<DeparturesReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  /** The period as YYYY-MM-DD, or null with the error beside the wrong date. */
  const period = (): { from: string; to: string } | null => {
    const a = parseDisplayDate(from);
    const b = parseDisplayDate(to);
    const errs: { from?: string; to?: string } = {};
    if (!a) errs.from = t('supervisor.reports.dateFormat');
    if (!b) errs.to = t('supervisor.reports.dateFormat');
    if (a && b && a > b) errs.to = t('supervisor.errors.periodOrder');
    setDateErrors(errs);
    return a && b && a <= b ? { from: a, to: b } : null;
  };

  const show = async () => {
    setError(null);
    const p = period();
    if (!p) return;
    const r = await call('reports.departures', p);
    if (r.ok) setReport(r.value);
    else setError(supervisorError(t, r.error));
  };
  // Today's figures on opening: the question a supervisor asks first.
  useEffect(() => {
    const day = parseDisplayDate(today);
    if (!day) return;
    void call('reports.departures', { from: day, to: day }).then((r) => {
      if (r.ok) setReport((current) => current ?? r.value);
    });
    // Once, on opening.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const exportAs = async (format: 'csv' | 'pdf') => {
    setError(null);
    const p = period();
    if (!p) return;
    const r = await call('reports.export', { ...p, format, language });
    if (!r.ok) return setError(supervisorError(t, r.error));
    saveExport(r.value);
    setNotice(t('supervisor.shift.exported', { name: r.value.fileName, sha: r.value.sha256.slice(0, 12) }));
  };
  const reasons = (list: Reason[]) =>
    list
      .map((r) => t(runtimeKey(r.reason), { ...formatRuleParams(f, r.params), defaultValue: r.id }))
      .join(t('supervisor.reports.reasonSeparator'));
  const n = report?.byNationality;
  return (
    <section className="supervisor-panel" aria-labelledby="rep-title">
      <h2 id="rep-title" className="screen-title">
        {t('supervisor.reports.title')}
      </h2>
      <form className="supervisor-inline" noValidate onSubmit={(e) => (e.preventDefault(), void show())}>
        <Field id="report-from" label={t('supervisor.reports.from')} error={dateErrors.from}>
          {(a11y) => (
            <input
              {...a11y}
              inputMode="numeric"
              placeholder={t('supervisor.reports.datePlaceholder')}
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              data-testid="report-from"
              dir="ltr"
            />
          )}
        </Field>
        <Field id="report-to" label={t('supervisor.reports.to')} error={dateErrors.to}>
          {(a11y) => (
            <input
              {...a11y}
              inputMode="numeric"
              placeholder={t('supervisor.reports.datePlaceholder')}
              value={to}
              onChange={(e) => setTo(e.target.value)}
              data-testid="report-to"
              dir="ltr"
            />
          )}
        </Field>
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
                  <td>{t('supervisor.reports.country', { name: countryName(row.code, language), code: row.code })}</td>
                  <td className="num">{f.integer(row.count)}</td>
                  <td className="num">{f.percent(row.percent)}</td>
                </tr>
              ))}
              <tr>
                <td>{t('supervisor.reports.others')}</td>
                <td className="num">{f.integer(n.others.count)}</td>
                <td className="num">{f.percent(n.others.percent)}</td>
              </tr>
              <tr className="total">
                <td>{t('supervisor.reports.total')}</td>
                <td className="num">{f.integer(n.total.count)}</td>
                <td className="num">{f.percent(n.total.percent)}</td>
              </tr>
            </tbody>
          </table>
          <p data-testid="report-perdiem">
            {t('supervisor.reports.perDiem', {
              count: f.integer(report.perDiem.count),
              total: f.amount(report.perDiem.totalCents, report.perDiem.currency),
              voided: f.integer(report.perDiem.voidedCount),
            })}
          </p>
          <div className="supervisor-charts">
            <Chart
              testId="chart-day"
              label={t('supervisor.reports.byDay')}
              x={t('supervisor.reports.count')}
              data={report.byDay.map((d) => ({ key: f.calendarDate(d.day).slice(0, 5), count: d.count }))}
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
                <li key={p.passageId}>{t('supervisor.reports.passageLine', passageParams(f, language, p, reasons(p.reasons)))}</li>
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
                  {t('supervisor.reports.referredLine', {
                    ...passageParams(f, language, p, reasons(p.reasons)),
                    outcome: p.settlement
                      ? t(p.settlement.decision === 'allow' ? 'supervisor.reports.settledAllow' : 'supervisor.reports.settledDeny', {
                          reason: p.settlement.reason,
                        })
                      : t('supervisor.reports.pending'),
                  })}
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
                  {t('supervisor.reports.voidLine', {
                    time: f.dateTime(v.at),
                    kind: voidKinds.has(v.kind) ? t(`supervisor.reports.kinds.${v.kind as VoidKind}`) : v.kind,
                    pv: v.pvNumber ?? '—',
                    actor: v.actorName,
                    reason: v.reason,
                  })}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/**
 * The parts of a refused or referred passage's line, each its own value of the line's message: a
 * line nested whole inside another message would be isolated as one value, and take the direction
 * of its first letters (a Latin name), not the page's.
 */
function passageParams(
  f: Formatter,
  language: ReturnType<typeof currentLanguage>,
  p: DeparturesReport['refused'][number],
  reasons: string,
): { name: string; nationality: string; time: string; pv: string; reasons: string } {
  return {
    name: p.name || '—',
    nationality: p.nationality ? countryName(p.nationality, language) : '—',
    time: f.dateTime(p.at),
    pv: p.pvNumber ?? '—',
    reasons,
  };
}
