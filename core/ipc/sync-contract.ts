/** Sync commands beyond `sync.status` (sync now, enrolment). Merged into the contract in contract.ts. */
import type { CommandSpec } from './spec';

export const syncCommands = {} as const satisfies Record<string, CommandSpec>;
