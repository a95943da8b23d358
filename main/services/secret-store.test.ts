import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeSafeStorage } from '../app/testing/fake-electron';
import { createSafeStorageProtector } from '../app/safe-storage';
import {
  DATABASE_KEY_FILE,
  DatabaseKeyFileError,
  fileProtector,
  loadOrCreateDatabaseKey,
  sealForSettings,
  unsealFromSettings,
} from './secret-store';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rva-key-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('database key', () => {
  it('is 32 random bytes, written once with mode 0600 and read back the same', () => {
    const dir = tempDir();
    const key = loadOrCreateDatabaseKey(dir, fileProtector);
    expect(key).toHaveLength(32);
    expect(statSync(join(dir, DATABASE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateDatabaseKey(dir, fileProtector).equals(key)).toBe(true);
    expect(loadOrCreateDatabaseKey(tempDir(), fileProtector).equals(key)).toBe(false);
  });

  it('sealed by safeStorage, the key file holds no clear copy of the key', () => {
    const dir = tempDir();
    const protector = createSafeStorageProtector(createFakeSafeStorage(), 'win32');
    expect(protector.protection).toBe('os');
    const key = loadOrCreateDatabaseKey(dir, protector);
    const text = readFileSync(join(dir, DATABASE_KEY_FILE), 'utf8');
    expect(text).not.toContain(key.toString('base64'));
    expect(text).not.toContain(key.toString('hex'));
    expect(loadOrCreateDatabaseKey(dir, protector).equals(key)).toBe(true);
  });

  it('refuses to read an OS-sealed key with the file protector (and the reverse), naming why', () => {
    const dir = tempDir();
    loadOrCreateDatabaseKey(dir, createSafeStorageProtector(createFakeSafeStorage(), 'darwin'));
    expect(() => loadOrCreateDatabaseKey(dir, fileProtector)).toThrow(DatabaseKeyFileError);
    expect(() => loadOrCreateDatabaseKey(dir, fileProtector)).toThrow(/system key store/);
  });
});

describe('safeStorage protector', () => {
  it('falls back to the key file where safeStorage is unavailable or Linux uses its basic_text backend', () => {
    expect(createSafeStorageProtector(createFakeSafeStorage({ available: false }), 'win32').protection).toBe('file');
    expect(createSafeStorageProtector(createFakeSafeStorage({ backend: 'basic_text' }), 'linux').protection).toBe('file');
    expect(createSafeStorageProtector(createFakeSafeStorage({ backend: 'kwallet5' }), 'linux').protection).toBe('os');
  });
});

describe('sealed settings', () => {
  it('seals a private key for settings and reads back a value written in clear by an earlier release', () => {
    const protector = createSafeStorageProtector(createFakeSafeStorage(), 'win32');
    const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----\n';
    const sealed = sealForSettings(protector, pem);
    expect(sealed).not.toContain('PRIVATE KEY');
    expect(unsealFromSettings(protector, sealed)).toEqual({ secret: pem, legacy: false });
    expect(unsealFromSettings(protector, pem)).toEqual({ secret: pem, legacy: true });
  });
});
