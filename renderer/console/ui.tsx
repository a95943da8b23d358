/** Small pieces the console's screens share: loading an answer, a table, filling a message. */
import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError } from './api';

export const fill = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ''));

/** Each value isolated (FSI…PDI), so a key id or a number keeps its own direction inside Arabic text. */
export const fillIsolated = (text: string, params: Record<string, string | number>) =>
  fill(text, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, `\u2068${v}\u2069`])));

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [T | null, () => void, string | null] {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    run()
      .then((v) => live && (setValue(v), setError(null)))
      .catch((e: unknown) => live && setError(String(e instanceof ApiError ? e.body.error : e)));
    return () => {
      live = false;
    };
  }, [run, tick]);
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
