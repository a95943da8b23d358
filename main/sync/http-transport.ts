/**
 * HTTPS transport to the centre. Every device request is signed with the device's Ed25519 key
 * (time + nonce + body hash). Only https: the server must present the certificate whose SHA-256
 * fingerprint the post pinned at enrolment (chaining to a CA when one is configured); a plain
 * http:// address is refused. Responses are size-capped, parsed
 * without prototype keys and validated with the protocol schemas before anyone sees them.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import https from 'node:https';
import { isIP } from 'node:net';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { connect as tlsConnect } from 'node:tls';
import { brotliCompressSync, brotliDecompress, constants as zlibConstants, gunzip } from 'node:zlib';
import type { z } from 'zod';
import type { AuditRecord } from '../../core/audit/chain';
import type { CentreTrust, TrustRecord } from '../../core/sync/centre-trust';
import { normalizeFingerprint } from '../../core/post/provisioning';
import {
  CENTRE_TRUST_HEADER,
  TRUST_CHAIN_MAX_PAGES,
  TRUST_CHAIN_PATH,
  acceptedFingerprints,
  acceptedKeys,
  applyTrustRecords,
  connectedWith,
  decodeTrustRecords,
  settleTrust,
  trustChainPageSchema,
} from '../../core/sync/centre-trust';
import type { DeviceReport, EnrolRequest, EnrolResponse, PullPage, PushResponse } from '../../core/sync/protocol';
import {
  AUTH_HEADERS,
  CENTRE_SIGNATURE_HEADER,
  centreSigningText,
  toWireEvent,
  enrolResponseSchema,
  parseJsonSafely,
  pullPageSchema,
  pushResponseSchema,
  signingText,
} from '../../core/sync/protocol';
import type { DeviceCredentials } from './sync-state-repository';

export type TransportErrorCode =
  | 'offline'
  | 'timeout'
  | 'certificate'
  /** The centre presented a certificate whose fingerprint is neither the pinned nor an announced one. */
  | 'fingerprintMismatch'
  | 'notEnrolled'
  | 'unauthorised'
  | 'refused'
  /** The centre revoked this post's machine: nothing more is accepted until it enrols again. */
  | 'revoked'
  | 'tooLarge'
  | 'http'
  | 'badResponse'
  /** An answer not signed by the centre key pinned at enrolment: nothing of it is used. */
  | 'badSignature'
  /** A key rotation or certificate announcement not signed by a key this post trusts: refused, nothing used. */
  | 'badRotation';
/** Why the centre refused an enrolment code (its 403 answer): the only detail it gives. */
export type EnrolRefusal = 'codeUnknown' | 'codeExpired' | 'codeUsed' | 'otherPost' | 'notReplaceable';
const ENROL_REFUSALS: Readonly<Record<string, EnrolRefusal>> = {
  'enrol.codeUnknown': 'codeUnknown',
  'enrol.codeExpired': 'codeExpired',
  'enrol.codeUsed': 'codeUsed',
  'enrol.otherPost': 'otherPost',
  'enrol.notReplaceable': 'notReplaceable',
};

export type TransportResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: TransportErrorCode; status?: number; reason?: EnrolRefusal } };

type Attempt<T> =
  { ok: true; value: T } | { ok: false; error: { code: TransportErrorCode; status?: number; serverTime?: number; reason?: EnrolRefusal } };

export interface SyncTransport {
  enrol(request: EnrolRequest): Promise<TransportResult<EnrolResponse>>;
  push(events: AuditRecord[]): Promise<TransportResult<PushResponse>>;
  /** `report`: the app version and backlog the centre shows for this device. */
  pull(cursor: string, limit: number, report?: DeviceReport): Promise<TransportResult<PullPage>>;
}

export interface CentreTls {
  /** SHA-256 fingerprint of the centre's certificate (`AB:CD:...` or plain hex), set at enrolment. */
  fingerprint256: string;
  /** Optional CA to chain to; without it the certificate with the pinned fingerprint is the only anchor. */
  caPem?: string | undefined;
}

