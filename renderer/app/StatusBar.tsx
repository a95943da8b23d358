import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, Session, SyncStatus } from '../../core/ipc';
import { call, useEvent } from '../lib/api';
import { useFormatter } from '../i18n/format';
import { runtimeKey } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { ReenrolDone, ReenrolPanel } from './ReenrolPanel';

interface Props {
  session: Session;
  info: AppInfo | null;
  onLogout: () => void;
}

export function StatusBar({ session, info, onLogout }: Props) {
  const { t } = useTranslation();
  const [sync, setSync] = useState<SyncStatus | null>(null);
  const [reenrolled, setReenrolled] = useState(false);
  const revoked = sync?.state === 'error' && sync.message === 'sync.error.revoked';

  useEffect(() => {
    let live = true;
    void call('sync.status', {}).then((r) => {
      if (live && r.ok) setSync(r.value);
    });
    return () => {
      live = false;
    };
  }, []);
  useEvent('sync.statusChanged', setSync);

  return (
    <header className="status-bar" data-testid="status-bar">
      <div className="status-top">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          {info?.demo ? <span className="badge badge-demo">{t('app.demo')}</span> : null}
          {info?.keyProtection === 'file' ? (
            <span className="badge badge-demo" data-testid="key-warning-badge" title={t('keyProtection.fileWarning')}>
              {t('keyProtection.badge')}
            </span>
          ) : null}
        </div>
        <div className="status-actions">
          <LanguageSwitch />
          <button type="button" className="button button-secondary" data-testid="logout" onClick={onLogout}>
            {t('session.logout')}
          </button>
        </div>
      </div>
      <dl className="status-items">
        <div className="status-item">
          <dt>{t('status.user')}</dt>
          <dd data-testid="status-user">{session.user.displayName}</dd>
        </div>
        <div className="status-item">
          <dt>{t('status.role')}</dt>
          <dd data-testid="status-role" data-role={session.user.role}>
            {t(`roles.${session.user.role}`)}
          </dd>
        </div>
        <div className="status-item">
          <dt>{t('status.post')}</dt>
          <dd data-testid="status-post">
            {info ? (
              <>
                <span className="post-code" dir="ltr">
                  {info.post.code}
                </span>{' '}
                {info.post.name}
              </>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div className="status-item">
          <dt>{t('status.sync')}</dt>
          <dd data-testid="sync-state" data-state={sync?.state ?? 'unknown'}>
            <SyncText sync={sync} />
          </dd>
        </div>
      </dl>
      {revoked ? (
        <ReenrolPanel role={session.user.role} queueLength={sync.queueLength} onDone={() => setReenrolled(true)} />
      ) : reenrolled ? (
        <ReenrolDone onClose={() => setReenrolled(false)} />
      ) : null}
    </header>
  );
}

function SyncText({ sync }: { sync: SyncStatus | null }) {
  const { t } = useTranslation();
  const f = useFormatter();
  if (!sync) return <span className="sync sync-unknown">—</span>;
  // A revoked machine, or a centre the post no longer trusts (a key change or a certificate it
  // refused), is not a passing error: say so.
  const label =
    sync.state !== 'error'
      ? t(`status.syncStates.${sync.state}`)
      : sync.message === 'sync.error.revoked'
        ? t('status.syncRevoked')
        : sync.message === 'sync.error.badRotation' || sync.message === 'sync.error.fingerprintMismatch'
          ? t(runtimeKey(`syncTrust.${sync.message.slice('sync.error.'.length)}`))
          : t('status.syncStates.error');
  if (sync.state === 'notConfigured') return <span className="sync sync-off">{label}</span>;
  const last = sync.lastSuccessAt === null ? t('status.never') : f.timeSeconds(sync.lastSuccessAt);
  return (
    <span className={`sync sync-${sync.state}`} title={t('status.lastSuccess', { time: last })}>
      {label}
      {sync.queueLength > 0 ? <span className="sync-queue"> · {t('status.queue', { count: sync.queueLength })}</span> : null}
    </span>
  );
}
