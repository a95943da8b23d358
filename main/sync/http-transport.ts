/**
 * HTTP(S) transport to the centre. Every device request is signed with the device's Ed25519 key
 * (time + nonce + body hash); over TLS the server must present a certificate chaining to the
 * configured CA AND matching the pinned SHA-256 fingerprint. Responses are size-capped, parsed
 * without prototype keys and validated with the protocol schemas before anyone sees them.
 */
import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { PeerCertificate } from 'node:tls';
import { checkServerIdentity } from 'node:tls';
import { brotliCompressSync, brotliDecompress, constants as zlibConstants, gunzip } from 'node:zlib';
import type { z } from 'zod';
import type { AuditRecord } from '../../core/audit/chain';
import type { EnrolRequest, EnrolResponse, PullPage, PushResponse } from '../../core/sync/protocol';
import {
  AUTH_HEADERS,
  toWireEvent,
  enrolResponseSchema,
  parseJsonSafely,
  pullPageSchema,
  pushResponseSchema,
  signingText,
} from '../../core/sync/protocol';
import type { DeviceCredentials } from './sync-state-repository';

export type TransportErrorCode =
  'offline' | 'timeout' | 'certificate' | 'notEnrolled' | 'unauthorised' | 'refused' | 'tooLarge' | 'http' | 'badResponse';
export type TransportResult<T> = { ok: true; value: T } | { ok: false; error: { code: TransportErrorCode; status?: number } };

type Attempt<T> = { ok: true; value: T } | { ok: false; error: { code: TransportErrorCode; status?: number; serverTime?: number } };

export interface SyncTransport {
  enrol(request: EnrolRequest): Promise<TransportResult<EnrolResponse>>;
  push(events: AuditRecord[]): Promise<TransportResult<PushResponse>>;
  pull(cursor: string, limit: number): Promise<TransportResult<PullPage>>;
}

export interface HttpTransportOptions {
  /** e.g. `https://centre.example:8443` or `http://127.0.0.1:4100` (loopback demo only). */
  baseUrl: string;
  credentials: () => DeviceCredentials | null;
  /** Required for https: the CA to trust and the server certificate's SHA-256 fingerprint (`AB:CD:...`). */
  tls?: { caPem: string; fingerprint256: string } | null;
  clock?: { now(): number };
  timeoutMs?: number;
  /** A response body above this (compressed or not) is dropped unread. */
  maxResponseBytes?: number;
  /** Compress (brotli) request bodies above this size. */
  compressAboveBytes?: number;
}

const DEFAULT_MAX_RESPONSE = 16 * 1024 * 1024;

export class PinnedCertificateError extends Error {
  readonly code = 'ERR_PINNED_CERTIFICATE';
}

const normaliseFingerprint = (f: string) => f.replace(/:/g, '').toUpperCase();

export function createHttpTransport(options: HttpTransportOptions): SyncTransport {
  const base = new URL(options.baseUrl);
  const secure = base.protocol === 'https:';
  if (secure && !options.tls) throw new Error('https needs tls.caPem and tls.fingerprint256 to pin the server');
  const clock = options.clock ?? { now: () => Date.now() };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
  const compressAbove = options.compressAboveBytes ?? 1024;
  const pin = options.tls ? normaliseFingerprint(options.tls.fingerprint256) : null;
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        maxSockets: 2,
        ca: options.tls!.caPem,
        rejectUnauthorized: true,
        checkServerIdentity: (host: string, cert: PeerCertificate) => {
          const hostError = checkServerIdentity(host, cert);
          if (hostError) return hostError;
          if (!cert.fingerprint256 || normaliseFingerprint(cert.fingerprint256) !== pin)
            return new PinnedCertificateError(`server certificate does not match the pinned fingerprint for ${host}`);
          return undefined;
        },
      })
    : new http.Agent({ keepAlive: true, maxSockets: 2 });
  let privateKeyCache: { der: string; key: ReturnType<typeof createPrivateKey> } | null = null;

  /** Centre time minus local time, learnt when the centre refuses our clock; only used to sign. */
  let clockOffset = 0;

  async function request<T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    signed: boolean,
  ): Promise<TransportResult<T>> {
    const first = await attempt(method, path, body, schema, signed);
    if (!first.ok && first.error.code === 'unauthorised' && first.error.serverTime !== undefined) {
      clockOffset = first.error.serverTime - clock.now();
      const second = await attempt(method, path, body, schema, signed);
      if (!second.ok) delete second.error.serverTime;
      return second;
    }
    if (!first.ok) delete first.error.serverTime;
    return first;
  }

  function attempt<T>(method: 'GET' | 'POST', path: string, body: unknown, schema: z.ZodType<T>, signed: boolean): Promise<Attempt<T>> {
    const json = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body), 'utf8');
    const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'br, gzip' };
    if (signed) {
      const creds = options.credentials();
      if (!creds) return Promise.resolve({ ok: false, error: { code: 'notEnrolled' } });
      if (!privateKeyCache || privateKeyCache.der !== creds.privateKey)
        privateKeyCache = {
          der: creds.privateKey,
          key: createPrivateKey({ key: Buffer.from(creds.privateKey, 'base64'), format: 'der', type: 'pkcs8' }),
        };
      const time = Math.round(clock.now() + clockOffset);
      const nonce = randomBytes(16).toString('hex');
      const bodySha256 = createHash('sha256').update(json).digest('hex');
      const text = signingText({ method, path, time, nonce, bodySha256 });
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
      const req = (secure ? https : http).request(url, { method, headers, agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
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
          if (status === 403) return done({ ok: false, error: { code: 'refused', status } });
          if (status === 413) return done({ ok: false, error: { code: 'tooLarge', status } });
          if (status < 200 || status >= 300)
            return done({ ok: false, error: { code: status >= 500 || status === 502 ? 'offline' : 'http', status } });
          const finish = (text: string) => {
            const parsed = parseJsonSafely(text);
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
              finish(out.toString('utf8'));
            });
          } else if (res.headers['content-encoding'] && res.headers['content-encoding'] !== 'identity') {
            done({ ok: false, error: { code: 'badResponse' } });
          } else {
            finish(bodyBuffer.toString('utf8'));
          }
        });
      });
      req.on('timeout', () => {
        req.destroy();
        done({ ok: false, error: { code: 'timeout' } });
      });
      req.on('error', (error: Error & { code?: string }) => {
        const tlsError =
          error instanceof PinnedCertificateError ||
          error.code === 'ERR_PINNED_CERTIFICATE' ||
          /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(error.code ?? '');
        done({ ok: false, error: { code: tlsError ? 'certificate' : 'offline' } });
      });
      req.end(payload);
    });
  }

  return {
    enrol: (body) => request('POST', '/v1/enrol', body, enrolResponseSchema, false),
    push: (events) => request('POST', '/v1/push', { events: events.map(toWireEvent) }, pushResponseSchema, true),
    pull: (cursor, limit) =>
      request('GET', `/v1/pull?cursor=${encodeURIComponent(cursor)}&limit=${limit}`, undefined, pullPageSchema, true),
  };
}
