/**
 * What a post trusts of its centre after enrolment, and how the centre changes it without a new
 * enrolment: trust records, each signed by a centre key the post already trusts.
 *
 * - A signing key rotation (`signingKey`) is signed by the key it replaces: it names the next key,
 *   when the centre starts signing with it (`notBefore`) and until when the replaced key is still
 *   accepted (`previousUntil`). A post accepts the next key once the record verifies with its
 *   pinned key, and the pinned key only until `previousUntil`; then the next key is the pinned one.
 * - A certificate announcement (`certificate`) names the SHA-256 fingerprint of the centre's next
 *   TLS certificate, signed by a centre key the post accepts. The post then accepts the pinned or
 *   the announced fingerprint, and pins the announced one once it has connected with it.
 *
 * - A revocation (`revocation`) is signed by the centre's offline recovery key, a separate root of
 *   trust the post pins at enrolment: it names a compromised signing key and its replacement. The
 *   post trusts the replacement alone at once (the revoked key, and whatever it rotated to, are
 *   dropped), and refuses any answer carrying a rotation the revoked key signed with a start at or
 *   after the revocation point. Revocations are numbered (`seq`): an old one replayed changes nothing.
 * - A recovery key announcement (`recoveryKey`) lets a post enrolled before the recovery key existed
 *   learn it, once, from a record signed by a centre key it trusts; the first one it sees stays.
 *
 * The centre sends its latest records with every signed answer (`CENTRE_TRUST_HEADER`), so a post
 * that was offline during a rotation walks the chain from the key it pinned; one further behind
 * fetches the whole chain (`TRUST_CHAIN_PATH`, pages of `TRUST_CHAIN_PAGE` records, no credential:
 * each record carries its own signature). A record that claims to follow from a key the post
 * trusts but does not verify is refused: nothing of the answer is used. Pure functions: the
 * signature check is passed in.
 */
import { z } from 'zod';
import { canonicalJson } from '../audit/chain';
import { fromBase64Url, toBase64Url, utf8Decode, utf8Encode } from '../departure/encoding';
import { normalizeFingerprint } from '../post/provisioning';

/** Response header with the centre's latest trust records (base64url of their JSON array). */
export const CENTRE_TRUST_HEADER = 'x-rva-centre-trust';
/** How many records the centre sends with each answer; a post further behind fetches the chain. */
export const MAX_TRUST_RECORDS = 20;
/** The whole chain, in pages: `GET /v1/trust?after=SEQ` answers the records after SEQ, oldest first. */
export const TRUST_CHAIN_PATH = '/v1/trust';
export const TRUST_CHAIN_PAGE = 100;
/** How many pages a post reads at most while catching up (a chain longer than this means enrolling again). */
export const TRUST_CHAIN_MAX_PAGES = 50;

const centreKey = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);
const signature = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);
const time = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Upper-case hex without colons. */
const fingerprint = z.string().regex(/^[0-9A-F]{64}$/);

export const signingKeyRotationSchema = z
  .object({
    kind: z.literal('signingKey'),
    previousKey: centreKey,
    nextKey: centreKey,
    notBefore: time,
    previousUntil: time,
    signature,
  })
  .strict();
export type SigningKeyRotation = z.infer<typeof signingKeyRotationSchema>;

export const certificateAnnouncementSchema = z
  .object({
    kind: z.literal('certificate'),
    fingerprint256: fingerprint,
    announcedAt: time,
    /** The centre key this record is signed with. */
    signingKey: centreKey,
    signature,
  })
  .strict();
export type CertificateAnnouncement = z.infer<typeof certificateAnnouncementSchema>;

export const revocationSchema = z
  .object({
    kind: z.literal('revocation'),
    /** 1, 2, ...: a post applies each revocation once, in order. */
    seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    revokedKey: centreKey,
    replacementKey: centreKey,
    /** The revocation point: a rotation the revoked key signed to start then or later is refused. */
    revokedAt: time,
    /** The recovery key this record is signed with. */
    recoveryKey: centreKey,
    signature,
  })
  .strict();
export type Revocation = z.infer<typeof revocationSchema>;

export const recoveryKeyAnnouncementSchema = z
  .object({
    kind: z.literal('recoveryKey'),
    recoveryKey: centreKey,
    announcedAt: time,
    signingKey: centreKey,
    signature,
  })
  .strict();
export type RecoveryKeyAnnouncement = z.infer<typeof recoveryKeyAnnouncementSchema>;

