import { err, ok } from '../../core/ipc/result';
import type { Actor } from '../services/departure-service';
import type { SupervisorDesk } from '../services/supervisor-desk';
import type { CallContext } from './dispatcher';
import type { ShiftHandlers } from './handler-types';

function actor(ctx: CallContext): Actor {
  if (!ctx.caller) throw new Error('signed-in command called without a caller');
  return { userId: ctx.caller.userId, role: ctx.caller.role };
}

/** Handlers of the supervisor desk (core/ipc/shift-contract.ts). */
export function createShiftHandlers(desk: SupervisorDesk): ShiftHandlers {
  return {
    'shift.current': () => ok(desk.shifts.status()),
    'shift.open': (input, ctx) => desk.shifts.open(input, actor(ctx)),
    'shift.preview': (input) => desk.shifts.preview(input),
    'shift.close': (input, ctx) => desk.shifts.close(input, actor(ctx)),
    'shift.handOver': (input, ctx) => desk.shifts.handOver(input, actor(ctx)),
    'shift.list': (input) => ok(desk.shifts.list(input.limit)),
    'shift.export': async (input, ctx) => {
      const log = desk.shiftLog(input.shiftId);
      if (!log) return err('notFound', input.shiftId ? 'shift.notFound' : 'shift.noneOpen');
      return ok(await desk.exports.shiftLog(log, input.format, actor(ctx)));
    },
    'reports.departures': (input) => desk.reports.departures(input),
    'reports.export': async (input, ctx) => {
      const report = desk.reports.departures(input);
      if (!report.ok) return report;
      return ok(await desk.exports.report(report.value, input.format, actor(ctx)));
    },
  };
}
