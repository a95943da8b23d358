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
 * The centre sends its latest records with every signed answer (`CENTRE_TRUST_HEADER`), so a post
 * that was offline during a rotation walks the chain from the key it pinned. A record that claims
 * to follow from a key the post trusts but does not verify is refused: nothing of the answer is
 * used. Pure functions: the signature check is passed in.
 */
import { z } from 'zod';
import { canonicalJson } from '../audit/chain';
import { fromBase64Url, toBase64Url, utf8Decode, utf8Encode } from '../departure/encoding';
import { normalizeFingerprint } from '../post/provisioning';

/** Response header with the centre's latest trust records (base64url of their JSON array). */
export const CENTRE_TRUST_HEADER = 'x-rva-centre-trust';
/** How many records the centre sends: a post whose pinned key is older than these must enrol again. */
export const MAX_TRUST_RECORDS = 20;

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

export const trustRecordSchema = z.discriminatedUnion('kind', [signingKeyRotationSchema, certificateAnnouncementSchema]);
export type TrustRecord = z.infer<typeof trustRecordSchema>;
export const trustRecordsSchema = z.array(trustRecordSchema).max(MAX_TRUST_RECORDS);

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

/** What the post trusts now (post migration 0010). */
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
}

/** Checks an Ed25519 signature (base64) over `text` with a raw public key (base64). */
export type VerifySignature = (publicKey: string, text: string, signature: string) => boolean;

/** The trust at `now`: once the overlap of a rotation is over, the next key is the pinned one. */
export function settleTrust(trust: CentreTrust, now: number): CentreTrust {
  if (trust.nextKey && trust.keyUntil !== null && now >= trust.keyUntil)
    return { ...trust, key: trust.nextKey, nextKey: null, keyUntil: null };
  return trust;
}

/** The centre keys whose signatures the post accepts at `now`. */
export function acceptedKeys(trust: CentreTrust, now: number): string[] {
  const settled = settleTrust(trust, now);
  return settled.nextKey ? [settled.key, settled.nextKey] : [settled.key];
}

/** The fingerprints the post accepts for the centre's certificate. */
export function acceptedFingerprints(trust: CentreTrust): string[] {
  return trust.nextFingerprint ? [trust.fingerprint, trust.nextFingerprint] : [trust.fingerprint];
}

export type TrustUpdate = { ok: true; trust: CentreTrust; changed: boolean } | { ok: false; error: 'badRotation' };

/**
 * Applies the centre's records to what the post trusts: key rotations that follow from a trusted
 * key (in order, so a chain of several is walked), then the latest certificate announcement. A
 * record that follows from a trusted key but does not verify refuses the whole update.
 */
export function applyTrustRecords(trust: CentreTrust, records: readonly TrustRecord[], now: number, verify: VerifySignature): TrustUpdate {
  let next = settleTrust(trust, now);
  const rotations = records.filter((r): r is SigningKeyRotation => r.kind === 'signingKey');
  // Each pass moves one step down the chain; a chain that loops stops after as many passes as records.
  for (let pass = 0, progressed = true; progressed && pass <= rotations.length; pass++) {
    progressed = false;
    for (const r of rotations) {
      const fromPinned = r.previousKey === next.key;
      const fromNext = next.nextKey !== null && r.previousKey === next.nextKey;
      if (!fromPinned && !fromNext) continue;
      if (fromPinned && r.nextKey === next.nextKey && r.previousUntil === next.keyUntil) continue;
      if (fromNext && r.nextKey === next.key) continue;
      if (!verify(r.previousKey, trustSigningText(r), r.signature)) return { ok: false, error: 'badRotation' };
      // From the next key: a later rotation, so the key before it is over.
      next = { ...next, key: r.previousKey, nextKey: r.nextKey, keyUntil: r.previousUntil };
      next = settleTrust(next, now);
      progressed = true;
    }
  }
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
