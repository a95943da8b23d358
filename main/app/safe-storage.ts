/**
 * The OS key store behind Electron's safeStorage (DPAPI on Windows, Keychain on macOS, libsecret
 * or KWallet on Linux) as a SecretProtector. Electron is passed in, so tests use a fake.
 */
import type { SecretProtector } from '../services/secret-store';
import { fileProtector } from '../services/secret-store';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * The OS key store when it really protects the secret. Where safeStorage is unavailable, or on
 * Linux falls back to its 'basic_text' backend (a fixed password: no protection), the key file is
 * used instead and AppInfo says so (the UI shows the warning).
 */
export function createSafeStorageProtector(safeStorage: SafeStorageLike, platform: string): SecretProtector {
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text' || backend === 'unknown') return fileProtector;
  return {
    protection: 'os',
    seal: (secret) => safeStorage.encryptString(secret.toString('base64')),
    unseal: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}
