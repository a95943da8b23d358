/**
 * Supervisor shifts: open with the cash in the drawer, close with the counted cash against the
 * cash expected from the per diem payments recorded during the shift, hand over to the next
 * supervisor. Each step is written in one transaction with its audit-chain row.
 */
import type { ClosingPreview, ExpectedCash, ShiftStatus, ShiftView } from '../../core/ipc/shift-contract';
import type { Result } from '../../core/ipc/result';
import { err, ok } from '../../core/ipc/result';
import type { Db } from '../db/connection';
import type { AuditRepository } from '../db/repositories/audit-repository';
import type { ShiftRecord, ShiftRepository } from '../db/repositories/shift-repository';
import { isUniqueViolation } from '../db/repositories/departure-repository';
import type { Actor } from './departure-service';
import type { PostContext } from './post-context';
import type { Clock, Logger } from './runtime';
import { newId } from './runtime';

export interface ShiftDeps {
  db: Db;
  repo: ShiftRepository;
  audit: AuditRepository;
  clock: Clock;
  logger: Logger;
  post: PostContext;
  onChanged?: (event: { shiftId: string; state: 'opened' | 'closed' | 'handedOver' }) => void;
}

export interface CashCount {
  countedUsdCents: number;
  countedMadCents: number;
  reason?: string | undefined;
}

/**
 * A cash count with the expected cash the supervisor saw and confirmed. The closing is refused
 * when the expected cash, re-read at close, is no longer that figure (a per diem was paid or
 * voided meanwhile): what is recorded is always what was shown.
 */
export interface ConfirmedCashCount extends CashCount {
  expectedUsdCents: number;
  expectedMadCents: number;
}

