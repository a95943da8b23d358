/**
 * Settings and keys: the national settings every post receives (per diem amount, currency and
 * period; retention) and the trusted PV signing keys (list, add, retire with confirmation).
 * Administrators change them; analysts see them read-only. Errors are shown beside their field.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { PvKeyRow, SettingsView } from '../../core/console/contract';
import { pvKeyIdSchema, parsePvKeyText } from '../../core/console/pv-key';
import type { Formatter } from '../../core/format/format';
import type { Language } from '../../core/i18n/messages';
import { centralSettingsSchema } from '../../core/sync/protocol';
import { parseAmountToCents } from '../features/passage/format';
import { ApiError, api } from './api';
import type { ConsoleMessages } from './messages';
import { Field, FormOutcome, Table, fill, fillIsolated, refusalText, refusedFields, useLoad } from './ui';

interface Props {
  ctx: { m: ConsoleMessages; f: Formatter; lang: Language; admin: boolean };
}

/** The largest per diem the settings accept (centralSettingsSchema), in cents. */
const MAX_PER_DIEM_CENTS = 100_000;

type SettingsField = 'amount' | 'currency' | 'period' | 'retention';
const FIELD_OF_PATH: Record<string, SettingsField> = {
  'perDiem.amount': 'amount',
  'perDiem.currency': 'currency',
  'perDiem.periodDays': 'period',
  'retention.pseudonymiseAfterDays': 'retention',
};

export function SettingsScreen({ ctx }: Props) {
  return (
    <section className="console-settings">
      <NationalSettings ctx={ctx} />
      <PvKeys ctx={ctx} />
    </section>
  );
}

function NationalSettings({ ctx }: Props) {
  const { m, f } = ctx;
  const [view, reload] = useLoad(() => api<SettingsView>('GET', 'settings'), []);
  const [form, setForm] = useState<Record<SettingsField, string> | null>(null);
  const [errors, setErrors] = useState<Partial<Record<SettingsField, boolean>>>({});
  const [done, setDone] = useState<((m: ConsoleMessages) => string) | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const current = view?.settings ?? null;
  const shown: Record<SettingsField, string> = form ?? {
    amount: current ? f.amountNumber(current.perDiem.amount) : '',
    currency: current?.perDiem.currency ?? '',
    period: current ? String(current.perDiem.periodDays) : '',
    retention: current?.retention ? String(current.retention.pseudonymiseAfterDays) : '',
  };
  const set = (field: SettingsField, value: string) => {
    setForm({ ...shown, [field]: value });
    setErrors({ ...errors, [field]: false });
    setDone(null);
  };
  const messageFor = (field: SettingsField) => fillIsolated(m.settings.errors[field], { max: f.amountNumber(MAX_PER_DIEM_CENTS) });
  const fieldErrors = (paths: string[]) => Object.fromEntries(paths.flatMap((p) => (FIELD_OF_PATH[p] ? [[FIELD_OF_PATH[p], true]] : [])));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    setRefused(null);
    const amount = parseAmountToCents(shown.amount);
    const candidate = {
      perDiem: { amount: amount ?? Number.NaN, currency: shown.currency.trim(), periodDays: Number(shown.period.trim() || Number.NaN) },
      ...(shown.retention.trim() ? { retention: { pseudonymiseAfterDays: Number(shown.retention.trim()) } } : {}),
    };
    // The same schema the centre checks with: what is wrong is said beside its field before sending.
    const checked = centralSettingsSchema.safeParse(candidate);
    if (!checked.success) {
      setErrors(fieldErrors(checked.error.issues.map((i) => i.path.join('.'))));
      return;
    }
    try {
      const result = await api<{ changed: boolean }>('POST', 'settings', checked.data);
      setErrors({});
      setForm(null);
      setDone(() => (t: ConsoleMessages) => (result.changed ? t.settings.saved : t.settings.unchanged));
      reload();
    } catch (e) {
      const fields = refusedFields(e);
      if (fields) setErrors(fieldErrors(Object.keys(fields)));
      else setRefused(refusalText(m, e));
    }
  };

  const input = (field: SettingsField, label: string, props: { inputMode?: 'decimal' | 'numeric'; maxLength?: number }) => (
    <Field label={label} error={errors[field] ? messageFor(field) : undefined} testid={`console-settings-error-${field}`}>
      <input
        data-testid={`console-settings-${field}`}
        dir="ltr"
        value={shown[field]}
        readOnly={!ctx.admin}
        aria-invalid={errors[field] ? true : undefined}
        onChange={(e) => set(field, field === 'currency' ? e.target.value.toUpperCase() : e.target.value)}
        {...props}
      />
    </Field>
  );

  return (
    <form className="console-card" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{m.settings.title}</h2>
      <p className="muted">{m.settings.scope}</p>
      <p data-testid="console-settings-current">
        {current
          ? fillIsolated(m.settings.current, {
              amount: f.amount(current.perDiem.amount, current.perDiem.currency),
              days: f.integer(current.perDiem.periodDays),
              at: view?.updatedAt ? f.dateTime(view.updatedAt) : '—',
            })
          : m.settings.notSet}
      </p>
      {input('amount', m.settings.amount, { inputMode: 'decimal', maxLength: 16 })}
      {input('currency', m.settings.currency, { maxLength: 3 })}
      {input('period', m.settings.period, { inputMode: 'numeric', maxLength: 4 })}
      {input('retention', m.settings.retention, { inputMode: 'numeric', maxLength: 4 })}
      {ctx.admin && (
        <button type="submit" className="primary" data-testid="console-settings-save">
          {m.settings.save}
        </button>
      )}
      <FormOutcome m={m} done={done} refused={refused} testid="console-settings-saved" />
    </form>
  );
}

