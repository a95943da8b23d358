import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetupProgress } from '../../../core/ipc';
import { enrolInputSchema, groupFingerprint, isFingerprint, parseProvisioning } from '../../../core/post/provisioning';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { runtimeKey } from '../../i18n';
import { useFormatter } from '../../i18n/format';
import { call, type AppError } from '../../lib/api';
import { errorText, formatDuration } from '../../lib/format';

type Field = 'url' | 'fingerprint' | 'code' | 'file';
interface Problem {
  field: Field | null;
  /** A `setup.errors.*` key, or an app error translated as `errors.<code>`. */
  key: string | null;
  error: AppError | null;
}

const FIELD_OF: Record<string, Field> = {
  urlMissing: 'url',
  badUrl: 'url',
  insecureUrl: 'url',
  unreachable: 'url',
  notCentre: 'url',
  noPin: 'fingerprint',
  badFingerprint: 'fingerprint',
  fingerprintMismatch: 'fingerprint',
  wrongCode: 'code',
  expiredCode: 'code',
  usedCode: 'code',
  codeRefused: 'code',
  badCode: 'code',
};

const fieldOf = (key: string): Field | null => FIELD_OF[key.replace('setup.errors.', '')] ?? null;

/** How often the screen asks for the first pull's progress. */
const PROGRESS_EVERY_MS = 1000;

/**
 * The first run of a post: enrol with the centre (typed details or the centre's provisioning
 * file), follow the first pull, and open the login once the post has what it needs. Replaces the
 * login while `post.status` says the post is not configured.
 */
