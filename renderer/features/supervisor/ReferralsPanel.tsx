import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countryName } from '../../../core/format/countries';
import { formatRuleParams } from '../../../core/format/format';
import type { CommandOutput, PassageView } from '../../../core/ipc';
import { currentLanguage, runtimeKey } from '../../i18n';
import { useFormatter } from '../../i18n/format';
import { call, useEvent } from '../../lib/api';
import { supervisorError } from './format';

type Referral = CommandOutput<'referrals.list'>[number];
type Decision = 'allow' | 'deny';

/** Plain words for what a settlement needs; the server's answer lands beside the same fields. */
function SettleForm({ referral, onDone }: { referral: Referral; onDone: (error: string | null) => void }) {
  const { t } = useTranslation();
  const id = referral.passageId;
  // No default: a decision is always the supervisor's explicit choice.
  const [decision, setDecision] = useState<Decision | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ decision?: string; reason?: string }>({});
  const submit = async () => {
    const errs: { decision?: string; reason?: string } = {};
    if (!decision) errs.decision = t('supervisor.referrals.chooseDecision');
    if (reason.trim().length < 3) errs.reason = t('supervisor.referrals.reasonTooShort');
    setErrors(errs);
    if (!decision || errs.reason) return;
    const r = await call('referral.settle', { passageId: id, decision, reason: reason.trim() });
    if (r.ok) return onDone(null);
    if (r.error.code === 'badInput' && r.error.params?.field === 'reason')
      return setErrors({ reason: t('supervisor.referrals.reasonTooShort') });
    onDone(supervisorError(t, r.error));
  };
  const choice = (value: Decision) => (
    <label className={`decision-choice decision-${value}${decision === value ? ' selected' : ''}`}>
      <input
        type="radio"
        name={`d-${id}`}
        value={value}
        checked={decision === value}
        onChange={() => (setDecision(value), setErrors((e) => ({ ...e, decision: undefined })))}
        aria-describedby={errors.decision ? `sup-settle-decision-${id}-error` : undefined}
        data-testid={`sup-settle-${value}-${id}`}
      />
      <span>{t(value === 'allow' ? 'supervisor.referrals.allowLong' : 'supervisor.referrals.denyLong')}</span>
    </label>
  );
  return (
    <form className="supervisor-settle" noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
      <fieldset className="decision-choices" aria-invalid={Boolean(errors.decision)}>
        <legend>{t('supervisor.referrals.decision')}</legend>
        {choice('allow')}
        {choice('deny')}
        {errors.decision && (
          <span id={`sup-settle-decision-${id}-error`} className="field-error" role="alert" data-testid={`sup-settle-decision-${id}-error`}>
            {errors.decision}
          </span>
        )}
      </fieldset>
      <div className="field">
        <label className="field-label" htmlFor={`sup-settle-reason-${id}`}>
          {t('supervisor.referrals.reason')}
        </label>
        <input
          id={`sup-settle-reason-${id}`}
          value={reason}
          onChange={(e) => (setReason(e.target.value), setErrors((er) => ({ ...er, reason: undefined })))}
          aria-invalid={Boolean(errors.reason)}
          aria-describedby={errors.reason ? `sup-settle-reason-${id}-error` : undefined}
          data-testid={`sup-settle-reason-${id}`}
        />
        {errors.reason && (
          <span id={`sup-settle-reason-${id}-error`} className="field-error" role="alert" data-testid={`sup-settle-reason-${id}-error`}>
            {errors.reason}
          </span>
        )}
      </div>
      <button type="submit" className="button button-primary" data-testid={`sup-settle-${id}`}>
        {t('supervisor.referrals.settle')}
      </button>
    </form>
  );
}

/** The passage behind a referral, read-only: identity, documents and every rule with its outcome. */
function PassageDetails({ passageId }: { passageId: string }) {
  const { t } = useTranslation();
  const f = useFormatter();
  const [view, setView] = useState<PassageView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    if (view) return;
    const r = await call('departures.view', { passageId });
    if (r.ok) setView(r.value);
    else setError(supervisorError(t, r.error));
  };
  return (
    <details className="referral-passage" onToggle={(e) => (e.currentTarget.open ? void load() : undefined)}>
      <summary data-testid={`sup-referral-open-${passageId}`}>{t('supervisor.referrals.openPassage')}</summary>
      {error && <p className="field-error">{error}</p>}
      {view && (
        <ul className="supervisor-list" data-testid={`sup-referral-passage-${passageId}`}>
          {view.rules.map((rule) => (
            <li key={rule.id} data-status={rule.status}>
              {t('supervisor.referrals.ruleLine', {
                title: t(runtimeKey(`rule.${rule.id}.title`), { defaultValue: rule.id }),
                status: t(runtimeKey(`ruleStatus.${rule.status}`), { defaultValue: rule.status }),
                reason: t(runtimeKey(rule.reason), { ...formatRuleParams(f, rule.params), defaultValue: rule.id }),
              })}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

/** REFER passages waiting for a supervisor, with the rules that triggered each; settle with a reason. */
export function ReferralsPanel({ onChanged }: { onChanged?: () => void }) {
  const { t } = useTranslation();
  const f = useFormatter();
  const language = currentLanguage();
  const [list, setList] = useState<Referral[] | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const load = useCallback(async () => {
    const r = await call('referrals.list', {});
    if (r.ok) setList(r.value);
    else setMessage({ error: true, text: supervisorError(t, r.error) });
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);
  useEvent('referral.settled', () => void load());
  useEvent('referrals.changed', () => void load());
  return (
    <section className="supervisor-panel" aria-labelledby="ref-title">
      <h2 id="ref-title" className="screen-title">
        {t('supervisor.referrals.title')}
      </h2>
      {message && (
        <p className={message.error ? 'message message-error' : 'message message-info'} role="status" data-testid="sup-referral-message">
          {message.text}
        </p>
      )}
      {list && list.length === 0 && <p data-testid="sup-referrals-empty">{t('supervisor.referrals.empty')}</p>}
      <ul className="supervisor-list referral-list" data-testid="sup-referrals">
        {(list ?? []).map((r) => (
          <li key={r.passageId} className="referral-item" data-testid={`sup-referral-${r.passageId}`}>
            <div>
              {t('supervisor.referrals.who', {
                name: r.name || '—',
                nationality: r.nationality ? countryName(r.nationality, language) : '—',
                pv: r.pvNumber ?? '—',
                time: f.dateTime(r.at),
              })}
            </div>
            <div>
              {t('supervisor.referrals.rulesLine', {
                rules: r.rules
                  .map((rule) => t(runtimeKey(rule.reason), { ...formatRuleParams(f, rule.params), defaultValue: rule.id }))
                  .join(t('supervisor.reports.reasonSeparator')),
              })}
            </div>
            <PassageDetails passageId={r.passageId} />
            <SettleForm
              referral={r}
              onDone={(error) => {
                setMessage(error ? { error: true, text: error } : { error: false, text: t('supervisor.referrals.settled') });
                if (!error) {
                  void load();
                  onChanged?.();
                }
              }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
