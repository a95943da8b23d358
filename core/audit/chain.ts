import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** The hash of the row before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * One audit record, as stored on the post and as sent to the centre. The chain is per device:
 * `seq` increases by one per record and `prevHash` is the previous record's `hash`.
 */
export interface AuditRecord {
  /** UUIDv7: unique forever, the centre dedupes on it. */
  id: string;
  deviceId: string;
  postCode: string;
  seq: number;
  /** Device time in ms UTC: informational, never decides a conflict. */
  at: number;
  actorId: string | null;
  actorRole: string | null;
  /** `namespace.pastTense`, e.g. `perDiem.paid`, `stamp.recorded`, `auth.loggedIn`. */
  action: string;
  /** Id of the record the action is about (a PV number, a payment id, a user id), never a name. */
  subject: string | null;
  /** JSON-serialisable details of the action (the domain record for facts). */
  details: unknown;
  prevHash: string;
  hash: string;
}

/** Canonical JSON: object keys sorted, no whitespace, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in canonical JSON');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** The hash of a record: SHA-256 over the previous hash and the canonical content (everything but `hash`). */
export function hashAuditRecord(record: Omit<AuditRecord, 'hash'>): string {
  const { prevHash, ...content } = record;
  return sha256Hex(`${prevHash}\n${canonicalJson(content)}`);
}

export type ChainCheck =
  { ok: true; count: number; head: string } | { ok: false; count: number; brokenAt: number; reason: 'hash' | 'link' | 'seq' };

/** Walks records in `seq` order and reports the first broken one. */
export function verifyChain(
  records: Iterable<AuditRecord>,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainCheck {
  let prev = start.hash;
  let expectedSeq = start.seq + 1;
  let count = 0;
  for (const record of records) {
    if (record.seq !== expectedSeq) return { ok: false, count, brokenAt: record.seq, reason: 'seq' };
    if (record.prevHash !== prev) return { ok: false, count, brokenAt: record.seq, reason: 'link' };
    const { hash, ...rest } = record;
    if (hashAuditRecord(rest) !== hash) return { ok: false, count, brokenAt: record.seq, reason: 'hash' };
    prev = hash;
    expectedSeq++;
    count++;
  }
  return { ok: true, count, head: prev };
}
