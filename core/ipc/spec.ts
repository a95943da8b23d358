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

/** True when the text holds a C0 or C1 control character other than tab and line breaks (NUL, ESC, BEL, DEL, NEL...). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/**
 * Free text typed by a person (reasons, notes): trimmed, bounded, and refused with
 * `controlCharacters` when it holds a control character, which no keyboard types and which
 * would break exports and the database.
 */
export const freeText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !hasControlCharacter(s), 'controlCharacters');

/** A reason for an exception (a variance, a settlement, a void): at least three characters. */
export const reasonText = () =>
  z
    .string()
    .trim()
    .min(3, 'reasonTooShort')
    .max(500)
    .refine((s) => !hasControlCharacter(s), 'controlCharacters');
