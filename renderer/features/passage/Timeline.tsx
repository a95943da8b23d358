import { useTranslation } from 'react-i18next';
import type { PassageView, Timeline as TimelineData } from '../../../core/ipc';
import type { Formatter } from '../../../core/format/format';
import { useFormatter } from '../../i18n/format';

const STEPS = ['checkin', 'exchange', 'perDiem', 'stamp'] as const;
type Step = (typeof STEPS)[number];

function detail(step: Step, tl: TimelineData, t: ReturnType<typeof useTranslation>['t'], f: Formatter): string | null {
  switch (step) {
    case 'checkin':
      return tl.checkin ? t('passage.timeline.bags', { count: tl.checkin.bagCount }) : null;
    case 'exchange':
      return tl.exchange
        ? t('passage.timeline.exchangeDetail', {
            given: f.amount(tl.exchange.madGivenCents, 'MAD'),
            received: f.amount(tl.exchange.amountReceivedCents, tl.exchange.currency),
            rate: f.decimal(Number(tl.exchange.rate), 6),
            receipt: tl.exchange.receiptNumber,
          })
        : null;
    case 'perDiem': {
      if (!tl.perDiem) return null;
      const forms: string = t(tl.perDiem.formsSigned ? 'passage.timeline.formsSigned' : 'passage.timeline.formsNotSigned');
      return t('passage.timeline.perDiemDetail', {
        amount: f.amount(tl.perDiem.amountCents, tl.perDiem.currency),
        receipt: tl.perDiem.receiptNumber,
        forms,
      });
    }
    case 'stamp':
      return tl.stamp ? t('passage.timeline.stampDetail', { number: tl.stamp.stampNumber }) : null;
  }
}

/** Check-in, exchange, per diem, stamp: who did each and when, and what is still to do. */
export function Timeline({ view }: { view: PassageView }) {
  const { t } = useTranslation();
  const f = useFormatter();
  const tl = view.timeline;
  if (!tl) return null;
  return (
    <section className="timeline panel" data-testid="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="panel-title">
        {t('passage.timeline.title')}
      </h2>
      <ol className="steps">
        {STEPS.map((step) => {
          const fact = tl[step];
          return (
            <li
              key={step}
              className={`step ${fact ? 'step-done' : 'step-missing'}`}
              data-testid={`timeline-${step}`}
              data-done={fact ? 'true' : 'false'}
            >
              <span className="step-mark" aria-hidden="true">
                {fact ? '✓' : '○'}
              </span>
              <span className="step-body">
                <span className="step-title">
                  {t(`passage.timeline.${step}`)}{' '}
                  <span className="step-state">{fact ? t('passage.timeline.done') : t('passage.timeline.missing')}</span>
                </span>
                {fact ? (
                  <>
                    <span className="step-detail">{detail(step, tl, t, f)}</span>
                    <span className="step-by">
                      {t('passage.timeline.by', { by: fact.actorName, at: f.dateTime(fact.at), post: fact.postCode })}
                    </span>
                  </>
                ) : null}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