export interface HttpTransportOptions {
  /** `https://centre.example:8443`; plain http is refused. */
  baseUrl: string;
  credentials: () => DeviceCredentials | null;
  /** The centre certificate's pinned fingerprint (and optionally a CA). Required. */
  tls: CentreTls | null | undefined;
  clock?: { now(): number };
  timeoutMs?: number;
  /** A response body above this (compressed or not) is dropped unread. */
  maxResponseBytes?: number;
  /** Compress (brotli) request bodies above this size. */
  compressAboveBytes?: number;
  /**
   * What the post trusts of the centre once enrolled (keys, certificate), and where changes to it
   * are kept. Without it (or before enrolment) the pin given in `tls` and the key in the credentials.
   */
  trust?: { get(): CentreTrust | null; save(trust: CentreTrust): void };
}

const DEFAULT_MAX_RESPONSE = 16 * 1024 * 1024;

export class PinnedCertificateError extends Error {
  readonly code = 'ERR_PINNED_CERTIFICATE';
}

/** A centre address the post will not use; `message` is an i18n key. */
export class CentreAddressError extends Error {
  constructor(message: 'sync.error.insecureUrl' | 'sync.error.badUrl' | 'sync.error.noPin') {
    super(message);
    this.name = 'CentreAddressError';
  }
}

/** Checks a centre address and pin: https only, a SHA-256 fingerprint. Throws CentreAddressError. */
export function checkCentreAddress(baseUrl: string, tls: CentreTls | null | undefined): URL {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new CentreAddressError('sync.error.badUrl');
  }
  if (base.protocol === 'http:') throw new CentreAddressError('sync.error.insecureUrl');
  if (base.protocol !== 'https:' || base.username || base.password) throw new CentreAddressError('sync.error.badUrl');
  if (!tls || !/^[0-9A-F]{64}$/.test(normalizeFingerprint(tls.fingerprint256))) throw new CentreAddressError('sync.error.noPin');
  return base;
}

const toPem = (der: Buffer) =>
  `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trim()}\n-----END CERTIFICATE-----\n`;

/**
 * Fetches the centre's certificate without sending anything and keeps it only if its SHA-256 is
 * one of `pins` (any, when `pins` is null): it then becomes the only trust anchor of the real
 * connections.
 */
function fetchPinnedCertificate(
  base: URL,
  pins: readonly string[] | null,
  timeoutMs: number,
): Promise<{ ok: true; pem: string; fingerprint: string } | { ok: false; code: TransportErrorCode }> {
  return new Promise((resolve) => {
    const host = base.hostname.replace(/^\[|\]$/g, '');
    const socket = tlsConnect({
      host,
      port: Number(base.port || 443),
      ...(isIP(host) === 0 ? { servername: host } : {}),
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    let settled = false;
    const done = (result: { ok: true; pem: string; fingerprint: string } | { ok: false; code: TransportErrorCode }) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      if (!cert?.raw || !cert.fingerprint256) return done({ ok: false, code: 'certificate' });
      const fingerprint = normalizeFingerprint(cert.fingerprint256);
      if (pins && !pins.includes(fingerprint)) return done({ ok: false, code: 'fingerprintMismatch' });
      done({ ok: true, pem: toPem(cert.raw), fingerprint });
    });
    socket.once('timeout', () => done({ ok: false, code: 'timeout' }));
    socket.once('error', (error: Error & { code?: string }) =>
      done({ ok: false, code: /CERT|SSL|TLS/.test(error.code ?? '') ? 'certificate' : 'offline' }),
    );
  });
}

/** An agent that accepts exactly the certificates whose SHA-256 is in `accepted`, anchored on `ca`. */
function makePinnedAgent(ca: string, accepted: readonly string[]): https.Agent {
  return new https.Agent({
    keepAlive: true,
    maxSockets: 2,
    ca,
    rejectUnauthorized: true,
    // The pinned certificate is the trust anchor even when a CA issued it.
    allowPartialTrustChain: true,
    // The pin names the centre; the host name (often an address) is not checked against it.
    checkServerIdentity: (host: string, cert: PeerCertificate) => {
      if (!cert.fingerprint256 || !accepted.includes(normalizeFingerprint(cert.fingerprint256)))
        return new PinnedCertificateError(`server certificate does not match the pinned fingerprint for ${host}`);
      return undefined;
    },
  });
}

/**
 * Stops using an agent without breaking what runs on it (a request beside the one that dropped it):
 * idle connections are closed now, the others as soon as their answer is in.
 */
