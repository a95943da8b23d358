import { useTranslation } from 'react-i18next';
import type { PassageView } from '../../../core/ipc';
import { runtimeKey } from '../../i18n';
import { useFormatter } from '../../i18n/format';
import { blockingFailures, isIncomplete, orderRules, ruleParams } from './format';

const ICON = { ALLOW: '✓', REFER: '!', DENY: '✕' } as const;

/** The verdict, big enough to read from two metres: colour, icon and word. */
export function VerdictBanner({ view, busy }: { view: PassageView; busy: boolean }) {
  const { t } = useTranslation();
  const incomplete = isIncomplete(view);
  const settled = view.verdict === 'REFER' ? view.settlement : null;
  // A settled referral shows the supervisor's decision as the state the officer acts on.
  // The why, on the banner itself: the first findings, blocking ones first.
  const reasons = orderRules(blockingFailures(view)).slice(0, 3);
  const f = useFormatter();
  const look = incomplete ? 'PENDING' : settled ? (settled.decision === 'allow' ? 'ALLOW' : 'DENY') : view.verdict;
  return (
    <section
      className={`verdict verdict-${look.toLowerCase()}`}
      data-testid="verdict"
      data-verdict={view.verdict}
      data-incomplete={incomplete ? 'true' : 'false'}
      data-settled={settled ? settled.decision : 'none'}
      aria-live="assertive"
      aria-busy={busy}
    >
      <span className="verdict-icon" aria-hidden="true">
        {incomplete ? '…' : ICON[look === 'PENDING' ? 'REFER' : look]}
      </span>
      <div className="verdict-text">
        <p className="verdict-word" data-testid="verdict-word">
          {incomplete
            ? t('passage.incomplete')
            : settled
              ? t(settled.decision === 'allow' ? 'verdict.settledAllow' : 'verdict.settledDeny')
              : t(`verdict.${view.verdict}`)}
        </p>
        {incomplete ? (
          <ul className="verdict-pending">
            {view.pending.map((p) => (
              <li key={p} data-testid={`pending-${p}`}>
                {t(`pending.${p}`)}
              </li>
            ))}
          </ul>
        ) : settled ? (
          <>
            <p className="verdict-hint">{t(settled.decision === 'allow' ? 'passage.settledAllow' : 'passage.settledDeny')}</p>
            <p className="verdict-sub">{t('passage.settlementReason', { reason: settled.reason })}</p>
          </>
        ) : (
          <>
            <p className="verdict-hint">{t(`passage.verdictHint.${view.verdict}`)}</p>
            {reasons.length > 0 ? (
              <ul className="verdict-reasons" data-testid="verdict-reasons">
                {reasons.map((r) => (
                  <li key={r.id}>{t(runtimeKey(r.reason), ruleParams(f, r.params))}</li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}
