import type { CliCommand } from '../io';
import { decodeCommand } from './decode';
import { mrzCommand } from './mrz';

/** Registry of CLI commands. One line per command; the command's module holds its logic. */
export const commands: Record<string, CliCommand> = { mrz: mrzCommand, decode: decodeCommand };