function retireAgent(agent: https.Agent): void {
  for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
  agent.on('free', (socket: { destroy(): void }) => socket.destroy());
}

/**
 * Reads the centre's whole trust chain, page after page, sending nothing but the path: no device
 * id, no signature, no record. Each record carries its own signature; the caller checks them.
 */
async function fetchTrustChain(
  base: URL,
  agent: https.Agent,
  timeoutMs: number,
  maxBytes: number,
): Promise<{ ok: true; records: TrustRecord[] } | { ok: false; code: TransportErrorCode }> {
  const records: TrustRecord[] = [];
  let after = 0;
  for (let page = 0; page < TRUST_CHAIN_MAX_PAGES; page++) {
    const got = await new Promise<{ ok: true; bytes: Buffer } | { ok: false; code: TransportErrorCode }>((resolve) => {
      const url = new URL(`${TRUST_CHAIN_PATH}?after=${after}`, base);
      const req = https.request(url, { method: 'GET', headers: { accept: 'application/json' }, agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            resolve({ ok: false, code: 'tooLarge' });
          } else chunks.push(chunk);
        });
        res.on('error', () => resolve({ ok: false, code: 'offline' }));
        res.on('end', () =>
          res.statusCode === 200 && !res.headers['content-encoding']
            ? resolve({ ok: true, bytes: Buffer.concat(chunks) })
            : resolve({ ok: false, code: 'badResponse' }),
        );
      });
      req.on('timeout', () => {
        req.destroy();
        resolve({ ok: false, code: 'timeout' });
      });
      req.on('error', (error: Error & { code?: string }) =>
        resolve({ ok: false, code: error instanceof PinnedCertificateError ? 'fingerprintMismatch' : 'offline' }),
      );
      req.end();
    });
    if (!got.ok) return got;
    const parsed = parseJsonSafely(got.bytes.toString('utf8'));
    const checked = parsed.ok ? trustChainPageSchema.safeParse(parsed.value) : null;
    if (!checked?.success) return { ok: false, code: 'badResponse' };
    for (const { seq, record } of checked.data.records) {
      if (seq <= after) return { ok: false, code: 'badResponse' };
      after = seq;
      records.push(record);
    }
    if (!checked.data.more) return { ok: true, records };
    if (checked.data.records.length === 0) return { ok: false, code: 'badResponse' };
  }
  return { ok: false, code: 'tooLarge' };
}

const centreKeys = new Map<string, ReturnType<typeof createPublicKey>>();

/** Checks an Ed25519 signature (base64) over a text with a raw centre key (base64). */
function verifyCentre(publicKey: string, text: string, signature: string): boolean {
  try {
    let key = centreKeys.get(publicKey);
    if (!key) {
      key = createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'base64').toString('base64url') },
        format: 'jwk',
      });
      centreKeys.set(publicKey, key);
    }
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Checks an answer: first the trust records it carries (a key rotation must verify with a key the
 * post trusts), then the centre's signature over it with a key the post accepts now. Answers the
 * trust to keep when it changed.
 */
function checkAnswer(
  expected: { deviceId: string; nonce: string; trust: CentreTrust | null; now: number },
  method: string,
  path: string,
  body: Buffer,
  headers: Record<string, string | string[] | undefined>,
): { ok: true; trust: CentreTrust | null } | { ok: false; code: 'badSignature' | 'badRotation' } {
  const header = headers[CENTRE_SIGNATURE_HEADER];
  if (!expected.trust) return { ok: false, code: 'badSignature' };
  const records = decodeTrustRecords(headers[CENTRE_TRUST_HEADER]);
  if (records === 'bad') return { ok: false, code: 'badRotation' };
  const update = records ? applyTrustRecords(expected.trust, records, expected.now, verifyCentre) : null;
  if (update && !update.ok) return { ok: false, code: update.error };
  const trust = update?.ok ? update.trust : settleTrust(expected.trust, expected.now);
  if (typeof header !== 'string' || header.length > 200) return { ok: false, code: 'badSignature' };
  const text = centreSigningText({
    deviceId: expected.deviceId,
    nonce: expected.nonce,
    method,
    path,
    bodySha256: createHash('sha256').update(body).digest('hex'),
  });
  if (!acceptedKeys(trust, expected.now).some((key) => verifyCentre(key, text, header))) return { ok: false, code: 'badSignature' };
  return { ok: true, trust };
}

