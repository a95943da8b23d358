/** The centre's self-signed certificate is one OpenSSL accepts, whatever the random serial. */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateSerial, createSelfSignedTls } from './tls';

describe('certificate serial', () => {
  it('is positive and minimally encoded, even when the random bytes start with zeros', () => {
    expect(certificateSerial(Buffer.alloc(16))).toBe(`01${'00'.repeat(15)}`);
    expect(certificateSerial(Buffer.alloc(16, 0xff))).toBe(`7f${'ff'.repeat(15)}`);
    expect(() => certificateSerial(Buffer.alloc(15))).toThrow();
  });

  it('gives a certificate OpenSSL parses when the random source starts with a zero byte', () => {
    // The earlier serial (`0` + 15 random bytes) was 0x00 then a byte below 0x80 here: "illegal padding".
    const zeros = (n: number) => Buffer.alloc(n);
    const made = createSelfSignedTls({}, 'RVA Depart centre', zeros);
    const cert = new X509Certificate(made.cert);
    expect(cert.serialNumber).toBe(`01${'00'.repeat(15)}`.toUpperCase());
    expect(cert.subject).toContain('RVA Depart centre');
  });
});
