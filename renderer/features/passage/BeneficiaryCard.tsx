import { useTranslation } from 'react-i18next';
import type { PassageView } from '../../../core/ipc';
import { useFormatter } from '../../i18n/format';
import { formatDocDate } from './format';

/** Who is in front of the desk: the PV's beneficiary (or, without a PV, what the document says). */
export function BeneficiaryCard({ view }: { view: PassageView }) {
  const { t } = useTranslation();
  const f = useFormatter();
  const pv = view.pv;
  const doc = view.document;
  const bp = view.boardingPass;
  const surname = pv?.surname ?? doc?.surname ?? '';
  const given = pv?.givenNames ?? doc?.givenNames ?? '';
  if (!pv && !doc && !bp) return null;
  const statusKey = pv ? (pv.status ?? 'unknown') : null;
  return (
    <section className="card panel" data-testid="beneficiary" aria-labelledby="card-title">
      <h2 id="card-title" className="panel-title">
        {t('passage.card.title')}
      </h2>
      {pv && (pv.flags.minor || pv.flags.traffickingVictim || pv.flags.escortedByPartner) ? (
        <ul className="flags" data-testid="flags">
          {pv.flags.minor ? (
            <li className="flag flag-strong" data-testid="flag-minor">
              {t('passage.card.minor')}
              {pv.flags.mnaReference ? (
                <span className="flag-sub">{t('passage.card.mnaReference', { reference: pv.flags.mnaReference })}</span>
              ) : null}
            </li>
          ) : null}
          {pv.flags.traffickingVictim ? (
            <li className="flag flag-strong" data-testid="flag-trafficking">
              {t('passage.card.trafficking')}
            </li>
          ) : null}
          {pv.flags.escortedByPartner ? (
            <li className="flag" data-testid="flag-escorted">
              {t('passage.card.escorted', { partner: pv.flags.escortedByPartner })}
            </li>
          ) : null}
        </ul>
      ) : null}
      <p className="card-name" data-testid="beneficiary-name">
        {/* One isolate for the whole name: surname then given names, in the name's own direction. */}
        <bdi>
          <span className="card-surname">{surname.toUpperCase()}</span> <span>{given}</span>
        </bdi>
      </p>
      <dl className="card-facts">
        {pv ? (
          <div className="card-fact card-fact-wide">
            <dt>{t('passage.card.pv')}</dt>
            <dd>
              <bdi dir="ltr" className="mono" data-testid="pv-number">
                {pv.pvNumber}
              </bdi>{' '}
              <span className="muted">({t(`passage.card.sources.${pv.source}`)})</span>{' '}
              {statusKey ? <span className={`pv-status pv-status-${statusKey}`}>{t(`passage.card.statuses.${statusKey}`)}</span> : null}
            </dd>
          </div>
        ) : (
          <div className="card-fact card-fact-wide">
            <dd className="card-nopv" data-testid="no-pv">
              {t('passage.card.noPv')}
            </dd>
          </div>
        )}
        <div className="card-fact">
          <dt>{t('passage.card.nationality')}</dt>
          <dd className="mono">
            <bdi>{pv?.nationality ?? doc?.nationality}</bdi>
          </dd>
        </div>
        <div className="card-fact">
          <dt>{t('passage.card.birth')}</dt>
          <dd>
            <bdi>{pv ? f.calendarDate(pv.birthDate) : doc ? formatDocDate(f, doc.birthDate, 'birth') : ''}</bdi>
          </dd>
        </div>
        <div className="card-fact">
          <dt>{t('passage.card.sex')}</dt>
          <dd>
            <bdi>{pv?.sex ?? doc?.sex}</bdi>
          </dd>
        </div>
        {pv?.iomCaseNumber ? (
          <div className="card-fact">
            <dt>{t('passage.card.caseNumber')}</dt>
            <dd>
              <bdi dir="ltr" className="mono">
                {pv.iomCaseNumber}
              </bdi>
            </dd>
          </div>
        ) : null}
        <div className="card-fact">
          <dt>{t('passage.card.document')}</dt>
          <dd>
            <bdi dir="ltr" className="mono">
              {pv?.documentNumber ?? doc?.documentNumber}
            </bdi>
          </dd>
        </div>
        {pv?.flight ? (
          <div className="card-fact">
            <dt>{t('passage.card.flight')}</dt>
            <dd>
              <bdi dir="ltr" className="mono">
                {pv.flight}
              </bdi>
              {' · '}
              <bdi>{f.calendarDate(pv.ticketDate)}</bdi>
            </dd>
          </div>
        ) : null}
        {bp ? (
          <div className="card-fact card-fact-wide">
            <dt>{t('passage.card.boardingPass')}</dt>
            <dd>
              <bdi dir="ltr" className="mono">
                {bp.flight} {bp.from}→{bp.to}
              </bdi>
              {bp.flightDate ? (
                <>
                  {' · '}
                  <bdi>{f.calendarDate(bp.flightDate)}</bdi>
                </>
              ) : null}
              {bp.seat ? ` · ${t('passage.card.seat', { seat: bp.seat.replace(/^0+/, '') })}` : null}
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