function PvKeys({ ctx }: Props) {
  const { m, f } = ctx;
  const [keys, reload] = useLoad(() => api<{ keys: PvKeyRow[] }>('GET', 'pv-keys').then((r) => r.keys), []);
  const [keyId, setKeyId] = useState('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<{ keyId?: string; key?: string }>({});
  const [confirming, setConfirming] = useState<string | null>(null);
  const [done, setDone] = useState<((m: ConsoleMessages) => string) | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const activeCount = (keys ?? []).filter((k) => k.retiredAt === null).length;
  const keyError = (code: string) => (m.keys.errors as Record<string, string>)[code] ?? fill(m.common.refused, { error: code });

  const readFile = async (file: File) => {
    const content = await file.text();
    setText(content);
    setErrors({});
    const parsed = parsePvKeyText(content);
    if (parsed.ok && parsed.keyId && !keyId) setKeyId(parsed.keyId);
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    setRefused(null);
    const parsed = parsePvKeyText(text);
    const local = {
      ...(pvKeyIdSchema.safeParse(keyId.trim()).success ? {} : { keyId: 'keyIdFormat' }),
      ...(parsed.ok ? {} : { key: parsed.error }),
      ...(parsed.ok && parsed.keyId !== null && parsed.keyId !== keyId.trim() ? { keyId: 'keyIdMismatch' } : {}),
    };
    setErrors(local);
    if (local.keyId || local.key) return;
    try {
      const r = await api<{ keys: PvKeyRow[] }>('POST', 'pv-keys', { keyId: keyId.trim(), key: text });
      const added = r.keys.find((k) => k.keyId === keyId.trim());
      const params = { key: keyId.trim(), fingerprint: added?.fingerprint ?? '' };
      setDone(() => (t: ConsoleMessages) => fillIsolated(t.keys.addedOk, params));
      setKeyId('');
      setText('');
      reload();
    } catch (e) {
      const fields = refusedFields(e);
      if (fields) setErrors(fields);
      else setRefused(refusalText(m, e));
    }
  };

  const retire = async (id: string) => {
    setDone(null);
    setRefused(null);
    try {
      await api('POST', `pv-keys/${encodeURIComponent(id)}/retire`);
      setDone(() => (t: ConsoleMessages) => fillIsolated(t.keys.retiredOk, { key: id }));
    } catch (e) {
      const code = e instanceof ApiError ? String(e.body.error ?? '').replace(/^console\.pvKey\./, '') : '';
      setRefused(code === 'lastKey' ? m.keys.lastKey : refusalText(m, e));
    } finally {
      setConfirming(null);
      reload();
    }
  };

  return (
    <div className="console-card">
      <h2>{m.keys.title}</h2>
      <p className="muted">{m.keys.intro}</p>
      <Table head={[m.keys.keyId, m.keys.fingerprint, m.keys.added, m.keys.status, '']} testid="console-pvkey-table">
        {(keys ?? []).map((k) => (
          <tr key={k.keyId} data-testid={`console-pvkey-row-${k.keyId}`} className={k.retiredAt === null ? '' : 'muted'}>
            <td dir="ltr">{k.keyId}</td>
            <td dir="ltr" className="console-mono" data-testid="console-pvkey-fingerprint">
              {k.fingerprint}
            </td>
            <td>{f.dateTime(k.addedAt)}</td>
            <td data-testid="console-pvkey-status">
              {k.retiredAt === null ? m.keys.active : fill(m.keys.retiredAt, { at: f.dateTime(k.retiredAt) })}
            </td>
            <td>
              {ctx.admin && k.retiredAt === null && confirming !== k.keyId && (
                <button
                  type="button"
                  className="danger"
                  data-testid="console-pvkey-retire"
                  disabled={activeCount <= 1}
                  title={activeCount <= 1 ? m.keys.lastKey : undefined}
                  onClick={() => setConfirming(k.keyId)}
                >
                  {m.keys.retire}
                </button>
              )}
              {confirming === k.keyId && (
                <span className="console-confirm" role="alertdialog" data-testid="console-pvkey-confirm">
                  <span>{fillIsolated(m.keys.confirm, { key: k.keyId })}</span>
                  <button type="button" className="danger" data-testid="console-pvkey-retire-confirm" onClick={() => void retire(k.keyId)}>
                    {m.keys.confirmYes}
                  </button>
                  <button type="button" data-testid="console-pvkey-retire-cancel" onClick={() => setConfirming(null)}>
                    {m.keys.cancel}
                  </button>
                </span>
              )}
            </td>
          </tr>
        ))}
      </Table>
      {ctx.admin && activeCount === 1 && <p className="muted">{m.keys.lastKey}</p>}
      {ctx.admin && (
        <form onSubmit={(e) => void add(e)} noValidate>
          <h3>{m.keys.addTitle}</h3>
          <Field label={m.keys.keyId} error={errors.keyId && keyError(errors.keyId)} testid="console-pvkey-error-keyId">
            <input
              data-testid="console-pvkey-id"
              dir="ltr"
              maxLength={64}
              value={keyId}
              aria-invalid={errors.keyId ? true : undefined}
              onChange={(e) => (setKeyId(e.target.value), setErrors({ ...errors, keyId: undefined }))}
            />
          </Field>
          <Field label={m.keys.paste} error={errors.key && keyError(errors.key)} testid="console-pvkey-error-key">
            <textarea
              data-testid="console-pvkey-text"
              dir="ltr"
              rows={4}
              value={text}
              aria-invalid={errors.key ? true : undefined}
              onChange={(e) => (setText(e.target.value), setErrors({ ...errors, key: undefined }))}
            />
          </Field>
          <label className="console-inline">
            {m.keys.file}
            <input
              type="file"
              accept=".json,.pem,.pub,.txt,application/json,text/plain"
              data-testid="console-pvkey-file"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void readFile(file);
                e.target.value = '';
              }}
            />
          </label>
          <button type="submit" className="primary" data-testid="console-pvkey-add" disabled={!keyId.trim() || !text.trim()}>
            {m.keys.add}
          </button>
        </form>
      )}
      <FormOutcome m={m} done={done} refused={refused} testid="console-pvkey-done" />
    </div>
  );
}
