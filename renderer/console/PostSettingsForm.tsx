/**
 * One post's own settings on the posts screen: its time zone (IANA) and its idle logout in minutes.
 * Checked with the centre's own schema before sending (what is wrong is said beside its field);
 * the zone is sent as the runtime spells it (`africa/casablanca` → `Africa/Casablanca`).
 * Administrators change them; analysts see them read-only. Only that post receives them.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { PostSettingsView } from '../../core/console/contract';
import { postSettingsRequestSchema } from '../../core/console/contract';
import type { Formatter } from '../../core/format/format';
import { canonicalTimeZone } from '../../core/format/format';
import { IDLE_TIMEOUT_MINUTES } from '../../core/sync/protocol';
import { api } from './api';
import type { ConsoleMessages } from './messages';
import { Field, FormOutcome, fillIsolated, refusalText, refusedFields, useLoad } from './ui';

type PostSettingsField = 'timeZone' | 'idle';
const FIELD_OF_PATH: Record<string, PostSettingsField> = { timeZone: 'timeZone', idleTimeoutMinutes: 'idle' };

/** The zones this browser knows, offered as the administrator types. */
const ZONES: readonly string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

export function PostSettingsForm({ ctx, postCode }: { ctx: { m: ConsoleMessages; f: Formatter; admin: boolean }; postCode: string }) {
  const { m, f } = ctx;
  const t = m.postSettings;
  const [view, reload] = useLoad(() => api<PostSettingsView>('GET', `posts/${postCode}/settings`), [postCode]);
  const [form, setForm] = useState<Record<PostSettingsField, string> | null>(null);
  const [errors, setErrors] = useState<Partial<Record<PostSettingsField, boolean>>>({});
  const [done, setDone] = useState<((m: ConsoleMessages) => string) | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const shown: Record<PostSettingsField, string> = form ?? {
    timeZone: view?.timeZone ?? '',
    idle: view ? String(view.idleTimeoutMinutes) : '',
  };
  const set = (field: PostSettingsField, value: string) => {
    setForm({ ...shown, [field]: value });
    setErrors({ ...errors, [field]: false });
    setDone(null);
  };
  const fieldErrors = (paths: string[]) => Object.fromEntries(paths.flatMap((p) => (FIELD_OF_PATH[p] ? [[FIELD_OF_PATH[p], true]] : [])));
  const messageFor = (field: PostSettingsField) =>
    field === 'idle' ? fillIsolated(t.errors.idle, { min: IDLE_TIMEOUT_MINUTES.min, max: IDLE_TIMEOUT_MINUTES.max }) : t.errors.timeZone;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    setRefused(null);
    const idle = shown.idle.trim();
    const candidate = {
      timeZone: canonicalTimeZone(shown.timeZone) ?? shown.timeZone.trim(),
      idleTimeoutMinutes: /^\d{1,4}$/.test(idle) ? Number(idle) : Number.NaN,
    };
    // The same schema the centre checks with: what is wrong is said beside its field before sending.
    const checked = postSettingsRequestSchema.safeParse(candidate);
    if (!checked.success) {
      setErrors(fieldErrors(checked.error.issues.map((i) => i.path.join('.'))));
      return;
    }
    try {
      const result = await api<{ changed: boolean }>('POST', `posts/${postCode}/settings`, checked.data);
      setErrors({});
      setForm(null);
      setDone(() => (m: ConsoleMessages) => (result.changed ? m.postSettings.saved : m.postSettings.unchanged));
      reload();
    } catch (e) {
      const fields = refusedFields(e);
      if (fields) setErrors(fieldErrors(Object.keys(fields)));
      else setRefused(refusalText(m, e));
    }
  };

  const input = (field: PostSettingsField, label: string, props: { inputMode?: 'numeric'; maxLength: number; list?: string }) => (
    <Field label={label} error={errors[field] ? messageFor(field) : undefined} testid={`console-post-settings-error-${field}`}>
      <input
        data-testid={`console-post-settings-${field}`}
        dir="ltr"
        value={shown[field]}
        readOnly={!ctx.admin}
        aria-invalid={errors[field] ? true : undefined}
        onChange={(e) => set(field, e.target.value)}
        {...props}
      />
    </Field>
  );

  return (
    <form className="console-post-settings" onSubmit={(e) => void submit(e)} noValidate data-testid="console-post-settings">
      <h3>{t.title}</h3>
      <p className="muted">{t.scope}</p>
      <p data-testid="console-post-settings-current">
        {view &&
          fillIsolated(view.updatedAt === null ? t.defaults : t.current, {
            zone: view.timeZone,
            minutes: f.integer(view.idleTimeoutMinutes),
            at: view.updatedAt === null ? '' : f.dateTime(view.updatedAt),
          })}
      </p>
      {input('timeZone', t.timeZone, { maxLength: 64, list: 'console-time-zones' })}
      <datalist id="console-time-zones">
        {ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      {input('idle', t.idle, { inputMode: 'numeric', maxLength: 4 })}
      {ctx.admin && (
        <button type="submit" className="primary" data-testid="console-post-settings-save">
          {t.save}
        </button>
      )}
      <FormOutcome m={m} done={done} refused={refused} testid="console-post-settings-saved" />
    </form>
  );
}
