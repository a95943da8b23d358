import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, Session } from '../../../core/ipc';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { call, type AppError } from '../../lib/api';
import { attemptsLeft, errorText, formatDuration, lockedUntil } from '../../lib/format';
import { ChangePinForm } from './ChangePinForm';

/** A message shown above the form after a session ended (idle, replaced, shutdown...). */
export interface LoginNotice {
  kind: 'idle' | 'logout' | 'replaced' | 'shutdown';
  idleTimeoutMs?: number;
}

interface Props {
  info: AppInfo | null;
  notice: LoginNotice | null;
  onLoggedIn: (session: Session) => void;
  /** A session opened with a one-time PIN (found at start-up): only the PIN change is offered. */
  pendingPinChange?: boolean;
}

interface Failure {
  error: AppError;
  attemptsLeft: number | null;
  lockedUntil: number | null;
}

export function LoginScreen({ info, notice, onLoggedIn, pendingPinChange = false }: Props) {
  const { t } = useTranslation();
  // After a sign-in with a one-time PIN: the PIN just typed (null when the session was found at start-up).
  const [pinChange, setPinChange] = useState<{ currentPin: string | null } | null>(pendingPinChange ? { currentPin: null } : null);
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const userRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    userRef.current?.focus();
  }, []);

  // While locked, tick every second so the remaining time counts down.
  const lockEnd = failure?.lockedUntil ?? null;
  useEffect(() => {
    if (lockEnd === null) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [lockEnd]);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    if (username.trim() === '') {
      userRef.current?.focus();
      return;
    }
    if (pin === '') {
      pinRef.current?.focus();
      return;
    }
    setBusy(true);
    const r = await call('auth.login', { username: username.trim(), pin });
    setBusy(false);
    if (r.ok) {
      setFailure(null);
      if (r.value.mustChangePin) setPinChange({ currentPin: pin });
      else onLoggedIn(r.value);
      setPin('');
      return;
    }
    const at = Date.now();
    setNow(at);
    setFailure({ error: r.error, attemptsLeft: attemptsLeft(r.error), lockedUntil: lockedUntil(r.error, at) });
    setPin('');
    pinRef.current?.focus();
  }

  return (
    <main className="login-screen">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <section className="login-card" aria-labelledby="login-title">
        <header className="login-header">
          <p className="brand-name brand-large">{t('app.name')}</p>
          <p className="tagline">{t('app.tagline')}</p>
          {info ? (
            <p className="login-post" data-testid="login-post">
              <span className="post-code" dir="ltr">
                {info.post.code}
              </span>
              {info.post.name ? ` · ${info.post.name}` : null}
            </p>
          ) : null}
        </header>

        {pinChange ? (
          <ChangePinForm
            currentPin={pinChange.currentPin}
            onChanged={onLoggedIn}
            onCancel={() => {
              setPinChange(null);
              void call('auth.logout', { reason: 'logout' });
              userRef.current?.focus();
            }}
          />
        ) : (
          <>
            <h1 id="login-title">{t('login.title')}</h1>

            {notice ? <SessionNotice notice={notice} /> : null}

            <form className="login-form" onSubmit={(e) => void submit(e)} noValidate>
              <label className="field">
                <span className="field-label">{t('login.user')}</span>
                <input
                  ref={userRef}
                  data-testid="login-user"
                  name="username"
                  type="text"
                  dir="ltr"
                  autoComplete="username"
                  autoCapitalize="off"
                  spellCheck={false}
                  maxLength={64}
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                />
              </label>
              <label className="field">
                <span className="field-label">{t('login.pin')}</span>
                <input
                  ref={pinRef}
                  data-testid="login-pin"
                  name="pin"
                  type="password"
                  dir="ltr"
                  inputMode="numeric"
                  autoComplete="current-password"
                  maxLength={16}
                  value={pin}
                  onChange={(e) => setPin(e.target.value)}
                />
              </label>

              {failure ? <FailureText failure={failure} now={now} /> : null}

              <button type="submit" className="button button-primary button-large" data-testid="login-submit" disabled={busy}>
                {busy ? t('login.submitting') : t('login.submit')}
              </button>
            </form>
          </>
        )}

        {info?.demo ? <p className="demo-hint">{t('login.demoHint')}</p> : null}
        {info?.keyProtection === 'file' ? (
          <p className="message message-warning" role="note" data-testid="key-warning">
            {t('keyProtection.fileWarning')}
          </p>
        ) : null}
      </section>
    </main>
  );
}

function FailureText({ failure, now }: { failure: Failure; now: number }) {
  const { t } = useTranslation();
  const parts = [failure.error.message === 'auth.busy' ? t('signIn.busy') : errorText(t, failure.error)];
  if (failure.lockedUntil !== null && failure.lockedUntil > now) {
    parts.push(t('login.lockedFor', { time: formatDuration(t, failure.lockedUntil - now) }));
  } else if (failure.attemptsLeft !== null && failure.error.code === 'badCredentials') {
    parts.push(t('login.attemptsLeft', { count: failure.attemptsLeft }));
  }
  return (
    <p className="message message-error" role="alert" data-testid="login-error" data-code={failure.error.code}>
      {parts.join(' ')}
    </p>
  );
}

function SessionNotice({ notice }: { notice: LoginNotice }) {
  const { t } = useTranslation();
  if (notice.kind === 'idle') {
    const ms = notice.idleTimeoutMs ?? 0;
    const text = ms >= 60_000 ? t('session.ended.idle', { minutes: Math.round(ms / 60_000) }) : t('session.ended.idleShort');
    return (
      <p className="message message-info" role="status" data-testid="idle-message">
        {text}
      </p>
    );
  }
  return (
    <p className="message message-info" role="status" data-testid="session-message" data-reason={notice.kind}>
      {t(`session.ended.${notice.kind}`)}
    </p>
  );
}
