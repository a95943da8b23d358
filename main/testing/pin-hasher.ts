/**
 * A PIN hasher for tests: the real scrypt code with N=2^10, about a hundred times faster than the
 * policy. The Electron shell refuses it (createAppServices checks the policy minimum).
 */
import type { PinHasher } from '../services/pin-hash';
import { createPinHasher } from '../services/pin-hash';

export const TEST_PIN_HASH_PARAMS = { N: 2 ** 10, r: 8, p: 1 } as const;

export function createTestPinHasher(): PinHasher {
  return createPinHasher({ params: TEST_PIN_HASH_PARAMS, legacy: [] });
}
