/**
 * Sign-in commands and the session. Merged into the contract in contract.ts.
 */
import { z } from 'zod';
import { roleSchema } from './roles';
import type { CommandSpec } from './spec';
import { command, empty } from './spec';

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
});
export type User = z.infer<typeof userSchema>;

export const sessionSchema = z.object({
  user: userSchema,
  startedAt: z.number().int(),
  idleTimeoutMs: z.number().int().positive(),
  /** Signed in with a one-time PIN: until it is changed, only `pinChangeCommands` are served. */
  mustChangePin: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

const pin = z.string().regex(/^\d{4,8}$/, 'pinFormat');

export const authCommands = {
  'auth.session': command({ input: empty, output: sessionSchema.nullable(), access: 'public' }),
  'auth.login': command({
    input: z.object({ username: z.string().trim().min(1).max(64), pin: z.string().max(16) }).strict(),
    output: sessionSchema,
    access: 'public',
  }),
  'auth.logout': command({
    input: z.object({ reason: z.enum(['logout', 'idle']).default('logout') }).strict(),
    output: z.object({ ended: z.boolean() }),
    access: 'authenticated',
  }),
  /** Renderer activity (keys, pointer) keeps the session alive; throttled by the renderer. */
  'auth.heartbeat': command({ input: empty, output: z.object({ expiresAt: z.number().int() }), access: 'authenticated' }),
  'auth.changePin': command({
    input: z.object({ currentPin: z.string().max(16), newPin: pin }).strict(),
    output: z.object({ changed: z.literal(true) }),
    access: 'authenticated',
  }),
} as const satisfies Record<string, CommandSpec>;
