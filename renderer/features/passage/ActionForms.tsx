import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepartureAction, PassageView } from '../../../core/ipc';
import { i18n } from '../../i18n';
import { useFormatter } from '../../i18n/format';
import type { AppError, Result } from '../../lib/api';
import { call } from '../../lib/api';
import { ActionDialog, Field } from './ActionDialog';
import { currencyFor, normalizeRate, parseAmountToCents, suggestRate } from './format';
import { errorMessage } from './messages';
import { SignaturePad, type SignaturePadHandle } from './SignaturePad';

export interface ActionFormProps {
  view: PassageView;
  onDone(view: PassageView): void;
  onCancel(): void;
  /** The fact was recorded meanwhile (another desk): the caller refreshes and says who and when. */
  onAlreadyDone(error: AppError): void;
}

const CODE = /^[A-Za-z0-9/_.-]{1,40}$/;

function useSubmit(props: ActionFormProps) {
  const { t } = useTranslation();
  const f = useFormatter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (request: () => Promise<Result<PassageView>>) => {
    setBusy(true);
    setError(null);
    const result = await request();
    setBusy(false);
    if (result.ok) props.onDone(result.value);
    else if (result.error.code === 'alreadyDone') props.onAlreadyDone(result.error);
    else setError(errorMessage(t, (k) => i18n.exists(k), f, result.error));
  };
  return { busy, error, setError, run, f };
}

function CheckinForm(props: ActionFormProps) {
  const { t } = useTranslation();
  const [bags, setBags] = useState('1');
  const [invalid, setInvalid] = useState<string | null>(null);
  const s = useSubmit(props);
  return (
    <ActionDialog
      testId="dialog-checkin"
      title={t('passage.actions.checkin')}
      busy={s.busy}
      error={s.error}
      onCancel={props.onCancel}
      onSubmit={() => {
        const n = Number(bags);
        if (!/^\d{1,2}$/.test(bags.trim()) || n > 20) return setInvalid(t('passage.invalid.bagCount'));
        setInvalid(null);
        void s.run(() => call('checkin.confirm', { passageId: props.view.passageId, bagCount: n }));
      }}
    >
      <Field id="checkin-bags" label={t('passage.checkin.bagCount')} error={invalid}>
        <input
          id="checkin-bags"
          data-testid="checkin-bags"
          inputMode="numeric"
          dir="ltr"
          value={bags}
          onChange={(e) => setBags(e.target.value)}
        />
      </Field>
    </ActionDialog>
  );
}

