/**
 * Departure day: verify a passage against the PV cache, and record its facts (check-in, exchange,
 * per diem, exit stamp, referral settlement, voids). Every fact is written in one transaction with
 * its audit-chain row and its outbox row; "once per PV" is enforced by UNIQUE constraints.
 */
import { coveringSettlement as coveringSettlementOf } from '../../core/departure/settlement';
import { localIsoDate } from '../../core/format/format';
import { verifyPassage } from '../../core/departure/verify';
import { allowedActions as allowedActionsFor, isCleared } from '../../core/departure/actions';
import { countryCode, passageStatus, toScannedBoardingPass, toScannedTravelDocument } from '../../core/departure/passage';
import { projectPassageView } from '../../core/departure/view';
import type { StoredDraft, StoredScans } from '../../core/departure/view';
import type { PassageVerdict } from '../../core/departure/verify';
import type { Pv } from '../../core/departure/pv';
import { normalizeDocumentNumber } from '../../core/departure/pv';
import type { PvQrVerification, PvTrustedKey } from '../../core/departure/pv-qr';
import { verifyPvQr } from '../../core/departure/pv-qr';
import { readPvImport } from '../../core/departure/pv-import';
import type { PvReadResult } from '../../core/departure/pv-import';
import type { PvImportFormat } from '../../core/departure/pv-import';
import { classifyScan, parseLpcManual, toBoardingPass, toTravelDocument } from '../../core/documents/index';
import type { BoardingPass, ScanResult, TravelDocument } from '../../core/documents/index';
import type { DepartureAction, PassageView, Timeline } from '../../core/ipc/contract';
import type { Result } from '../../core/ipc/result';
import { err, ok } from '../../core/ipc/result';
import type { Role } from '../../core/ipc/roles';
import type { Db } from '../db/connection';
import type { AuditRepository } from '../db/repositories/audit-repository';
import type { DepartureRepository, FactKind, PassageRow } from '../db/repositories/departure-repository';
import { isUniqueViolation } from '../db/repositories/departure-repository';
import type { PostContext } from './post-context';
import type { Clock, Logger } from './runtime';
import { newId } from './runtime';

export interface Actor {
  userId: string;
  role: Role;
}

export interface DepartureSettings {
  perDiem(): { amountCents: number; period: string };
  trustedPvKeys(): PvTrustedKey[];
  flightDateWindowDays(): number;
  /** The post's IANA time zone: every local date and time is computed in it. */
  timeZone(): string;
}

export interface DepartureDeps {
  /** Told when a referral is settled, so other desks refresh the passage. */
  onSettled?: (event: { passageId: string; pvNumber: string | null; decision: 'allow' | 'deny' }) => void;
  db: Db;
  repo: DepartureRepository;
  audit: AuditRepository;
  clock: Clock;
  logger: Logger;
  post: PostContext;
  settings: DepartureSettings;
}

const MAX_SIGNATURE_BYTES = 300_000;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PassageScansInput {
  /** `corrected`: a camera MRZ the officer corrected on the keyboard (kept with the scan's summary). */
  scans: { source: string; raw: string; corrected?: boolean }[];
  manualDocument?: Record<string, string | undefined>;
  /**
   * A PV chosen by hand on the flight board (a scanner or a document failed). It only selects the
   * PV the scans are checked against: the travel document and boarding pass are still required.
   */
  chosenPv?: string;
}

class PassageClosedError extends Error {
  constructor() {
    super('passage closed');
    this.name = 'PassageClosedError';
  }
}

