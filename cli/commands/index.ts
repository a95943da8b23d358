import type { CliCommand } from '../io';

/** Registry of CLI commands. One line per command; the command's module holds its logic. */
export const commands: Record<string, CliCommand> = {};
