/**
 * The new departure of a no-show's PV (docs/console.md): air, carrier + flight number + date (and
 * the new booking's PNR or e-ticket when known); land, route + date. The date is typed as the
 * screens show it (dd/mm/yyyy, parseDisplayDate) and the form is checked with the schema the
 * centre checks with (rescheduleRequestSchema, today in the programme's zone); what is wrong is
 * said beside the field, and the centre's refusals (a revoked or departed PV...) under the form.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { rescheduleRequestSchema } from '../../core/console/contract';
import type { NoShowRow } from '../../core/console/contract';
import { DEFAULT_TIME_ZONE, localIsoDate, parseDisplayDate } from '../../core/format/format';
import type { Formatter } from '../../core/format/format';
import { ApiError, api } from './api';
import type { noShowMessages } from './no-shows-messages';
import { Field, fillIsolated } from './ui';

type Messages = (typeof noShowMessages)['fr'];
const FIELDS = ['carrier', 'flightNumber', 'route', 'date', 'pnr', 'eticket'] as const;
type FormField = (typeof FIELDS)[number];
type FieldError = 'invalid' | 'datePast' | 'afterValidity';
const isField = (k: unknown): k is FormField => FIELDS.includes(k as FormField);
const TESTID: Record<FormField, string> = {
  carrier: 'carrier',
  flightNumber: 'flight-number',
  route: 'route',
  date: 'date',
  pnr: 'pnr',
  eticket: 'eticket',
};
/** Refusals the centre answers with 404/409 (console.noShow.<reason>). */
const REASONS = ['unknown', 'already', 'pvUnknown', 'revoked', 'departed', 'otherMode', 'sameDeparture'] as const;

export function RescheduleForm({
  row,
  m,
  f,
  onDone,
  onCancel,
}: {
  row: NoShowRow;
  m: Messages;
  f: Formatter;
  onDone: () => void;
  onCancel: () => void;
}) {
  const mode = row.flightKey.startsWith('LAND:') ? 'land' : 'air';
  const [values, setValues] = useState<Record<FormField, string>>({
    carrier: '',
    flightNumber: '',
    route: '',
    date: '',
    pnr: '',
    eticket: '',
  });
  // What is wrong, as codes: the messages follow the screen's language when it changes.
  const [errors, setErrors] = useState<Partial<Record<FormField, FieldError>>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const today = localIsoDate(Date.now(), DEFAULT_TIME_ZONE);

  const messageFor = (field: FormField, code: FieldError): string =>
    code === 'datePast'
      ? fillIsolated(m.errors.datePast, { today: f.calendarDate(today) })
      : code === 'afterValidity'
        ? m.errors.afterValidity
        : m.errors[field];
  const fieldErrors = (entries: [unknown, string][]) => {
    const out: Partial<Record<FormField, FieldError>> = {};
    for (const [field, code] of entries) if (isField(field)) out[field] ??= code === 'console.reschedule.datePast' ? 'datePast' : 'invalid';
    return out;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const upper = (k: FormField) => values[k].trim().toUpperCase();
    const date = parseDisplayDate(values.date);
    const body =
      mode === 'air'
        ? {
            mode,
            carrier: upper('carrier'),
            flightNumber: upper('flightNumber'),
            date: date ?? '',
            ...(upper('pnr') ? { pnr: upper('pnr') } : {}),
            ...(upper('eticket') ? { eticket: upper('eticket') } : {}),
          }
        : { mode, route: values.route.trim(), date: date ?? '' };
    const checked = rescheduleRequestSchema(today).safeParse(body);
    const found = fieldErrors(checked.success ? [] : checked.error.issues.map((i) => [i.path[0], i.message]));
    if (date === null) found.date = 'invalid';
    setErrors(found);
    setRefusal(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    api('POST', `no-shows/${encodeURIComponent(row.id)}/reschedule`, body)
      .then(onDone)
      .catch((error: unknown) => {
        const answer = error instanceof ApiError ? error.body : {};
        if (answer.fields && typeof answer.fields === 'object') {
          setErrors(fieldErrors(Object.entries(answer.fields as Record<string, string>)));
          return;
        }
        const reason = String(answer.error ?? error).replace(/^console\.noShow\./, '');
        if (reason === 'afterValidity') setErrors({ date: 'afterValidity' });
        else setRefusal(reason);
      })
      .finally(() => setBusy(false));
  };
  const refusalText = (reason: string) =>
    (REASONS as readonly string[]).includes(reason)
      ? m.errors[reason as (typeof REASONS)[number]]
      : fillIsolated(m.errors.other, { error: reason });

  const input = (field: FormField, size: number) => (
    <input
      data-testid={`console-reschedule-${TESTID[field]}`}
      dir="ltr"
      size={size}
      value={values[field]}
      aria-invalid={errors[field] ? true : undefined}
      onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
    />
  );
  const field = (name: FormField, size: number) => (
    <Field label={m.form[name]} error={errors[name] && messageFor(name, errors[name])} testid={`console-reschedule-error-${name}`}>
      {input(name, size)}
    </Field>
  );

  return (
    <form className="console-reschedule" data-testid="console-reschedule-form" onSubmit={submit} noValidate>
      <h3>{fillIsolated(m.form.title, { pv: row.pvNumber })}</h3>
      {mode === 'air' ? (
        <>
          {field('carrier', 4)}
          {field('flightNumber', 6)}
        </>
      ) : (
        field('route', 30)
      )}
      {field('date', 10)}
      {mode === 'air' && (
        <>
          {field('pnr', 8)}
          {field('eticket', 14)}
        </>
      )}
      <p className="muted">{m.form.hint}</p>
      {refusal && (
        <p role="alert" className="console-error" data-testid="console-reschedule-error">
          {refusalText(refusal)}
        </p>
      )}
      <div className="console-row">
        <button type="submit" data-testid="console-reschedule-submit" disabled={busy}>
          {m.form.submit}
        </button>
        <button type="button" data-testid="console-reschedule-cancel" onClick={onCancel}>
          {m.form.cancel}
        </button>
      </div>
    </form>
  );
}
