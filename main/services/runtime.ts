import { randomFillSync } from 'node:crypto';
import { uuidv7 } from '../../core/ids';

/** Time source, injected so tests can move it. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

export function createManualClock(start = Date.UTC(2026, 10, 30, 8, 0, 0)): Clock & { advance(ms: number): void; set(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}

export const newId = (clock: Clock): string => uuidv7(clock.now(), (b) => randomFillSync(b));

/** Structured log lines with ids and counts only, never personal data. */
export interface Logger {
  info(event: string, fields?: Record<string, string | number | boolean | null>): void;
  warn(event: string, fields?: Record<string, string | number | boolean | null>): void;
  error(event: string, fields?: Record<string, string | number | boolean | null>): void;
}

export function createConsoleLogger(sink: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const write =
    (level: string) =>
    (event: string, fields: Record<string, unknown> = {}) =>
      sink(JSON.stringify({ t: new Date().toISOString(), level, event, ...fields }));
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
