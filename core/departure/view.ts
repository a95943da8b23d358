/**
 * The view of a passage the desk shows: a pure projection of the stored passage, the PV, the
 * PV's facts, the supervisor's decision and the allowed actions.
 */
import type { DepartureAction, PassageView, Timeline } from '../ipc/contract';
import type { BoardingPass, TravelDocument } from '../documents/index';
import type { Pv } from './pv';

/** What a passages row keeps of its scans. */
export interface StoredScans {
  document: (Omit<TravelDocument, 'source'> & { source: string }) | null;
  boardingPass: BoardingPass | null;
  summaries: PassageView['scans'];
  pending?: PassageView['pending'];
  /** The PV chosen by hand on the flight board, when the passage was opened that way. */
  openedFor?: string;
  /**
   * What the desk gave while the passage is open: the scans as read and the typed LPC, so the
   * passage can be taken up again after a restart or a new sign-in. Removed when it closes.
   */
  draft?: StoredDraft;
}

export interface StoredDraft {
  scans: { source: string; raw: string; corrected?: boolean }[];
  manualDocument?: Record<string, string | undefined>;
}

export interface ViewInput {
  passage: {
    id: string;
    at: number;
    verdict: PassageView['verdict'];
    rules: PassageView['rules'];
    pvNumber: string | null;
    pvSource: 'cache' | 'qr' | null;
    scans: StoredScans;
  };
  /** The post's airport (the boarding pass leg shown is the one leaving from it). */
  airport: string | null;
  pv: Pv | null;
  timeline: Timeline | null;
  settlement: PassageView['settlement'];
  actions: DepartureAction[];
  perDiem: PassageView['perDiem'];
}

export function projectPassageView(input: ViewInput): PassageView {
  const { passage: p, pv } = input;
  const scans = p.scans;
  const bp = scans.boardingPass;
  const leg = bp?.legs.find((l) => l.from === input.airport) ?? bp?.legs[0] ?? null;
  const doc = scans.document;
  return {
    passageId: p.id,
    at: p.at,
    verdict: p.verdict,
    rules: p.rules,
    pending: scans.pending ?? [],
    scans: scans.summaries,
    document: doc
      ? {
          kind: doc.kind,
          source: doc.source,
          documentNumber: doc.documentNumber,
          nationality: doc.nationality,
          surname: doc.surname,
          givenNames: doc.givenNames,
          birthDate: doc.birthDate,
          sex: doc.sex,
          expiryDate: doc.expiryDate,
        }
      : null,
    boardingPass:
      bp && leg
        ? {
            surname: bp.surname,
            givenNames: bp.givenNames,
            flight: `${leg.carrier} ${leg.flightNumber}`,
            flightDate: leg.flightDate,
            from: leg.from,
            to: leg.to,
            seat: leg.seat,
            pnr: leg.pnr,
          }
        : null,
    pv:
      pv && p.pvNumber
        ? {
            pvNumber: pv.pvNumber,
            source: p.pvSource ?? 'cache',
            status: p.pvSource === 'qr' ? null : pv.status,
            surname: pv.beneficiary.surname,
            givenNames: pv.beneficiary.givenNames,
            sex: pv.beneficiary.sex,
            birthDate: pv.beneficiary.birthDate,
            nationality: pv.beneficiary.nationality,
            iomCaseNumber: pv.beneficiary.iomCaseNumber ?? '',
            documentNumber: pv.travelDocument.number,
            flight: pv.ticket.mode === 'air' ? `${pv.ticket.carrier} ${pv.ticket.flightNumber}` : null,
            ticketDate: pv.ticket.date,
            flags: {
              minor: Boolean(pv.flags.minor),
              mnaReference: pv.flags.minor?.mnaReference ?? null,
              traffickingVictim: pv.flags.traffickingVictim === true,
              escortedByPartner: pv.flags.escortedByPartner ?? null,
            },
          }
        : null,
    timeline: input.timeline,
    settlement: input.settlement,
    actions: input.actions,
    perDiem: input.perDiem,
  };
}
