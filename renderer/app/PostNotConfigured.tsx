import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';

/**
 * A post as installed, before it has enrolled with its centre: no users, so no login. The
 * enrolment screen takes this place once it exists (`post.status` says when the post is ready).
 */
export function PostNotConfigured() {
  const { t } = useTranslation();
  return (
    <main className="login-screen">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <section className="login-card" aria-labelledby="post-not-configured-title" data-testid="post-not-configured">
        <header className="login-header">
          <p className="brand-name brand-large">{t('app.name')}</p>
          <p className="tagline">{t('app.tagline')}</p>
        </header>
        <h1 id="post-not-configured-title">{t('postSetup.notConfiguredTitle')}</h1>
        <p>{t('postSetup.notConfiguredBody')}</p>
        <p>{t('postSetup.notConfiguredNext')}</p>
      </section>
    </main>
  );
}