export const trustRecordSchema = z.discriminatedUnion('kind', [
  signingKeyRotationSchema,
  certificateAnnouncementSchema,
  revocationSchema,
  recoveryKeyAnnouncementSchema,
]);
export type TrustRecord = z.infer<typeof trustRecordSchema>;
export const trustRecordsSchema = z.array(trustRecordSchema).max(MAX_TRUST_RECORDS);

/** One page of `GET /v1/trust?after=SEQ`. */
export const trustChainPageSchema = z
  .object({
    records: z
      .array(z.object({ seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), record: trustRecordSchema }).strict())
      .max(TRUST_CHAIN_PAGE),
    more: z.boolean(),
  })
  .strict();
export type TrustChainPage = z.infer<typeof trustChainPageSchema>;

type Unsigned<T> = T extends TrustRecord ? Omit<T, 'signature'> : never;
export type UnsignedTrustRecord = Unsigned<TrustRecord>;

/** The text a trust record's signature covers. */
export function trustSigningText(record: UnsignedTrustRecord | TrustRecord): string {
  const { signature: _signature, ...body } = record as TrustRecord;
  void _signature;
  return `RVA-CENTRE-TRUST-1\n${canonicalJson(body)}`;
}

export function encodeTrustRecords(records: readonly TrustRecord[]): string {
  return toBase64Url(utf8Encode(JSON.stringify(records)));
}

/** Null when the header is absent; `bad` when it is there but not a list of records. */
export function decodeTrustRecords(header: string | string[] | undefined): TrustRecord[] | null | 'bad' {
  if (header === undefined) return null;
  if (typeof header !== 'string' || header.length > 16_384) return 'bad';
  const bytes = fromBase64Url(header);
  const text = bytes ? utf8Decode(bytes) : null;
  if (text === null) return 'bad';
  try {
    const parsed = trustRecordsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'bad';
  } catch {
    return 'bad';
  }
}

/** A signing key the recovery key revoked, and from when. */
export interface RevokedKey {
  key: string;
  at: number;
}

/** The recovery key the post pinned, the last revocation it applied, and the keys revoked. */
export interface RecoveryTrust {
  key: string;
  seq: number;
  revoked: RevokedKey[];
}

/** What the post trusts now (post migration 0011). */
export interface CentreTrust {
  /** The pinned centre signing key (raw Ed25519, base64). */
  key: string;
  /** The key a verified rotation names; accepted from the moment the rotation verified. */
  nextKey: string | null;
  /** The pinned key is accepted until then (post clock, ms); null: no rotation under way. */
  keyUntil: number | null;
  /** The pinned certificate fingerprint (upper-case hex). */
  fingerprint: string;
  /** The announced next certificate fingerprint. */
  nextFingerprint: string | null;
  /** The centre's recovery key; absent or null for a post enrolled before the centre had one. */
  recovery?: RecoveryTrust | null;
}

/** Checks an Ed25519 signature (base64) over `text` with a raw public key (base64). */
export type VerifySignature = (publicKey: string, text: string, signature: string) => boolean;

/** The trust at `now`: once the overlap of a rotation is over, the next key is the pinned one. */
export function settleTrust(trust: CentreTrust, now: number): CentreTrust {
  if (trust.nextKey && trust.keyUntil !== null && now >= trust.keyUntil)
    return { ...trust, key: trust.nextKey, nextKey: null, keyUntil: null };
  return trust;
}

/** The centre keys whose signatures the post accepts at `now` (never a revoked one). */
export function acceptedKeys(trust: CentreTrust, now: number): string[] {
  const settled = settleTrust(trust, now);
  const keys = settled.nextKey ? [settled.key, settled.nextKey] : [settled.key];
  const revoked = new Set(trust.recovery?.revoked.map((r) => r.key));
  return keys.filter((key) => !revoked.has(key));
}

/** The fingerprints the post accepts for the centre's certificate. */
export function acceptedFingerprints(trust: CentreTrust): string[] {
  return trust.nextFingerprint ? [trust.fingerprint, trust.nextFingerprint] : [trust.fingerprint];
}

export type TrustUpdate = { ok: true; trust: CentreTrust; changed: boolean } | { ok: false; error: 'badRotation' };

