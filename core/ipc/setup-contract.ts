/**
 * The first run of a post: enrolment with the centre and the first pull's progress. Public (no
 * one can sign in before users arrive); main serves `post.enrol` only while the post is not
 * configured, and limits its attempts. Merged into the contract in contract.ts.
 */
import { z } from 'zod';
import { enrolCodeSchema, enrolInputSchema } from '../post/provisioning';
import type { CommandSpec } from './spec';
import { command, empty } from './spec';

export const setupProgressSchema = z.object({
  enrolled: z.boolean(),
  postCode: z.string().nullable(),
  settings: z.boolean(),
  users: z.number().int().nonnegative(),
  pvs: z.number().int().nonnegative(),
  pvKeys: z.number().int().nonnegative(),
  ready: z.boolean(),
  sync: z.string(),
  message: z.string().nullable(),
});
export type SetupProgress = z.infer<typeof setupProgressSchema>;

export const setupCommands = {
  /**
   * Enrols this post with its centre (address, certificate fingerprint with or without colons, any
   * case, one-time code). Errors: `refused` with `setup.errors.<reason>` (wrongCode, expiredCode,
   * usedCode, unreachable, fingerprintMismatch, insecureUrl...), `locked` (too many attempts),
   * `forbidden` once the post is configured.
   */
  'post.enrol': command({ input: enrolInputSchema, output: z.object({ postCode: z.string() }), access: 'public' }),
  /**
   * Enrols this machine again after the centre revoked it, with a new one-time code from the
   * centre (the centre the post is enrolled with; nothing else is asked). Supervisors only. Errors:
   * `refused` with `setup.errors.<reason>` (wrongCode, expiredCode, usedCode, otherPost,
   * notReplaceable, notRevoked, unreachable...), `locked`. The outbox is kept whatever happens.
   */
  'post.reenrol': command({
    input: z.object({ code: enrolCodeSchema }).strict(),
    output: z.object({ postCode: z.string(), queueLength: z.number().int().nonnegative() }),
    access: ['supervisor'],
  }),
  /** What the first pull has brought: settings, users, PVs, trusted PV keys; `ready` opens the login. */
  'post.setupProgress': command({ input: empty, output: setupProgressSchema, access: 'public' }),
} as const satisfies Record<string, CommandSpec>;
