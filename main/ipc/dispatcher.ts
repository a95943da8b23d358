import type { CommandKey, CommandOutput, CommandParsedInput } from '../../core/ipc/contract';
import { commands, isCommandKey, pinChangeCommands } from '../../core/ipc/contract';
import type { Result } from '../../core/ipc/result';
import { err } from '../../core/ipc/result';
import { allows } from '../../core/ipc/roles';
import type { AuthService, Caller } from '../services/auth-service';
import type { Logger } from '../services/runtime';

/** What a handler knows about its call. `caller` is null only for public commands. */
export interface CallContext {
  clientId: string;
  caller: Caller | null;
}

type MaybePromise<T> = T | Promise<T>;

/** One handler per command key: a missing or extra key is a type error. */
export type Handlers = {
  [K in CommandKey]: (input: CommandParsedInput<K>, ctx: CallContext) => MaybePromise<Result<CommandOutput<K>>>;
};

export interface Dispatcher {
  dispatch(key: unknown, input: unknown, clientId: string): Promise<Result<unknown>>;
}

/**
 * Every call, from Electron or from the browser harness, goes through here: known key, input
 * parsed by the contract's schema, session and role checked, handler run, output checked.
 * Exceptions become `internal` errors with an id in the log, never a stack in the UI.
 */
export function createDispatcher(deps: { handlers: Handlers; auth: AuthService; logger: Logger }): Dispatcher {
  const { handlers, auth, logger } = deps;
  return {
    async dispatch(key, input, clientId) {
      if (!isCommandKey(key)) return err('unknownCommand', 'errors.unknownCommand');
      const spec = commands[key];
      const parsed = spec.input.safeParse(input ?? {});
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        return err('badInput', first?.message ?? 'badInput', { field: first?.path.join('.') ?? '' });
      }
      let caller: Caller | null;
      if (spec.access !== 'public') {
        const resolved = auth.resolve(clientId);
        if (!resolved.ok) return resolved;
        caller = resolved.value;
        if (!allows(spec.access, caller.role)) {
          logger.warn('ipc.forbidden', { key, role: caller.role });
          return err('forbidden', 'errors.forbidden');
        }
        // A one-time PIN opens a session that can only change it (or end).
        if (caller.session.mustChangePin && !pinChangeCommands.has(key)) {
          logger.warn('ipc.pinChangeRequired', { key });
          return err('forbidden', 'auth.mustChangePin');
        }
        auth.touch(caller.sessionId);
      } else {
        const resolved = auth.resolve(clientId);
        caller = resolved.ok ? resolved.value : null;
      }
      try {
        const handler = handlers[key] as (i: unknown, c: CallContext) => MaybePromise<Result<unknown>>;
        const result = await handler(parsed.data, { clientId, caller });
        if (!result.ok) return result;
        const out = spec.output.safeParse(result.value);
        if (!out.success) {
          logger.error('ipc.badOutput', { key, issue: out.error.issues[0]?.path.join('.') ?? '' });
          return err('internal', 'errors.internal');
        }
        return { ok: true, value: out.data };
      } catch (error) {
        logger.error('ipc.handlerFailed', { key, error: error instanceof Error ? error.name : 'unknown' });
        return err('internal', 'errors.internal');
      }
    },
  };
}
