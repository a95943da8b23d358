/**
 * The OS key store of the chaos tier. A post in production seals its database key with Electron's
 * safeStorage (main/app/safe-storage.ts); Electron does not run in the chaos children, so this
 * stands in for safeStorage with real sealing (AES-256-GCM under a secret the test process makes
 * and hands to its children, as the OS keeps its own), behind the production protector.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../../main/app/safe-storage';
import { createSafeStorageProtector } from '../../main/app/safe-storage';
import type { SecretProtector } from '../../main/services/secret-store';

const SECRET_ENV = 'RVA_CHAOS_OS_SECRET';

/** Makes this process's key-store secret once; spawned children inherit it. */
export function ensureKeyStoreSecret(): void {
  process.env[SECRET_ENV] ??= randomBytes(32).toString('hex');
}

function keyStore(): SafeStorageLike {
  const secret = Buffer.from(process.env[SECRET_ENV] ?? '', 'hex');
  if (secret.length !== 32) throw new Error(`${SECRET_ENV} is not set: the chaos key store has no secret`);
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      const sealed = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), sealed]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', secret, encrypted.subarray(3, 15));
      decipher.setAuthTag(encrypted.subarray(15, 31));
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    },
  };
}

/** The protector a Linux post builds from safeStorage (libsecret), over this key store. */
export function osProtector(): SecretProtector {
  return createSafeStorageProtector(keyStore(), 'linux');
}