/**
 * Applies the centre's records to what the post trusts: revocations signed by the pinned recovery
 * key, key rotations that follow from a trusted key (in order, so a chain of several is walked),
 * then the latest certificate announcement. A record that follows from a trusted key (or claims
 * the pinned recovery key) but does not verify, and a rotation a revoked key signed after its
 * revocation, refuse the whole update.
 */
export function applyTrustRecords(trust: CentreTrust, records: readonly TrustRecord[], now: number, verify: VerifySignature): TrustUpdate {
  let next = settleTrust(trust, now);
  /** Every key the walk passed through: a recovery key announcement may be signed by any of them. */
  const walked = new Set<string>(acceptedKeys(next, now));
  const rotations = records.filter((r): r is SigningKeyRotation => r.kind === 'signingKey');
  const walk = (): boolean => {
    // Each pass moves one step down the chain; a chain that loops stops after as many passes as records.
    for (let pass = 0, progressed = true; progressed && pass <= rotations.length; pass++) {
      progressed = false;
      for (const r of rotations) {
        if (next.recovery?.revoked.some((k) => k.key === r.previousKey)) continue;
        const fromPinned = r.previousKey === next.key;
        const fromNext = next.nextKey !== null && r.previousKey === next.nextKey;
        if (!fromPinned && !fromNext) continue;
        if (fromPinned && r.nextKey === next.nextKey && r.previousUntil === next.keyUntil) continue;
        if (fromNext && r.nextKey === next.key) continue;
        if (!verify(r.previousKey, trustSigningText(r), r.signature)) return false;
        // From the next key: a later rotation, so the key before it is over.
        next = { ...next, key: r.previousKey, nextKey: r.nextKey, keyUntil: r.previousUntil };
        next = settleTrust(next, now);
        walked.add(r.nextKey);
        progressed = true;
      }
    }
    return true;
  };
  const revoke = (): boolean => {
    const recovery = next.recovery;
    if (!recovery) return true;
    const revocations = records
      .filter((r): r is Revocation => r.kind === 'revocation' && r.seq > recovery.seq)
      .sort((x, y) => x.seq - y.seq);
    for (const r of revocations) {
      if (r.recoveryKey !== recovery.key || !verify(r.recoveryKey, trustSigningText(r), r.signature)) return false;
      const current = next.recovery!;
      if (r.seq <= current.seq) continue;
      next = {
        ...next,
        key: r.replacementKey,
        nextKey: null,
        keyUntil: null,
        recovery: { ...current, seq: r.seq, revoked: [...current.revoked, { key: r.revokedKey, at: r.revokedAt }] },
      };
      walked.clear();
      walked.add(r.replacementKey);
    }
    return true;
  };
  const learnRecovery = () => {
    if (next.recovery) return;
    const announcement = records.find(
      (r): r is RecoveryKeyAnnouncement =>
        r.kind === 'recoveryKey' && walked.has(r.signingKey) && verify(r.signingKey, trustSigningText(r), r.signature),
    );
    if (announcement) next = { ...next, recovery: { key: announcement.recoveryKey, seq: 0, revoked: [] } };
  };
  if (!revoke() || !walk()) return { ok: false, error: 'badRotation' };
  learnRecovery();
  if (!revoke() || !walk()) return { ok: false, error: 'badRotation' };
  const revoked = next.recovery?.revoked ?? [];
  if (rotations.some((r) => revoked.some((k) => k.key === r.previousKey && r.notBefore >= k.at)))
    return { ok: false, error: 'badRotation' };
  const announcement = records.filter((r): r is CertificateAnnouncement => r.kind === 'certificate').at(-1);
  if (announcement && announcement.fingerprint256 !== next.fingerprint && announcement.fingerprint256 !== next.nextFingerprint) {
    const keys = acceptedKeys(next, now);
    if (!keys.includes(announcement.signingKey) || !verify(announcement.signingKey, trustSigningText(announcement), announcement.signature))
      return { ok: false, error: 'badRotation' };
    next = { ...next, nextFingerprint: announcement.fingerprint256 };
  }
  const changed = JSON.stringify(next) !== JSON.stringify(trust);
  return { ok: true, trust: next, changed };
}

/** After a verified answer over a connection that presented `fingerprint`: the announced certificate becomes the pinned one. */
export function connectedWith(trust: CentreTrust, fingerprintUsed: string): CentreTrust {
  const used = normalizeFingerprint(fingerprintUsed);
  if (trust.nextFingerprint && used === trust.nextFingerprint) return { ...trust, fingerprint: used, nextFingerprint: null };
  return trust;
}
