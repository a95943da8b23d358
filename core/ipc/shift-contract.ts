/**
 * Supervisor desk commands (shifts, cash, exports, reports). Merged into the contract in
 * contract.ts; keys follow `namespace.verb`.
 */
import type { z } from 'zod';
import type { CommandSpec } from './spec';

export const shiftCommands = {} as const satisfies Record<string, CommandSpec>;
export const shiftEvents = {} as const satisfies Record<string, z.ZodType>;
