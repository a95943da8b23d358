/** Sync commands beyond `sync.status` (sync now, conflict cases). Merged into the contract in contract.ts. */
import { z } from 'zod';
import type { CommandSpec } from './spec';
import { command, empty } from './spec';

const statusSchema = z.object({
  state: z.string(),
  lastSuccessAt: z.number().int().nullable().optional(),
  queueLength: z.number().int().optional(),
  message: z.string().optional(),
});

export const syncCommands = {
  /** Runs a sync cycle now (after the running one) and answers with the resulting status. */
  'sync.now': command({ input: empty, output: statusSchema, access: 'authenticated' }),
  /** Cases the centre raised for this post: one PV stamped or paid at two posts or devices. */
  'sync.conflicts': command({
    input: empty,
    output: z.array(
      z.object({ id: z.string(), pvNumber: z.string(), kind: z.string(), posts: z.array(z.string()), events: z.number().int() }),
    ),
    access: ['supervisor'],
  }),
} as const satisfies Record<string, CommandSpec>;
