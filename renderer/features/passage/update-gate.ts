/**
 * Which of main's passage updates the desk shows, in what order. Every update carries main's
 * revision of this desk's passage: one older than the update shown is dropped. While main has not
 * answered a "New passage" (`passage.new`), the updates heard are held; once every such answer is
 * in, those newer than what is shown follow it. Pure logic, so the ordering is tested without a
 * window (`update-gate.test.ts`).
 */
import type { PassageUpdate } from '../../../core/ipc';

export interface UpdateGate {
  /** The revision of the update shown (sent as `seen` with `passage.new`). */
  shown(): number;
  /** An update to show now, or null (older than the one shown, or held during a new passage). */
  heard(update: PassageUpdate): PassageUpdate | null;
  /** Main's answer to the desk's own command: to show, or null when older than the one shown. */
  answered(update: PassageUpdate): PassageUpdate | null;
  /** The desk asked for a new passage: updates are held until main answers. */
  newPassageAsked(): void;
  /**
   * Main answered `passage.new` (null: it failed). The updates to show, in order: the new
   * passage (when it already holds scans), then, once no other new passage is awaited, the
   * updates held meanwhile that are newer.
   */
  newPassageAnswered(update: PassageUpdate | null): PassageUpdate[];
}

export function createUpdateGate(): UpdateGate {
  let revision = 0;
  let awaited = 0;
  let held: PassageUpdate[] = [];
  const take = (update: PassageUpdate): PassageUpdate | null => {
    if (update.revision < revision) return null;
    revision = update.revision;
    return update;
  };
  return {
    shown: () => revision,
    heard(update) {
      if (awaited > 0) {
        held.push(update);
        return null;
      }
      return take(update);
    },
    answered: take,
    newPassageAsked() {
      awaited++;
    },
    newPassageAnswered(update) {
      awaited = Math.max(0, awaited - 1);
      const out: PassageUpdate[] = [];
      if (update && update.revision >= revision) {
        revision = update.revision;
        if (update.view) out.push(update);
      }
      if (awaited === 0) {
        for (const h of held) {
          if (h.revision > revision) {
            revision = h.revision;
            out.push(h);
          }
        }
        held = [];
      }
      return out;
    },
  };
}
