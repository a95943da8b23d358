/**
 * Typed access to `window.api`, which the preload (Electron) or the browser-mode bridge installs
 * before the renderer starts. Everything the UI asks of main goes through `call`; everything main
 * pushes arrives through `useEvent`.
 */
import { useEffect, useRef } from 'react';
import type { AppError, CommandInput, CommandKey, CommandOutput, EventKey, EventPayload, RendererApi, Result } from '../../core/ipc';

declare global {
  interface Window {
    /** Installed by the preload or the browser bridge; absent only if the shell is misconfigured. */
    api?: RendererApi;
  }
}

export type { AppError, CommandInput, CommandKey, CommandOutput, EventKey, EventPayload, Result };

export function hasApi(): boolean {
  return typeof window !== 'undefined' && window.api !== undefined;
}

function api(): RendererApi | null {
  return typeof window !== 'undefined' && window.api ? window.api : null;
}

/**
 * Calls a command. Never throws: a missing bridge or a transport failure comes back as an
 * `internal` error so that every screen handles one shape.
 */
export async function call<K extends CommandKey>(key: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>> {
  const bridge = api();
  if (!bridge) return { ok: false, error: { code: 'internal', message: 'noApi' } };
  try {
    return await bridge.invoke(key, input);
  } catch {
    return { ok: false, error: { code: 'internal', message: 'transport' } };
  }
}

/** Subscribes to a main-process event for the lifetime of the component; the latest `cb` is used. */
export function useEvent<K extends EventKey>(key: K, cb: (payload: EventPayload<K>) => void): void {
  const latest = useRef(cb);
  useEffect(() => {
    latest.current = cb;
  });
  useEffect(() => {
    const bridge = api();
    if (!bridge) return undefined;
    return bridge.on(key, (payload) => latest.current(payload));
  }, [key]);
}