export function createShiftService(deps: ShiftDeps) {
  const { db, repo, audit, clock, logger, post } = deps;
  // The post's code is read when a record is written: a new post learns it when it enrols.
  const device = {
    deviceId: post.deviceId,
    get postCode() {
      return post.post.code;
    },
  };

  function view(s: ShiftRecord): ShiftView {
    const c = repo.closingOf(s.id);
    const h = repo.handoverFrom(s.id);
    const from = s.handoverId ? repo.findHandover(s.handoverId) : null;
    return {
      id: s.id,
      postCode: s.postCode,
      openedAt: s.openedAt,
      openedBy: { id: s.openedBy, name: s.openedByName },
      openingUsdCents: s.openingUsdCents,
      openingMadCents: s.openingMadCents,
      note: s.note,
      handOverFromShiftId: from?.fromShiftId ?? null,
      closing: c
        ? {
            closedAt: c.closedAt,
            closedByName: c.closedByName,
            countedUsdCents: c.countedUsdCents,
            countedMadCents: c.countedMadCents,
            expectedUsdCents: c.expectedUsdCents,
            expectedMadCents: c.expectedMadCents,
            perDiemCount: c.perDiemCount,
            perDiemCents: c.perDiemCents,
            varianceUsdCents: c.varianceUsdCents,
            varianceMadCents: c.varianceMadCents,
            reason: c.reason,
          }
        : null,
      handOver: h ? { toUserId: h.toUserId, toUserName: h.toUserName, at: h.at, note: h.note } : null,
    };
  }

  /** USD: opening cash minus the per diem paid (not voided) since the shift opened. MAD: no recorded movement. */
  function expected(s: ShiftRecord, until: number): ExpectedCash {
    const paid = repo.perDiemTotals(s.postCode, s.openedAt, until);
    return { usdCents: s.openingUsdCents - paid.cents, madCents: s.openingMadCents, perDiemCount: paid.count, perDiemCents: paid.cents };
  }

  const appendAudit = (actor: Actor, action: string, subject: string, details: Record<string, unknown>) =>
    audit.append({ id: newId(clock), at: clock.now(), actorId: actor.userId, actorRole: actor.role, action, subject, details }, device);

  /** The figures a closing at `at` would record: the one computation the panel shows and the closing writes. */
  function closingFigures(s: ShiftRecord, count: CashCount, at: number): ClosingPreview {
    const exp = expected(s, at);
    return {
      expectedUsdCents: exp.usdCents,
      expectedMadCents: exp.madCents,
      perDiemCount: exp.perDiemCount,
      perDiemCents: exp.perDiemCents,
      countedUsdCents: count.countedUsdCents,
      countedMadCents: count.countedMadCents,
      varianceUsdCents: count.countedUsdCents - exp.usdCents,
      varianceMadCents: count.countedMadCents - exp.madCents,
    };
  }

  /** Writes the closing of the open shift; the caller runs it inside a transaction. */
  function writeClosing(s: ShiftRecord, count: ConfirmedCashCount, actor: Actor, extra: Record<string, unknown>): Result<true> {
    const at = clock.now();
    const f = closingFigures(s, count, at);
    if (f.expectedUsdCents !== count.expectedUsdCents || f.expectedMadCents !== count.expectedMadCents) {
      return err('conflict', 'shift.expectedChanged', {
        expectedUsdCents: f.expectedUsdCents,
        expectedMadCents: f.expectedMadCents,
        perDiemCount: f.perDiemCount,
        varianceUsdCents: f.varianceUsdCents,
        varianceMadCents: f.varianceMadCents,
      });
    }
    const reason = count.reason?.trim() ? count.reason.trim() : null;
    if ((f.varianceUsdCents !== 0 || f.varianceMadCents !== 0) && !reason) {
      return err('badInput', 'shift.reasonRequired', {
        field: 'reason',
        varianceUsdCents: f.varianceUsdCents,
        varianceMadCents: f.varianceMadCents,
      });
    }
    const closingId = newId(clock);
    const figures = { ...f, reason };
    const record = appendAudit(actor, 'shift.closed', s.id, { shiftId: s.id, closingId, ...figures, ...extra });
    repo.insertClosing({ id: closingId, shiftId: s.id, closedBy: actor.userId, closedAt: at, ...figures, closeSeq: record.seq });
    return ok(true);
  }

  /** Runs `body` in an IMMEDIATE transaction; a Result error rolls it back. */
  function inTransaction<T>(body: () => Result<T>): Result<T> {
    const rollback = new Error('rollback');
    let out: Result<T> | null = null;
    try {
      db.transaction(() => {
        out = body();
        if (!out.ok) throw rollback;
      }).immediate();
    } catch (error) {
      if (error === rollback && out) return out;
      if (isUniqueViolation(error)) return err('alreadyDone', 'shift.alreadyDone');
      throw error;
    }
    return out as unknown as Result<T>;
  }

  return {
    view,
    status(): ShiftStatus {
      const open = repo.openShift(post.post.code);
      const pending = repo.pendingHandover(post.post.code);
      const pendingClosing = pending ? repo.closingOf(pending.fromShiftId) : null;
      return {
        shift: open ? view(open) : null,
        expected: open ? expected(open, clock.now()) : null,
        pendingHandOver:
          pending && pendingClosing
            ? {
                id: pending.id,
                fromShiftId: pending.fromShiftId,
                fromUserName: pending.fromUserName,
                toUserId: pending.toUserId,
                toUserName: pending.toUserName,
                at: pending.at,
                countedUsdCents: pendingClosing.countedUsdCents,
                countedMadCents: pendingClosing.countedMadCents,
                note: pending.note,
              }
            : null,
        supervisors: repo.activeSupervisors(),
      };
    },

    /** Opens a shift; takes over the pending hand-over, if any. One open shift per post. */
    open(input: { openingUsdCents: number; openingMadCents: number; note?: string | undefined }, actor: Actor): Result<ShiftView> {
      const id = newId(clock);
      const result = inTransaction(() => {
        if (repo.openShift(post.post.code)) return err('alreadyDone', 'shift.alreadyOpen');
        const pending = repo.pendingHandover(post.post.code);
        // The cash was counted over to one named supervisor: nobody else may take it.
        if (pending && pending.toUserId !== actor.userId) return err('forbidden', 'shift.handOverForAnother');
        const record = appendAudit(actor, 'shift.opened', id, {
          shiftId: id,
          openingUsdCents: input.openingUsdCents,
          openingMadCents: input.openingMadCents,
          handoverId: pending?.id ?? null,
          note: input.note ?? '',
        });
        repo.insertShift({
          id,
          postCode: post.post.code,
          deviceId: post.deviceId,
          openedBy: actor.userId,
          openedAt: record.at,
          openingUsdCents: input.openingUsdCents,
          openingMadCents: input.openingMadCents,
          handoverId: pending?.id ?? null,
          openSeq: record.seq,
          note: input.note ?? '',
        });
        return ok(true);
      });
      if (!result.ok) return result;
      logger.info('shift.opened', { shift: id });
      deps.onChanged?.({ shiftId: id, state: 'opened' });
      return ok(view(repo.findShift(id) as ShiftRecord));
    },

    /** What closing the open shift now with this count would record, for the supervisor to confirm. */
    preview(input: CashCount): Result<ClosingPreview> {
      const open = repo.openShift(post.post.code);
      if (!open) return err('notFound', 'shift.noneOpen');
      return ok(closingFigures(open, input, clock.now()));
    },

    close(input: ConfirmedCashCount, actor: Actor): Result<ShiftView> {
      let shiftId = '';
      const result = inTransaction(() => {
        const open = repo.openShift(post.post.code);
        if (!open) return err('notFound', 'shift.noneOpen');
        shiftId = open.id;
        return writeClosing(open, input, actor, {});
      });
      if (!result.ok) return result;
      logger.info('shift.closed', { shift: shiftId });
      deps.onChanged?.({ shiftId, state: 'closed' });
      return ok(view(repo.findShift(shiftId) as ShiftRecord));
    },

    handOver(input: ConfirmedCashCount & { toUserId: string; note?: string | undefined }, actor: Actor): Result<ShiftView> {
      if (input.toUserId === actor.userId) return err('badInput', 'shift.handOverToSelf', { field: 'toUserId' });
      const to = repo.userRole(input.toUserId);
      if (!to || to.role !== 'supervisor' || !to.active) return err('badInput', 'shift.handOverNotSupervisor', { field: 'toUserId' });
      let shiftId = '';
      const result = inTransaction(() => {
        const open = repo.openShift(post.post.code);
        if (!open) return err('notFound', 'shift.noneOpen');
        shiftId = open.id;
        const handoverId = newId(clock);
        const closed = writeClosing(open, input, actor, { handoverId, toUserId: input.toUserId });
        if (!closed.ok) return closed;
        repo.insertHandover({
          id: handoverId,
          fromShiftId: open.id,
          fromUserId: actor.userId,
          toUserId: input.toUserId,
          at: clock.now(),
          note: input.note ?? '',
        });
        return ok(true);
      });
      if (!result.ok) return result;
      logger.info('shift.handedOver', { shift: shiftId });
      deps.onChanged?.({ shiftId, state: 'handedOver' });
      return ok(view(repo.findShift(shiftId) as ShiftRecord));
    },

    list(limit: number): ShiftView[] {
      return repo.recentShifts(post.post.code, limit).map(view);
    },

    /** The shift (the open one when no id), with the audit-row range of its log. */
    find(shiftId?: string): { shift: ShiftView; fromSeq: number; toSeq: number } | null {
      const s = shiftId ? repo.findShift(shiftId) : repo.openShift(post.post.code);
      if (!s || s.postCode !== post.post.code) return null;
      const c = repo.closingOf(s.id);
      return { shift: view(s), fromSeq: s.openSeq, toSeq: c ? c.closeSeq : repo.auditHeadSeq() };
    },
  };
}
export type ShiftService = ReturnType<typeof createShiftService>;
