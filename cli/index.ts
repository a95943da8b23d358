/**
 * Command-line entry: `npm run --silent cli -- <command> [args]`.
 * Each command lives in cli/commands/<name>.ts and exports `run(args, io): Promise<number>`
 * returning the process exit code. Output is JSON on stdout unless a command says otherwise;
 * diagnostics go to stderr.
 */
import { commands } from './commands/index';
import type { CliIo } from './io';
import { nodeIo } from './io';

async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    io.stderr(
      `usage: npm run --silent cli -- <command> [args]\ncommands:\n${Object.entries(commands)
        .map(([key, c]) => `  ${key.padEnd(14)} ${c.summary}`)
        .join('\n')}\n`,
    );
    return name ? 2 : 0;
  }
  return command.run(args, io);
}

main(process.argv.slice(2), nodeIo).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
