import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OWASP_SCRYPT_MINIMUM, PIN_HASH_PARAMS, decodePinHash, meetsMinimum } from '../../core/auth/pin-policy';
import { createTestPinHasher } from '../testing/pin-hasher';
import { PinHasherBusyError, createPinHasher } from './pin-hash';

const handMade = (pin: string, N: number, r = 8, p = 1) => {
  const salt = randomBytes(16);
  const key = scryptSync(pin, salt, 32, { N, r, p, maxmem: 256 * 1024 * 1024 });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
};

describe('PIN hash policy', () => {
  it('is at least the OWASP minimum for scrypt (N=2^17, r=8, p=1)', () => {
    expect(OWASP_SCRYPT_MINIMUM).toEqual({ N: 131072, r: 8, p: 1 });
    expect(meetsMinimum(PIN_HASH_PARAMS)).toBe(true);
    expect(meetsMinimum({ N: 2 ** 16, r: 8, p: 1 })).toBe(false);
    expect(meetsMinimum({ N: 2 ** 17, r: 4, p: 1 })).toBe(false);
  });

  it('the production hasher writes the policy parameters, verifies its own hash and refuses an N=2 hash of the right PIN', async () => {
    const hasher = createPinHasher();
    const stored = await hasher.hash('482915');
    expect(decodePinHash(stored)?.params).toEqual(PIN_HASH_PARAMS);
    expect(await hasher.verify('482915', stored)).toBe(true);
    expect(await hasher.verify('1234', handMade('1234', 2, 1, 1))).toBe(false);
  });

  it('takes the cost from configuration, never from the stored hash', async () => {
    const hasher = createTestPinHasher();
    const own = await hasher.hash('1234');
    expect(await hasher.verify('1234', own)).toBe(true);
    expect(await hasher.verify('1235', own)).toBe(false);
    expect(await hasher.verify('1234', handMade('1234', 2, 1, 1))).toBe(false);
    expect(await hasher.verify('1234', handMade('1234', 2 ** 11))).toBe(false);
    expect(await hasher.verify('1234', own.replace('$1024$', '$2$'))).toBe(false);
    expect(await hasher.verify('1234', 'scrypt$x')).toBe(false);
  });

  it('accepts the previous release’s N=2^15 hashes and asks for a rehash', async () => {
    const hasher = createPinHasher();
    const legacy = handMade('1234', 2 ** 15);
    expect(await hasher.verify('1234', legacy)).toBe('rehash');
    expect(await hasher.verify('9999', legacy)).toBe(false);
  });
});

describe('PIN hasher queue', () => {
  it('runs at most `concurrency` derivations at once and refuses beyond `maxQueue` waiting', async () => {
    const hasher = createPinHasher({ params: { N: 2 ** 10, r: 8, p: 1 }, concurrency: 2, maxQueue: 3 });
    const first = [hasher.hash('1'), hasher.hash('2'), hasher.hash('3'), hasher.hash('4'), hasher.hash('5')];
    expect(hasher.busy()).toBe(true);
    await expect(hasher.hash('6')).rejects.toBeInstanceOf(PinHasherBusyError);
    const done = await Promise.all(first);
    expect(new Set(done).size).toBe(5);
    expect(hasher.busy()).toBe(false);
    expect(await hasher.verify('3', done[2] as string)).toBe(true);
  });

  it('the test hasher is below the policy, so the Electron shell refuses it', () => {
    expect(meetsMinimum(createTestPinHasher().params)).toBe(false);
  });
});
