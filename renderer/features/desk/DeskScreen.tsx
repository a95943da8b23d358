import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '../../../core/ipc';
import { currentLanguage, intlLocale } from '../../i18n';
import { useEvent } from '../../lib/api';
import { formatTime } from '../../lib/format';

type ScanSource = EventPayload<'scanner.scanned'>['source'];

interface Scan {
  raw: string;
  source: ScanSource;
  at: number;
}

/** Keys that never start text: pressing them outside the scan box leaves focus where it is. */
function isTextKey(e: globalThis.KeyboardEvent): boolean {
  return e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function DeskScreen() {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [last, setLast] = useState<Scan | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  // A keyboard-wedge scanner types wherever the focus is: if it is not in a field, bring the text
  // to the scan box so a scan is never lost after a click elsewhere.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (isEditable(e.target) || !isTextKey(e)) return;
      inputRef.current?.focus();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);

  // Scans from HID or serial readers handled by main arrive as events.
  useEvent('scanner.scanned', (payload) => {
    setLast({ raw: payload.raw, source: payload.source, at: payload.at });
  });

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.key === 'Enter') {
      e.preventDefault();
      const raw = e.currentTarget.value;
      if (raw.length === 0) return;
      setLast({ raw, source: 'wedge', at: Date.now() });
      setValue('');
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setValue('');
    }
  }

  const locale = intlLocale[currentLanguage()];
  return (
    <main className="desk-screen">
      <h1 className="screen-title">{t('desk.title')}</h1>
      <section className="scan-panel" aria-labelledby="scan-label">
        <label id="scan-label" htmlFor="scan-input" className="scan-label">
          {t('desk.scanLabel')}
        </label>
        <input
          id="scan-input"
          ref={inputRef}
          data-testid="scan-input"
          className="scan-input"
          type="text"
          dir="ltr"
          autoFocus
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          placeholder={t('desk.scanPlaceholder')}
          aria-describedby="scan-hint"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <p id="scan-hint" className="scan-hint">
          {t('desk.scanHint')}
        </p>
      </section>

      <section className="last-scan" data-testid="last-scan" aria-live="polite" aria-labelledby="last-scan-title">
        <h2 id="last-scan-title">{t('desk.lastScan')}</h2>
        {last ? (
          <>
            <pre className="last-scan-raw" dir="ltr" data-testid="last-scan-raw">
              {last.raw}
            </pre>
            <p className="last-scan-meta">
              <span>{t('desk.length', { count: last.raw.length })}</span>
              <span>{t('desk.source', { source: t(`desk.sources.${last.source}`) })}</span>
              <span>{t('desk.at', { time: formatTime(locale, last.at) })}</span>
            </p>
          </>
        ) : (
          <p className="last-scan-empty">{t('desk.noScan')}</p>
        )}
      </section>
    </main>
  );
}
