import type { EventKey, EventPayload } from '../../core/ipc/contract';
import { events } from '../../core/ipc/contract';

/** `target` is a client id when the event is for one client only (its session ended). */
type Listener = (key: EventKey, payload: unknown, target: string | null) => void;

/** Main-side events to the renderer(s): Electron windows or browser-harness streams subscribe. */
export function createEventBus() {
  const listeners = new Set<Listener>();
  return {
    emit<K extends EventKey>(key: K, payload: EventPayload<K>, target: string | null = null): void {
      const checked = events[key].parse(payload);
      for (const l of listeners) l(key, checked, target);
    },
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type EventBus = ReturnType<typeof createEventBus>;
