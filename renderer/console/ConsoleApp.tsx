/**
 * The centre console: sign-in (password and TOTP), then posts and devices, users per post, PVs,
 * conflict cases, national statistics and the audit log. fr/ar/en, Arabic right to left; times
 * in the programme's zone through core/format.
 */
import qrcode from 'qrcode-generator';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type {
  AuditRow,
  ConflictRow,
  ConsoleSessionView as Session,
  ConsoleUser as User,
  DeviceRow as Device,
  PostRow,
  PvRow,
} from '../../core/console/contract';
import { countryName } from '../../core/format/countries';
import type { Formatter } from '../../core/format/format';
import { DEFAULT_TIME_ZONE, createFormatter } from '../../core/format/format';
import type { Language } from '../../core/i18n/messages';
import { languages, rtlLanguages } from '../../core/i18n/messages';
import type { NationalStats } from '../../core/stats/national';
import { ApiError, api, setCsrf } from './api';
import { Bars } from './Bars';
import type { ConsoleMessages } from './messages';
import { NoShowsScreen } from './NoShowsScreen';
import { PostSettingsForm } from './PostSettingsForm';
import { consoleMessages } from './messages';
import { SettingsScreen } from './SettingsScreen';
import { SignedQrImport } from './SignedQrImport';
import { DateInput, LoadFailuresProvider, Table, fill, fillIsolated, refusalText, typedDate, useLoad } from './ui';

type Screen = 'posts' | 'users' | 'pvs' | 'conflicts' | 'noShows' | 'stats' | 'settings' | 'audit';
const SCREENS: readonly Screen[] = ['posts', 'users', 'pvs', 'conflicts', 'noShows', 'stats', 'settings', 'audit'];
interface Ctx {
  m: ConsoleMessages;
  f: Formatter;
  lang: Language;
  admin: boolean;
}

const errorText = (ctx: Ctx, error: unknown) => refusalText(ctx.m, error);

export function ConsoleApp({ initialLanguage }: { initialLanguage: Language }) {
  const [lang, setLang] = useState<Language>(initialLanguage);
  const [session, setSession] = useState<Session | null>(null);
  const [checked, setChecked] = useState(false);
  const [screen, setScreen] = useState<Screen>('posts');
  const m = consoleMessages[lang];
  const f = useMemo(() => createFormatter(lang, DEFAULT_TIME_ZONE), [lang]);
  // Loads that failed on the current screen, by load; the first is shown above the screen.
  const [loadFailures, setLoadFailures] = useState<ReadonlyMap<string, unknown>>(new Map());
  const reportLoad = useCallback(
    (id: string, error: unknown) =>
      setLoadFailures((prev) => {
        if (error === null && !prev.has(id)) return prev;
        const next = new Map(prev);
        if (error === null) next.delete(id);
        else next.set(id, error);
        return next;
      }),
    [],
  );
  const loadFailure = loadFailures.size > 0 ? [...loadFailures.values()][0] : undefined;

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = rtlLanguages.has(lang) ? 'rtl' : 'ltr';
    document.title = m.app.title;
  }, [lang, m]);
  useEffect(() => {
    api<Session>('GET', 'session')
      .then((s) => {
        setCsrf(s.csrfToken);
        setSession(s);
      })
      .catch(() => setSession(null))
      .finally(() => setChecked(true));
  }, []);

  const ctx: Ctx = { m, f, lang, admin: session?.role === 'administrator' };
  const languageSwitch = (
    <div className="console-langs" role="group" aria-label={m.app.language}>
      {languages.map((l) => (
        <button key={l} type="button" className={l === lang ? 'active' : ''} data-testid={`console-lang-${l}`} onClick={() => setLang(l)}>
          {l === 'fr' ? 'Français' : l === 'ar' ? 'العربية' : 'English'}
        </button>
      ))}
    </div>
  );

  if (!checked) return null;
  if (!session)
    return (
      <div className="console-signin-page">
        {languageSwitch}
        <SignIn
          ctx={ctx}
          onSignedIn={(s) => {
            setCsrf(s.csrfToken);
            setSession(s);
          }}
        />
      </div>
    );
  return (
    <div className="console">
      <header className="console-header">
        <div>
          <h1>{m.app.title}</h1>
          <p className="muted">{m.app.subtitle}</p>
        </div>
        {languageSwitch}
        <div className="console-who">
          <span data-testid="console-who">
            {session.username}
            {ctx.admin ? '' : ` · ${m.common.readOnly}`}
          </span>
          <button type="button" data-testid="console-signout" onClick={() => void api('POST', 'sign-out').finally(() => setSession(null))}>
            {m.app.signOut}
          </button>
        </div>
      </header>
      <nav className="console-nav">
        {SCREENS.map((s) => (
          <button
            key={s}
            type="button"
            data-testid={`console-nav-${s}`}
            aria-current={s === screen ? 'page' : undefined}
            onClick={() => setScreen(s)}
            disabled={s === 'audit' && !ctx.admin}
          >
            {m.nav[s]}
          </button>
        ))}
      </nav>
      <main className="console-main">
        {loadFailure !== undefined && (
          <p role="alert" className="console-error" data-testid="console-load-error">
            {refusalText(m, loadFailure)}
          </p>
        )}
        <LoadFailuresProvider value={reportLoad}>
          {screen === 'posts' && <Posts ctx={ctx} />}
          {screen === 'users' && <Users ctx={ctx} />}
          {screen === 'pvs' && <Pvs ctx={ctx} />}
          {screen === 'conflicts' && <Conflicts ctx={ctx} />}
          {screen === 'noShows' && <NoShowsScreen lang={lang} f={f} admin={ctx.admin} refusal={(e) => refusalText(m, e)} />}
          {screen === 'stats' && <Stats ctx={ctx} />}
          {screen === 'settings' && <SettingsScreen ctx={ctx} />}
          {screen === 'audit' && <Audit ctx={ctx} />}
        </LoadFailuresProvider>
      </main>
    </div>
  );
}

