/**
 * The device's Ed25519 signing key (node:crypto), created on first use and kept in post settings
 * under `device.signingKey` as PKCS#8 PEM sealed by the post's SecretProtector (a key written in
 * clear by an earlier release is sealed at its next load). Exports are signed with it; the public key travels in
 * each export's manifest (SPKI DER, base64) so a reader can check it against the post's key.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import type { Clock } from './runtime';
import type { SecretProtector } from './secret-store';
import { fileProtector, sealForSettings, unsealFromSettings } from './secret-store';

export const DEVICE_SIGNING_KEY_SETTING = 'device.signingKey';

export interface DeviceKey {
  /** SPKI DER of the public key, base64. */
  publicKeySpki: string;
  /** First 16 hex digits of SHA-256 over the SPKI DER: short enough to read aloud. */
  fingerprint: string;
  sign(data: Uint8Array): string;
}

export function keyFingerprint(spkiBase64: string): string {
  return createHash('sha256').update(Buffer.from(spkiBase64, 'base64')).digest('hex').slice(0, 16);
}

function fromPrivate(privateKey: KeyObject): DeviceKey {
  const publicKeySpki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    publicKeySpki,
    fingerprint: keyFingerprint(publicKeySpki),
    sign: (data) => sign(null, data, privateKey).toString('base64'),
  };
}

/** Loads the device key, creating and storing it the first time. */
export function loadDeviceKey(settings: SettingsRepository, clock: Clock, protector: SecretProtector = fileProtector): DeviceKey {
  const stored = settings.get(DEVICE_SIGNING_KEY_SETTING);
  if (stored) {
    const { secret, legacy } = unsealFromSettings(protector, stored);
    if (legacy) settings.set(DEVICE_SIGNING_KEY_SETTING, sealForSettings(protector, secret), clock.now());
    return fromPrivate(createPrivateKey({ key: secret, format: 'pem' }));
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  settings.set(
    DEVICE_SIGNING_KEY_SETTING,
    sealForSettings(protector, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    clock.now(),
  );
  return fromPrivate(privateKey);
}

/** Checks an Ed25519 signature (base64) made by the key whose SPKI DER (base64) is given. */
export function verifyWithSpki(spkiBase64: string, data: Uint8Array, signatureBase64: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, data, key, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}
