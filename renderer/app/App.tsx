import { Suspense, lazy, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, Session } from '../../core/ipc';
import { DeskScreen } from '../features/desk/DeskScreen';
import { EscortDesk } from '../features/flights/FlightBoard';
import { LoginScreen, type LoginNotice } from '../features/login/LoginScreen';
import { setPostTimeZone } from '../i18n/format';
import { call, hasApi, useEvent } from '../lib/api';
import { SetupScreen } from '../features/setup/SetupScreen';
import { StatusBar } from './StatusBar';
import { useIdleLogout } from './use-idle-logout';

// The supervisor's screens (charts, exports) load only for supervisors: the officer's desk starts lighter.
const SupervisorDesk = lazy(() => import('../features/supervisor/SupervisorDesk').then((m) => ({ default: m.SupervisorDesk })));

type View =
  { kind: 'loading' } | { kind: 'notConfigured' } | { kind: 'login'; notice: LoginNotice | null } | { kind: 'desk'; session: Session };

export function App() {
  const { t } = useTranslation();
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [info, setInfo] = useState<AppInfo | null>(null);

  useEffect(() => {
    if (!hasApi()) return;
    let live = true;
    void (async () => {
      const [infoResult, sessionResult, statusResult] = await Promise.all([
        call('app.info', {}),
        call('auth.session', {}),
        call('post.status', {}),
      ]);
      if (!live) return;
      if (infoResult.ok) {
        setInfo(infoResult.value);
        setPostTimeZone(infoResult.value.timeZone);
      }
      if (statusResult.ok && !statusResult.value.configured) return setView({ kind: 'notConfigured' });
      const session = sessionResult.ok ? sessionResult.value : null;
      setView(session ? { kind: 'desk', session } : { kind: 'login', notice: null });
    })();
    return () => {
      live = false;
    };
  }, []);

  // The post's zone can change with a pull (the centre sets it per post): read again after each
  // sync and at each sign-in, so times on the desk follow it.
  const refreshInfo = useCallback(async () => {
    const r = await call('app.info', {});
    if (r.ok) {
      setInfo(r.value);
      setPostTimeZone(r.value.timeZone);
    }
  }, []);
  useEvent('sync.statusChanged', ({ state }) => {
    if (state === 'idle') void refreshInfo();
  });

  const toLogin = useCallback((notice: LoginNotice | null) => {
    setView((v) => (v.kind === 'login' ? (notice && !v.notice ? { kind: 'login', notice } : v) : { kind: 'login', notice }));
  }, []);

  // main ends sessions too (timeout on its side, login elsewhere, shutdown).
  useEvent('session.ended', ({ reason }) => toLogin({ kind: reason }));

  if (!hasApi()) {
    return (
      <main className="fatal" role="alert" data-testid="no-api">
        {t('app.noApi')}
      </main>
    );
  }
  switch (view.kind) {
    case 'loading':
      return (
        <main className="loading" aria-busy="true">
          {t('app.loading')}
        </main>
      );
    case 'notConfigured':
      // The post learnt its code by enrolling: the login shows it.
      return <SetupScreen onReady={() => void refreshInfo().then(() => setView({ kind: 'login', notice: null }))} />;
    case 'login':
      return (
        <LoginScreen
          info={info}
          notice={view.notice}
          onLoggedIn={(session) => void refreshInfo().then(() => setView({ kind: 'desk', session }))}
        />
      );
    case 'desk':
      // A one-time PIN session can only change the PIN (main enforces it; this shows the form).
      if (view.session.mustChangePin)
        return <LoginScreen info={info} notice={null} pendingPinChange onLoggedIn={(session) => setView({ kind: 'desk', session })} />;
      return <SignedIn session={view.session} info={info} toLogin={toLogin} />;
  }
}

function SignedIn({ session, info, toLogin }: { session: Session; info: AppInfo | null; toLogin: (notice: LoginNotice | null) => void }) {
  const idleNotice: LoginNotice = { kind: 'idle', idleTimeoutMs: session.idleTimeoutMs };

  const logout = (reason: 'logout' | 'idle'): void => {
    toLogin(reason === 'idle' ? idleNotice : null);
    void call('auth.logout', { reason });
  };

  useIdleLogout({
    idleTimeoutMs: session.idleTimeoutMs,
    onIdle: () => logout('idle'),
    onSessionLost: () => toLogin(idleNotice),
  });

  return (
    <div className="shell">
      <StatusBar session={session} info={info} onLogout={() => logout('logout')} />
      {session.user.role === 'supervisor' ? (
        <Suspense fallback={null}>
          <SupervisorDesk desk={<DeskScreen session={session} />} />
        </Suspense>
      ) : session.user.role === 'escort' ? (
        <EscortDesk desk={<DeskScreen session={session} />} />
      ) : (
        <DeskScreen session={session} />
      )}
    </div>
  );
}