export function SetupScreen({ onReady }: { onReady: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'manual' | 'file'>('manual');
  const [url, setUrl] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const [code, setCode] = useState('');
  const [fileInfo, setFileInfo] = useState<{ url: string; post: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [enrolledAs, setEnrolledAs] = useState<string | null>(null);
  const refs = {
    url: useRef<HTMLInputElement>(null),
    fingerprint: useRef<HTMLInputElement>(null),
    code: useRef<HTMLInputElement>(null),
    file: useRef<HTMLInputElement>(null),
  };

  useEffect(() => {
    (mode === 'manual' ? refs.url : refs.file).current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refs are stable; focus follows the mode only.
  }, [mode]);

  function showProblem(next: Problem): void {
    setProblem(next);
    const target = next.field === 'file' || (next.field && mode === 'file') ? refs.file : next.field ? refs[next.field] : null;
    target?.current?.focus();
  }

  async function readFile(file: File | undefined): Promise<void> {
    setProblem(null);
    setFileInfo(null);
    if (!file) return;
    const parsed = parseProvisioning(file.size > 64 * 1024 ? ' '.repeat(5000) : await file.text());
    if (!parsed.ok) return showProblem({ field: 'file', key: parsed.error, error: null });
    setUrl(parsed.value.url);
    setFingerprint(parsed.value.fingerprint);
    setCode(parsed.value.code);
    setFileInfo({ url: parsed.value.url, post: parsed.value.postCode ?? null });
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    const input = { url, fingerprint, code };
    const checked = enrolInputSchema.safeParse(input);
    if (!checked.success) {
      const key = checked.error.issues[0]?.message ?? 'setup.errors.failed';
      return showProblem({ field: fieldOf(key), key, error: null });
    }
    setBusy(true);
    setProblem(null);
    const result = await call('post.enrol', input);
    setBusy(false);
    if (result.ok) return setEnrolledAs(result.value.postCode);
    const key = result.error.message.startsWith('setup.errors.') ? result.error.message : null;
    showProblem({ field: key ? fieldOf(key) : null, key, error: result.error });
  }

  if (enrolledAs !== null)
    return (
      <SetupShell>
        <FirstPull postCode={enrolledAs} onReady={onReady} />
      </SetupShell>
    );

  const grouped = isFingerprint(fingerprint) ? groupFingerprint(fingerprint) : null;
  const invalid = (field: Field) => (problem?.field === field ? { 'aria-invalid': true, 'aria-describedby': 'setup-error' } : {});

  return (
    <SetupShell>
      <div className="setup-modes" role="group" aria-label={t('setup.modeLabel')}>
        <button
          type="button"
          className="lang-button"
          data-testid="setup-mode-manual"
          aria-pressed={mode === 'manual'}
          onClick={() => setMode('manual')}
        >
          {t('setup.modeManual')}
        </button>
        <button
          type="button"
          className="lang-button"
          data-testid="setup-mode-file"
          aria-pressed={mode === 'file'}
          onClick={() => setMode('file')}
        >
          {t('setup.modeFile')}
        </button>
      </div>
      <form className="login-form setup-form" onSubmit={(e) => void submit(e)} noValidate data-testid="setup-form">
        {mode === 'file' ? (
          <label className="field">
            <span className="field-label">{t('setup.file')}</span>
            <input
              ref={refs.file}
              data-testid="setup-file"
              type="file"
              accept=".json,application/json"
              {...invalid('file')}
              onChange={(e) => void readFile(e.target.files?.[0])}
            />
            <span className="field-hint">{t('setup.fileHint')}</span>
            {fileInfo ? (
              <span className="message message-info" role="status" data-testid="setup-file-read">
                {fileInfo.post
                  ? t('setup.fileRead', { post: fileInfo.post, url: fileInfo.url })
                  : t('setup.fileReadNoPost', { url: fileInfo.url })}
              </span>
            ) : null}
          </label>
        ) : null}
        {mode === 'file' && grouped ? <GroupedFingerprint lines={grouped} /> : null}
        {mode === 'file' ? null : (
          <>
            <label className="field">
              <span className="field-label">{t('setup.url')}</span>
              <input
                ref={refs.url}
                data-testid="setup-url"
                type="url"
                dir="ltr"
                autoComplete="off"
                spellCheck={false}
                maxLength={300}
                placeholder="https://centre.rva.ma:8443"
                value={url}
                {...invalid('url')}
                onChange={(e) => setUrl(e.target.value)}
              />
            </label>
            <label className="field">
              <span className="field-label">{t('setup.fingerprint')}</span>
              <input
                ref={refs.fingerprint}
                data-testid="setup-fingerprint"
                type="text"
                dir="ltr"
                className="mono"
                autoComplete="off"
                spellCheck={false}
                maxLength={200}
                value={fingerprint}
                {...invalid('fingerprint')}
                onChange={(e) => setFingerprint(e.target.value)}
              />
              {grouped ? null : <span className="field-hint">{t('setup.fingerprintHint')}</span>}
            </label>
            {grouped ? <GroupedFingerprint lines={grouped} /> : null}
            <label className="field">
              <span className="field-label">{t('setup.code')}</span>
              <input
                ref={refs.code}
                data-testid="setup-code"
                type="text"
                dir="ltr"
                className="mono"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={40}
                value={code}
                {...invalid('code')}
                onChange={(e) => setCode(e.target.value)}
              />
              <span className="field-hint">{t('setup.codeHint')}</span>
            </label>
          </>
        )}
        {problem ? <ProblemText problem={problem} /> : null}
        <button type="submit" className="button button-primary button-large" data-testid="setup-submit" disabled={busy}>
          {busy ? t('setup.submitting') : t('setup.submit')}
        </button>
      </form>
    </SetupShell>
  );
}

/** The fingerprint in pairs, as the centre prints it, to compare before enrolling. */
function GroupedFingerprint({ lines }: { lines: string[] }) {
  const { t } = useTranslation();
  return (
    <div className="setup-fingerprint" data-testid="setup-fingerprint-grouped">
      <span>{t('setup.fingerprintCheck')}</span>
      <code dir="ltr">
        {lines.map((line) => (
          <span key={line}>{line}</span>
        ))}
      </code>
    </div>
  );
}

function SetupShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main className="login-screen setup-screen">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <section className="login-card setup-card" aria-labelledby="post-not-configured-title" data-testid="post-not-configured">
        <header className="login-header">
          <p className="brand-name brand-large">{t('app.name')}</p>
          <p className="tagline">{t('app.tagline')}</p>
        </header>
        <h1 id="post-not-configured-title">{t('postSetup.notConfiguredTitle')}</h1>
        <p className="setup-intro">
          {t('postSetup.notConfiguredBody')} {t('postSetup.notConfiguredNext')}
        </p>
        {children}
      </section>
    </main>
  );
}

