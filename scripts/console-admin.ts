/**
 * `npm run --silent console-admin -- create <username> <administrator|analyst>`: creates a
 * centre console account. The password is read from standard input (first line; at least 12
 * characters); the TOTP secret and its otpauth:// URI (for the authenticator app) are printed once.
 * Uses the centre's database: DATABASE_URL, or the PGlite folder of `npm run server`
 * ($RVA_SERVER_DATA/pg, default .data/server/pg: stop the server first, PGlite has one user).
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConsoleRole } from '../server/console/console-store';
import { createConsoleStore } from '../server/console/console-store';
import { migrateServer } from '../server/migrations';
import type { Storage } from '../server/storage';
import { createStorage } from '../server/storage';

const USAGE = 'usage: npm run --silent console-admin -- create <username> <administrator|analyst>   (password on standard input)\n';

export async function consoleAdmin(
  argv: string[],
  io: { storage: () => Promise<Storage>; readPassword: () => Promise<string>; out: (text: string) => void; err: (text: string) => void },
): Promise<number> {
  const [command, username, role] = argv;
  if (command !== 'create' || !username || (role !== 'administrator' && role !== 'analyst')) {
    io.err(USAGE);
    return 2;
  }
  const password = (await io.readPassword()).replace(/\r?\n$/, '');
  const storage = await io.storage();
  try {
    await migrateServer(storage);
    const created = await createConsoleStore(storage).createAdmin({ username, password, role: role as ConsoleRole });
    io.out(
      `console account ${username} (${role}) created.\n` +
        `TOTP secret (shown once; add it to the authenticator app): ${created.totpSecret}\n` +
        `${created.otpauthUri}\n`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reasons: Record<string, string> = {
      'console.usernameFormat': 'the username must be 3 to 64 characters among a-z 0-9 . _ -',
      'console.passwordTooShort': 'the password must have at least 12 characters',
    };
    io.err(`console-admin: ${reasons[message] ?? (/unique|duplicate/i.test(message) ? `${username} exists already` : message)}\n`);
    return 1;
  } finally {
    await storage.close();
  }
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split('\n')[0] ?? '';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dataDir = resolve(process.env.RVA_SERVER_DATA ?? '.data/server');
  process.exitCode = await consoleAdmin(process.argv.slice(2), {
    storage: () => createStorage({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: join(dataDir, 'pg') }),
    readPassword: readStdinLine,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
