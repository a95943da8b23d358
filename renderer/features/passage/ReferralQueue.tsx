import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandOutput } from '../../lib/api';
import { call, useEvent } from '../../lib/api';
import { runtimeKey } from '../../i18n';
import { useFormatter } from '../../i18n/format';
import { openReferrals } from './format';

type Referral = CommandOutput<'referrals.list'>[number];

/** Supervisor: the passages waiting for a decision, newest first; one key opens each. */
export function ReferralQueue({ onOpen, refreshKey }: { onOpen(passageId: string): void; refreshKey: unknown }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Referral[] | null>(null);
  const load = useCallback(async () => {
    const r = await call('referrals.list', {});
    if (r.ok) setItems(openReferrals(r.value));
  }, []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [load, refreshKey]);
  useEvent('referrals.changed', () => void load());
  return (
    <section className="referrals panel" data-testid="referrals" aria-labelledby="referrals-title">
      <h2 id="referrals-title" className="panel-title">
        {t('passage.referrals.title')}{' '}
        {items && items.length > 0 ? <span className="rules-count rules-count-failed">{items.length}</span> : null}
      </h2>
      {items && items.length === 0 ? <p className="muted">{t('passage.referrals.empty')}</p> : null}
      <ul className="referral-list">
        {(items ?? []).map((r) => (
          <ReferralItem key={r.passageId} referral={r} onOpen={onOpen} />
        ))}
      </ul>
    </section>
  );
}

/**
 * One referral: name, PV number, nationality and time on one line. Each value is isolated, so an
 * Arabic line keeps them in their order (a bare date between codes is split and reordered).
 */
export function ReferralItem({ referral: r, onOpen }: { referral: Referral; onOpen(passageId: string): void }) {
  const { t } = useTranslation();
  const f = useFormatter();
  return (
    <li className="referral" data-testid={`referral-${r.pvNumber ?? r.passageId}`}>
      <span className="referral-body">
        <span className="referral-name">
          <bdi>{r.name || '—'}</bdi>
        </span>
        <span className="muted">
          <bdi dir="ltr" className="mono">
            {r.pvNumber ?? ''}
          </bdi>
          {' · '}
          <bdi className="mono">{r.nationality}</bdi>
          {' · '}
          <bdi>{f.dateTime(r.at)}</bdi>
        </span>
        <span className="referral-rules">{r.rules.map((rule) => t(runtimeKey(`rule.${rule.id}.title`))).join(' · ')}</span>
      </span>
      <button type="button" className="button button-secondary" onClick={() => onOpen(r.passageId)}>
        {t('passage.referrals.open')}
      </button>
    </li>
  );
}
