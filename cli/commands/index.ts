import type { CliCommand } from '../io';
import { parseCommand } from './parse';
import { decodeCommand } from './decode';
import { importPvsCommand } from './import-pvs';
import { keygenCommand } from './keygen';
import { mrzCommand } from './mrz';
import { signPvCommand } from './sign-pv';
import { verifyExportCommand } from './verify-export';

/** Registry of CLI commands. One line per command; the command's module holds its logic. */
export const commands: Record<string, CliCommand> = {
  mrz: mrzCommand,
  decode: decodeCommand,
  keygen: keygenCommand,
  'sign-pv': signPvCommand,
  parse: parseCommand,
  'import-pvs': importPvsCommand,
  'verify-export': verifyExportCommand,
};
