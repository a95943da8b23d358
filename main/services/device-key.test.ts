import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db/connection';
import { m0001Base } from '../db/migrations/0001_base';
import { createSettingsRepository } from '../db/repositories/settings-repository';
import { DEVICE_SIGNING_KEY_SETTING, loadDeviceKey, verifyWithSpki } from './device-key';
import { createManualClock } from './runtime';

function settings() {
  const db = new Database(':memory:');
  migrate(db, [m0001Base]);
  return createSettingsRepository(db);
}

describe('device signing key', () => {
  it('is created once, stored as PKCS#8 PEM, and the same key is loaded afterwards', () => {
    const s = settings();
    const first = loadDeviceKey(s, createManualClock());
    expect(s.get(DEVICE_SIGNING_KEY_SETTING)).toMatch(/^-----BEGIN PRIVATE KEY-----/);
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
