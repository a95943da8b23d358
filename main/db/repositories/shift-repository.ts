import type { Db } from '../connection';

export interface ShiftRecord {
  id: string;
  postCode: string;
  deviceId: string;
  openedBy: string;
  openedByName: string;
  openedAt: number;
  openingUsdCents: number;
  openingMadCents: number;
  handoverId: string | null;
  openSeq: number;
  note: string;
}

export interface ClosingRecord {
  id: string;
  shiftId: string;
  closedBy: string;
  closedByName: string;
  closedAt: number;
  countedUsdCents: number;
  countedMadCents: number;
  expectedUsdCents: number;
  expectedMadCents: number;
  perDiemCount: number;
  perDiemCents: number;
  varianceUsdCents: number;
  varianceMadCents: number;
  reason: string | null;
  closeSeq: number;
}

export interface HandoverRecord {
  id: string;
  fromShiftId: string;
  fromUserId: string;
  fromUserName: string;
  toUserId: string;
  toUserName: string;
  at: number;
  note: string;
}

/** One audit row of a shift's log, with the names the log shows (actor, beneficiary). */
export interface ShiftLogRow {
  seq: number;
  at: number;
  action: string;
  actorName: string | null;
  actorRole: string | null;
  subject: string | null;
  details: string;
  hash: string;
  beneficiarySurname: string | null;
  beneficiaryGivenNames: string | null;
  nationality: string | null;
}

interface ShiftRow {
  id: string;
  post_code: string;
  device_id: string;
  opened_by: string;
  opened_by_name: string;
  opened_at: number;
  opening_usd_cents: number;
  opening_mad_cents: number;
  handover_id: string | null;
  open_seq: number;
  note: string;
}

interface ClosingRow {
  id: string;
  shift_id: string;
  closed_by: string;
  closed_by_name: string;
  closed_at: number;
  counted_usd_cents: number;
  counted_mad_cents: number;
  expected_usd_cents: number;
  expected_mad_cents: number;
  per_diem_count: number;
  per_diem_cents: number;
  variance_usd_cents: number;
  variance_mad_cents: number;
  reason: string | null;
  close_seq: number;
}

interface HandoverRow {
  id: string;
  from_shift_id: string;
  from_user_id: string;
  from_user_name: string;
  to_user_id: string;
  to_user_name: string;
  at: number;
  note: string;
}

const toShift = (r: ShiftRow): ShiftRecord => ({
  id: r.id,
  postCode: r.post_code,
  deviceId: r.device_id,
  openedBy: r.opened_by,
  openedByName: r.opened_by_name,
  openedAt: r.opened_at,
  openingUsdCents: r.opening_usd_cents,
  openingMadCents: r.opening_mad_cents,
  handoverId: r.handover_id,
  openSeq: r.open_seq,
  note: r.note,
});

const toClosing = (r: ClosingRow): ClosingRecord => ({
  id: r.id,
  shiftId: r.shift_id,
  closedBy: r.closed_by,
  closedByName: r.closed_by_name,
  closedAt: r.closed_at,
  countedUsdCents: r.counted_usd_cents,
  countedMadCents: r.counted_mad_cents,
  expectedUsdCents: r.expected_usd_cents,
  expectedMadCents: r.expected_mad_cents,
  perDiemCount: r.per_diem_count,
  perDiemCents: r.per_diem_cents,
  varianceUsdCents: r.variance_usd_cents,
  varianceMadCents: r.variance_mad_cents,
  reason: r.reason,
  closeSeq: r.close_seq,
});

const toHandover = (r: HandoverRow): HandoverRecord => ({
  id: r.id,
  fromShiftId: r.from_shift_id,
  fromUserId: r.from_user_id,
  fromUserName: r.from_user_name,
  toUserId: r.to_user_id,
  toUserName: r.to_user_name,
  at: r.at,
  note: r.note,
});

const SHIFT_SELECT = 'SELECT s.*, u.display_name AS opened_by_name FROM shifts s JOIN users u ON u.id = s.opened_by';
const CLOSING_SELECT = 'SELECT c.*, u.display_name AS closed_by_name FROM shift_closings c JOIN users u ON u.id = c.closed_by';
const HANDOVER_SELECT = `SELECT h.*, f.display_name AS from_user_name, t.display_name AS to_user_name
  FROM shift_handovers h JOIN users f ON f.id = h.from_user_id JOIN users t ON t.id = h.to_user_id`;

