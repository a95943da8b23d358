/**
 * Short feedback tones made with the Web Audio API (no sound files): each verdict has its own
 * shape, so an officer who is not looking at the screen still knows what happened.
 * - ALLOW: two rising notes; REFER: two level mid notes; DENY: three low, buzzy notes;
 * - error (unreadable scan, refused action): one low buzz; scan: one short click-like beep.
 * Tones never throw: without audio (policy, no device) the UI simply stays silent.
 */
export type Cue = 'ALLOW' | 'REFER' | 'DENY' | 'error' | 'scan';

interface Note {
  /** Hz */
  freq: number;
  /** Start offset, seconds. */
  at: number;
  /** Seconds. */
  length: number;
  wave: OscillatorType;
  gain: number;
}

export const CUES: Record<Cue, readonly Note[]> = {
  ALLOW: [
    { freq: 880, at: 0, length: 0.12, wave: 'sine', gain: 0.25 },
    { freq: 1320, at: 0.14, length: 0.18, wave: 'sine', gain: 0.25 },
  ],
  REFER: [
    { freq: 660, at: 0, length: 0.2, wave: 'triangle', gain: 0.3 },
    { freq: 660, at: 0.28, length: 0.2, wave: 'triangle', gain: 0.3 },
  ],
  DENY: [
    { freq: 220, at: 0, length: 0.22, wave: 'square', gain: 0.12 },
    { freq: 220, at: 0.3, length: 0.22, wave: 'square', gain: 0.12 },
    { freq: 165, at: 0.6, length: 0.4, wave: 'square', gain: 0.12 },
  ],
  error: [{ freq: 150, at: 0, length: 0.35, wave: 'sawtooth', gain: 0.12 }],
  scan: [{ freq: 1000, at: 0, length: 0.06, wave: 'sine', gain: 0.15 }],
};

let context: AudioContext | null = null;
let muted = false;
const listeners = new Set<(cue: Cue) => void>();

export function setMuted(value: boolean): void {
  muted = value;
}

/** Observes every cue played (the screen marks the last one; tests read it). */
export function onCue(listener: (cue: Cue) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function audio(): AudioContext | null {
  if (context) return context;
  const Ctor = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Ctor) return null;
  try {
    context = new Ctor();
  } catch {
    context = null;
  }
  return context;
}

export function playCue(cue: Cue): void {
  for (const l of listeners) l(cue);
  if (muted) return;
  const ctx = audio();
  if (!ctx) return;
  try {
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime + 0.01;
    for (const note of CUES[cue]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = note.wave;
      osc.frequency.value = note.freq;
      // Short attack and release: no clicks.
      const t0 = start + note.at;
      const t1 = t0 + note.length;
      gain.gain.setValueAtTime(0, t0);
      gain.gain.linearRampToValueAtTime(note.gain, t0 + 0.01);
      gain.gain.setValueAtTime(note.gain, Math.max(t0 + 0.01, t1 - 0.03));
      gain.gain.linearRampToValueAtTime(0, t1);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t1 + 0.02);
    }
  } catch {
    // No audio output: stay silent.
  }
}
