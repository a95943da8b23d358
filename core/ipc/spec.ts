import { z } from 'zod';
import type { Access } from './roles';

export interface CommandSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
}

/** Declares one command (keeps the exact zod types for inference). */
export const command = <I extends z.ZodType, O extends z.ZodType>(spec: CommandSpec<I, O>) => spec;
export const empty = z.object({}).strict();
