/**
 * PIN hashing with node:crypto scrypt, parameters from core/auth/pin-policy.ts (never from the
 * stored hash). Every derivation goes through one small queue: at most `concurrency` run at once
 * (each takes 128·N·r bytes: 128 MiB at the policy's N=2^17), and when `maxQueue` are already
 * waiting the hasher says it is busy instead of queueing more, so parallel logins cannot exhaust
 * memory or stall the post for minutes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptParams } from '../../core/auth/pin-policy';
import {
  LEGACY_PIN_HASH_PARAMS,
  PIN_HASH_KEY_LENGTH,
  PIN_HASH_PARAMS,
  PIN_HASH_SALT_LENGTH,
  decodePinHash,
  encodePinHash,
  sameParams,
  scryptMemoryBytes,
} from '../../core/auth/pin-policy';

/** `true`: right PIN; `'rehash'`: right PIN, hash made with accepted legacy parameters; `false`: anything else. */
export type PinCheck = true | 'rehash' | false;

export interface PinHasher {
  /** The parameters new hashes are made with. */
  readonly params: ScryptParams;
  hash(pin: string): Promise<string>;
  verify(pin: string, stored: string): Promise<PinCheck>;
  /** The same work as `verify` against a real hash, always false: for names that are no active user. */
  verifyNothing(pin: string): Promise<false>;
  /** True when the queue is full: a caller should refuse now rather than wait. */
  busy(): boolean;
}

export interface PinHasherOptions {
  params?: ScryptParams;
  /** Older parameter sets still accepted (and reported as `'rehash'`). */
  legacy?: readonly ScryptParams[];
  /** Derivations running at once. */
  concurrency?: number;
  /** Derivations allowed to wait; beyond that `busy()` is true and new calls are refused. */
  maxQueue?: number;
}

export class PinHasherBusyError extends Error {
  constructor() {
    super('PIN hasher queue is full');
    this.name = 'PinHasherBusyError';
  }
}

function derive(pin: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, PIN_HASH_KEY_LENGTH, { ...params, maxmem: scryptMemoryBytes(params) }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** A FIFO limiter: `run` starts the task now or when a slot frees; it throws at once when the queue is full. */
function createLimiter(concurrency: number, maxQueue: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    running -= 1;
    const start = waiting.shift();
    if (start) start();
  };
  return {
    full: () => waiting.length >= maxQueue,
    run<T>(task: () => Promise<T>): Promise<T> {
      if (running < concurrency) {
        running += 1;
        return task().finally(next);
      }
      if (waiting.length >= maxQueue) return Promise.reject(new PinHasherBusyError());
      return new Promise<T>((resolve, reject) => {
        waiting.push(() => {
          running += 1;
          task().then(resolve, reject).finally(next);
        });
      });
    },
  };
}

export function createPinHasher(options: PinHasherOptions = {}): PinHasher {
  const params = options.params ?? PIN_HASH_PARAMS;
  const legacy = options.legacy ?? LEGACY_PIN_HASH_PARAMS;
  const limiter = createLimiter(options.concurrency ?? 2, options.maxQueue ?? 32);
  const run = (pin: string, salt: Buffer, p: ScryptParams) => limiter.run(() => derive(pin, salt, p));

  return {
    params,
    busy: () => limiter.full(),
    async hash(pin) {
      const salt = randomBytes(PIN_HASH_SALT_LENGTH);
      const key = await run(pin, salt, params);
      return encodePinHash(params, salt.toString('base64'), key.toString('base64'));
    },
    async verify(pin, stored) {
      const decoded = decodePinHash(stored);
      const current = decoded !== null && sameParams(decoded.params, params);
      const old = decoded !== null && !current && legacy.some((l) => sameParams(l, decoded.params));
      const expected = decoded ? Buffer.from(decoded.keyBase64, 'base64') : null;
      if (!decoded || (!current && !old) || expected?.length !== PIN_HASH_KEY_LENGTH) {
        // Refused parameters or a malformed hash: spend the same work, answer no.
        await run(pin, randomBytes(PIN_HASH_SALT_LENGTH), params);
        return false;
      }
      const key = await run(pin, Buffer.from(decoded.saltBase64, 'base64'), decoded.params);
      if (!timingSafeEqual(key, expected)) return false;
      return current ? true : 'rehash';
    },
    async verifyNothing(pin) {
      await run(pin, randomBytes(PIN_HASH_SALT_LENGTH), params);
      return false;
    },
  };
}
