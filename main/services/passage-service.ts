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
 *
 * Every change to a desk's draft raises that desk's revision, and every update carries it. A desk
 * that starts a new passage says which revision it was showing: a device scan that reached main
 * after it (the officer pressed New passage and scanned at once, before main heard of the press)
 * belongs to the new passage, not to the one being closed (docs/architecture.md, "New passage and
 * device scans").
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

/** One state of a desk's draft, and the device scan that made it (null: the desk's own call). */
interface Step {
  revision: number;
  draft: Draft;
  deviceScan: { source: string; raw: string } | null;
}

/** How many past states of a desk's draft are kept to settle a new passage that crossed device scans. */
export const DRAFT_HISTORY = 16;

/** What `passage.new` did: whether a passage ended, and the desk's passage now. */
export interface NewPassageResult {
  ended: boolean;
  update: PassageUpdate;
}

export function createPassageService(deps: PassageDeps) {
  const { departures, logger } = deps;
  const drafts = new Map<string, Draft>();
  /** Per desk: the revision of its draft (never goes back, not even when the draft is forgotten). */
  const revisions = new Map<string, number>();
  const history = new Map<string, Step[]>();

  const revisionOf = (clientId: string): number => revisions.get(clientId) ?? 0;

  /** Sets a desk's draft as a new revision. */
  function setDraft(clientId: string, draft: Draft, deviceScan: Step['deviceScan'] = null): void {
    const revision = revisionOf(clientId) + 1;
    revisions.set(clientId, revision);
    drafts.set(clientId, draft);
    const steps = [...(history.get(clientId) ?? []), { revision, draft, deviceScan }];
    history.set(clientId, steps.slice(-DRAFT_HISTORY));
  }

  const update = (clientId: string, view: PassageUpdate['view'], notice: PassageUpdate['notice']): PassageUpdate => ({
    view,
    notice,
    revision: revisionOf(clientId),
  });

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
      else forgetDraft(id);
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

  function forgetDraft(clientId: string): void {
    drafts.delete(clientId);
    history.delete(clientId);
  }

  function check(
    clientId: string,
    draft: Draft,
    actor: Actor,
    notice: DraftNotice,
    deviceScan: Step['deviceScan'] = null,
  ): Result<PassageUpdate> {
    const input: PassageScansInput = {
      scans: draft.scans.map(({ source, raw, corrected }) => ({ source, raw, ...(corrected ? { corrected } : {}) })),
    };
    if (draft.manual) input.manualDocument = draft.manual;
    if (draft.chosenPv) input.chosenPv = draft.chosenPv;
    const result = departures.evaluate(input, actor, draft.passageId);
    if (!result.ok) return result;
    setDraft(clientId, { ...draft, passageId: result.value.passageId }, deviceScan);
    return ok(update(clientId, result.value, notice));
  }

  function currentView(clientId: string, draft: Draft, actor: Actor) {
    if (draft.passageId === null) return null;
    const v = departures.view(draft.passageId, actor);
    return v.ok ? v.value : null;
  }

  function addScan(
    clientId: string,
    scan: { source: string; raw: string; corrected?: boolean },
    actor: Actor,
    fromDevice = false,
  ): Result<PassageUpdate> {
    const { draft, notice } = draftOf(clientId, actor);
    const next = addDraftScan(draft.scans, { ...scan, kind: departures.scanKind(scan.raw) });
    if (!next.added) return ok(update(clientId, currentView(clientId, draft, actor), next.notice));
    const deviceScan = fromDevice ? { source: scan.source, raw: scan.raw } : null;
    return check(clientId, { ...draft, scans: next.scans }, actor, next.notice ?? notice, deviceScan);
  }

  /** Closes a passage as the desk last saw it; false when it was already closed. */
  function closeAsSeen(seen: Draft, current: Draft | null, actor: Actor): boolean {
    if (seen.passageId === null || departures.isClosed(seen.passageId)) return false;
    if (current?.passageId === seen.passageId) {
      // Device scans the desk never saw went into this passage: its row goes back to what the desk showed.
      const input: PassageScansInput = {
        scans: seen.scans.map(({ source, raw, corrected }) => ({ source, raw, ...(corrected ? { corrected } : {}) })),
      };
      if (seen.manual) input.manualDocument = seen.manual;
      if (seen.chosenPv) input.chosenPv = seen.chosenPv;
      const restored = departures.evaluate(input, actor, seen.passageId);
      if (!restored.ok) logger.warn('passage.restoreRefused', { code: restored.error.code });
    }
    departures.close(seen.passageId);
    return true;
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
        setDraft(clientId, draft ?? empty(actor.userId));
        const view = draft ? currentView(clientId, draft, actor) : null;
        return update(clientId, view, view ? 'passageResumed' : null);
      }
      const { draft } = draftOf(clientId, actor);
      return update(clientId, currentView(clientId, draft, actor), null);
    },

    /**
     * Ends this desk's passage: its row is closed as it stands, or, given `seen` (the revision the
     * desk was showing), as it stood then. Device scans that reached main after that revision are
     * the new passage's: they are read into it, and the answer carries it.
     */
    newPassage(clientId: string, actor: Actor, seen?: number): NewPassageResult {
      const draft = ownDraft(clientId, actor);
      const steps = (history.get(clientId) ?? []).filter((s) => s.draft.userId === actor.userId);
      const seenStep = seen === undefined ? undefined : steps.find((s) => s.revision === seen);
      const late = seenStep ? steps.filter((s) => s.revision > seenStep.revision && s.deviceScan !== null) : [];
      // The closed passage's states (and their raw scans) are not needed any more: a later
      // New passage can only have seen a revision from now on.
      history.delete(clientId);
      if (!seenStep || late.length === 0) {
        setDraft(clientId, empty(actor.userId));
        if (draft?.passageId) departures.close(draft.passageId);
        return { ended: Boolean(draft?.passageId), update: update(clientId, null, null) };
      }
      if (draft && draft.passageId !== seenStep.draft.passageId && !(draft.passageId && departures.isClosed(draft.passageId))) {
        // The passage the desk showed had already ended; the late scans began this one, which stays.
        const ended = closeAsSeen(seenStep.draft, draft, actor);
        setDraft(clientId, draft);
        return { ended, update: update(clientId, currentView(clientId, draft, actor), null) };
      }
      const ended = closeAsSeen(seenStep.draft, draft, actor);
      setDraft(clientId, empty(actor.userId));
      let last: PassageUpdate = update(clientId, null, null);
      for (const step of late) {
        const scan = step.deviceScan as NonNullable<Step['deviceScan']>;
        const result = addScan(clientId, scan, actor, true);
        if (result.ok) last = { ...result.value, notice: null };
        else logger.warn('passage.deviceScanRefused', { code: result.error.code });
      }
      logger.info('passage.newAfterDeviceScans', { scans: late.length });
      return { ended, update: last };
    },

    /**
     * The desk's session ended or a new one began: its draft goes from memory (the row stays, as
     * complete or draft, and its user gets it back at their next sign-in here).
     */
    forget(clientId: string): void {
      forgetDraft(clientId);
    },

    /** A scan from a device reader: into the passage of every desk signed in on this post. */
    deviceScan(scan: { source: string; raw: string }): void {
      for (const clientId of [...drafts.keys()]) {
        const actor = deps.actorOf(clientId);
        if (!actor) {
          forgetDraft(clientId);
          continue;
        }
        const result = addScan(clientId, scan, actor, true);
        if (result.ok) deps.publish(clientId, result.value);
        else logger.warn('passage.deviceScanRefused', { code: result.error.code });
      }
    },
  };
}
export type PassageService = ReturnType<typeof createPassageService>;
