import { lazy, Suspense, useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetupProgress } from '../../../core/ipc';
import {
  enrolInputSchema,
  groupFingerprint,
  isFingerprint,
  MAX_PROVISIONING_BYTES,
  parseProvisioning,
  readProvisioningQr,
} from '../../../core/post/provisioning';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { runtimeKey } from '../../i18n';
import { useFormatter } from '../../i18n/format';
import { call, type AppError } from '../../lib/api';
import { EnrolCodeInput, EnrolProblemText } from './EnrolFields';
import type { setupMessages } from './messages';

type SetupQrMessages = (typeof setupMessages)['fr']['setup']['qr'];

// The camera and its decoder load only when the QR mode is chosen.
const CameraView = lazy(() => import('../camera/CameraView').then((m) => ({ default: m.CameraView })));

type Mode = 'manual' | 'file' | 'qr';
type Field = 'url' | 'fingerprint' | 'code' | 'file' | 'qr';
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
 * The first run of a post: enrol with the centre (typed details, the centre's provisioning file,
 * or its provisioning QR read by the camera or a handheld scanner), follow the first pull, and
 * open the login once the post has what it needs. Replaces the login while `post.status` says the
 * post is not configured.
 */
export function SetupScreen({ onReady }: { onReady: () => void }) {
  const { t } = useTranslation();
  /** A `setup.qr.*` message (runtime keys: see renderer/i18n/types.ts), its name checked on the French tree. */
  const qrText = (key: keyof SetupQrMessages, params: { post?: string; url?: string } = {}): string =>
    t(runtimeKey(`setup.qr.${key}`), params);
  const [mode, setMode] = useState<Mode>('manual');
  const [url, setUrl] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const [code, setCode] = useState('');
  const [fileInfo, setFileInfo] = useState<{ url: string; post: string | null } | null>(null);
  const [qrInfo, setQrInfo] = useState<{ url: string; post: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [enrolledAs, setEnrolledAs] = useState<string | null>(null);
  const refs = {
    url: useRef<HTMLInputElement>(null),
    fingerprint: useRef<HTMLInputElement>(null),
    code: useRef<HTMLInputElement>(null),
    file: useRef<HTMLInputElement>(null),
    qr: useRef<HTMLInputElement>(null),
  };
  const qrAgainRef = useRef<HTMLButtonElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    (mode === 'manual' ? refs.url : mode === 'file' ? refs.file : refs.qr).current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refs are stable; focus follows the mode only.
  }, [mode]);

  useEffect(() => {
    if (qrInfo) submitRef.current?.focus();
  }, [qrInfo]);

  function showProblem(next: Problem): void {
    setProblem(next);
    if (mode === 'qr' && next.field) return (refs.qr.current ?? qrAgainRef.current)?.focus();
    const target = next.field === 'file' || (next.field && mode === 'file') ? refs.file : next.field ? refs[next.field] : null;
    target?.current?.focus();
  }

  /**
   * A QR read by the camera or typed by a handheld scanner. Anything but a provisioning payload
   * that holds is refused in plain words and the camera keeps reading; focus moves only for the
   * scanner's field (the camera reads the same QR again every few seconds).
   */
  function readQr(text: string, typed: boolean): void {
    const read = readProvisioningQr(text, Date.now());
    if (!read.ok) {
      const next = { field: 'qr' as const, key: read.error, error: null };
      return typed ? showProblem(next) : setProblem(next);
    }
    setProblem(null);
    setUrl(read.value.url);
    setFingerprint(read.value.fingerprint);
    setCode(read.value.code);
    setQrInfo({ url: read.value.url, post: read.value.postCode ?? null });
  }

  function onQrKey(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const text = e.currentTarget.value;
    e.currentTarget.value = '';
    if (text.trim()) readQr(text, true);
  }

  function scanAgain(): void {
    setQrInfo(null);
    setProblem(null);
    setUrl('');
    setFingerprint('');
    setCode('');
    // The field comes back with the camera: focus it once it is there.
    requestAnimationFrame(() => refs.qr.current?.focus());
  }

  async function readFile(file: File | undefined): Promise<void> {
    setProblem(null);
    setFileInfo(null);
    if (!file) return;
    const parsed = parseProvisioning(file.size > 64 * 1024 ? ' '.repeat(5000) : await file.text(), Date.now());
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
        <button
          type="button"
          className="lang-button"
          data-testid="setup-mode-qr"
          aria-pressed={mode === 'qr'}
          onClick={() => setMode('qr')}
        >
          {qrText('mode')}
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
        {mode === 'qr' && qrInfo ? (
          <>
            <p className="message message-info" role="status" data-testid="setup-qr-read">
              {qrInfo.post ? qrText('read', { post: qrInfo.post, url: qrInfo.url }) : qrText('readNoPost', { url: qrInfo.url })}
            </p>
            {grouped ? <GroupedFingerprint lines={grouped} /> : null}
            <button ref={qrAgainRef} type="button" className="button" data-testid="setup-qr-again" onClick={scanAgain}>
              {qrText('again')}
            </button>
          </>
        ) : null}
        {mode === 'qr' && !qrInfo ? (
          <>
            <Suspense fallback={null}>
              <CameraView mrz={false} guide={qrText('guide')} onScan={(text) => readQr(text, false)} />
            </Suspense>
            <label className="field">
              <span className="field-label">{qrText('text')}</span>
              <input
                ref={refs.qr}
                data-testid="setup-qr-text"
                type="text"
                dir="ltr"
                className="mono"
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                maxLength={MAX_PROVISIONING_BYTES}
                {...invalid('qr')}
                onKeyDown={onQrKey}
              />
              <span className="field-hint">{qrText('textHint')}</span>
            </label>
          </>
        ) : null}
        {mode !== 'manual' ? null : (
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
              <EnrolCodeInput
                ref={refs.code}
                testId="setup-code"
                value={code}
                invalidBy={problem?.field === 'code' ? 'setup-error' : null}
                onChange={setCode}
              />
              <span className="field-hint">{t('setup.codeHint')}</span>
            </label>
          </>
        )}
        {problem ? <ProblemText problem={problem} /> : null}
        <button ref={submitRef} type="submit" className="button button-primary button-large" data-testid="setup-submit" disabled={busy}>
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
  return <EnrolProblemText problem={problem} id="setup-error" />;
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
