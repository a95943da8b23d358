import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../core/ipc/roles';
import type { MessageKey } from '../../core/i18n/messages';
import { enrolCodeSchema } from '../../core/post/provisioning';
import { EnrolCodeInput, EnrolProblemText, type EnrolProblem } from '../features/setup/EnrolFields';
import { useFormatter } from '../i18n/format';
import { call } from '../lib/api';
import type { reenrolMessages } from './reenrol-messages';

/** `t` over the panel's own messages (renderer/app/reenrol-messages.ts), typed on that tree alone. */
type ReenrolKey = MessageKey<(typeof reenrolMessages)['fr']>;
type ReenrolT = (key: ReenrolKey, params?: Record<string, string | number>) => string;

/**
 * Under the status bar while the centre has revoked this machine: the records waiting are kept,
 * and a supervisor types the new one-time code from the centre (`post.reenrol`). Other roles are
 * told who can. `onDone` once the post is enrolled again (its outbox then goes to the centre).
 */
export function ReenrolPanel({ role, queueLength, onDone }: { role: Role; queueLength: number; onDone: () => void }) {
  const { t: loose } = useTranslation();
  const t = loose as unknown as ReenrolT;
  const f = useFormatter();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<EnrolProblem | null>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    const checked = enrolCodeSchema.safeParse(code);
    if (!checked.success) return setProblem({ key: checked.error.issues[0]?.message ?? 'setup.errors.badCode', error: null });
    setBusy(true);
    setProblem(null);
    const result = await call('post.reenrol', { code });
    setBusy(false);
    if (result.ok) return onDone();
    setProblem({ key: result.error.message.startsWith('setup.errors.') ? result.error.message : null, error: result.error });
  }

  return (
    <section className="reenrol-panel" aria-labelledby="reenrol-title" data-testid="reenrol-panel">
      <h2 id="reenrol-title">{t('reenrol.title')}</h2>
      <p>{t('reenrol.intro')}</p>
      <p className="reenrol-queue" data-testid="reenrol-queue">
        {t('reenrol.queue', { count: f.integer(queueLength) })}
      </p>
      {role !== 'supervisor' ? (
        <p className="message" data-testid="reenrol-ask-supervisor">
          {t('reenrol.askSupervisor')}
        </p>
      ) : (
        <form className="reenrol-form" noValidate onSubmit={(e) => void submit(e)}>
          <label className="field">
            <span className="field-label">{t('reenrol.code')}</span>
            <EnrolCodeInput testId="reenrol-code" value={code} invalidBy={problem ? 'reenrol-error' : null} onChange={setCode} />
          </label>
          <button type="submit" className="button button-primary" data-testid="reenrol-submit" disabled={busy}>
            {busy ? t('reenrol.submitting') : t('reenrol.submit')}
          </button>
          {problem ? <EnrolProblemText problem={problem} id="reenrol-error" /> : null}
        </form>
      )}
    </section>
  );
}

/** Said once the post is enrolled again, until dismissed. */
export function ReenrolDone({ onClose }: { onClose: () => void }) {
  const { t: loose } = useTranslation();
  const t = loose as unknown as ReenrolT;
  return (
    <section className="reenrol-panel reenrol-done" role="status" data-testid="reenrol-done">
      <p>{t('reenrol.done')}</p>
      <button type="button" className="button button-secondary" data-testid="reenrol-close" onClick={onClose}>
        {t('reenrol.close')}
      </button>
    </section>
  );
}