export function createHttpTransport(options: HttpTransportOptions): SyncTransport {
  const base = checkCentreAddress(options.baseUrl, options.tls);
  const tls = options.tls!;
  const clock = options.clock ?? { now: () => Date.now() };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
  const compressAbove = options.compressAboveBytes ?? 1024;
  /** The configured pin; it follows the post's trust when the announced certificate becomes the pinned one. */
  let pin = normalizeFingerprint(tls.fingerprint256);
  /** The trust kept with the enrolment, else the configured pin and the key in the credentials. */
  const trustNow = (): CentreTrust | null => {
    const stored = options.trust?.get();
    if (stored) return stored;
    const creds = options.credentials();
    return creds?.centreKey ? { key: creds.centreKey, nextKey: null, keyUntil: null, fingerprint: pin, nextFingerprint: null } : null;
  };
  /** The kept trust widens the configured pin to the announced certificate, only when the two agree. */
  const pins = (): string[] => {
    const trust = options.trust?.get();
    const accepted = trust ? acceptedFingerprints(trust) : [];
    return accepted.includes(pin) ? accepted : [pin];
  };
  /** The agent, for the fingerprints it was made for: made again when they change or a connection fails on TLS. */
  let agent: { agent: https.Agent; pins: string } | null = null;
  async function pinnedAgent(): Promise<{ ok: true; agent: https.Agent } | { ok: false; code: TransportErrorCode }> {
    const accepted = pins();
    if (agent && agent.pins === accepted.join()) return { ok: true, agent: agent.agent };
    dropAgent();
    let ca = tls.caPem;
    if (!ca) {
      const fetched = await fetchPinnedCertificate(base, accepted, timeoutMs);
      if (!fetched.ok) return fetched;
      ca = fetched.pem;
    }
    agent = { agent: makePinnedAgent(ca, accepted), pins: accepted.join() };
    return { ok: true, agent: agent.agent };
  }
  function dropAgent(): void {
    if (agent) retireAgent(agent.agent);
    agent = null;
  }
  let privateKeyCache: { der: string; key: ReturnType<typeof createPrivateKey> } | null = null;

  /** Applies a chain read from the centre; keeps the trust when `accept` agrees with the result. */
  function applyChain(trust: CentreTrust, records: TrustRecord[], accept: (next: CentreTrust) => boolean): boolean {
    const update = applyTrustRecords(trust, records, clock.now() + clockOffset, verifyCentre);
    if (!update.ok || !update.changed || !accept(update.trust)) return false;
    options.trust!.save(update.trust);
    return true;
  }

  /**
   * An answer signed by a key the records sent with it do not lead to: the post may be further
   * behind than those. Reads the whole chain over the pinned connection; true when it moved on
   * (or a request running beside this one already did: `used` is the trust the answer was checked with).
   */
  async function catchUp(used: string): Promise<boolean> {
    const trust = options.trust?.get();
    if (!trust) return false;
    if (JSON.stringify(trust) !== used) return true;
    const pinned = await pinnedAgent();
    if (!pinned.ok) return false;
    const chain = await fetchTrustChain(base, pinned.agent, timeoutMs, maxBytes);
    return chain.ok && applyChain(trust, chain.records, () => true);
  }

  /**
   * The centre presents a certificate that is neither pinned nor announced to this post (it did
   * not sync between the announcement and the switch). Reads the trust chain over a connection to
   * exactly that certificate, sending nothing else, and accepts it only when an announcement that
   * verifies from the keys this post trusts names its fingerprint. No CA is involved: a configured
   * CA keeps the usual refusal.
   */
  async function learnCertificate(): Promise<boolean> {
    const trust = options.trust?.get();
    if (!trust || tls.caPem) return false;
    const presented = await fetchPinnedCertificate(base, null, timeoutMs);
    if (!presented.ok || acceptedFingerprints(trust).includes(presented.fingerprint)) return false;
    const probe = makePinnedAgent(presented.pem, [presented.fingerprint]);
    try {
      const chain = await fetchTrustChain(base, probe, timeoutMs, maxBytes);
      return chain.ok && applyChain(trust, chain.records, (next) => acceptedFingerprints(next).includes(presented.fingerprint));
    } finally {
      probe.destroy();
    }
  }

  /** Centre time minus local time, learnt when the centre refuses our clock; only used to sign. */
  let clockOffset = 0;

  async function request<T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    signed: boolean,
  ): Promise<TransportResult<T>> {
    const trustBefore = JSON.stringify(options.trust?.get() ?? null);
    let first = await attempt(method, path, body, schema, signed);
    // The centre may have moved to its announced certificate since this agent was made: fetch it again, once.
    if (!first.ok && (first.error.code === 'certificate' || first.error.code === 'fingerprintMismatch')) {
      dropAgent();
      first = await attempt(method, path, body, schema, signed);
    }
    // A certificate this post was never told of: the centre's own signed chain may name it.
    if (!first.ok && first.error.code === 'fingerprintMismatch' && (await learnCertificate())) {
      dropAgent();
      first = await attempt(method, path, body, schema, signed);
    }
    // Signed by a key the records of the answer do not lead to: read the whole chain, once.
    if (!first.ok && signed && first.error.code === 'badSignature' && (await catchUp(trustBefore)))
      first = await attempt(method, path, body, schema, signed);
    if (!first.ok && first.error.code === 'unauthorised' && first.error.serverTime !== undefined) {
      clockOffset = first.error.serverTime - clock.now();
      const second = await attempt(method, path, body, schema, signed);
      if (!second.ok) delete second.error.serverTime;
      return second;
    }
    if (!first.ok) delete first.error.serverTime;
    return first;
  }

  async function attempt<T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    signed: boolean,
  ): Promise<Attempt<T>> {
    const pinned = await pinnedAgent();
    if (!pinned.ok) return { ok: false, error: { code: pinned.code } };
    const json = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body), 'utf8');
    const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'br, gzip' };
    /** For a signed request: what the centre's answer must be signed over, and with which key. */
    let expectSignature: { deviceId: string; nonce: string; trust: CentreTrust | null; now: number } | null = null;
    if (signed) {
      const creds = options.credentials();
      if (!creds) return { ok: false, error: { code: 'notEnrolled' } };
      if (!privateKeyCache || privateKeyCache.der !== creds.privateKey)
        privateKeyCache = {
          der: creds.privateKey,
          key: createPrivateKey({ key: Buffer.from(creds.privateKey, 'base64'), format: 'der', type: 'pkcs8' }),
        };
      const time = Math.round(clock.now() + clockOffset);
      const nonce = randomBytes(16).toString('hex');
      const bodySha256 = createHash('sha256').update(json).digest('hex');
      const text = signingText({ method, path, time, nonce, bodySha256 });
      expectSignature = { deviceId: creds.deviceId, nonce, trust: trustNow(), now: time };
      headers[AUTH_HEADERS.device] = creds.deviceId;
      headers[AUTH_HEADERS.bodySha256] = bodySha256;
      headers[AUTH_HEADERS.time] = String(time);
      headers[AUTH_HEADERS.nonce] = nonce;
      headers[AUTH_HEADERS.signature] = sign(null, Buffer.from(text, 'utf8'), privateKeyCache.key).toString('base64');
    }
    let payload = json;
    if (json.length > 0) {
      headers['content-type'] = 'application/json';
      if (json.length > compressAbove) {
        payload = brotliCompressSync(json, {
          params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: json.length },
        });
        headers['content-encoding'] = 'br';
      }
      headers['content-length'] = String(payload.length);
    }
    const url = new URL(path, base);
    return new Promise((resolve) => {
      let settled = false;
      const done = (result: Attempt<T>) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      const req = https.request(url, { method, headers, agent: pinned.agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        /** The certificate this answer came over (the pinned or an announced one). */
        const presented = (res.socket as TLSSocket | null)?.getPeerCertificate?.()?.fingerprint256;
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > maxBytes) {
          done({ ok: false, error: { code: 'tooLarge' } });
          res.destroy();
          return;
        }
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            done({ ok: false, error: { code: 'tooLarge' } });
            res.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', () => done({ ok: false, error: { code: 'offline' } }));
        res.on('aborted', () => done({ ok: false, error: { code: 'offline' } }));
        res.on('end', () => {
          if (settled) return;
          const status = res.statusCode ?? 0;
          if (status === 401) {
            const parsed = parseJsonSafely(Buffer.concat(chunks).toString('utf8'));
            const info = parsed.ok ? (parsed.value as { error?: unknown; serverTime?: unknown } | null) : null;
            const serverTime =
              info && info.error === 'auth.clock' && typeof info.serverTime === 'number' && Number.isFinite(info.serverTime)
                ? info.serverTime
                : undefined;
            return done({
              ok: false,
              error: serverTime === undefined ? { code: 'unauthorised', status } : { code: 'unauthorised', status, serverTime },
            });
          }
          if (status === 403) {
            const parsed = parseJsonSafely(Buffer.concat(chunks).toString('utf8'));
            const answer = parsed.ok ? (parsed.value as { error?: unknown } | null)?.error : undefined;
            if (answer === 'auth.revoked') return done({ ok: false, error: { code: 'revoked', status } });
            const reason = typeof answer === 'string' && Object.hasOwn(ENROL_REFUSALS, answer) ? ENROL_REFUSALS[answer] : undefined;
            return done({ ok: false, error: reason ? { code: 'refused', status, reason } : { code: 'refused', status } });
          }
          if (status === 413) return done({ ok: false, error: { code: 'tooLarge', status } });
          if (status < 200 || status >= 300)
            return done({ ok: false, error: { code: status >= 500 || status === 502 ? 'offline' : 'http', status } });
          const finish = (bytes: Buffer) => {
            if (expectSignature) {
              const checked = checkAnswer(expectSignature, method, path, bytes, res.headers);
              if (!checked.ok) return done({ ok: false, error: { code: checked.code } });
              // An authentic answer over a connection with the announced certificate: it is the pinned one now.
              const kept = checked.trust && presented ? connectedWith(checked.trust, presented) : checked.trust;
              if (kept && options.trust && JSON.stringify(kept) !== JSON.stringify(expectSignature.trust)) {
                if (
                  expectSignature.trust &&
                  kept.fingerprint !== expectSignature.trust.fingerprint &&
                  pin === expectSignature.trust.fingerprint
                )
                  pin = kept.fingerprint;
                options.trust.save(kept);
              }
            }
            const parsed = parseJsonSafely(bytes.toString('utf8'));
            if (!parsed.ok) return done({ ok: false, error: { code: 'badResponse' } });
            const checked = schema.safeParse(parsed.value);
            if (!checked.success) return done({ ok: false, error: { code: 'badResponse' } });
            done({ ok: true, value: checked.data });
          };
          const bodyBuffer = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          if (encoding === 'gzip' || encoding === 'br') {
            const inflate = (encoding === 'br' ? brotliDecompress : gunzip) as typeof gunzip;
            inflate(bodyBuffer, { maxOutputLength: maxBytes }, (error, out) => {
              if (error)
                return done({
                  ok: false,
                  error: { code: (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'tooLarge' : 'badResponse' },
                });
              finish(out);
            });
          } else if (res.headers['content-encoding'] && res.headers['content-encoding'] !== 'identity') {
            done({ ok: false, error: { code: 'badResponse' } });
          } else {
            finish(bodyBuffer);
          }
        });
      });
      req.on('timeout', () => {
        req.destroy();
        done({ ok: false, error: { code: 'timeout' } });
      });
      req.on('error', (error: Error & { code?: string }) => {
        if (error instanceof PinnedCertificateError || error.code === 'ERR_PINNED_CERTIFICATE')
          return done({ ok: false, error: { code: 'fingerprintMismatch' } });
        const tlsError = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(error.code ?? '');
        done({ ok: false, error: { code: tlsError ? 'certificate' : 'offline' } });
      });
      req.end(payload);
    });
  }

  return {
    enrol: (body) => request('POST', '/v1/enrol', body, enrolResponseSchema, false),
    push: (events) => request('POST', '/v1/push', { events: events.map(toWireEvent) }, pushResponseSchema, true),
    // The report travels in the query, which the device signs with the rest of the request line.
    pull: (cursor, limit, report) =>
      request(
        'GET',
        `/v1/pull?cursor=${encodeURIComponent(cursor)}&limit=${limit}` +
          (report ? `&appVersion=${encodeURIComponent(report.appVersion)}&backlog=${report.backlog}` : ''),
        undefined,
        pullPageSchema,
        true,
      ),
  };
}
