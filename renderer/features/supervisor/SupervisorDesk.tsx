import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call, useEvent } from '../../lib/api';
import { PvImportPanel } from './PvImportPanel';
import { ReferralsPanel } from './ReferralsPanel';
import { ReportsPanel } from './ReportsPanel';
import { ShiftPanel } from './ShiftPanel';
import { FlightBoard } from '../flights/FlightBoard';
import './supervisor.css';

type Tab = 'shift' | 'flights' | 'referrals' | 'reports' | 'pvImport' | 'desk';

/** How often the waiting-referrals badge is re-read (new referrals come from other desks). */
const REFERRAL_COUNT_REFRESH_MS = 15_000;

/**
 * The number of referrals waiting, kept fresh: when the queue changes at any desk
 * (`referrals.changed`), on settlement, on tab change, and every few seconds in case an event was missed.
 */
function useReferralCount(tab: Tab): { count: number | null; refresh: () => void } {
  const [count, setCount] = useState<number | null>(null);
  const refresh = useCallback(() => {
    void call('referrals.list', {}).then((r) => {
      if (r.ok) setCount(r.value.length);
    });
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFERRAL_COUNT_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh, tab]);
  useEvent('referral.settled', refresh);
  useEvent('referrals.changed', refresh);
  return { count, refresh };
}

/**
 * The supervisor's screens: shift and cash, referral queue, reports, PV import. `desk` (optional) is the
 * passage desk, shown first in its own tab so a supervisor can still scan, settle and void. The tabs
 * follow the ARIA tabs pattern: arrow keys move between them (mirrored in right-to-left), Home/End.
 */
export function SupervisorDesk({ desk }: { desk?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const [tab, setTab] = useState<Tab>(desk ? 'desk' : 'shift');
  const tabs: Tab[] = desk
    ? ['desk', 'shift', 'referrals', 'flights', 'reports', 'pvImport']
    : ['shift', 'referrals', 'flights', 'reports', 'pvImport'];
  const refs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const referrals = useReferralCount(tab);

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const rtl = i18n.dir() === 'rtl';
    const at = tabs.indexOf(tab);
    const step: Record<string, number | 'first' | 'last'> = {
      ArrowRight: rtl ? -1 : 1,
      ArrowLeft: rtl ? 1 : -1,
      Home: 'first',
      End: 'last',
    };
    const move = step[e.key];
    if (move === undefined) return;
    e.preventDefault();
    const next = move === 'first' ? 0 : move === 'last' ? tabs.length - 1 : (at + move + tabs.length) % tabs.length;
    const key = tabs[next] as Tab;
    setTab(key);
    refs.current[key]?.focus();
  };

  return (
    <div className="supervisor">
      <div className="supervisor-tabs" role="tablist" aria-orientation="horizontal">
        {tabs.map((k) => (
          <button
            key={k}
            ref={(el) => {
              refs.current[k] = el;
            }}
            type="button"
            role="tab"
            id={`sup-tab-${k}`}
            aria-selected={tab === k}
            aria-controls="sup-tabpanel"
            tabIndex={tab === k ? 0 : -1}
            className={tab === k ? 'supervisor-tab active' : 'supervisor-tab'}
            data-testid={`sup-tab-${k}`}
            onClick={() => setTab(k)}
            onKeyDown={onKeyDown}
          >
            {t(`supervisor.tabs.${k}`)}
            {k === 'referrals' && referrals.count !== null && referrals.count > 0 && (
              <span
                className="tab-badge"
                aria-label={t('supervisor.referrals.waiting', { count: referrals.count })}
                data-testid="sup-referrals-count"
              >
                {referrals.count}
              </span>
            )}
          </button>
        ))}
      </div>
      <div className="supervisor-body" role="tabpanel" id="sup-tabpanel" aria-labelledby={`sup-tab-${tab}`}>
        {tab === 'shift' && <ShiftPanel />}
        {tab === 'referrals' && <ReferralsPanel onChanged={referrals.refresh} />}
        {tab === 'reports' && <ReportsPanel />}
        {tab === 'pvImport' && <PvImportPanel />}
        {tab === 'flights' && <FlightBoard userRole="supervisor" onOpened={desk ? () => setTab('desk') : undefined} />}
        {tab === 'desk' && desk}
      </div>
    </div>
  );
}
