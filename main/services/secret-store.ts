/**
 * Secrets of the post at rest: the random database key, and the private keys kept in post
 * settings (the export signing key). A SecretProtector seals them: Electron's safeStorage (DPAPI,
 * Keychain, libsecret) in the app, a plain key file (0600) in browser mode, which the UI says.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE } from '../db/connection';

/** How the database key is protected: by the OS key store, only by file permissions, or not needed (in memory). */
export type KeyProtection = 'os' | 'file' | 'memory';

export interface SecretProtector {
  readonly protection: Exclude<KeyProtection, 'memory'>;
  seal(secret: Buffer): Buffer;
  unseal(sealed: Buffer): Buffer;
}

/** Browser mode and tests: the secret as it is, protected only by the file's 0600 mode. */
export const fileProtector: SecretProtector = {
  protection: 'file',
  seal: (secret) => Buffer.from(secret),
  unseal: (sealed) => Buffer.from(sealed),
};

export const DATABASE_KEY_FILE = 'rva-depart.key';

export class DatabaseKeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseKeyFileError';
  }
}

interface KeyFile {
  v: 1;
  protection: SecretProtector['protection'];
  sealed: string;
}

/**
 * The database key of the post in `dataDir`: read and unsealed, or made (32 random bytes),
 * sealed and written (0600, atomically) the first time. A key sealed by the OS key store is never
 * read by a file protector, nor the reverse: the error says which.
 */
export function loadOrCreateDatabaseKey(dataDir: string, protector: SecretProtector): Buffer {
  const path = join(dataDir, DATABASE_KEY_FILE);
  if (existsSync(path)) {
    chmodSync(path, PRIVATE_FILE_MODE);
    let file: KeyFile;
    try {
      file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
    } catch {
      throw new DatabaseKeyFileError(`the database key file ${DATABASE_KEY_FILE} is unreadable`);
    }
    if (file.v !== 1 || typeof file.sealed !== 'string')
      throw new DatabaseKeyFileError(`the database key file ${DATABASE_KEY_FILE} is not in a known format`);
    if (file.protection !== protector.protection) {
      throw new DatabaseKeyFileError(
        `the database key is sealed by ${file.protection === 'os' ? 'the system key store' : 'a key file'}; this start uses ${protector.protection === 'os' ? 'the system key store' : 'a key file'}`,
      );
    }
    const key = protector.unseal(Buffer.from(file.sealed, 'base64'));
    if (key.length !== 32) throw new DatabaseKeyFileError('the database key has the wrong length');
    return key;
  }
  const key = randomBytes(32);
  const content: KeyFile = { v: 1, protection: protector.protection, sealed: protector.seal(key).toString('base64') };
  const temp = `${path}.new`;
  writeFileSync(temp, JSON.stringify(content), { mode: PRIVATE_FILE_MODE, flush: true });
  renameSync(temp, path);
  return key;
}

const SEALED_PREFIX = 'sealed:v1:';

/** A secret for post settings: `sealed:v1:<protection>:<base64>`. */
export function sealForSettings(protector: SecretProtector, secret: string): string {
  return `${SEALED_PREFIX}${protector.protection}:${protector.seal(Buffer.from(secret, 'utf8')).toString('base64')}`;
}

/** The secret back from a settings value; a value written before sealing existed is returned as it is (`legacy: true`). */
export function unsealFromSettings(protector: SecretProtector, value: string): { secret: string; legacy: boolean } {
  if (!value.startsWith(SEALED_PREFIX)) return { secret: value, legacy: true };
  const [protection, data] = value.slice(SEALED_PREFIX.length).split(':');
  if (protection !== protector.protection || data === undefined)
    throw new DatabaseKeyFileError('a sealed setting was sealed by another protector');
  return { secret: protector.unseal(Buffer.from(data, 'base64')).toString('utf8'), legacy: false };
}
