/**
 * TLS material for the centre. Without a certificate from the ministry's PKI, the centre makes a
 * self-signed server certificate (node-forge, no external binary) once, keeps it in `<dir>`, and
 * prints its SHA-256 fingerprint: a post pins that fingerprint at enrolment and trusts nothing
 * else. A production centre may pass its own key and cert to startServer instead; posts pin it
 * the same way.
 */
import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';

export interface TlsMaterial {
  key: string;
  cert: string;
  /** What a post may trust as the anchor: the CA, or the certificate itself when self-signed. */
  caPem: string;
  /** SHA-256 fingerprint of the server certificate, `AB:CD:...` as Node prints it. */
  fingerprint256: string;
}

export interface CertificateHosts {
  dns?: string[];
  ips?: string[];
}

export function certificateFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

/**
 * A certificate serial as DER wants it: positive and minimally encoded. The first byte is 0x01 to
 * 0x7f: a first byte of 0x00 before a byte below 0x80 is "illegal padding" to OpenSSL, which then
 * refuses the whole certificate (one certificate in 32 with the earlier `0` + 15 random bytes).
 */
export function certificateSerial(random: Buffer): string {
  if (random.length !== 16) throw new Error('a serial takes 16 random bytes');
  const bytes = Buffer.from(random);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

/** A new self-signed RSA-2048 server certificate (825 days) for the given host names and addresses. */
export function createSelfSignedTls(
  hosts: CertificateHosts = {},
  commonName = 'RVA Depart centre',
  random: (n: number) => Buffer = randomBytes,
): TlsMaterial {
  // Key generation by Node (native, fast); forge only writes and signs the certificate.
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = pair.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
  const privateKey = forge.pki.privateKeyFromPem(keyPem);
  const publicKey = forge.pki.publicKeyFromPem(pair.publicKey.export({ format: 'pem', type: 'spki' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = certificateSerial(random(16));
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 3600_000);
  cert.validity.notAfter = new Date(now.getTime() + 825 * 86_400_000);
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  const dns = hosts.dns ?? ['localhost'];
  const ips = hosts.ips ?? ['127.0.0.1'];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...dns.map((value) => ({ type: 2, value })), ...ips.filter((ip) => isIP(ip) !== 0).map((ip) => ({ type: 7, ip }))],
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  return { key: keyPem, cert: certPem, caPem: certPem, fingerprint256: certificateFingerprint(certPem) };
}

/** A certificate kept as `<dir>/<name>.key` and `<name>.pem` (0600): read, or made the first time. */
function ensureTlsFiles(dir: string, name: string, hosts: CertificateHosts, caFile?: string): TlsMaterial {
  const files = { key: join(dir, `${name}.key`), cert: join(dir, `${name}.pem`) };
  if (!existsSync(files.cert) || !existsSync(files.key)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const made = createSelfSignedTls(hosts);
    writeFileSync(files.key, made.key, { mode: 0o600 });
    writeFileSync(files.cert, made.cert, { mode: 0o600 });
    return made;
  }
  const cert = readFileSync(files.cert, 'utf8');
  return {
    key: readFileSync(files.key, 'utf8'),
    cert,
    caPem: caFile && existsSync(caFile) ? readFileSync(caFile, 'utf8') : cert,
    fingerprint256: certificateFingerprint(cert),
  };
}

/**
 * The centre's own certificate, made at first start and kept in `<dir>` (0600). Files from an older
 * demo CA layout (`ca.pem` next to `server.pem`) are still used as they are.
 */
export function ensureDemoTls(dir: string, hosts: CertificateHosts = {}): TlsMaterial {
  return ensureTlsFiles(dir, 'server', hosts, join(dir, 'ca.pem'));
}

const NEXT_FILES = (dir: string) => ({ key: join(dir, 'next.key'), cert: join(dir, 'next.pem') });

/**
 * The centre's next certificate (renewal), kept in `<dir>/next.pem` until it is activated: made
 * once, so announcing it again gives the same fingerprint.
 */
export function ensureNextTls(dir: string, hosts: CertificateHosts = {}): TlsMaterial {
  return ensureTlsFiles(dir, 'next', hosts);
}

/** The next certificate's fingerprint, or null when there is none. */
export function nextTlsFingerprint(dir: string): string | null {
  const files = NEXT_FILES(dir);
  return existsSync(files.cert) ? certificateFingerprint(readFileSync(files.cert, 'utf8')) : null;
}

/** Makes the next certificate the centre's own (`server.pem`); the running centre reloads it. */
export function activateNextTls(dir: string): TlsMaterial {
  const files = NEXT_FILES(dir);
  const next = ensureNextTls(dir);
  renameSync(files.key, join(dir, 'server.key'));
  renameSync(files.cert, join(dir, 'server.pem'));
  // A CA of the older demo layout does not sign the new certificate.
  rmSync(join(dir, 'ca.pem'), { force: true });
  return next;
}
