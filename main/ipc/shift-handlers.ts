import { ok, err } from '../../core/ipc/result';
import type { Db } from '../db/connection';
import type { AuditRepository } from '../db/repositories/audit-repository';
import { createReportRepository } from '../db/repositories/report-repository';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import { createShiftRepository } from '../db/repositories/shift-repository';
import type { Actor } from '../services/departure-service';
import { createDepartureSettings } from '../services/departure-settings';
import type { DeviceKey } from '../services/device-key';
import { loadDeviceKey } from '../services/device-key';
import type { EventBus } from '../services/event-bus';
import type { ShiftLog } from '../services/export-service';
import { createExportService, toLogEvent } from '../services/export-service';
import type { PostContext } from '../services/post-context';
import { createReportService } from '../services/report-service';
import type { Clock, Logger } from '../services/runtime';
import { createShiftService } from '../services/shift-service';
import type { CallContext } from './dispatcher';
import type { ShiftHandlers } from './handler-types';

/** What the supervisor desk needs beyond the common handler deps (passed by app-services). */
export interface ShiftDeskDeps {
  clock: Clock;
  logger: Logger;
  settings: SettingsRepository;
  bus?: EventBus;
}

/** Shifts, reports and exports of one post, wired together (also used directly by tests and the bench). */
export function createSupervisorDesk(deps: ShiftDeskDeps & { db: Db; audit: AuditRepository; post: PostContext }) {
  const { db, audit, clock, logger, post, settings } = deps;
  const repo = createShiftRepository(db);
  const utcOffsetMinutes = () => createDepartureSettings(settings).utcOffsetMinutes();
  const shifts = createShiftService({
    db,
    repo,
    audit,
    clock,
    logger,
    post,
    onChanged: deps.bus ? (e) => deps.bus?.emit('shift.changed', e) : undefined,
  });
  const reports = createReportService({ repo: createReportRepository(db), postCode: post.post.code, utcOffsetMinutes });
  let key: DeviceKey | null = null;
  const exports = createExportService({ db, audit, clock, logger, post, key: () => (key ??= loadDeviceKey(settings, clock)) });
  return {
    shifts,
    reports,
    exports,
    /** The log of a shift (the open one when no id): every audit row from its opening to its closing. */
    shiftLog(shiftId?: string): ShiftLog | null {
      const found = shifts.find(shiftId);
      if (!found) return null;
      return {
        post: post.post,
        deviceId: post.deviceId,
        shift: found.shift,
        events: repo.log(found.fromSeq, found.toSeq).map(toLogEvent),
        utcOffsetMinutes: utcOffsetMinutes(),
      };
    },
    deviceKey: () => (key ??= loadDeviceKey(settings, clock)),
  };
}
export type SupervisorDesk = ReturnType<typeof createSupervisorDesk>;

function actor(ctx: CallContext): Actor {
  if (!ctx.caller) throw new Error('signed-in command called without a caller');
  return { userId: ctx.caller.userId, role: ctx.caller.role };
}

/** Handlers of the supervisor desk (core/ipc/shift-contract.ts). */
export function createShiftHandlers(deps: { db: Db; audit: AuditRepository; post: PostContext; shiftDeps: ShiftDeskDeps }): ShiftHandlers {
  // Built on first use, so the app starts even before the shifts schema is in the migration list.
  let built: SupervisorDesk | null = null;
  const lazy = () => (built ??= createSupervisorDesk({ ...deps.shiftDeps, db: deps.db, audit: deps.audit, post: deps.post }));
  const desk = {
    get shifts() {
      return lazy().shifts;
    },
    get reports() {
      return lazy().reports;
    },
    get exports() {
      return lazy().exports;
    },
    shiftLog: (shiftId?: string) => lazy().shiftLog(shiftId),
  };
  return {
    'shift.current': () => ok(desk.shifts.status()),
    'shift.open': (input, ctx) => desk.shifts.open(input, actor(ctx)),
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
