/** Small pieces the console's screens share: loading an answer, a table, filling a message. */
import { createContext, useCallback, useContext, useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import { parseDisplayDate } from '../../core/format/format';
import type { Language } from '../../core/i18n/messages';
import { fillIsolated } from './refusal';
import type { ConsoleMessages } from './messages';
import { consoleMessages } from './messages';

export { fill, fillIsolated, refusalText, refusedFields } from './refusal';

/**
 * Where a screen's loads say they failed (each load by its own id; null once it loads again or is
 * gone), so the console shows it instead of an empty list that looks like "nothing there".
 */
const LoadFailures = createContext<(id: string, error: unknown) => void>(() => undefined);
export const LoadFailuresProvider = LoadFailures.Provider;

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [T | null, () => void, unknown] {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const report = useContext(LoadFailures);
  const [tick, setTick] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    run()
      .then((v) => live && (setValue(v), setError(null), report(id, null)))
      .catch((e: unknown) => live && (setError(e), report(id, e)));
    return () => {
      live = false;
    };
  }, [run, tick, id, report]);
  useEffect(() => () => report(id, null), [id, report]);
  return [value, () => setTick((n) => n + 1), error];
}

export function Table({ head, children, testid }: { head: ReactNode[]; children: ReactNode; testid?: string }) {
  return (
    <table className="console-table" data-testid={testid}>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={i}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** Under a form: what was done (in the current language), or why the centre refused it. */
export function FormOutcome({
  m,
  done,
  refused,
  testid,
}: {
  m: ConsoleMessages;
  done: ((m: ConsoleMessages) => string) | null;
  refused: string | null;
  testid: string;
}) {
  return (
    <>
      {done && (
        <p className="console-ok" data-testid={testid}>
          {done(m)}
        </p>
      )}
      {refused && (
        <p role="alert" className="console-error" data-testid="console-error">
          {refused}
        </p>
      )}
    </>
  );
}

/** One field a line: its label, the control, and what is wrong with it, beside it. */
export function Field({
  label,
  error,
  testid,
  children,
}: {
  label: string;
  error: string | undefined;
  testid: string;
  children: ReactNode;
}) {
  return (
    <label className="console-field">
      <span>{label}</span>
      {children}
      {error && (
        <span className="console-field-error" role="alert" data-testid={testid}>
          {error}
        </span>
      )}
    </label>
  );
}

/**
 * A date as typed in a console field: dd/mm/yyyy as everywhere in the app (core/format's
 * parseDisplayDate). `iso`: the date for the API (YYYY-MM-DD), null when the field is empty or
 * wrong; `wrong`: something is typed that is no date, so the screen sends nothing.
 */
export function typedDate(text: string): { iso: string | null; wrong: boolean } {
  const value = text.trim();
  const iso = value === '' ? null : parseDisplayDate(value);
  return { iso, wrong: value !== '' && iso === null };
}

/** A date field typed dd/mm/yyyy; a wrong date says so beside it once the field is left or Enter pressed. */
export function DateInput({
  lang,
  label,
  value,
  onChange,
  testid,
}: {
  lang: Language;
  label: string;
  value: string;
  onChange: (text: string) => void;
  testid: string;
}) {
  const m = consoleMessages[lang].common;
  const [left, setLeft] = useState(false);
  const shown = left && typedDate(value).wrong;
  return (
    <label className="console-inline">
      {label}
      <input
        dir="ltr"
        inputMode="numeric"
        placeholder={m.datePlaceholder}
        maxLength={16}
        size={10}
        value={value}
        aria-invalid={shown}
        data-testid={testid}
        onChange={(e) => {
          setLeft(false);
          onChange(e.target.value);
        }}
        onBlur={() => setLeft(true)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') setLeft(true);
        }}
      />
      {shown && (
        <span className="console-field-error" role="alert" data-testid={`${testid}-error`}>
          {fillIsolated(m.dateFormat, { example: '15/06/2026' })}
        </span>
      )}
    </label>
  );
}
