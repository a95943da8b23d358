import type { AppInfo } from '../../core/ipc/contract';
import { err, ok } from '../../core/ipc/result';
import type { Db } from '../db/connection';
import type { AuditRepository } from '../db/repositories/audit-repository';
import type { AuthService } from '../services/auth-service';
import type { PostContext } from '../services/post-context';
import type { Handlers } from './dispatcher';

export interface HandlerDeps {
  db: Db;
  auth: AuthService;
  audit: AuditRepository;
  post: PostContext;
  version: string;
  mode: AppInfo['mode'];
}

/** The handler table: one entry per contract key (the `Handlers` type makes a missing one a compile error). */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { auth, post } = deps;
  return {
    'app.info': () =>
      ok({ productName: 'RVA Départ', version: deps.version, mode: deps.mode, post: post.post, deviceId: post.deviceId, demo: post.demo }),
    'auth.session': (_input, ctx) => ok(ctx.caller?.session ?? null),
    'auth.login': (input, ctx) => auth.login(ctx.clientId, input.username, input.pin),
    'auth.logout': (input, ctx) => ok({ ended: auth.logout(ctx.clientId, input.reason) }),
    'auth.heartbeat': (_input, ctx) => (ctx.caller ? ok({ expiresAt: auth.touch(ctx.caller.sessionId) }) : err('unauthenticated', 'auth.unauthenticated')),
    'auth.changePin': (input, ctx) =>
      ctx.caller ? auth.changePin(ctx.caller.userId, input.currentPin, input.newPin) : err('unauthenticated', 'auth.unauthenticated'),
    'sync.status': () => ok({ state: 'notConfigured' as const }),
    'audit.verify': () => {
      const check = deps.audit.verify();
      return ok({ ok: check.ok, count: check.count, brokenAt: check.ok ? null : check.brokenAt });
    },
  };
}