/** All SQL of shifts, cash closings, hand-overs and the shift log. */
export function createShiftRepository(db: Db) {
  const insertShift = db.prepare(
    `INSERT INTO shifts (id, post_code, device_id, opened_by, opened_at, opening_usd_cents, opening_mad_cents, handover_id, open_seq, note)
     VALUES (@id, @postCode, @deviceId, @openedBy, @openedAt, @openingUsdCents, @openingMadCents, @handoverId, @openSeq, @note)`,
  );
  const insertClosing = db.prepare(
    `INSERT INTO shift_closings (id, shift_id, closed_by, closed_at, counted_usd_cents, counted_mad_cents, expected_usd_cents, expected_mad_cents,
       per_diem_count, per_diem_cents, variance_usd_cents, variance_mad_cents, reason, close_seq)
     VALUES (@id, @shiftId, @closedBy, @closedAt, @countedUsdCents, @countedMadCents, @expectedUsdCents, @expectedMadCents,
       @perDiemCount, @perDiemCents, @varianceUsdCents, @varianceMadCents, @reason, @closeSeq)`,
  );
  const insertHandover = db.prepare(
    'INSERT INTO shift_handovers (id, from_shift_id, from_user_id, to_user_id, at, note) VALUES (@id, @fromShiftId, @fromUserId, @toUserId, @at, @note)',
  );
  const openShift = db.prepare<[string], ShiftRow>(
    `${SHIFT_SELECT} LEFT JOIN shift_closings c ON c.shift_id = s.id WHERE s.post_code = ? AND c.id IS NULL ORDER BY s.opened_at DESC LIMIT 1`,
  );
  const shiftById = db.prepare<[string], ShiftRow>(`${SHIFT_SELECT} WHERE s.id = ?`);
  const recentShifts = db.prepare<[string, number], ShiftRow>(`${SHIFT_SELECT} WHERE s.post_code = ? ORDER BY s.opened_at DESC LIMIT ?`);
  const closingByShift = db.prepare<[string], ClosingRow>(`${CLOSING_SELECT} WHERE c.shift_id = ?`);
  const handoverFrom = db.prepare<[string], HandoverRow>(`${HANDOVER_SELECT} WHERE h.from_shift_id = ?`);
  const handoverById = db.prepare<[string], HandoverRow>(`${HANDOVER_SELECT} WHERE h.id = ?`);
  const pendingHandover = db.prepare<[string], HandoverRow>(
    `${HANDOVER_SELECT} JOIN shifts fs ON fs.id = h.from_shift_id LEFT JOIN shifts ns ON ns.handover_id = h.id
     WHERE fs.post_code = ? AND ns.id IS NULL ORDER BY h.at DESC LIMIT 1`,
  );
  const perDiemTotals = db.prepare<[string, number, number], { n: number; cents: number | null }>(
    `SELECT count(*) AS n, sum(p.amount_cents) AS cents FROM per_diem_payments p LEFT JOIN voids v ON v.target_id = p.id
     WHERE p.post_code = ? AND p.at >= ? AND p.at <= ? AND v.id IS NULL`,
  );
  const supervisors = db.prepare<[], { id: string; display_name: string }>(
    "SELECT id, display_name FROM users WHERE role = 'supervisor' AND active = 1 ORDER BY display_name",
  );
  const userById = db.prepare<[string], { id: string; role: string; active: number }>('SELECT id, role, active FROM users WHERE id = ?');
  const log = db.prepare<[number, number], ShiftLogRow>(
    `SELECT a.seq, a.at, a.action, u.display_name AS actorName, a.actor_role AS actorRole, a.subject, a.details, a.hash,
       json_extract(p.body, '$.beneficiary.surname') AS beneficiarySurname,
       json_extract(p.body, '$.beneficiary.givenNames') AS beneficiaryGivenNames,
       p.nationality AS nationality
     FROM audit_log a
     LEFT JOIN users u ON u.id = a.actor_id
     LEFT JOIN pvs p ON p.pv_number = coalesce(json_extract(a.details, '$.pvNumber'), a.subject)
     WHERE a.seq >= ? AND a.seq <= ? ORDER BY a.seq`,
  );
  const headSeq = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM audit_log');

  return {
    insertShift(s: Omit<ShiftRecord, 'openedByName'>): void {
      insertShift.run(s);
    },
    insertClosing(c: Omit<ClosingRecord, 'closedByName'>): void {
      insertClosing.run(c);
    },
    insertHandover(h: Omit<HandoverRecord, 'fromUserName' | 'toUserName'>): void {
      insertHandover.run(h);
    },
    openShift(postCode: string): ShiftRecord | null {
      const r = openShift.get(postCode);
      return r ? toShift(r) : null;
    },
    findShift(id: string): ShiftRecord | null {
      const r = shiftById.get(id);
      return r ? toShift(r) : null;
    },
    recentShifts(postCode: string, limit: number): ShiftRecord[] {
      return recentShifts.all(postCode, limit).map(toShift);
    },
    closingOf(shiftId: string): ClosingRecord | null {
      const r = closingByShift.get(shiftId);
      return r ? toClosing(r) : null;
    },
    handoverFrom(shiftId: string): HandoverRecord | null {
      const r = handoverFrom.get(shiftId);
      return r ? toHandover(r) : null;
    },
    findHandover(id: string): HandoverRecord | null {
      const r = handoverById.get(id);
      return r ? toHandover(r) : null;
    },
    /** The latest hand-over at this post that no shift has taken over yet. */
    pendingHandover(postCode: string): HandoverRecord | null {
      const r = pendingHandover.get(postCode);
      return r ? toHandover(r) : null;
    },
    /** Per diem payments recorded at the post in [from, to], voided ones left out. */
    perDiemTotals(postCode: string, from: number, to: number): { count: number; cents: number } {
      const r = perDiemTotals.get(postCode, from, to);
      return { count: r?.n ?? 0, cents: r?.cents ?? 0 };
    },
    activeSupervisors(): { id: string; displayName: string }[] {
      return supervisors.all().map((r) => ({ id: r.id, displayName: r.display_name }));
    },
    userRole(id: string): { role: string; active: boolean } | null {
      const r = userById.get(id);
      return r ? { role: r.role, active: r.active === 1 } : null;
    },
    /** The audit rows from `fromSeq` to `toSeq` with actor and beneficiary names. */
    log(fromSeq: number, toSeq: number): ShiftLogRow[] {
      return log.all(fromSeq, toSeq);
    },
    auditHeadSeq(): number {
      return headSeq.get()?.seq ?? 0;
    },
  };
}
export type ShiftRepository = ReturnType<typeof createShiftRepository>;
