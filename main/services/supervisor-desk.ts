/**
 * The supervisor desk of one post: shifts, reports and exports wired onto the post's database,
 * audit chain and clock. Built once by the composition root (app-services); tests and the bench
 * reach it through AppServices.
 */
import type { Db } from '../db/connection';
import type { AuditRepository } from '../db/repositories/audit-repository';
import { createReportRepository } from '../db/repositories/report-repository';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import { createShiftRepository } from '../db/repositories/shift-repository';
import { createDepartureSettings } from './departure-settings';
import type { DeviceKey } from './device-key';
import { loadDeviceKey } from './device-key';
import type { SecretProtector } from './secret-store';
import type { EventBus } from './event-bus';
import type { ShiftLog } from './export-service';
import { createExportService, toLogEvent } from './export-service';
import type { PostContext } from './post-context';
import { createReportService } from './report-service';
import type { Clock, Logger } from './runtime';
import { createShiftService } from './shift-service';

/** What the supervisor desk needs beyond the post's database, audit chain and context. */
export interface ShiftDeskDeps {
  clock: Clock;
  logger: Logger;
  settings: SettingsRepository;
  bus?: EventBus;
  /** Seals the export signing key in settings. */
  secrets?: SecretProtector;
}

export function createSupervisorDesk(deps: ShiftDeskDeps & { db: Db; audit: AuditRepository; post: PostContext }) {
  const { db, audit, clock, logger, post, settings } = deps;
  const repo = createShiftRepository(db);
  const timeZone = () => createDepartureSettings(settings).timeZone();
  const shifts = createShiftService({
    db,
    repo,
    audit,
    clock,
    logger,
    post,
    onChanged: deps.bus ? (e) => deps.bus?.emit('shift.changed', e) : undefined,
  });
  // The expected cash changes with every per diem paid or voided at this post, whichever desk
  // wrote it: the panels re-read it from the shift service. Announced once the write has committed.
  audit.onAppended((record) => {
    const details = record.details as { kind?: unknown } | null;
    const cause =
      record.action === 'perDiem.paid'
        ? 'perDiemPaid'
        : record.action === 'record.voided' && details?.kind === 'perDiem'
          ? 'perDiemVoided'
          : null;
    if (cause && deps.bus) queueMicrotask(() => deps.bus?.emit('shift.cashChanged', { cause }));
  });
  const reports = createReportService({
    repo: createReportRepository(db),
    get postCode() {
      return post.post.code;
    },
    timeZone,
  });
  let key: DeviceKey | null = null;
  const exports = createExportService({
    db,
    audit,
    clock,
    logger,
    post,
    key: () => (key ??= loadDeviceKey(settings, clock, deps.secrets)),
  });
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
        timeZone: timeZone(),
      };
    },
    deviceKey: () => (key ??= loadDeviceKey(settings, clock, deps.secrets)),
  };
}
export type SupervisorDesk = ReturnType<typeof createSupervisorDesk>;
