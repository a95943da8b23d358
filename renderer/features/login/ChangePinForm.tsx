import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../../core/ipc';
import { call, type AppError } from '../../lib/api';
import { attemptsLeft, errorText, formatDuration, lockedUntil } from '../../lib/format';

interface Props {
  /** The one-time PIN just typed at sign-in; null after a reload (then it is asked again). */
  currentPin: string | null;
  onChanged: (session: Session) => void;
  onCancel: () => void;
}

type Problem = { kind: 'local'; key: 'format' | 'mismatch' | 'same' | 'current' } | { kind: 'server'; error: AppError; at: number };

const PIN = /^\d{4,8}$/;

/**
 * A session opened with a one-time PIN can only change it (main refuses everything else): the new
 * PIN twice, checked here for a quick answer and again by main.
 */
export function ChangePinForm({ currentPin, onChanged, onCancel }: Props) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const currentRef = useRef<HTMLInputElement>(null);
  const nextRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (currentPin === null ? currentRef : nextRef).current?.focus();
  }, [currentPin]);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    const oneTime = currentPin ?? current;
    const local = (key: 'format' | 'mismatch' | 'same' | 'current', focus: HTMLInputElement | null) => {
      setProblem({ kind: 'local', key });
      focus?.focus();
    };
    if (oneTime === '') return local('current', currentRef.current);
    if (!PIN.test(next)) return local('format', nextRef.current);
    if (next !== confirm) {
      setConfirm('');
      return local('mismatch', confirmRef.current);
    }
    if (next === oneTime) {
      setNext('');
      setConfirm('');
      return local('same', nextRef.current);
    }
    setBusy(true);
    const changed = await call('auth.changePin', { currentPin: oneTime, newPin: next });
    if (!changed.ok) {
      setBusy(false);
      setProblem({ kind: 'server', error: changed.error, at: Date.now() });
      setNext('');
      setConfirm('');
      (currentPin === null ? currentRef : nextRef).current?.focus();
      return;
    }
    const session = await call('auth.session', {});
    setBusy(false);
    if (session.ok && session.value && !session.value.mustChangePin) onChanged(session.value);
    else onCancel();
  }

  return (
    <>
      <h1 id="login-title" data-testid="pin-change-title">
        {t('pinChange.title')}
      </h1>
      <p className="message message-info">{t('pinChange.intro')}</p>
      <form className="login-form" onSubmit={(e) => void submit(e)} noValidate data-testid="pin-change-form">
        {currentPin === null ? (
          <PinField
            label={t('pinChange.current')}
            testId="pin-change-current"
            inputRef={currentRef}
            value={current}
            onChange={setCurrent}
          />
        ) : null}
        <PinField label={t('pinChange.next')} testId="pin-change-new" inputRef={nextRef} value={next} onChange={setNext} />
        <PinField label={t('pinChange.confirm')} testId="pin-change-confirm" inputRef={confirmRef} value={confirm} onChange={setConfirm} />
        <p className="field-hint">{t('pinChange.hint')}</p>
        {problem ? <ProblemText problem={problem} /> : null}
        <button type="submit" className="button button-primary button-large" data-testid="pin-change-submit" disabled={busy}>
          {busy ? t('pinChange.submitting') : t('pinChange.submit')}
        </button>
        <button type="button" className="button button-secondary" data-testid="pin-change-cancel" onClick={onCancel}>
          {t('pinChange.cancel')}
        </button>
      </form>
    </>
  );
}

function PinField(props: {
  label: string;
  testId: string;
  inputRef: React.RefObject<HTMLInputElement | null>;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <input
        ref={props.inputRef}
        data-testid={props.testId}
        type="password"
        dir="ltr"
        inputMode="numeric"
        autoComplete={props.testId === 'pin-change-current' ? 'current-password' : 'new-password'}
        maxLength={8}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

function ProblemText({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  let text: string;
  if (problem.kind === 'local') text = t(`pinChange.errors.${problem.key}`);
  else {
    const parts = [problem.error.message === 'auth.samePin' ? t('pinChange.errors.same') : errorText(t, problem.error)];
    const until = lockedUntil(problem.error, problem.at);
    const left = attemptsLeft(problem.error);
    if (until !== null) parts.push(t('login.lockedFor', { time: formatDuration(t, until - problem.at) }));
    else if (left !== null) parts.push(t('login.attemptsLeft', { count: left }));
    text = parts.join(' ');
  }
  return (
    <p
      className="message message-error"
      role="alert"
      data-testid="pin-change-error"
      data-code={problem.kind === 'local' ? problem.key : problem.error.code}
    >
      {text}
    </p>
  );
}
