import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PassageView } from '../../../core/ipc';
import { runtimeKey } from '../../i18n';
import { useFormatter } from '../../i18n/format';
import type { Formatter } from '../../../core/format/format';
import { isWaiting, orderRules, ruleParams } from './format';

type Rule = PassageView['rules'][number];

const MARK = { passed: '✓', failed: '✕', notApplicable: '–' } as const;

function RuleRow({ rule, f }: { rule: Rule; f: Formatter }) {
  const { t } = useTranslation();
  const waiting = rule.status === 'failed' && isWaiting(rule);
  return (
    <li
      className={`rule rule-${rule.status} rule-${rule.severity}${waiting ? ' rule-waiting' : ''}`}
      data-testid={`rule-${rule.id}`}
      data-status={rule.status}
      data-severity={rule.severity}
    >
      <span className="rule-mark" aria-hidden="true">
        {waiting ? '…' : MARK[rule.status]}
      </span>
      <span className="rule-body">
        <span className="rule-title">{t(runtimeKey(`rule.${rule.id}.title`))}</span>
        <span className="rule-reason">{t(runtimeKey(rule.reason), ruleParams(f, rule.params))}</span>
      </span>
      {rule.status === 'failed' && !waiting ? (
        <span className={`rule-severity severity-${rule.severity}`}>{t(`passage.rules.severity.${rule.severity}`)}</span>
      ) : (
        <span className="visually-hidden">{t(`ruleStatus.${rule.status}`)}</span>
      )}
    </li>
  );
}

/** Failed rules first and highlighted; the passed ones folded away unless asked for. */
export function RuleList({ rules }: { rules: PassageView['rules'] }) {
  const { t } = useTranslation();
  const [showPassed, setShowPassed] = useState(false);
  const f = useFormatter();
  const ordered = orderRules(rules);
  const failed = ordered.filter((r) => r.status === 'failed');
  const others = ordered.filter((r) => r.status !== 'failed');
  return (
    <section className="rules panel" aria-labelledby="rules-title">
      <h2 id="rules-title" className="panel-title">
        {t('passage.rules.title')}{' '}
        <span className={failed.length ? 'rules-count rules-count-failed' : 'rules-count'}>
          {failed.length ? t('passage.rules.failed', { count: failed.length }) : t('passage.rules.allPassed')}
        </span>
      </h2>
      {failed.length > 0 ? (
        <ul className="rule-list" data-testid="rules-failed">
          {failed.map((r) => (
            <RuleRow key={r.id} rule={r} f={f} />
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        className="link-button"
        data-testid="rules-toggle"
        aria-expanded={showPassed}
        aria-controls="rules-passed"
        onClick={() => setShowPassed((v) => !v)}
      >
        {showPassed ? t('passage.rules.hidePassed') : t('passage.rules.showPassed', { count: others.length })}
      </button>
      <ul className="rule-list rule-list-passed" id="rules-passed" hidden={!showPassed}>
        {others.map((r) => (
          <RuleRow key={r.id} rule={r} f={f} />
        ))}
      </ul>
    </section>
  );
}
