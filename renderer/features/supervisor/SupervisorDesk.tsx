import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PvImportPanel } from './PvImportPanel';
import { ReferralsPanel } from './ReferralsPanel';
import { ReportsPanel } from './ReportsPanel';
import { ShiftPanel } from './ShiftPanel';
import './supervisor.css';

type Tab = 'shift' | 'referrals' | 'reports' | 'pvImport' | 'desk';

/**
 * The supervisor's screens: shift and cash, referral queue, reports, PV import. `desk` (optional) is the
 * passage desk, shown first in its own tab so a supervisor can still scan, settle and void.
 */
export function SupervisorDesk({ desk }: { desk?: ReactNode }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>(desk ? 'desk' : 'shift');
  const tabs: Tab[] = desk ? ['desk', 'shift', 'referrals', 'reports', 'pvImport'] : ['shift', 'referrals', 'reports', 'pvImport'];
  return (
    <div className="supervisor">
      <div className="supervisor-tabs" role="tablist">
        {tabs.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? 'supervisor-tab active' : 'supervisor-tab'}
            data-testid={`sup-tab-${k}`}
            onClick={() => setTab(k)}
          >
            {t(`supervisor.tabs.${k}`)}
          </button>
        ))}
      </div>
      <div className="supervisor-body" role="tabpanel">
        {tab === 'shift' && <ShiftPanel />}
        {tab === 'referrals' && <ReferralsPanel />}
        {tab === 'reports' && <ReportsPanel />}
        {tab === 'pvImport' && <PvImportPanel />}
        {tab === 'desk' && desk}
      </div>
    </div>
  );
}