function SignIn({ ctx, onSignedIn }: { ctx: Ctx; onSignedIn: (s: Session) => void }) {
  const { m, f } = ctx;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api<Session>('POST', 'sign-in', { username, password, code }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 423) setError(fill(m.signIn.locked, { at: f.dateTime(Number(e.body.lockedUntil)) }));
      else if (e instanceof ApiError && e.status < 500) setError(m.signIn.bad);
      else setError(m.signIn.failed);
      setPassword('');
      setCode('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="console-card console-signin" onSubmit={(e) => void submit(e)}>
      <h1>{m.app.title}</h1>
      <h2>{m.signIn.title}</h2>
      <label>
        {m.signIn.username}
        <input
          data-testid="console-signin-username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>
      <label>
        {m.signIn.password}
        <input
          data-testid="console-signin-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <label>
        {m.signIn.code}
        <input
          data-testid="console-signin-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          dir="ltr"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
        />
      </label>
      {error && (
        <p role="alert" className="console-error" data-testid="console-signin-error">
          {error}
        </p>
      )}
      <button
        type="submit"
        className="primary"
        data-testid="console-signin-submit"
        disabled={busy || !username || !password || code.length !== 6}
      >
        {m.signIn.submit}
      </button>
    </form>
  );
}

function Qr({ text, testid = 'console-enrol-qr', large = false }: { text: string; testid?: string; large?: boolean }) {
  const cells = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(text);
    qr.make();
    const n = qr.getModuleCount();
    const path: string[] = [];
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) path.push(`M${c + 4} ${r + 4}h1v1h-1z`);
    return { n: n + 8, d: path.join('') };
  }, [text]);
  return (
    <svg
      className={large ? 'console-qr console-qr-large' : 'console-qr'}
      data-testid={testid}
      viewBox={`0 0 ${cells.n} ${cells.n}`}
      role="img"
      aria-label={text}
    >
      <rect width={cells.n} height={cells.n} fill="#fff" />
      <path d={cells.d} fill="#000" />
    </svg>
  );
}

function usePosts(): [PostRow[], () => void] {
  const [posts, reload] = useLoad(() => api<{ posts: PostRow[] }>('GET', 'posts').then((r) => r.posts), []);
  return [posts ?? [], reload];
}

function PostPicker({ ctx, posts, value, onChange }: { ctx: Ctx; posts: PostRow[]; value: string; onChange: (code: string) => void }) {
  return (
    <label className="console-inline">
      {ctx.m.common.post}
      <select data-testid="console-post-select" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {posts.map((p) => (
          <option key={p.code} value={p.code}>
            {p.code}
          </option>
        ))}
      </select>
    </label>
  );
}

