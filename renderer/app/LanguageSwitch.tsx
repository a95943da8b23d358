import { useTranslation } from 'react-i18next';
import { isLanguage, languages, setLanguage, type Language } from '../i18n';

/** Language names are always written in their own language, whatever the UI language. */
const nativeNames: Record<Language, string> = { fr: 'Français', ar: 'العربية', en: 'English' };

export function LanguageSwitch() {
  // useTranslation re-renders this component when the language changes.
  const { t, i18n } = useTranslation();
  const active = isLanguage(i18n.language) ? i18n.language : null;
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {languages.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          data-testid={`lang-${lang}`}
          className="lang-button"
          aria-pressed={active === lang}
          onClick={() => void setLanguage(lang)}
        >
          {nativeNames[lang]}
        </button>
      ))}
    </div>
  );
}
