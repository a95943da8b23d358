/**
 * The passage at each desk, kept in main: the scans gathered so far (any source, any order), the
 * optional typed LPC, and the passage row they are checked into. A scan from the keyboard wedge or
 * the camera arrives as `passage.addScan`; a scan from a HID or serial reader goes straight in here
 * from the scanner service, and the desk hears of it as `passage.updated`. A passage ends only by
 * an action taken in it (the departure service closes its row) or by an explicit new passage.
 *
 * A desk's draft belongs to the user signed in there. When that user signs in again at the same
 * device (after a restart, a sign-out or an idle logout), the passage they left open there comes
 * back from its row with the notice `passageResumed` (docs/architecture.md, "Resuming a passage").
 */
import { RESUME_WITHIN_MS, addDraftScan } from '../../core/departure/passage';
import type { DraftNotice, DraftScan } from '../../core/departure/passage';
import type { PassageUpdate } from '../../core/ipc/contract';
import type { Result } from '../../core/ipc/result';
import { ok } from '../../core/ipc/result';
import type { Actor, DepartureService, PassageScansInput } from './departure-service';
import type { Logger } from './runtime';

type ManualDocument = NonNullable<PassageScansInput['manualDocument']>;

interface Draft {
  /** The user whose passage this is: another user signed in at the desk starts afresh. */
  userId: string;
  passageId: string | null;
  scans: DraftScan[];
  manual: ManualDocument | null;
  /** The PV chosen by hand on the flight board (null: found from the scans). */
  chosenPv: string | null;
}

export interface PassageDeps {
  departures: Pick<DepartureService, 'evaluate' | 'scanKind' | 'isClosed' | 'close' | 'view' | 'resumable'>;
  logger: Logger;
  /** Who is signed in at a desk (null: nobody any more). */
  actorOf(clientId: string): Actor | null;
  /** Tells one desk its passage changed. */
  publish(clientId: string, update: PassageUpdate): void;
}

const empty = (userId: string): Draft => ({ userId, passageId: null, scans: [], manual: null, chosenPv: null });