function Posts({ ctx }: { ctx: Ctx }) {
  const { m, f } = ctx;
  const [posts, reload] = usePosts();
  const [code, setCode] = useState('');
  const [selected, setSelected] = useState('');
  const [issued, setIssued] = useState<{ post: string; code: string; expiresAt: number; provisioning: object | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [devices, reloadDevices] = useLoad(
    () => (selected ? api<{ devices: Device[] }>('GET', `posts/${selected}/devices`).then((r) => r.devices) : Promise.resolve([])),
    [selected],
  );
  const act = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorText(ctx, e));
    }
  };
  return (
    <section>
      {ctx.admin && (
        <form
          className="console-row"
          onSubmit={(e) => {
            e.preventDefault();
            void act(async () => {
              await api('POST', 'posts', { code });
              setSelected(code);
              setCode('');
              reload();
            });
          }}
        >
          <label className="console-inline">
            {m.posts.newPost}
            <input
              data-testid="console-post-code"
              dir="ltr"
              maxLength={3}
              value={code}
              onChange={(e) => setCode(e.target.value.toUpperCase())}
            />
          </label>
          <button type="submit" className="primary" data-testid="console-post-create" disabled={!/^[A-Z]{3}$/.test(code)}>
            {m.posts.create}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="console-error" data-testid="console-error">
          {error}
        </p>
      )}
      <Table head={[m.posts.code, m.posts.devices, '']}>
        {posts.map((p) => (
          <tr key={p.code} data-testid={`console-post-row-${p.code}`} className={p.code === selected ? 'selected' : ''}>
            <td>{p.code}</td>
            <td>
              {f.integer(p.devices)} ({f.integer(p.activeDevices)} {m.posts.active})
            </td>
            <td>
              <button type="button" onClick={() => setSelected(p.code)}>
                {m.posts.select}
              </button>
            </td>
          </tr>
        ))}
      </Table>
      {selected && (
        <div className="console-card">
          <h2>
            {m.common.post} {selected}
          </h2>
          {ctx.admin && (
            <button
              type="button"
              className="primary"
              data-testid="console-enrol-issue"
              onClick={() =>
                void act(async () => {
                  const r = await api<{ code: string; expiresAt: number; provisioning?: object | null }>(
                    'POST',
                    `posts/${selected}/enrol-codes`,
                  );
                  setIssued({ post: selected, ...r, provisioning: r.provisioning ?? null });
                })
              }
            >
              {m.posts.issue}
            </button>
          )}
          {issued && issued.post === selected && (
            <div className="console-secret">
              <p>{fill(m.posts.codeShown, { post: issued.post, until: f.dateTime(issued.expiresAt) })}</p>
              <p className="console-code" dir="ltr" data-testid="console-enrol-code">
                {issued.code}
              </p>
              <Qr text={issued.code} />
              {issued.provisioning && (
                <figure className="console-provisioning" data-testid="console-enrol-provisioning">
                  <Qr text={JSON.stringify(issued.provisioning)} testid="console-enrol-provisioning-qr" large />
                  <figcaption>{m.posts.provisioningQr}</figcaption>
                </figure>
              )}
            </div>
          )}
          <Table head={[m.posts.device, m.posts.enrolled, m.posts.lastSeen, m.posts.appVersion, m.posts.backlog, m.posts.records, '']}>
            {(devices ?? []).map((d) => (
              <tr key={d.id} data-testid="console-device-row">
                <td>
                  <span dir="ltr">{d.id.slice(0, 8)}</span>
                  {d.replaces !== null && (
                    <small className="console-device-replaces" data-testid="console-device-replaces">
                      {' '}
                      {fillIsolated(m.posts.replaces, { device: d.replaces.slice(0, 8) })}
                    </small>
                  )}
                </td>
                <td>{f.dateTime(d.enrolledAt)}</td>
                <td>{d.lastSeenAt === null ? m.posts.never : f.dateTime(d.lastSeenAt)}</td>
                <td dir="ltr" data-testid="console-device-version">
                  {d.appVersion ?? m.posts.unknown}
                </td>
                <td data-testid="console-device-backlog">
                  {d.syncBacklog === null || d.reportedAt === null
                    ? m.posts.unknown
                    : fill(m.posts.backlogAt, { count: f.integer(d.syncBacklog), at: f.dateTime(d.reportedAt) })}
                </td>
                <td>{f.integer(d.lastSeq)}</td>
                <td>
                  {d.revokedAt !== null ? (
                    fill(m.posts.revoked, { at: f.dateTime(d.revokedAt) })
                  ) : ctx.admin ? (
                    <button
                      type="button"
                      className="danger"
                      data-testid="console-device-revoke"
                      onClick={() => void act(async () => (await api('POST', `devices/${d.id}/revoke`), reloadDevices()))}
                    >
                      {m.posts.revoke}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
          <PostSettingsForm key={selected} ctx={ctx} postCode={selected} />
        </div>
      )}
    </section>
  );
}

function Users({ ctx }: { ctx: Ctx }) {
  const { m } = ctx;
  const [posts] = usePosts();
  const [post, setPost] = useState('');
  const [users, reload] = useLoad(
    () => (post ? api<{ users: User[] }>('GET', `posts/${post}/users`).then((r) => r.users) : Promise.resolve([])),
    [post],
  );
  const [form, setForm] = useState({ username: '', displayName: '', role: 'officer' as User['role'] });
  const [pin, setPin] = useState<{ user: string; pin: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
      reload();
    } catch (e) {
      setError(errorText(ctx, e));
    }
  };
  const roles = ['officer', 'escort', 'supervisor'] as const;
  return (
    <section>
      <PostPicker ctx={ctx} posts={posts} value={post} onChange={setPost} />
      {post && ctx.admin && (
        <form
          className="console-row"
          onSubmit={(e) => {
            e.preventDefault();
            void act(async () => {
              const r = await api<{ user: User; pin: string }>('POST', `posts/${post}/users`, form);
              setPin({ user: r.user.username, pin: r.pin });
              setForm({ username: '', displayName: '', role: 'officer' });
            });
          }}
        >
          <label className="console-inline">
            {m.users.username}
            <input
              data-testid="console-user-username"
              dir="ltr"
              value={form.username}
              onChange={(e) => setForm({ ...form, username: e.target.value })}
            />
          </label>
          <label className="console-inline">
            {m.users.name}
            <input
              data-testid="console-user-name"
              value={form.displayName}
              onChange={(e) => setForm({ ...form, displayName: e.target.value })}
            />
          </label>
          <label className="console-inline">
            {m.users.role}
            <select
              data-testid="console-user-role"
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.target.value as User['role'] })}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {m.users.roles[r]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" data-testid="console-user-create" disabled={!form.username || !form.displayName}>
            {m.users.create}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="console-error" data-testid="console-error">
          {error}
        </p>
      )}
      {pin && (
        <div className="console-secret">
          <p>{fill(m.users.pinShown, { user: pin.user })}</p>
          <p className="console-code" dir="ltr" data-testid="console-user-pin">
            {pin.pin}
          </p>
        </div>
      )}
      {post && (
        <Table head={[m.users.username, m.users.name, m.users.role, m.users.status, '']}>
          {(users ?? []).map((u) => (
            <tr key={u.id} data-testid={`console-user-row-${u.username}`}>
              <td dir="ltr">{u.username}</td>
              <td>{u.displayName}</td>
              <td>
                {ctx.admin && u.active ? (
                  <select value={u.role} onChange={(e) => void act(() => api('POST', `users/${u.id}/role`, { role: e.target.value }))}>
                    {roles.map((r) => (
                      <option key={r} value={r}>
                        {m.users.roles[r]}
                      </option>
                    ))}
                  </select>
                ) : (
                  m.users.roles[u.role]
                )}
              </td>
              <td>{u.active ? m.users.active : m.users.inactive}</td>
              <td>
                {ctx.admin && u.active && (
                  <>
                    <button
                      type="button"
                      data-testid="console-user-reset"
                      onClick={() =>
                        void act(async () => {
                          const r = await api<{ pin: string }>('POST', `users/${u.id}/reset-pin`);
                          setPin({ user: u.username, pin: r.pin });
                        })
                      }
                    >
                      {m.users.reset}
                    </button>{' '}
                    <button
                      type="button"
                      className="danger"
                      data-testid="console-user-deactivate"
                      onClick={() => void act(() => api('POST', `users/${u.id}/deactivate`))}
                    >
                      {m.users.deactivate}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

function Pvs({ ctx }: { ctx: Ctx }) {
  const { m, f, lang } = ctx;
  const [result, setResult] = useState<{ created: number; updated: number; unchanged: number } | null>(null);
  const [errors, setErrors] = useState<Array<{ line: number; field: string; message: string }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [qrNumber, setQrNumber] = useState('');
  const [qrText, setQrText] = useState('');
  const [qrDone, setQrDone] = useState<string | null>(null);
  const [station, setStation] = useState('');
  const [issuedOn, setIssuedOn] = useState('');
  const issuedDay = typedDate(issuedOn);
  const attachQr = async () => {
    setQrDone(null);
    setError(null);
    try {
      const r = await api<{ keyId: string }>('POST', `pvs/${encodeURIComponent(qrNumber.trim())}/signed-qr`, { qr: qrText.trim() });
      setQrDone(r.keyId);
      setQrText('');
    } catch (e) {
      setError(errorText(ctx, e));
    }
  };
  const [found, reload] = useLoad(
    () =>
      query.trim() ? api<{ pvs: PvRow[] }>('GET', `pvs?q=${encodeURIComponent(query.trim())}`).then((r) => r.pvs) : Promise.resolve([]),
    [query],
  );
  const importFile = async (file: File) => {
    setResult(null);
    setErrors(null);
    setError(null);
    try {
      const content = await file.text();
      const format = /\.csv$/i.test(file.name) ? 'csv' : 'json';
      setResult(await api('POST', 'pvs/import', { format, content }));
      reload();
    } catch (e) {
      if (e instanceof ApiError && Array.isArray(e.body.errors))
        setErrors(e.body.errors as Array<{ line: number; field: string; message: string }>);
      else setError(errorText(ctx, e));
    }
  };
  return (
    <section>
      {ctx.admin && (
        <div className="console-card">
          <h2>{m.pvs.importTitle}</h2>
          <label className="console-inline">
            {m.pvs.file}
            <input
              type="file"
              accept=".json,.csv,application/json,text/csv"
              data-testid="console-pv-file"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void importFile(file);
                e.target.value = '';
              }}
            />
          </label>
          {result && (
            <p className="console-ok" data-testid="console-pv-result">
              {fill(m.pvs.result, {
                created: f.integer(result.created),
                updated: f.integer(result.updated),
                unchanged: f.integer(result.unchanged),
              })}
            </p>
          )}
          {errors && (
            <>
              <p role="alert" className="console-error">
                {m.pvs.errors}
              </p>
              <Table head={[m.pvs.line, m.pvs.field, m.pvs.message]} testid="console-pv-errors">
                {errors.map((e, i) => (
                  <tr key={i}>
                    <td>{f.integer(e.line)}</td>
                    <td dir="ltr">{e.field}</td>
                    <td dir="ltr">{e.message}</td>
                  </tr>
                ))}
              </Table>
            </>
          )}
          {error && (
            <p role="alert" className="console-error" data-testid="console-error">
              {error}
            </p>
          )}
        </div>
      )}
      {ctx.admin && (
        <div className="console-card">
          <h2>{m.pvs.qrTitle}</h2>
          <label className="console-inline">
            {m.pvs.qrNumber}
            <input dir="ltr" data-testid="console-pv-qr-number" value={qrNumber} onChange={(e) => setQrNumber(e.target.value)} />
          </label>
          <label className="console-inline">
            {m.pvs.qrText}
            <textarea dir="ltr" rows={3} data-testid="console-pv-qr-text" value={qrText} onChange={(e) => setQrText(e.target.value)} />
          </label>
          <button
            type="button"
            data-testid="console-pv-qr-attach"
            disabled={!qrNumber.trim() || !qrText.trim()}
            onClick={() => void attachQr()}
          >
            {m.pvs.qrAttach}
          </button>
          {qrDone && (
            <p className="console-ok" data-testid="console-pv-qr-result">
              {fill(m.pvs.qrAttached, { key: qrDone })}
            </p>
          )}
        </div>
      )}
      {ctx.admin && <SignedQrImport m={m} f={f} />}
      {ctx.admin && (
        <div className="console-card">
          <label className="console-inline">
            {m.pvs.station}
            <input data-testid="console-pv-sheet-station" value={station} onChange={(e) => setStation(e.target.value)} />
          </label>
          <DateInput lang={lang} label={m.pvs.issuedOn} value={issuedOn} onChange={setIssuedOn} testid="console-pv-sheet-date" />
          {station.trim() && !issuedDay.wrong && (
            <a
              data-testid="console-pv-sheet-station-link"
              href={`/console/api/pvs/qr-sheet.pdf?station=${encodeURIComponent(station.trim())}${issuedDay.iso ? `&date=${issuedDay.iso}` : ''}&lang=${lang}`}
              download
            >
              {m.pvs.stationSheet}
            </a>
          )}
        </div>
      )}
      <label className="console-inline">
        {m.pvs.search}
        <input type="search" data-testid="console-pv-search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      {ctx.admin && picked.length > 0 && (
        <p>
          <a
            data-testid="console-pv-sheet"
            href={`/console/api/pvs/qr-sheet.pdf?pvs=${picked.map(encodeURIComponent).join(',')}&lang=${lang}`}
            download
          >
            {fill(m.pvs.sheet, { count: f.integer(picked.length) })}
          </a>
        </p>
      )}
      <Table head={[...(ctx.admin ? [m.pvs.pick] : []), m.pvs.number, m.pvs.name, m.pvs.nationality, m.pvs.validUntil, m.pvs.status, '']}>
        {(found ?? []).map((p) => (
          <tr key={p.pvNumber} data-testid={`console-pv-row-${p.pvNumber}`}>
            {ctx.admin && (
              <td>
                <input
                  type="checkbox"
                  aria-label={`${m.pvs.pick} ${p.pvNumber}`}
                  data-testid="console-pv-pick"
                  checked={picked.includes(p.pvNumber)}
                  onChange={(e) => setPicked((all) => (e.target.checked ? [...all, p.pvNumber] : all.filter((n) => n !== p.pvNumber)))}
                />
              </td>
            )}
            <td dir="ltr">{p.pvNumber}</td>
            <td>{p.name}</td>
            <td>{countryName(p.nationality, lang)}</td>
            <td>{f.date(p.validUntil)}</td>
            <td>{m.pvs.statuses[p.status]}</td>
            <td>
              {ctx.admin && p.status !== 'revoked' && (
                <button
                  type="button"
                  className="danger"
                  data-testid="console-pv-revoke"
                  onClick={() => void api('POST', `pvs/${encodeURIComponent(p.pvNumber)}/revoke`).then(reload)}
                >
                  {m.pvs.revoke}
                </button>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

function Conflicts({ ctx }: { ctx: Ctx }) {
  const { m, f } = ctx;
  const [rows, reload] = useLoad(() => api<{ conflicts: ConflictRow[] }>('GET', 'conflict-cases').then((r) => r.conflicts), []);
  const [notes, setNotes] = useState<Record<string, string>>({});
  if (rows && rows.length === 0) return <p className="muted">{m.common.none}</p>;
  return (
    <Table head={[m.conflicts.pv, m.conflicts.kind, m.conflicts.posts, m.conflicts.uses, m.conflicts.note]}>
      {(rows ?? []).map((c) => (
        <tr key={c.id} data-testid="console-conflict-row">
          <td dir="ltr">{c.pvNumber}</td>
          <td>{m.conflicts.kinds[c.kind]}</td>
          <td dir="ltr">{c.posts.join(', ')}</td>
          <td>{f.integer(c.uses)}</td>
          <td>
            {c.closed ? (
              fill(m.conflicts.closed, { at: f.dateTime(c.closed.at), by: c.closed.by, note: c.closed.note })
            ) : ctx.admin ? (
              <span className="console-row">
                <input
                  data-testid="console-conflict-note"
                  value={notes[c.id] ?? ''}
                  onChange={(e) => setNotes({ ...notes, [c.id]: e.target.value })}
                />
                <button
                  type="button"
                  data-testid="console-conflict-close"
                  disabled={!notes[c.id]?.trim()}
                  onClick={() => void api('POST', `conflict-cases/${c.id}/close`, { note: notes[c.id] }).then(reload)}
                >
                  {m.conflicts.close}
                </button>
              </span>
            ) : null}
          </td>
        </tr>
      ))}
    </Table>
  );
}

function Stats({ ctx }: { ctx: Ctx }) {
  const { m, f, lang } = ctx;
  const thisYear = Number(f.isoDate(Date.now()).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [month, setMonth] = useState(0);
  const query = `year=${year}${month ? `&month=${month}` : ''}`;
  const [stats] = useLoad(() => api<NationalStats>('GET', `stats?${query}`), [query]);
  const monthName = (n: number) => (m.stats.months as Record<string, string>)[`m${n}`] ?? String(n);
  const t = stats?.byNationality;
  return (
    <section className="console-stats">
      <div className="console-row">
        <label className="console-inline">
          {m.stats.year}
          <select data-testid="console-stats-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label className="console-inline">
          {m.stats.month}
          <select data-testid="console-stats-month" value={month} onChange={(e) => setMonth(Number(e.target.value))}>
            <option value={0}>{m.stats.wholeYear}</option>
            {Array.from({ length: 12 }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {monthName(n)}
              </option>
            ))}
          </select>
        </label>
        <a className="button" data-testid="console-stats-csv" href={`/console/api/stats.csv?${query}&lang=${lang}`} download>
          {m.stats.csv}
        </a>
        <a className="button" data-testid="console-stats-pdf" href={`/console/api/stats.pdf?${query}&lang=${lang}`} download>
          {m.stats.pdf}
        </a>
      </div>
      {stats && t && (
        <div className="console-grid">
          <div className="console-card">
            <h2>{m.stats.byNationality}</h2>
            <Table head={[m.stats.nationality, m.stats.count, m.stats.percent]} testid="console-stats-nationality">
              {t.top.map((r) => (
                <tr key={r.code}>
                  <td>{countryName(r.code, lang)}</td>
                  <td>{f.integer(r.count)}</td>
                  <td>{f.percent(r.percent)}</td>
                </tr>
              ))}
              <tr>
                <td>{m.stats.others}</td>
                <td>{f.integer(t.others.count)}</td>
                <td>{f.percent(t.others.percent)}</td>
              </tr>
              <tr className="total">
                <td>{m.stats.grandTotal}</td>
                <td data-testid="console-stats-total">{f.integer(t.total.count)}</td>
                <td>{f.percent(t.total.percent)}</td>
              </tr>
            </Table>
          </div>
          <div className="console-card">
            <h2>{m.stats.byMonth}</h2>
            <Bars
              rtl={rtlLanguages.has(lang)}
              testid="console-stats-chart-months"
              max={Math.max(0, ...stats.byMonth.map((x) => x.count))}
              rows={stats.byMonth.map((x) => ({ label: monthName(x.month), value: x.count, text: f.integer(x.count) }))}
            />
          </div>
          <div className="console-card">
            <h2>{m.stats.byPost}</h2>
            <Bars
              rtl={rtlLanguages.has(lang)}
              testid="console-stats-chart-posts"
              max={Math.max(0, ...stats.byPost.map((x) => x.count))}
              rows={stats.byPost.map((x) => ({
                label: x.postCode,
                value: x.count,
                text: `${f.integer(x.count)} · ${f.percent(x.percent)}`,
              }))}
            />
            <h2>{m.stats.byMode}</h2>
            <Bars
              rtl={rtlLanguages.has(lang)}
              testid="console-stats-chart-modes"
              max={Math.max(stats.byMode.air.count, stats.byMode.land.count)}
              rows={(['air', 'land'] as const).map((k) => ({
                label: m.stats[k],
                value: stats.byMode[k].count,
                text: `${f.integer(stats.byMode[k].count)} · ${f.percent(stats.byMode[k].percent)}`,
              }))}
            />
            <h2>{m.stats.perDiem}</h2>
            <p data-testid="console-stats-perdiem">
              {stats.perDiem.totals.map((x) => f.amount(x.cents, x.currency)).join(' · ') || f.amount(0, 'USD')} (
              {fill(m.stats.payments, { count: f.integer(stats.perDiem.count) })})
            </p>
          </div>
        </div>
      )}
    </section>
  );
}

function Audit({ ctx }: { ctx: Ctx }) {
  const { m, f } = ctx;
  const [rows] = useLoad(() => api<{ entries: AuditRow[] }>('GET', 'audit').then((r) => r.entries), []);
  return (
    <Table head={[m.audit.at, m.audit.who, m.audit.action, m.audit.outcome, m.audit.subject]}>
      {(rows ?? []).map((r, i) => (
        <tr key={i} data-testid="console-audit-row">
          <td>{f.dateTimeSeconds(r.at)}</td>
          <td dir="ltr">{r.username ?? '—'}</td>
          <td dir="ltr">{r.action}</td>
          <td>{r.outcome === 'ok' ? m.audit.ok : m.audit.refused}</td>
          <td dir="ltr">{r.subject ?? ''}</td>
        </tr>
      ))}
    </Table>
  );
}