function ProblemText({ problem }: { problem: Problem }) {
  const { t, i18n } = useTranslation();
  let text: string;
  if (problem.key === 'setup.errors.tooMany') {
    const retryAt = problem.error?.params?.retryAt;
    text = t(runtimeKey('setup.errors.tooMany'), { time: formatDuration(t, typeof retryAt === 'number' ? retryAt - Date.now() : 60_000) });
  } else if (problem.key && i18n.exists(problem.key)) text = t(runtimeKey(problem.key));
  else if (problem.error) text = errorText(t, problem.error);
  else text = t(runtimeKey('setup.errors.failed'));
  return (
    <p
      className="message message-error"
      role="alert"
      id="setup-error"
      data-testid="setup-error"
      data-code={problem.key ?? problem.error?.code}
    >
      {text}
    </p>
  );
}

const STEPS = ['settings', 'users', 'pvs', 'pvKeys'] as const;

function FirstPull({ postCode, onReady }: { postCode: string; onReady: () => void }) {
  const { t } = useTranslation();
  const format = useFormatter();
  const [progress, setProgress] = useState<SetupProgress | null>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const ready = progress?.ready === true;

  useEffect(() => {
    if (ready) return undefined;
    let live = true;
    const ask = async () => {
      const result = await call('post.setupProgress', {});
      if (live && result.ok) setProgress(result.value);
    };
    void ask();
    const timer = window.setInterval(() => void ask(), PROGRESS_EVERY_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [ready]);

  useEffect(() => {
    if (ready) openRef.current?.focus();
  }, [ready]);

  const received = (step: (typeof STEPS)[number]): boolean =>
    progress !== null &&
    (step === 'settings' ? progress.settings : step === 'pvs' ? progress.sync === 'idle' || progress.pvs > 0 : progress[step] > 0);

  return (
    <div className="setup-progress" data-testid="setup-progress" aria-live="polite">
      <h2>{t('setup.progressTitle')}</h2>
      <p>{t('setup.progressIntro', { post: postCode })}</p>
      <ul className="setup-steps">
        {STEPS.map((step) => (
          <li key={step} data-testid={`setup-step-${step}`} data-done={received(step)}>
            <span className="setup-step-mark" aria-hidden="true">
              {received(step) ? '✓' : '…'}
            </span>
            <span>{t(`setup.steps.${step}`)}</span>
            <span className="setup-step-state">
              {step === 'settings'
                ? received(step)
                  ? t('setup.stepReceived')
                  : t('setup.stepWaiting')
                : received(step)
                  ? format.integer(progress ? progress[step] : 0)
                  : t('setup.stepWaiting')}
            </span>
          </li>
        ))}
      </ul>
      {progress && (progress.sync === 'offline' || progress.sync === 'error') && !ready ? (
        <p className="message message-info" role="status" data-testid="setup-waiting-centre">
          {t('setup.waitingCentre')}
        </p>
      ) : null}
      {ready ? (
        <p className="message message-info" role="status" data-testid="setup-ready">
          {t('setup.ready')}
        </p>
      ) : null}
      <button
        ref={openRef}
        type="button"
        className="button button-primary button-large"
        data-testid="setup-open-login"
        disabled={!ready}
        onClick={onReady}
      >
        {t('setup.openLogin')}
      </button>
    </div>
  );
}
