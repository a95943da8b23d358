/**
 * A post with the demo users signed in, PVs imported and the supervisor desk wired: for the
 * tests of shifts, reports and exports, the e2e setup and the bench.
 */
import type { Pv } from '../../core/departure/pv';
import { samplePv } from '../../core/departure/testing';
import { TINY_SIGNATURE_PNG, boardingPassFor, mrzFor } from '../testing/passage-fixtures';
import type { AppServices } from '../services/app-services';
import { createAppServices } from '../services/app-services';
import type { Actor } from '../services/departure-service';
import { createManualClock, silentLogger } from '../services/runtime';
import { createTestPinHasher } from '../testing/pin-hasher';
import { seedDemo } from './demo-seed';

export function userId(services: AppServices, username: string): string {
  return (services.db.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: string }).id;
}

let pvCounter = 0;
/**
 * A PV for another person on the sample flight: its own number, document and nationality. The
 * number comes from a counter unless `overrides.pvNumber` is given (screenshots need numbers that
 * do not depend on which tests ran before in the same process).
 */
export function pvFor(nationality: string, surname: string, givenNames = 'Test', overrides: Partial<Pv> = {}): Pv {
  pvCounter++;
  const n = overrides.pvNumber?.slice(-6) ?? String(pvCounter).padStart(6, '0');
  const base = samplePv();
  return samplePv({
    pvNumber: `PV-CMN-2026-${n}`,
    beneficiary: { ...base.beneficiary, surname, givenNames, nationality },
    travelDocument: { ...base.travelDocument, number: `LP${n}`, issuingState: nationality },
    ...overrides,
  });
}

export function passageSteps(services: AppServices) {
  const escort: Actor = { userId: userId(services, 'escorte'), role: 'escort' };
  const officer: Actor = { userId: userId(services, 'officier'), role: 'officer' };
  const supervisor: Actor = { userId: userId(services, 'superviseur'), role: 'supervisor' };
  const d = services.departures;
  const scans = (pv: Pv) => ({
    scans: [
      { source: 'wedge', raw: mrzFor(pv) },
      { source: 'wedge', raw: boardingPassFor(pv) },
    ],
  });
  const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };
  return {
    escort,
    officer,
    supervisor,
    importPvs(pvs: Pv[]) {
      const r = d.importPvs(JSON.stringify({ version: 1, pvs }), 'json', supervisor);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
    },
    verify: (pv: Pv, who: Actor = officer) => must(d.verify(scans(pv), who)),
    /** Escort pays the per diem; officer verifies and stamps. Returns the payment id and the stamp id. */
    depart(pv: Pv, receipt = `R-${pv.pvNumber.slice(-6)}`) {
      const e = must(d.verify(scans(pv), escort));
      const paid = must(
        d.payPerDiem({ passageId: e.passageId, receiptNumber: receipt, formsSigned: true, signaturePng: TINY_SIGNATURE_PNG }, escort),
      );
      const o = must(d.verify(scans(pv), officer));
      const stamped = must(d.recordStamp({ passageId: o.passageId, stampNumber: `S-${pv.pvNumber.slice(-6)}` }, officer));
      return {
        escortPassageId: e.passageId,
        officerPassageId: o.passageId,
        paymentId: paid.timeline?.perDiem?.id as string,
        stampId: stamped.timeline?.stamp?.id as string,
        verdict: o.verdict,
      };
    },
    voidPerDiem(passageId: string, recordId: string, reason: string) {
      return must(d.voidRecord({ passageId, kind: 'perDiem', recordId, reason }, supervisor));
    },
    settle(passageId: string, decision: 'allow' | 'deny', reason: string) {
      return must(d.settleReferral({ passageId, decision, reason }, supervisor));
    },
  };
}

/** 2026-06-15 10:00 UTC (11:00 at the post): the sample PVs' flight day. */
export const FIXTURE_NOW = Date.parse('2026-06-15T10:00:00Z');

export async function supervisorPost(options: { dataDir?: string; now?: number } = {}) {
  const clock = createManualClock(options.now ?? FIXTURE_NOW);
  const services = await createAppServices({
    dataDir: options.dataDir ?? ':memory:',
    mode: 'browser',
    version: 'test',
    seed: seedDemo,
    clock,
    logger: silentLogger,
    pinHasher: createTestPinHasher(),
  });
  return { services, clock, desk: services.supervisor, steps: passageSteps(services) };
}
