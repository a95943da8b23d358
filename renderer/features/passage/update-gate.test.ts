import { describe, expect, it } from 'vitest';
import type { PassageUpdate } from '../../../core/ipc';
import { createUpdateGate } from './update-gate';

/** An update of revision r; `scans` stands for the view (null: no passage). */
const u = (revision: number, scans: number | null = 1): PassageUpdate =>
  ({ revision, notice: null, view: scans === null ? null : ({ passageId: `p${revision}`, scans: [] } as unknown) }) as PassageUpdate;

describe('the desk’s gate on passage updates', () => {
  it('shows updates in revision order and drops one older than the update shown', () => {
    const gate = createUpdateGate();
    expect(gate.heard(u(3))?.revision).toBe(3);
    expect(gate.answered(u(2))).toBeNull();
    expect(gate.answered(u(3))?.revision).toBe(3);
    expect(gate.shown()).toBe(3);
  });

  it('holds what it hears while main has not answered New passage, then shows only what is newer', () => {
    const gate = createUpdateGate();
    gate.heard(u(5));
    gate.newPassageAsked();
    // The scan that reached main before the press (the closing passage), then one after the answer.
    expect(gate.heard(u(6))).toBeNull();
    expect(gate.heard(u(8))).toBeNull();
    const shown = gate.newPassageAnswered(u(7));
    expect(shown.map((x) => x.revision)).toEqual([7, 8]);
    expect(gate.shown()).toBe(8);
  });

  it('shows nothing for an empty new passage and keeps the revision it answered with', () => {
    const gate = createUpdateGate();
    gate.heard(u(4));
    gate.newPassageAsked();
    expect(gate.newPassageAnswered(u(5, null))).toEqual([]);
    expect(gate.shown()).toBe(5);
  });

  it('never goes back when two new passages overlap and a scan lands between their answers', () => {
    const gate = createUpdateGate();
    gate.heard(u(9));
    gate.newPassageAsked();
    gate.newPassageAsked();
    expect(gate.newPassageAnswered(u(10, null))).toEqual([]);
    // Still awaiting the second answer: held.
    expect(gate.heard(u(12))).toBeNull();
    expect(gate.newPassageAnswered(u(11, null)).map((x) => x.revision)).toEqual([12]);
    expect(gate.shown()).toBe(12);
  });

  it('after a failed New passage, shows what it held', () => {
    const gate = createUpdateGate();
    gate.newPassageAsked();
    gate.heard(u(2));
    expect(gate.newPassageAnswered(null).map((x) => x.revision)).toEqual([2]);
  });
});
