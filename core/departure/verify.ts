/**
 * The departure verifier: pure. In: the scans of one passage (travel document and/or boarding
 * pass, in any order), the PV found in the cache and/or a verified PV QR, the post and the time.
 * Out: ALLOW | REFER | DENY with every rule listed, passed / failed / not applicable, each with an
 * i18n reason key and its parameters. DENY if any rule fails with severity 'deny', REFER if any
 * fails with severity 'refer', ALLOW otherwise.
 */
import { DEFAULT_TIME_ZONE, localIsoDate } from '../format/format';
import { ageOn, daysBetween, readDocumentDate } from './dates';
import { matchNames } from './name-match';
import type { NameMatch, NameMatchOptions } from './name-match';
import { countryCode } from './passage';
import { normalizeDocumentNumber, pvAuthorisesPost } from './pv';
import type { Pv, PvStatus } from './pv';
import type { PvQrFields, PvQrVerification } from './pv-qr';
import { RULE_IDS, RULE_SEVERITY, ruleReasonKey } from './rules';
import type { RuleId, RuleReason, RuleSeverity, RuleStatus } from './rules';

export interface PassagePost {
  /** Post code, as in PV `authorisedPosts` (e.g. 'CMN'). */
  code: string;
  /** IATA code of the post's airport; null for a land post. */
  airport: string | null;
}

export interface ScannedTravelDocument {
  source: 'mrz' | 'lpc-manual' | 'lpc-qr';
  /** MRZ / barcode check digits all pass (ignored for 'lpc-manual'). */
  checksOk: boolean;
  documentNumber: string;
  issuingState: string;
  nationality: string;
  surname: string;
  givenNames: string;
  /** `YYMMDD` (MRZ, `<<` or `XX` for an unknown part) or `YYYY-MM-DD`. */
  birthDate: string;
  /** 'M' | 'F' | 'X' | '<' (unspecified) */
  sex: string;
  /** `YYMMDD` or `YYYY-MM-DD`; null or '' when the document shows none. */
  expiryDate: string | null;
}

export interface BoardingPassLeg {
  from: string;
  to: string;
  carrier: string;
  flightNumber: string;
  /** `YYYY-MM-DD` (resolved by the parser from the BCBP day of year), or null when unknown. */
  flightDate: string | null;
  pnr: string;
}

export interface ScannedBoardingPass {
  surname: string;
  givenNames: string;
  legs: BoardingPassLeg[];
  eticket?: string | null;
}

export interface PriorDeparture {
  /** When the exit stamp was recorded (ms). */
  at: number;
  /** Post code where it was recorded. */
  post: string;
}

export interface PassageInput {
  post: PassagePost;
  now: number;
  /** Flight date accepted this many days either side of today (default 0: today only). */
  flightDateWindowDays?: number;
  /** The post's IANA time zone, to know today's date (default Africa/Casablanca). */
  timeZone?: string;
  travelDocument?: ScannedTravelDocument | null;
  boardingPass?: ScannedBoardingPass | null;
  /** The verified signed PV QR, when one was scanned. */
  pvQr?: PvQrVerification | null;
  /** The PV found in the cache (by document number + nationality, or by the QR's PV number). */
  pv?: Pv | null;
  /**
   * An exit already recorded for this PV (here or known from the centre), null when none.
   * Leaving it undefined means "not checked" and refers the passage.
   */
  priorDeparture?: PriorDeparture | null;
}

export type Verdict = 'ALLOW' | 'REFER' | 'DENY';

export interface RuleOutcome {
  id: RuleId;
  status: RuleStatus;
  severity: RuleSeverity;
  /** i18n key `rule.<id>.<reason>` */
  reason: string;
  params: Record<string, string | number>;
}

export interface PassageVerdict {
  verdict: Verdict;
  /** Every rule, in RULE_IDS order. */
  rules: RuleOutcome[];
  /** Scans still expected for this passage. */
  pending: ('travelDocument' | 'boardingPass')[];
  /** The PV the passage was checked against, and where it came from. */
  pvNumber: string | null;
  pvSource: 'cache' | 'qr' | null;
}

/** The PV as the rules see it: from the cache (status known) or from a QR (status unknown). */
type CheckedPv = Omit<PvQrFields, 'beneficiary'> & {
  beneficiary: PvQrFields['beneficiary'];
  status: PvStatus | null;
};

