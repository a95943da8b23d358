import { generateKeyPairSync } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db/connection';
import { m0001Base } from '../db/migrations/0001_base';
import { createSettingsRepository } from '../db/repositories/settings-repository';
import { DEVICE_SIGNING_KEY_SETTING, loadDeviceKey, verifyWithSpki } from './device-key';
import { createManualClock } from './runtime';
import { createSafeStorageProtector } from '../app/safe-storage';
import { createFakeSafeStorage } from '../app/testing/fake-electron';

function settings() {
  const db = new Database(':memory:');
  migrate(db, [m0001Base]);
  return createSettingsRepository(db);
}

describe('device signing key', () => {
  it('is created once, stored sealed (never as clear PEM), and the same key is loaded afterwards', () => {
    const s = settings();
    const protector = createSafeStorageProtector(createFakeSafeStorage(), 'win32');
    const first = loadDeviceKey(s, createManualClock(), protector);
    expect(s.get(DEVICE_SIGNING_KEY_SETTING)).toMatch(/^sealed:v1:os:/);
    expect(s.get(DEVICE_SIGNING_KEY_SETTING)).not.toContain('PRIVATE KEY');
    const again = loadDeviceKey(s, createManualClock(), protector);
    expect(again.publicKeySpki).toBe(first.publicKeySpki);
  });

  it('seals a key an earlier release stored in clear, keeping the same key', () => {
    const s = settings();
    const { privateKey } = generateKeyPairSync('ed25519');
    s.set(DEVICE_SIGNING_KEY_SETTING, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0);
    const protector = createSafeStorageProtector(createFakeSafeStorage(), 'win32');
    const loaded = loadDeviceKey(s, createManualClock(), protector);
    expect(s.get(DEVICE_SIGNING_KEY_SETTING)).toMatch(/^sealed:v1:os:/);
    expect(loadDeviceKey(s, createManualClock(), protector).publicKeySpki).toBe(loaded.publicKeySpki);
  });

  it('is created once and the same key is loaded afterwards (key file protection)', () => {
    const s = settings();
    const first = loadDeviceKey(s, createManualClock());
    const again = loadDeviceKey(s, createManualClock());
    expect(again.publicKeySpki).toBe(first.publicKeySpki);
    expect(again.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('signs so that only the same data and key verify', () => {
    const key = loadDeviceKey(settings(), createManualClock());
    const other = loadDeviceKey(settings(), createManualClock());
    const data = Buffer.from('export content');
    const signature = key.sign(data);
    expect(verifyWithSpki(key.publicKeySpki, data, signature)).toBe(true);
    expect(verifyWithSpki(key.publicKeySpki, Buffer.from('export contenT'), signature)).toBe(false);
    expect(verifyWithSpki(other.publicKeySpki, data, signature)).toBe(false);
    expect(verifyWithSpki('not a key', data, signature)).toBe(false);
  });
});
