import { err, ok } from '../../core/ipc/result';
import type { AppServices } from '../services/app-services';
import type { Actor } from '../services/departure-service';
import type { CallContext, Handlers } from './dispatcher';
import { createShiftHandlers } from './shift-handlers';
import { createSyncHandlers } from './sync-handlers';
import { createReceiptHandlers } from './receipt-handlers';
import { createFlightHandlers } from './flight-handlers';

/** What the handler table calls: the services of the composition root. */
export type HandlerDeps = Pick<
  AppServices,
  'auth' | 'audit' | 'post' | 'departures' | 'passages' | 'sync' | 'setup' | 'supervisor' | 'info' | 'postStatus' | 'receipts' | 'flights'
>;

/** The caller of a signed-in command (the dispatcher has checked the session and the role). */
function actor(ctx: CallContext): Actor {
  if (!ctx.caller) throw new Error('signed-in command called without a caller');
  return { userId: ctx.caller.userId, role: ctx.caller.role };
}

/** The handler table: one entry per contract key (the `Handlers` type makes a missing one a compile error). */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { auth, post, departures } = deps;
  return {
    'app.info': () =>
      ok({
        productName: 'RVA Départ',
        version: deps.info.version,
        mode: deps.info.mode,
        post: post.post,
        deviceId: post.deviceId,
        demo: post.demo,
        timeZone: deps.info.timeZone(),
        keyProtection: deps.info.keyProtection,
      }),
    'post.status': () => ok(deps.postStatus()),
    'post.enrol': (input) => deps.setup.enrol(input),
    'post.setupProgress': () => ok(deps.setup.progress()),
    'post.reenrol': (input, ctx) => deps.setup.reenrol(input, actor(ctx)),
    'auth.session': (_input, ctx) => ok(ctx.caller?.session ?? null),
    'auth.login': async (input, ctx) => {
      const session = await auth.login(ctx.clientId, input.username, input.pin);
      // A new session at this desk takes its user's passage from the database (passage.current).
      if (session.ok) deps.passages.forget(ctx.clientId);
      return session;
    },
    'auth.logout': (input, ctx) => {
      deps.passages.forget(ctx.clientId);
      return ok({ ended: auth.logout(ctx.clientId, input.reason) });
    },
    'auth.heartbeat': (_input, ctx) =>
      ctx.caller ? ok({ expiresAt: auth.touch(ctx.caller.sessionId) }) : err('unauthenticated', 'auth.unauthenticated'),
    'auth.changePin': (input, ctx) =>
      ctx.caller ? auth.changePin(ctx.caller.userId, input.currentPin, input.newPin) : err('unauthenticated', 'auth.unauthenticated'),
    'sync.status': () => ok(deps.sync.status()),
    'passage.addScan': (input, ctx) => deps.passages.addScan(ctx.clientId, input, actor(ctx)),
    'passage.addManual': (input, ctx) => deps.passages.addManual(ctx.clientId, input.manualDocument, actor(ctx)),
    'passage.current': (_input, ctx) => ok(deps.passages.current(ctx.clientId, actor(ctx))),
    'passage.new': (input, ctx) => ok(deps.passages.newPassage(ctx.clientId, actor(ctx), input.seen)),
    'departures.verify': (input, ctx) => departures.verify(input, actor(ctx)),
    'departures.view': (input, ctx) => departures.view(input.passageId, actor(ctx)),
    'checkin.confirm': (input, ctx) => departures.confirmCheckin(input, actor(ctx)),
    'exchange.confirm': (input, ctx) => departures.confirmExchange(input, actor(ctx)),
    'perDiem.pay': (input, ctx) => departures.payPerDiem(input, actor(ctx)),
    'stamp.record': (input, ctx) => departures.recordStamp(input, actor(ctx)),
    'referral.settle': (input, ctx) => departures.settleReferral(input, actor(ctx)),
    'referrals.list': () => ok(departures.openReferrals()),
    'record.void': (input, ctx) => departures.voidRecord(input, actor(ctx)),
    'pvs.import': (input, ctx) => ok(departures.importPvs(input.content, input.format, actor(ctx))),
    ...createShiftHandlers(deps.supervisor),
    ...createSyncHandlers(deps.sync),
    ...createReceiptHandlers(deps.receipts),
    ...createFlightHandlers(deps),
    'audit.verify': () => {
      const check = deps.audit.verify();
      return ok({ ok: check.ok, count: check.count, brokenAt: check.ok ? null : check.brokenAt });
    },
  };
}
