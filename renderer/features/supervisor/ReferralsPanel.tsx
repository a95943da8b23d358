import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandOutput } from '../../../core/ipc';
import { currentLanguage, intlLocale } from '../../i18n';
import { call } from '../../lib/api';
import { formatDateTime, supervisorError } from './format';

type Referral = CommandOutput<'referrals.list'>[number];

function SettleForm({ referral, onDone }: { referral: Referral; onDone: (error: string | null) => void }) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<'allow' | 'deny'>('deny');
  const [reason, setReason] = useState('');
  const submit = async () => {
    const r = await call('referral.settle', { passageId: referral.passageId, decision, reason });
    onDone(r.ok ? null : supervisorError(t, r.error));
  };
  return (
    <form className="supervisor-inline" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <label>
        <input
          type="radio"
          name={`d-${referral.passageId}`}
          checked={decision === 'allow'}
          onChange={() => setDecision('allow')}
          data-testid={`sup-settle-allow-${referral.passageId}`}
        />{' '}
        {t('supervisor.referrals.allow')}
      </label>
      <label>
        <input type="radio" name={`d-${referral.passageId}`} checked={decision === 'deny'} onChange={() => setDecision('deny')} />{' '}
        {t('supervisor.referrals.deny')}
      </label>
      <input
        aria-label={t('supervisor.referrals.reason')}
        placeholder={t('supervisor.referrals.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        data-testid={`sup-settle-reason-${referral.passageId}`}
      />
      <button type="submit" className="button button-primary" data-testid={`sup-settle-${referral.passageId}`}>
        {t('supervisor.referrals.settle')}
      </button>
    </form>
  );
}

/** REFER passages waiting for a supervisor, with the rules that triggered each; settle with a reason. */
export function ReferralsPanel() {
  const { t } = useTranslation();
  const locale = intlLocale[currentLanguage()];
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
      <ul className="supervisor-list" data-testid="sup-referrals">
        {(list ?? []).map((r) => (
          <li key={r.passageId} data-testid={`sup-referral-${r.passageId}`}>
            <div>
              <strong>
                <bdi>{r.name}</bdi>
              </strong>{' '}
              · {r.nationality} · {r.pvNumber ?? '—'} · {formatDateTime(locale, r.at)}
            </div>
            <div>
              {t('supervisor.referrals.rules')} :{' '}
              {r.rules.map((rule) => t(rule.reason, { ...rule.params, defaultValue: rule.id })).join(' ; ')}
            </div>
            <SettleForm
              referral={r}
              onDone={(error) => {
                setMessage(error ? { error: true, text: error } : { error: false, text: t('supervisor.referrals.settled') });
                if (!error) void load();
              }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