export function createDepartureService(deps: DepartureDeps) {
  const { db, repo, audit, clock, logger, post } = deps;
  // The post's code is read when a record is written: a new post learns it when it enrols.
  const device = {
    deviceId: post.deviceId,
    get postCode() {
      return post.post.code;
    },
  };

  const appendAudit = (actor: Actor, action: string, subject: string, details: Record<string, unknown>) =>
    audit.append({ id: newId(clock), at: clock.now(), actorId: actor.userId, actorRole: actor.role, action, subject, details }, device);

  function timeline(pvNumber: string | null): Timeline | null {
    if (!pvNumber) return null;
    const strip = <T extends { pvNumber: string; actorId: string }>(f: T | null) => {
      if (!f) return null;
      const { pvNumber: _p, actorId: _a, ...rest } = f;
      return rest;
    };
    return {
      checkin: strip(repo.currentCheckin(pvNumber)),
      exchange: strip(repo.currentExchange(pvNumber)),
      perDiem: strip(repo.currentPerDiem(pvNumber)),
      stamp: (() => {
        const s = strip(repo.currentStamp(pvNumber));
        if (!s) return null;
        const { passageId: _passage, ...rest } = s;
        return rest;
      })(),
    };
  }

  const failedIds = (p: PassageRow) => (p.rules as PassageView['rules']).filter((r) => r.status === 'failed').map((r) => r.id);

  /** The supervisor's decision that covers this passage (core/departure/settlement.ts). */
  function coveringSettlement(p: PassageRow): { decision: 'allow' | 'deny'; reason: string; at: number } | null {
    const own = repo.findSettlement(p.id);
    if (own || p.verdict !== 'REFER' || !p.pvNumber) return own;
    return coveringSettlementOf({ verdict: p.verdict, failedRules: failedIds(p) }, null, repo.settlementsForPv(p.pvNumber)[0]);
  }

  /** Opened by hand for a PV (flight board) and no travel document checked yet. */
  const identityPending = (p: PassageRow) => {
    const scans = p.scans as StoredScans;
    return Boolean(scans.openedFor) && (scans.pending ?? []).includes('travelDocument');
  };

  const isPending = (p: PassageRow) => ((p.scans as { pending?: string[] }).pending ?? []).length > 0;

  const clearance = (p: PassageRow) => ({ verdict: p.verdict, settlement: coveringSettlement(p)?.decision ?? null });

  function allowedActions(p: PassageRow, role: Role, tl: Timeline | null): DepartureAction[] {
    return allowedActionsFor(
      {
        verdict: p.verdict,
        rules: p.rules as PassageView['rules'],
        pvNumber: p.pvNumber,
        done: tl ? { checkin: !!tl.checkin, exchange: !!tl.exchange, perDiem: !!tl.perDiem, stamp: !!tl.stamp } : null,
        settlement: coveringSettlement(p)?.decision ?? null,
        identityPending: identityPending(p),
      },
      role,
    );
  }

  function view(p: PassageRow, role: Role): PassageView {
    const tl = timeline(p.pvNumber);
    const settlement = coveringSettlement(p);
    return projectPassageView({
      passage: { ...p, rules: p.rules as PassageView['rules'], scans: p.scans as StoredScans },
      airport: post.post.airport,
      pv: p.pvNumber ? repo.findPv(p.pvNumber) : null,
      timeline: tl,
      settlement: settlement ? { decision: settlement.decision, reason: settlement.reason, at: settlement.at } : null,
      actions: allowedActions(p, role, tl),
      perDiem: { ...deps.settings.perDiem(), currency: 'USD' },
    });
  }

  function classify(raw: string, referenceDate: string): { result: ScanResult; qr: PvQrVerification | null } {
    let qr: PvQrVerification | null = null;
    const result = classifyScan(raw, {
      referenceDate,
      parsePv: (text) => {
        qr = verifyPvQr(text, deps.settings.trustedPvKeys());
        return qr;
      },
    });
    return { result, qr };
  }

  type Issue = { code: string; field?: string; message: string; params?: Record<string, string | number> };
  const summary = (r: { kind: string; valid: boolean; errors: Issue[]; warnings: Issue[] }) => ({
    kind: r.kind,
    valid: r.valid,
    errors: r.errors.map((e) => ({ code: e.code, field: e.field, message: e.message, params: e.params })),
    warnings: r.warnings.map((e) => ({ code: e.code, field: e.field, message: e.message, params: e.params })),
  });

  function loadPassage(passageId: string): Result<PassageRow> {
    const p = repo.findPassage(passageId);
    if (!p || p.postCode !== post.post.code) return err('notFound', 'departure.passageNotFound');
    return ok(p);
  }

  /** Runs `write` in one transaction with its audit row; maps the once-per-PV constraint to a clear answer. */
  function record(
    p: PassageRow,
    actor: Actor,
    kind: FactKind,
    write: (generation: number, at: number) => { id: string; details: Record<string, unknown> },
  ): Result<PassageView> {
    const pvNumber = p.pvNumber;
    if (!pvNumber) return err('refused', 'departure.noPv');
    try {
      db.transaction(() => {
        const at = clock.now();
        const generation = repo.nextGeneration(kind, pvNumber);
        const { id, details } = write(generation, at);
        repo.closePassage(p.id, at);
        appendAudit(actor, auditAction[kind], pvNumber, { ...details, id, pvNumber, passageId: p.id, generation });
      }).immediate();
    } catch (error) {
      if (isUniqueViolation(error)) return alreadyDone(kind, pvNumber);
      throw error;
    }
    logger.info('departure.recorded', { kind, passage: p.id });
    return ok(view(repo.findPassage(p.id) as PassageRow, actor.role));
  }

  function alreadyDone(kind: FactKind, pvNumber: string): Result<PassageView> {
    const tl = timeline(pvNumber);
    const fact = kind === 'checkin' ? tl?.checkin : kind === 'exchange' ? tl?.exchange : kind === 'perDiem' ? tl?.perDiem : tl?.stamp;
    return err('alreadyDone', `departure.already.${kind}`, fact ? { by: fact.actorName, at: fact.at, postCode: fact.postCode } : undefined);
  }

  const auditAction: Record<FactKind, string> = {
    checkin: 'checkin.confirmed',
    exchange: 'exchange.confirmed',
    perDiem: 'perDiem.paid',
    stamp: 'stamp.recorded',
  };

  /** `atDesk`: the scans of a desk's passage, kept in its row so the desk can take it up again. */
  function evaluate(input: PassageScansInput, actor: Actor, passageId: string | null, atDesk: boolean): Result<PassageView> {
    const previous = passageId ? repo.findPassage(passageId) : null;
    if (passageId && (!previous || previous.postCode !== post.post.code)) return err('notFound', 'departure.passageNotFound');
    if (previous && previous.closedAt !== null) return err('refused', 'departure.passageClosed');
    const now = clock.now();
    const timeZone = deps.settings.timeZone();
    const today = localIsoDate(now, timeZone);
    let document: (TravelDocument & { source: string }) | null = null;
    let boardingPass: BoardingPass | null = null;
    let pvQr: PvQrVerification | null = null;
    const summaries: PassageView['scans'] = [];
    for (const scan of input.scans) {
      const { result, qr } = classify(scan.raw, today);
      summaries.push(scan.corrected === true ? { ...summary(result), corrected: true } : summary(result));
      if (qr) pvQr = qr;
      const doc = toTravelDocument(result);
      if (doc) document = doc;
      const bp = toBoardingPass(result);
      if (bp) boardingPass = bp;
    }
    if (input.manualDocument) {
      const manual = parseLpcManual(input.manualDocument, { referenceDate: today });
      summaries.push(summary(manual));
      const doc = toTravelDocument(manual);
      if (doc) document = { ...doc, source: 'manual' };
    }

    let pv: Pv | null = null;
    if (input.chosenPv) {
      pv = repo.findPv(input.chosenPv);
      if (!pv) return err('notFound', 'flights.errors.pvNotFound');
    }
    if (!pv && pvQr?.valid) pv = repo.findPv(pvQr.fields.pvNumber);
    if (!pv && document) pv = repo.findPvByDocument(normalizeDocumentNumber(document.documentNumber), countryCode(document.nationality));
    const pvNumber = pv?.pvNumber ?? (pvQr?.valid ? pvQr.fields.pvNumber : null);
    const stamp = pvNumber ? repo.currentStamp(pvNumber) : null;

    const verdict: PassageVerdict = verifyPassage({
      post: { code: post.post.code, airport: post.post.airport },
      now,
      flightDateWindowDays: deps.settings.flightDateWindowDays(),
      timeZone,
      travelDocument: document ? toScannedTravelDocument(document) : null,
      boardingPass: boardingPass ? toScannedBoardingPass(boardingPass) : null,
      pvQr,
      pv,
      // A stamp recorded in this very passage is not a prior departure.
      priorDeparture: stamp && stamp.passageId !== previous?.id ? { at: stamp.at, post: stamp.postCode } : null,
    });

    const status = passageStatus(verdict.pending);
    const passage: PassageRow = {
      id: previous?.id ?? newId(clock),
      at: previous?.at ?? now,
      postCode: post.post.code,
      deviceId: post.deviceId,
      actorId: previous?.actorId ?? actor.userId,
      actorRole: actor.role,
      pvNumber: verdict.pvNumber,
      pvSource: verdict.pvSource,
      verdict: verdict.verdict,
      rules: verdict.rules,
      scans: {
        document,
        boardingPass,
        summaries,
        pending: verdict.pending,
        ...(input.chosenPv ? { openedFor: input.chosenPv } : {}),
        ...(atDesk ? { draft: { scans: input.scans, ...(input.manualDocument ? { manualDocument: input.manualDocument } : {}) } } : {}),
      } satisfies StoredScans,
      status,
      closedAt: null,
      updatedAt: now,
    };
    const failed = verdict.rules.filter((r) => r.status === 'failed').map((r) => r.id);
    const changed =
      !previous ||
      previous.status !== 'complete' ||
      previous.verdict !== passage.verdict ||
      previous.pvNumber !== passage.pvNumber ||
      failedIds(previous).join() !== failed.join();
    try {
      db.transaction(() => {
        if (verdict.pvSource === 'qr' && pvQr?.valid && !repo.findPv(pvQr.fields.pvNumber)) {
          const f = pvQr.fields;
          const fromQr: Pv = { ...f, status: 'active', beneficiary: { ...f.beneficiary, iomCaseNumber: '' } };
          repo.upsertPv(fromQr, normalizeDocumentNumber(f.travelDocument.number), 'qr', now);
        }
        if (previous) {
          if (!repo.updatePassage(passage)) throw new PassageClosedError();
        } else {
          repo.insertPassage(passage);
          // Who chose a PV by hand, and for which passage: the audit chain keeps it.
          if (input.chosenPv)
            appendAudit(actor, 'passage.openedByHand', input.chosenPv, { passageId: passage.id, pvNumber: input.chosenPv });
        }
        if (status === 'complete' && changed) {
          appendAudit(actor, 'passage.verified', passage.pvNumber ?? passage.id, {
            passageId: passage.id,
            pvNumber: passage.pvNumber,
            verdict: passage.verdict,
            failed,
            ...(summaries.some((s) => s.corrected === true) ? { mrzCorrected: true } : {}),
          });
        }
      })();
    } catch (error) {
      if (error instanceof PassageClosedError) return err('refused', 'departure.passageClosed');
      throw error;
    }
    logger.info('departure.verified', { passage: passage.id, verdict: passage.verdict, status });
    return ok(view(passage, actor.role));
  }

  return {
    /** A whole passage at once (every scan given): a new passage row, not a desk's (never taken up again). */
    verify(input: PassageScansInput, actor: Actor): Result<PassageView> {
      return evaluate(input, actor, null, false);
    },

    /**
     * The scans of a passage so far: verified again and written to the passage's one row (a new
     * row when `passageId` is null). Refused when that passage is closed. The audit chain gets a
     * `passage.verified` row when the passage becomes complete, or when a complete passage's
     * verdict or failed rules change; never for a partial scan.
     */
    evaluate(input: PassageScansInput, actor: Actor, passageId: string | null): Result<PassageView> {
      return evaluate(input, actor, passageId, true);
    },

    /** What a scan is read as (`mrz`, `bcbp`, `pvQr`, `lpc`, `unknown`...), without checking anything. */
    scanKind(raw: string): string {
      return classifyScan(raw, { referenceDate: localIsoDate(clock.now(), deps.settings.timeZone()) }).kind;
    },

    /**
     * The passage this user left open at this device, changed within the last `withinMs` and not
     * one of `held` (open at a desk right now), with what its desk had given: the scans as read,
     * the typed LPC and the PV chosen by hand. Null when there is none.
     */
    resumable(
      actor: Actor,
      withinMs: number,
      held: readonly string[],
    ): { passageId: string; draft: StoredDraft; chosenPv: string | null } | null {
      const p = repo.resumablePassage({
        actorId: actor.userId,
        postCode: post.post.code,
        deviceId: post.deviceId,
        since: clock.now() - withinMs,
        held,
      });
      const scans = p?.scans as StoredScans | undefined;
      if (!p || !scans?.draft) return null;
      return { passageId: p.id, draft: scans.draft, chosenPv: scans.openedFor ?? null };
    },

    isClosed(passageId: string): boolean {
      const p = repo.findPassage(passageId);
      return !p || p.closedAt !== null;
    },

    /** Ends a passage (a new passage was started at its desk). */
    close(passageId: string): void {
      repo.closePassage(passageId, clock.now());
    },

    view(passageId: string, actor: Actor): Result<PassageView> {
      const p = loadPassage(passageId);
      return p.ok ? ok(view(p.value, actor.role)) : p;
    },

    confirmCheckin(input: { passageId: string; bagCount: number }, actor: Actor): Result<PassageView> {
      const p = loadPassage(input.passageId);
      if (!p.ok) return p;
      const v = view(p.value, actor.role);
      if (!v.actions.includes('checkin'))
        return v.timeline?.checkin ? alreadyDone('checkin', p.value.pvNumber as string) : err('refused', 'departure.notAllowedNow');
      const scans = p.value.scans as StoredScans;
      if (!scans.boardingPass) return err('refused', 'departure.boardingPassRequired');
      return record(p.value, actor, 'checkin', (generation, at) => {
        const id = newId(clock);
        const leg = scans.boardingPass?.legs[0];
        repo.insertCheckin({
          id,
          pvNumber: p.value.pvNumber as string,
          generation,
          bagCount: input.bagCount,
          boardingPass: JSON.stringify(scans.boardingPass),
          actorId: actor.userId,
          postCode: post.post.code,
          at,
        });
        return {
          id,
          details: {
            bagCount: input.bagCount,
            flight: leg ? `${leg.carrier}${leg.flightNumber}` : null,
            flightDate: leg?.flightDate ?? null,
          },
        };
      });
    },

    confirmExchange(
      input: {
        passageId: string;
        madGivenCents: number;
        currency: string;
        amountReceivedCents: number;
        rate: string;
        receiptNumber: string;
      },
      actor: Actor,
    ): Result<PassageView> {
      const p = loadPassage(input.passageId);
      if (!p.ok) return p;
      const v = view(p.value, actor.role);
      if (!v.actions.includes('exchange'))
        return v.timeline?.exchange ? alreadyDone('exchange', p.value.pvNumber as string) : err('refused', 'departure.notAllowedNow');
      return record(p.value, actor, 'exchange', (generation, at) => {
        const id = newId(clock);
        repo.insertExchange({
          id,
          pvNumber: p.value.pvNumber as string,
          generation,
          ...input,
          actorId: actor.userId,
          postCode: post.post.code,
          at,
        });
        const { passageId: _p, ...details } = input;
        return { id, details };
      });
    },

    payPerDiem(
      input: { passageId: string; receiptNumber: string; formsSigned: boolean; signaturePng: string },
      actor: Actor,
    ): Result<PassageView> {
      const png = Buffer.from(input.signaturePng, 'base64');
      if (png.length > MAX_SIGNATURE_BYTES || png.length < 67 || !png.subarray(0, 8).equals(PNG_MAGIC))
        return err('badInput', 'departure.signatureInvalid', { field: 'signaturePng' });
      const p = loadPassage(input.passageId);
      if (!p.ok) return p;
      const v = view(p.value, actor.role);
      if (!v.actions.includes('pay'))
        return v.timeline?.perDiem
          ? alreadyDone('perDiem', p.value.pvNumber as string)
          : err(
              'refused',
              actor.role === 'escort' && !isCleared(clearance(p.value)) ? 'departure.payNeedsAllow' : 'departure.notAllowedNow',
            );
      const { amountCents, period } = deps.settings.perDiem();
      return record(p.value, actor, 'perDiem', (generation, at) => {
        const id = newId(clock);
        repo.insertPerDiem({
          id,
          pvNumber: p.value.pvNumber as string,
          generation,
          amountCents,
          currency: 'USD',
          period,
          receiptNumber: input.receiptNumber,
          formsSigned: input.formsSigned,
          signaturePng: png,
          actorId: actor.userId,
          postCode: post.post.code,
          deviceId: post.deviceId,
          at,
        });
        return {
          id,
          details: {
            amountCents,
            currency: 'USD',
            period,
            receiptNumber: input.receiptNumber,
            formsSigned: input.formsSigned,
            signatureBytes: png.length,
          },
        };
      });
    },

    recordStamp(input: { passageId: string; stampNumber: string }, actor: Actor): Result<PassageView> {
      const p = loadPassage(input.passageId);
      if (!p.ok) return p;
      const v = view(p.value, actor.role);
      if (!v.actions.includes('stamp')) {
        if (v.timeline?.stamp) return alreadyDone('stamp', p.value.pvNumber as string);
        return err('refused', isCleared(clearance(p.value)) ? 'departure.notAllowedNow' : 'departure.stampNeedsAllow');
      }
      return record(p.value, actor, 'stamp', (generation, at) => {
        const id = newId(clock);
        repo.insertStamp({
          id,
          pvNumber: p.value.pvNumber as string,
          generation,
          passageId: p.value.id,
          stampNumber: input.stampNumber,
          actorId: actor.userId,
          postCode: post.post.code,
          deviceId: post.deviceId,
          at,
        });
        return { id, details: { stampNumber: input.stampNumber, verdict: p.value.verdict } };
      });
    },

    settleReferral(input: { passageId: string; decision: 'allow' | 'deny'; reason: string }, actor: Actor): Result<PassageView> {
      const p = loadPassage(input.passageId);
      if (!p.ok) return p;
      if (p.value.verdict !== 'REFER') return err('refused', 'departure.notAReferral');
      try {
        db.transaction(() => {
          const id = newId(clock);
          repo.insertSettlement({
            id,
            passageId: p.value.id,
            decision: input.decision,
            reason: input.reason,
            actorId: actor.userId,
            at: clock.now(),
          });
          repo.closePassage(p.value.id, clock.now());
          appendAudit(actor, 'referral.settled', p.value.pvNumber ?? p.value.id, {
            id,
            passageId: p.value.id,
            pvNumber: p.value.pvNumber,
            decision: input.decision,
            reason: input.reason,
          });
        }).immediate();
      } catch (error) {
        if (isUniqueViolation(error)) {
          const by = repo.settledBy(p.value.id);
          return err('alreadyDone', 'departure.already.settled', by ? { by: by.actorName, at: by.at } : undefined);
        }
        throw error;
      }
      deps.onSettled?.({ passageId: p.value.id, pvNumber: p.value.pvNumber, decision: input.decision });
      return ok(view(repo.findPassage(p.value.id) as PassageRow, actor.role));
    },

    /**
     * REFER passages waiting for a supervisor: complete ones only (a passage still waiting for a
     * scan is not a referral yet), the newest per PV, and not already covered by a decision.
     */
    openReferrals() {
      const seen = new Set<string>();
      const waiting = repo
        .openReferrals(post.post.code)
        .reverse()
        .filter((p) => {
          if (isPending(p)) return false;
          const key = p.pvNumber ?? p.id;
          if (seen.has(key)) return false;
          seen.add(key);
          return coveringSettlement(p) === null;
        })
        .reverse();
      return waiting.map((p) => {
        const pv = p.pvNumber ? repo.findPv(p.pvNumber) : null;
        const scans = p.scans as StoredScans;
        const name = pv
          ? `${pv.beneficiary.surname} ${pv.beneficiary.givenNames}`
          : scans.document
            ? `${scans.document.surname} ${scans.document.givenNames}`
            : '';
        return {
          passageId: p.id,
          at: p.at,
          pvNumber: p.pvNumber,
          name: name.trim(),
          nationality: pv?.beneficiary.nationality ?? scans.document?.nationality ?? '',
          rules: (p.rules as PassageView['rules']).filter((r) => r.status === 'failed'),
        };
      });
    },

    voidRecord(input: { passageId: string; kind: FactKind; recordId: string; reason: string }, actor: Actor): Result<PassageView> {
      const p = loadPassage(input.passageId);
      if (!p.ok) return p;
      const fact = repo.findFact(input.kind, input.recordId);
      if (!fact || fact.pvNumber !== p.value.pvNumber) return err('notFound', 'departure.recordNotFound');
      try {
        db.transaction(() => {
          const id = newId(clock);
          repo.insertVoid({ id, kind: input.kind, targetId: fact.id, reason: input.reason, actorId: actor.userId, at: clock.now() });
          repo.closePassage(p.value.id, clock.now());
          appendAudit(actor, 'record.voided', fact.pvNumber, {
            id,
            kind: input.kind,
            recordId: fact.id,
            pvNumber: fact.pvNumber,
            reason: input.reason,
          });
        }).immediate();
      } catch (error) {
        if (isUniqueViolation(error)) {
          const by = repo.voidedBy(fact.id);
          return err('alreadyDone', 'departure.already.voided', by ? { by: by.actorName, at: by.at } : undefined);
        }
        throw error;
      }
      return ok(view(repo.findPassage(p.value.id) as PassageRow, actor.role));
    },

    /** A bad file is refused whole, with the line and field at fault; nothing is half-imported. */
    importPvs(
      content: string,
      format: PvImportFormat,
      actor: Actor | null,
    ):
      | { ok: true; received: number; written: number }
      | { ok: false; errors: { line: number | null; field: string | null; code: string; message: string }[] } {
      // Read and written record by record in one transaction, rolled back when the file is refused.
      const now = clock.now();
      const refusal = new Error('refused');
      let read = { ok: true, count: 0 } as PvReadResult;
      let written = 0;
      try {
        db.transaction(() => {
          read = readPvImport(content, format, (pv) => {
            if (repo.upsertPv(pv, normalizeDocumentNumber(pv.travelDocument.number), 'import', now)) written++;
          });
          if (!read.ok) throw refusal;
          audit.append(
            {
              id: newId(clock),
              at: now,
              actorId: actor?.userId ?? null,
              actorRole: actor?.role ?? null,
              action: 'pvs.imported',
              subject: null,
              details: { received: read.count, written, format },
            },
            device,
          );
        })();
      } catch (error) {
        if (error !== refusal) throw error;
      }
      if (!read.ok) {
        return {
          ok: false,
          errors: read.errors.map((e) => ({ line: e.line ?? null, field: e.field ?? null, code: e.code, message: e.message })),
        };
      }
      const received = read.count;
      logger.info('pvs.imported', { received, written });
      return { ok: true, received, written };
    },
  };
}
export type DepartureService = ReturnType<typeof createDepartureService>;