function ExchangeForm(props: ActionFormProps) {
  const { t } = useTranslation();
  const f = useFormatter();
  const [given, setGiven] = useState('');
  const [currency, setCurrency] = useState(currencyFor(props.view.pv?.nationality ?? props.view.document?.nationality));
  const [received, setReceived] = useState('');
  const [rate, setRate] = useState('');
  const [rateTouched, setRateTouched] = useState(false);
  const [receipt, setReceipt] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const s = useSubmit(props);
  const autoRate = (g: string, r: string) => {
    if (rateTouched) return;
    const gc = parseAmountToCents(g);
    const rc = parseAmountToCents(r);
    setRate(gc !== null && rc !== null ? (suggestRate(gc, rc, f) ?? '') : '');
  };
  return (
    <ActionDialog
      testId="dialog-exchange"
      title={t('passage.actions.exchange')}
      busy={s.busy}
      error={s.error}
      onCancel={props.onCancel}
      onSubmit={() => {
        const errors: Record<string, string> = {};
        const g = parseAmountToCents(given);
        const r = parseAmountToCents(received);
        const rt = normalizeRate(rate);
        const cur = currency.trim().toUpperCase();
        if (g === null || g <= 0) errors.given = t('passage.invalid.amount');
        if (!/^[A-Z]{3}$/.test(cur)) errors.currency = t('passage.invalid.currency');
        if (r === null || r <= 0) errors.received = t('passage.invalid.amount');
        if (rt === null) errors.rate = t('passage.invalid.rate');
        if (!CODE.test(receipt.trim())) errors.receipt = receipt.trim() ? t('passage.invalid.code') : t('passage.invalid.required');
        setInvalid(errors);
        if (Object.keys(errors).length > 0 || g === null || r === null || rt === null) return;
        void s.run(() =>
          call('exchange.confirm', {
            passageId: props.view.passageId,
            madGivenCents: g,
            currency: cur,
            amountReceivedCents: r,
            rate: rt,
            receiptNumber: receipt.trim(),
          }),
        );
      }}
    >
      <Field id="exchange-given" label={t('passage.exchange.madGiven')} error={invalid.given}>
        <input
          id="exchange-given"
          data-testid="exchange-given"
          inputMode="decimal"
          dir="ltr"
          value={given}
          onChange={(e) => {
            setGiven(e.target.value);
            autoRate(e.target.value, received);
          }}
        />
      </Field>
      <div className="field-row">
        <Field id="exchange-received" label={t('passage.exchange.amountReceived')} error={invalid.received}>
          <input
            id="exchange-received"
            data-testid="exchange-received"
            inputMode="decimal"
            dir="ltr"
            value={received}
            onChange={(e) => {
              setReceived(e.target.value);
              autoRate(given, e.target.value);
            }}
          />
        </Field>
        <Field id="exchange-currency" label={t('passage.exchange.currency')} error={invalid.currency}>
          <input
            id="exchange-currency"
            data-testid="exchange-currency"
            dir="ltr"
            maxLength={3}
            className="input-short"
            value={currency}
            onChange={(e) => setCurrency(e.target.value.toUpperCase())}
          />
        </Field>
      </div>
      <Field id="exchange-rate" label={t('passage.exchange.rate')} error={invalid.rate}>
        <input
          id="exchange-rate"
          data-testid="exchange-rate"
          inputMode="decimal"
          dir="ltr"
          value={rate}
          onChange={(e) => {
            setRate(e.target.value);
            setRateTouched(true);
          }}
        />
      </Field>
      <Field id="exchange-receipt" label={t('passage.exchange.receipt')} error={invalid.receipt}>
        <input
          id="exchange-receipt"
          data-testid="exchange-receipt"
          dir="ltr"
          autoComplete="off"
          value={receipt}
          onChange={(e) => setReceipt(e.target.value)}
        />
      </Field>
    </ActionDialog>
  );
}

function PayForm(props: ActionFormProps) {
  const { t } = useTranslation();
  const [receipt, setReceipt] = useState('');
  // The escort attests the reintegration forms were signed: never ticked for them.
  const [forms, setForms] = useState(false);
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const pad = useRef<SignaturePadHandle>(null);
  const s = useSubmit(props);
  return (
    <ActionDialog
      testId="dialog-pay"
      title={t('passage.actions.pay')}
      busy={s.busy}
      error={s.error}
      onCancel={props.onCancel}
      onSubmit={() => {
        const errors: Record<string, string> = {};
        if (!CODE.test(receipt.trim())) errors.receipt = receipt.trim() ? t('passage.invalid.code') : t('passage.invalid.required');
        if (!forms) errors.forms = t('passage.pay.formsRequired');
        if (!pad.current || pad.current.isEmpty()) errors.signature = t('passage.pay.signatureRequired');
        setInvalid(errors);
        if (Object.keys(errors).length > 0 || !pad.current) return;
        const signaturePng = pad.current.toPngBase64();
        void s.run(() =>
          call('perDiem.pay', { passageId: props.view.passageId, receiptNumber: receipt.trim(), formsSigned: forms, signaturePng }),
        );
      }}
    >
      <p className="pay-amount" data-testid="pay-amount">
        {t('passage.pay.handOver', {
          amount: s.f.amount(props.view.perDiem.amountCents, props.view.perDiem.currency),
          period: props.view.perDiem.period,
        })}
      </p>
      <Field id="pay-receipt" label={t('passage.pay.receipt')} error={invalid.receipt}>
        <input
          id="pay-receipt"
          data-testid="pay-receipt"
          dir="ltr"
          autoComplete="off"
          value={receipt}
          onChange={(e) => setReceipt(e.target.value)}
        />
      </Field>
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            data-testid="pay-forms"
            required
            aria-invalid={invalid.forms ? true : undefined}
            checked={forms}
            onChange={(e) => {
              setForms(e.target.checked);
              if (e.target.checked && invalid.forms) setInvalid((v) => ({ ...v, forms: '' }));
            }}
          />
          <span>{t('passage.pay.formsSigned')}</span>
        </label>
        {invalid.forms ? (
          <span className="field-error" role="alert" data-testid="pay-forms-error">
            {invalid.forms}
          </span>
        ) : null}
      </div>
      <div className="field">
        <span className="field-label" id="pay-signature-label">
          {t('passage.pay.signature')}
        </span>
        <SignaturePad
          ref={pad}
          label={t('passage.pay.signature')}
          onInk={() => invalid.signature && setInvalid((v) => ({ ...v, signature: '' }))}
        />
        <span className="field-hint">{t('passage.pay.signatureHint')}</span>
        {invalid.signature ? (
          <span className="field-error" role="alert" data-testid="pay-signature-error">
            {invalid.signature}
          </span>
        ) : null}
        <button type="button" className="link-button" data-testid="pay-clear" onClick={() => pad.current?.clear()}>
          {t('passage.pay.clear')}
        </button>
      </div>
    </ActionDialog>
  );
}

