/**
 * The provisioning payload the console returns with a new enrolment code: its address (configured,
 * or the https origin the console was reached at), the fingerprint of the certificate the centre
 * serves, and what the post's setup screen reads back from it.
 */
import { request as httpsRequest } from 'node:https';
import { describe, expect, it } from 'vitest';
import { PROVISIONING_KIND, normalizeFingerprint, parseProvisioning } from '../../core/post/provisioning';
import { startServer } from '../start';
import { createConsoleStore, totpFor } from './console-store';
import { centreAddress, enrolProvisioning } from './enrol-provisioning';

const FINGERPRINT = 'AB'.repeat(32);
const ISSUED = { postCode: 'RAK', code: 'K7QZ-2PMX-9RTA', expiresAt: Date.parse('2026-06-16T10:00:00Z') };

describe('the provisioning payload of an enrolment code', () => {
  it('uses the configured public address first, whatever the console was reached at', () => {
    const payload = enrolProvisioning(
      { publicUrl: 'https://centre.rva.ma:8443', fingerprint256: FINGERPRINT },
      { protocol: 'https', host: '10.0.0.5:4100' },
      ISSUED,
    );
    expect(payload).toEqual({
      kind: PROVISIONING_KIND,
      version: 1,
      url: 'https://centre.rva.ma:8443',
      fingerprint: FINGERPRINT,
      code: 'K7QZ-2PMX-9RTA',
      postCode: 'RAK',
      expiresAt: ISSUED.expiresAt,
    });
    // What the QR carries reads back on the setup screen as the same thing.
    expect(parseProvisioning(JSON.stringify(payload))).toEqual({ ok: true, value: payload });
  });

  it('falls back to the https origin the console was reached at', () => {
    expect(centreAddress({ fingerprint256: FINGERPRINT }, { protocol: 'https', host: 'centre.rva.ma:8443' })).toBe(
      'https://centre.rva.ma:8443',
    );
    expect(centreAddress({ fingerprint256: FINGERPRINT }, { protocol: 'https', host: '[::1]:4100' })).toBe('https://[::1]:4100');
  });

  it('gives no payload without TLS of its own, over plain http, or for a host that is not one', () => {
    expect(enrolProvisioning({ fingerprint256: null }, { protocol: 'https', host: 'centre.rva.ma' }, ISSUED)).toBeNull();
    expect(enrolProvisioning({ fingerprint256: FINGERPRINT }, { protocol: 'http', host: 'centre.rva.ma' }, ISSUED)).toBeNull();
    expect(enrolProvisioning({ fingerprint256: FINGERPRINT }, { protocol: 'https', host: undefined }, ISSUED)).toBeNull();
    expect(enrolProvisioning({ fingerprint256: FINGERPRINT }, { protocol: 'https', host: 'evil.test/path?x=' }, ISSUED)).toBeNull();
    // A configured address posts would refuse (http) is not put in a QR either.
    expect(
      enrolProvisioning({ publicUrl: 'http://centre.rva.ma', fingerprint256: FINGERPRINT }, { protocol: 'https', host: 'a' }, ISSUED),
    ).toBeNull();
  });

  it('comes with the code the console issues on a real centre: its address and its certificate', async () => {
    const server = await startServer({});
    try {
      const consoleStore = createConsoleStore(server.store.storage);
      const { totpSecret } = await consoleStore.createAdmin({
        username: 'amina',
        password: 'correct horse battery',
        role: 'administrator',
      });
      const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
        new Promise<{ status: number; body: string; cookie: string }>((resolve, reject) => {
          const req = httpsRequest(
            `${server.url}${path}`,
            {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...headers },
              ca: server.tls?.caPem,
              checkServerIdentity: () => undefined,
            },
            (r) => {
              let text = '';
              r.setEncoding('utf8');
              r.on('data', (c: string) => (text += c));
              r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text, cookie: String(r.headers['set-cookie'] ?? '') }));
            },
          );
          req.on('error', reject);
          req.end(JSON.stringify(body));
        });
      const signIn = await call('/console/api/sign-in', {
        username: 'amina',
        password: 'correct horse battery',
        code: totpFor(totpSecret).generate({ timestamp: Date.now() }),
      });
      expect(signIn.status).toBe(200);
      const { csrfToken } = JSON.parse(signIn.body) as { csrfToken: string };
      const headers = { cookie: signIn.cookie.split(';')[0] as string, 'x-csrf-token': csrfToken };
      expect((await call('/console/api/posts', { code: 'RAK' }, headers)).status).toBe(201);
      const issued = await call('/console/api/posts/RAK/enrol-codes', {}, headers);
      expect(issued.status).toBe(201);
      const body = JSON.parse(issued.body) as { code: string; expiresAt: number; provisioning: unknown };
      expect(body.provisioning).toEqual({
        kind: PROVISIONING_KIND,
        version: 1,
        url: server.url,
        // Bare hex, as the schema normalises it: fewer characters in the QR.
        fingerprint: normalizeFingerprint(server.tls?.fingerprint256 ?? ''),
        code: body.code,
        postCode: 'RAK',
        expiresAt: body.expiresAt,
      });
    } finally {
      await server.close();
    }
  }, 60_000);
});
