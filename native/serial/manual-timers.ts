/**
 * Timers that run only when a test advances them: the serial scanner's line timeout and reconnect
 * delay become steps of virtual time, so a test can show that something does NOT happen within a
 * window without sleeping through it.
 */
import type { TimeoutTimers } from './framer';

export interface ManualTimers extends TimeoutTimers {
  /** Runs, in order, every callback due within `ms` of virtual time (including ones they schedule). */
  advance(ms: number): void;
  /** Callbacks scheduled and not yet run nor cleared. */
  pending(): number;
  /** How many callbacks were ever scheduled (each new line re-arms the line timeout). */
  scheduled(): number;
}

export function createManualTimers(): ManualTimers {
  let now = 0;
  let seq = 0;
  const due = new Map<number, { at: number; cb: () => void }>();
  return {
    setTimeout(cb, ms) {
      seq += 1;
      due.set(seq, { at: now + ms, cb });
      return seq;
    },
    clearTimeout(handle) {
      due.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next: [number, { at: number; cb: () => void }] | undefined;
        for (const entry of due) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
        if (!next) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].cb();
      }
      now = end;
    },
    pending: () => due.size,
    scheduled: () => seq,
  };
}