/** Whose exit is stamped, as the PV names them (the document without a PV), so the officer checks the person. */
function StampSubject({ view }: { view: PassageView }) {
  const { t } = useTranslation();
  const who = view.pv ?? view.document;
  if (!who) return null;
  return (
    <div className="stamp-subject" data-testid="stamp-subject">
      <p className="stamp-subject-title">{t('passage.card.title')}</p>
      <p className="card-name" data-testid="stamp-name">
        {/* One isolate for the whole name: surname then given names, in the name's own direction. */}
        <bdi>
          <span className="card-surname">{who.surname.toUpperCase()}</span> <span>{who.givenNames}</span>
        </bdi>
      </p>
      <dl className="stamp-subject-facts">
        {view.pv ? (
          <div>
            <dt>{t('passage.card.pv')}</dt>
            <dd>
              <bdi dir="ltr" className="mono" data-testid="stamp-pv">
                {view.pv.pvNumber}
              </bdi>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('passage.card.document')}</dt>
          <dd>
            <bdi dir="ltr" className="mono" data-testid="stamp-document">
              {who.documentNumber}
            </bdi>
          </dd>
        </div>
      </dl>
    </div>
  );
}

function StampForm(props: ActionFormProps) {
  const { t } = useTranslation();
  const [stamp, setStamp] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const s = useSubmit(props);
  return (
    <ActionDialog
      testId="dialog-stamp"
      title={t('passage.actions.stamp')}
      busy={s.busy}
      error={s.error}
      onCancel={props.onCancel}
      onSubmit={() => {
        if (!CODE.test(stamp.trim())) return setInvalid(stamp.trim() ? t('passage.invalid.code') : t('passage.invalid.required'));
        setInvalid(null);
        void s.run(() => call('stamp.record', { passageId: props.view.passageId, stampNumber: stamp.trim() }));
      }}
    >
      <StampSubject view={props.view} />
      <Field id="stamp-number" label={t('passage.stamp.number')} error={invalid}>
        <input
          id="stamp-number"
          data-testid="stamp-number"
          dir="ltr"
          autoComplete="off"
          value={stamp}
          onChange={(e) => setStamp(e.target.value)}
        />
      </Field>
    </ActionDialog>
  );
}

function SettleForm(props: ActionFormProps) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<'allow' | 'deny' | null>(null);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const s = useSubmit(props);
  return (
    <ActionDialog
      testId="dialog-settle"
      title={t('passage.actions.settle')}
      busy={s.busy}
      error={s.error}
      onCancel={props.onCancel}
      onSubmit={() => {
        const errors: Record<string, string> = {};
        if (!decision) errors.decision = t('passage.settle.decisionRequired');
        if (reason.trim().length < 3) errors.reason = t('passage.invalid.reasonTooShort');
        setInvalid(errors);
        if (!decision || Object.keys(errors).length > 0) return;
        void s.run(() => call('referral.settle', { passageId: props.view.passageId, decision, reason: reason.trim() }));
      }}
    >
      <fieldset className="choice">
        <legend className="field-label">{t('passage.settle.decision')}</legend>
        {(['allow', 'deny'] as const).map((d) => (
          <label key={d} className={`check choice-${d}`}>
            <input
              type="radio"
              name="settle-decision"
              value={d}
              data-testid={`settle-${d}`}
              checked={decision === d}
              onChange={() => setDecision(d)}
            />
            <span>{t(`passage.settle.${d}`)}</span>
          </label>
        ))}
        {invalid.decision ? (
          <span className="field-error" role="alert">
            {invalid.decision}
          </span>
        ) : null}
      </fieldset>
      <Field id="settle-reason" label={t('passage.settle.reason')} error={invalid.reason}>
        <input
          id="settle-reason"
          data-testid="settle-reason"
          autoComplete="off"
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
    </ActionDialog>
  );
}