export function createPassageService(deps: PassageDeps) {
  const { departures, logger } = deps;
  const drafts = new Map<string, Draft>();

  /** This desk's draft, when it is this user's. */
  const ownDraft = (clientId: string, actor: Actor): Draft | null => {
    const draft = drafts.get(clientId);
    return draft && draft.userId === actor.userId ? draft : null;
  };

  /** This desk's draft; a fresh one (and the notice) when its passage was ended by an action. */
  function draftOf(clientId: string, actor: Actor): { draft: Draft; notice: DraftNotice } {
    const draft = ownDraft(clientId, actor);
    if (!draft) return { draft: empty(actor.userId), notice: null };
    if (draft.passageId !== null && departures.isClosed(draft.passageId))
      return { draft: empty(actor.userId), notice: 'newPassageStarted' };
    return { draft, notice: null };
  }

  /** The passages open at the other desks where someone is still signed in (a desk whose session ended holds none). */
  function heldElsewhere(clientId: string): string[] {
    const held: string[] = [];
    for (const [id, d] of drafts) {
      if (id === clientId || d.passageId === null) continue;
      if (deps.actorOf(id)) held.push(d.passageId);
      else drafts.delete(id);
    }
    return held;
  }

  /** The passage this user left open at this device, as a draft again; never one open at another desk. */
  function resumed(clientId: string, actor: Actor): Draft | null {
    const held = heldElsewhere(clientId);
    const found = departures.resumable(actor, RESUME_WITHIN_MS, held);
    if (!found) return null;
    const scans = found.draft.scans.map(({ source, raw, corrected }) => ({
      source,
      raw,
      kind: departures.scanKind(raw),
      ...(corrected ? { corrected } : {}),
    }));
    logger.info('passage.resumed', { passage: found.passageId, scans: scans.length });
    return {
      userId: actor.userId,
      passageId: found.passageId,
      scans,
      manual: found.draft.manualDocument ?? null,
      chosenPv: found.chosenPv,
    };
  }

  function check(clientId: string, draft: Draft, actor: Actor, notice: DraftNotice): Result<PassageUpdate> {
    const input: PassageScansInput = {
      scans: draft.scans.map(({ source, raw, corrected }) => ({ source, raw, ...(corrected ? { corrected } : {}) })),
    };
    if (draft.manual) input.manualDocument = draft.manual;
    if (draft.chosenPv) input.chosenPv = draft.chosenPv;
    const result = departures.evaluate(input, actor, draft.passageId);
    if (!result.ok) return result;
    drafts.set(clientId, { ...draft, passageId: result.value.passageId });
    return ok({ view: result.value, notice });
  }

  function currentView(clientId: string, draft: Draft, actor: Actor) {
    if (draft.passageId === null) return null;
    const v = departures.view(draft.passageId, actor);
    return v.ok ? v.value : null;
  }

  function addScan(clientId: string, scan: { source: string; raw: string; corrected?: boolean }, actor: Actor): Result<PassageUpdate> {
    const { draft, notice } = draftOf(clientId, actor);
    const next = addDraftScan(draft.scans, { ...scan, kind: departures.scanKind(scan.raw) });
    if (!next.added) return ok({ view: currentView(clientId, draft, actor), notice: next.notice });
    return check(clientId, { ...draft, scans: next.scans }, actor, next.notice ?? notice);
  }

  return {
    addScan,

    addManual(clientId: string, manual: ManualDocument, actor: Actor): Result<PassageUpdate> {
      const { draft, notice } = draftOf(clientId, actor);
      return check(clientId, { ...draft, manual }, actor, notice);
    },

    /**
     * A new passage at this desk for a PV chosen by hand (the flight board): the desk's current
     * passage ends as it stands, the new one is checked against that PV and still waits for the
     * travel document and the boarding pass; the verdict rules are unchanged.
     */
    openForPv(clientId: string, pvNumber: string, actor: Actor): Result<PassageUpdate> {
      const previous = ownDraft(clientId, actor);
      const result = check(clientId, { ...empty(actor.userId), chosenPv: pvNumber }, actor, null);
      if (!result.ok) return result;
      if (previous?.passageId) departures.close(previous.passageId);
      return result;
    },

    /**
     * This desk's passage; from now on, device scans reach it. When the desk has none of this
     * user's in memory (a restart, a new sign-in), the passage the user left open at this device
     * comes back, with the notice `passageResumed`.
     */
    current(clientId: string, actor: Actor): PassageUpdate {
      if (!ownDraft(clientId, actor)) {
        const draft = resumed(clientId, actor);
        drafts.set(clientId, draft ?? empty(actor.userId));
        const view = draft ? currentView(clientId, draft, actor) : null;
        return { view, notice: view ? 'passageResumed' : null };
      }
      const { draft } = draftOf(clientId, actor);
      return { view: currentView(clientId, draft, actor), notice: null };
    },

    /** Ends this desk's passage (its row is closed as it stands). */
    newPassage(clientId: string, actor: Actor): boolean {
      const draft = ownDraft(clientId, actor);
      drafts.set(clientId, empty(actor.userId));
      if (!draft?.passageId) return false;
      departures.close(draft.passageId);
      return true;
    },

    /**
     * The desk's session ended or a new one began: its draft goes from memory (the row stays, as
     * complete or draft, and its user gets it back at their next sign-in here).
     */
    forget(clientId: string): void {
      drafts.delete(clientId);
    },

    /** A scan from a device reader: into the passage of every desk signed in on this post. */
    deviceScan(scan: { source: string; raw: string }): void {
      for (const clientId of [...drafts.keys()]) {
        const actor = deps.actorOf(clientId);
        if (!actor) {
          drafts.delete(clientId);
          continue;
        }
        const result = addScan(clientId, scan, actor);
        if (result.ok) deps.publish(clientId, result.value);
        else logger.warn('passage.deviceScanRefused', { code: result.error.code });
      }
    },
  };
}
export type PassageService = ReturnType<typeof createPassageService>;
