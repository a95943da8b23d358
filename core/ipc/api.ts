import type { CommandInput, CommandKey, CommandOutput, EventKey, EventPayload } from './contract';
import type { Result } from './result';

/** What the preload (Electron) or the bridge (browser mode) puts on `window.api`. */
export interface RendererApi {
  invoke<K extends CommandKey>(key: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends EventKey>(key: K, listener: (payload: EventPayload<K>) => void): () => void;
}