function VoidForm(props: ActionFormProps) {
  const { t } = useTranslation();
  const f = useFormatter();
  const tl = props.view.timeline;
  const records = (['checkin', 'exchange', 'perDiem', 'stamp'] as const).flatMap((kind) => {
    const fact = tl?.[kind];
    return fact ? [{ kind, fact }] : [];
  });
  const [choice, setChoice] = useState<string | null>(records.length === 1 ? (records[0]?.fact.id ?? null) : null);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const s = useSubmit(props);
  return (
    <ActionDialog
      testId="dialog-void"
      title={t('passage.actions.void')}
      busy={s.busy}
      error={s.error}
      onCancel={props.onCancel}
      onSubmit={() => {
        const errors: Record<string, string> = {};
        const picked = records.find((r) => r.fact.id === choice);
        if (!picked) errors.record = t('passage.void.recordRequired');
        if (reason.trim().length < 3) errors.reason = t('passage.invalid.reasonTooShort');
        setInvalid(errors);
        if (!picked || Object.keys(errors).length > 0) return;
        void s.run(() =>
          call('record.void', { passageId: props.view.passageId, kind: picked.kind, recordId: picked.fact.id, reason: reason.trim() }),
        );
      }}
    >
      <fieldset className="choice">
        <legend className="field-label">{t('passage.void.record')}</legend>
        {records.map(({ kind, fact }) => (
          <label key={fact.id} className="check">
            <input
              type="radio"
              name="void-record"
              value={fact.id}
              data-testid={`void-${kind}`}
              checked={choice === fact.id}
              onChange={() => setChoice(fact.id)}
            />
            <span>
              {t(`passage.timeline.${kind}`)} —{' '}
              {t('passage.timeline.by', { by: fact.actorName, at: f.dateTime(fact.at), post: fact.postCode })}
            </span>
          </label>
        ))}
        {invalid.record ? (
          <span className="field-error" role="alert">
            {invalid.record}
          </span>
        ) : null}
      </fieldset>
      <Field id="void-reason" label={t('passage.void.reason')} error={invalid.reason}>
        <input
          id="void-reason"
          data-testid="void-reason"
          autoComplete="off"
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
    </ActionDialog>
  );
}

export function ActionForm(props: ActionFormProps & { action: DepartureAction }) {
  switch (props.action) {
    case 'checkin':
      return <CheckinForm {...props} />;
    case 'exchange':
      return <ExchangeForm {...props} />;
    case 'pay':
      return <PayForm {...props} />;
    case 'stamp':
      return <StampForm {...props} />;
    case 'settle':
      return <SettleForm {...props} />;
    case 'void':
      return <VoidForm {...props} />;
  }
}