type Outcome<Id extends RuleId> = {
  status: RuleStatus;
  reason: RuleReason<Id>;
  severity?: RuleSeverity;
  params?: Record<string, string | number>;
};

const pass = <Id extends RuleId>(reason: RuleReason<Id>, params?: Record<string, string | number>): Outcome<Id> => ({
  status: 'passed',
  reason,
  params,
});
const fail = <Id extends RuleId>(
  reason: RuleReason<Id>,
  params?: Record<string, string | number>,
  severity?: RuleSeverity,
): Outcome<Id> => ({ status: 'failed', reason, params, severity });
const na = <Id extends RuleId>(reason: RuleReason<Id>): Outcome<Id> => ({ status: 'notApplicable', reason });

const clean = (s: string) => s.toUpperCase().replace(/[\s<]/g, '');
const flightNo = (s: string) =>
  s
    .toUpperCase()
    .replace(/\s/g, '')
    .replace(/^0+(?=\d)/, '');

function nameOutcome<Id extends 'identity.name' | 'ticket.name'>(m: NameMatch): Outcome<Id> {
  const reason = m.reason as RuleReason<Id>;
  if (m.result === 'match') return pass(reason);
  return fail(reason, undefined, m.result === 'partial' ? 'refer' : 'deny');
}

export function verifyPassage(input: PassageInput): PassageVerdict {
  const today = localIsoDate(input.now, input.timeZone ?? DEFAULT_TIME_ZONE);
  const window = Math.max(0, Math.floor(input.flightDateWindowDays ?? 0));
  const doc = input.travelDocument ?? null;
  const bp = input.boardingPass ?? null;
  const qr = input.pvQr ?? null;
  const cachePv = input.pv ?? null;
  const qrFields = qr?.valid ? qr.fields : null;

  let pv: CheckedPv | null = null;
  let pvSource: PassageVerdict['pvSource'] = null;
  if (cachePv) {
    pv = cachePv;
    pvSource = 'cache';
  } else if (qrFields) {
    pv = { ...qrFields, status: null };
    pvSource = 'qr';
  }
  const ticket = pv?.ticket ?? null;
  const airTicket = ticket?.mode === 'air' ? ticket : null;
  const airport = input.post.airport ? input.post.airport.toUpperCase() : null;
  const leg = bp ? (bp.legs.find((l) => airport !== null && l.from.toUpperCase() === airport) ?? bp.legs[0] ?? null) : null;

  const pending: PassageVerdict['pending'] = [];
  if (!doc) pending.push('travelDocument');
  if (!bp && (!pv || ticket?.mode === 'air')) pending.push('boardingPass');

  const outcomes: { [Id in RuleId]: () => Outcome<Id> } = {
    'document.present': () => (doc ? pass('present') : fail('missing')),

    'document.checks': () => {
      if (!doc) return na('noDocument');
      if (doc.source === 'lpc-manual') return na('manual');
      return doc.checksOk ? pass('passed') : fail('failed');
    },

    'document.expiry': () => {
      if (!doc) return na('noDocument');
      const written = doc.expiryDate?.trim() ?? '';
      if (written === '') {
        const fromPv = pv?.travelDocument.expiry;
        if (!fromPv) return fail('unknown', undefined, 'refer');
        return fromPv >= today ? pass('validFromPv', { expiry: fromPv }) : fail('expired', { expiry: fromPv });
      }
      const expiry = readDocumentDate(written, 'future', today);
      if (!expiry.ok || expiry.iso === null) return fail('unreadable');
      return expiry.iso >= today ? pass('valid', { expiry: expiry.iso }) : fail('expired', { expiry: expiry.iso });
    },

    'pv.found': () => {
      if (pvSource === 'cache') return pass('cache', { pvNumber: cachePv!.pvNumber });
      if (pvSource === 'qr') return pass('qr', { pvNumber: qrFields!.pvNumber });
      if (!doc && !qr) return na('awaitingDocument');
      return fail('notFound');
    },

    'pv.qr': () => {
      if (!qr) return na('none');
      if (!qr.valid) return fail('invalid', { code: qr.code });
      if (cachePv && cachePv.pvNumber !== qr.fields.pvNumber) {
        return fail('otherPv', { qrPvNumber: qr.fields.pvNumber, pvNumber: cachePv.pvNumber });
      }
      if (cachePv && qr.fields.revision > cachePv.revision) {
        return fail('newerThanCache', { qrRevision: qr.fields.revision, cacheRevision: cachePv.revision }, 'refer');
      }
      return pass('valid', { keyId: qr.keyId });
    },

    'pv.document': () => {
      if (!pv) return na('noPv');
      if (!doc) return na('noDocument');
      if (normalizeDocumentNumber(doc.documentNumber) !== normalizeDocumentNumber(pv.travelDocument.number)) {
        return fail('numberDiffers');
      }
      if (countryCode(doc.issuingState) !== pv.travelDocument.issuingState) {
        return fail('issuingStateDiffers', { document: countryCode(doc.issuingState), pv: pv.travelDocument.issuingState }, 'refer');
      }
      return pass('matches');
    },

    'pv.status': () => {
      if (!pv) return na('noPv');
      if (pv.status === null) return pass('notInCache');
      if (pv.status === 'revoked') return fail('revoked');
      if (pv.status === 'used') return fail('used');
      return pass('active');
    },

    'pv.validity': () => {
      if (!pv) return na('noPv');
      const params = { validFrom: pv.validFrom, validUntil: pv.validUntil };
      if (input.now < pv.validFrom) return fail('notYetValid', params);
      if (input.now > pv.validUntil) return fail('expired', params);
      return pass('valid', params);
    },

    'pv.post': () => {
      if (!pv) return na('noPv');
      if (pv.authorisedPosts === 'any') return pass('anyPost');
      const posts = pv.authorisedPosts.join(', ');
      return pvAuthorisesPost(pv, input.post.code)
        ? pass('thisPost', { post: input.post.code })
        : fail('otherPost', { posts, post: input.post.code });
    },

    'identity.name': () => {
      if (!pv) return na('noPv');
      if (!doc) return na('noDocument');
      const options: NameMatchOptions = { field: doc.source === 'mrz' ? 'mrz' : 'none' };
      return nameOutcome(matchNames(doc, pv.beneficiary, options));
    },

    'identity.birthDate': () => {
      if (!pv) return na('noPv');
      if (!doc) return na('noDocument');
      const expected = pv.beneficiary.birthDate;
      const read = readDocumentDate(doc.birthDate, 'past', today);
      if (!read.ok) return fail('unreadable');
      if (read.iso !== null) {
        if (read.iso === expected) return pass('matches');
        // A two-digit year: the PV's full date settles the century.
        if (/^\d{6}$/.test(doc.birthDate.trim()) && expected.slice(2).replace(/-/g, '') === doc.birthDate.trim()) {
          return pass('matches');
        }
        return fail('differs', { document: read.iso, pv: expected });
      }
      const [y, m] = expected.split('-').map(Number);
      const yearOk = read.year === y || (read.year % 100 === (y ?? 0) % 100 && /^\d{2}/.test(doc.birthDate.trim()));
      const monthOk = read.month === null || read.month === m;
      return yearOk && monthOk ? fail('partialDate', { pv: expected }, 'refer') : fail('differs', { pv: expected });
    },

    'identity.nationality': () => {
      if (!pv) return na('noPv');
      if (!doc) return na('noDocument');
      const n = countryCode(doc.nationality);
      return n === pv.beneficiary.nationality ? pass('matches') : fail('differs', { document: n, pv: pv.beneficiary.nationality });
    },

    'identity.sex': () => {
      if (!pv) return na('noPv');
      if (!doc) return na('noDocument');
      const s = clean(doc.sex);
      if (s !== 'M' && s !== 'F' && !(s === 'X' && pv.beneficiary.sex === 'X')) return na('unspecified');
      return s === pv.beneficiary.sex ? pass('matches') : fail('differs', { document: s, pv: pv.beneficiary.sex });
    },

    'ticket.boardingPass': () => {
      if (!pv) return na('noPv');
      if (ticket?.mode === 'land') return na('landTicket');
      return bp ? pass('present') : fail('missing');
    },

    'ticket.name': () => {
      if (!bp) return na('noBoardingPass');
      if (!pv) return na('noPv');
      return nameOutcome(matchNames(bp, pv.beneficiary, { field: 'bcbp', allowAbbreviatedGivenNames: true }));
    },

    'ticket.date': () => {
      let date: string | null;
      if (bp) {
        date = leg?.flightDate ?? null;
        if (date === null) return fail('unknown', undefined, 'refer');
      } else if (ticket?.mode === 'land') {
        date = ticket.date;
      } else return na('noBoardingPass');
      const offset = daysBetween(today, date);
      return Math.abs(offset) <= window ? pass('inWindow', { date, today }) : fail('outOfWindow', { date, today, window });
    },

    'ticket.airport': () => {
      if (!airport) return na('landPost');
      if (!bp) return na('noBoardingPass');
      if (!leg) return fail('noLeg');
      const from = leg.from.toUpperCase();
      return from === airport ? pass('matches', { airport }) : fail('otherAirport', { from, airport });
    },

    'ticket.flight': () => {
      if (!bp) return na('noBoardingPass');
      if (!pv) return na('noPv');
      if (!airTicket) return na('landTicket');
      const ok =
        leg !== null &&
        clean(leg.carrier) === airTicket.carrier &&
        flightNo(leg.flightNumber) === flightNo(airTicket.flightNumber) &&
        (leg.flightDate === null || leg.flightDate === airTicket.date);
      const pvFlight = `${airTicket.carrier}${airTicket.flightNumber} ${airTicket.date}`;
      if (ok) return pass('matches', { flight: pvFlight });
      const passFlight = leg ? `${clean(leg.carrier)}${flightNo(leg.flightNumber)} ${leg.flightDate ?? '?'}` : '?';
      return fail('differs', { pv: pvFlight, boardingPass: passFlight });
    },

    'ticket.reference': () => {
      if (!pv) return na('noPv');
      if (!airTicket || (!airTicket.pnr && !airTicket.eticket)) return na('noReference');
      if (!bp) return na('noBoardingPass');
      const passPnr = leg ? clean(leg.pnr) : '';
      const passEticket = bp.eticket ? clean(bp.eticket) : '';
      const pairs: [string | undefined, string][] = [
        [airTicket.pnr, passPnr],
        [airTicket.eticket, passEticket],
      ];
      const comparable = pairs.filter(([a, b]) => a && b !== '');
      if (comparable.some(([a, b]) => a === b)) return pass('matches');
      if (comparable.length > 0) return fail('differs');
      return fail('missingOnPass');
    },

    'departure.notAlready': () => {
      if (!pv) return na('noPv');
      if (input.priorDeparture === undefined) return fail('notChecked', undefined, 'refer');
      if (input.priorDeparture === null) return pass('notDeparted');
      return fail('alreadyDeparted', { at: input.priorDeparture.at, post: input.priorDeparture.post });
    },

    'flags.minor': () => {
      if (!pv) return na('noPv');
      if (pv.flags.minor) return fail('minorFlag', { mnaReference: pv.flags.minor.mnaReference });
      const age = ageOn(pv.beneficiary.birthDate, today);
      return age < 18 ? fail('minorByAge', { age }) : pass('adult');
    },

    'flags.trafficking': () => {
      if (!pv) return na('noPv');
      return pv.flags.traffickingVictim ? fail('flagged') : pass('none');
    },

    'flags.escort': () => {
      if (!pv) return na('noPv');
      return pv.flags.escortedByPartner ? fail('flagged', { partner: pv.flags.escortedByPartner }) : pass('none');
    },
  };

  const rules: RuleOutcome[] = RULE_IDS.map((id) => {
    const o = outcomes[id]() as Outcome<RuleId>;
    return {
      id,
      status: o.status,
      severity: o.severity ?? RULE_SEVERITY[id],
      reason: ruleReasonKey(id, o.reason),
      params: o.params ?? {},
    };
  });
  const failed = rules.filter((r) => r.status === 'failed');
  const verdict: Verdict = failed.some((r) => r.severity === 'deny') ? 'DENY' : failed.length > 0 ? 'REFER' : 'ALLOW';
  return { verdict, rules, pending, pvNumber: pv?.pvNumber ?? null, pvSource };
}
