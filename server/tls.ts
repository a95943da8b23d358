/**
 * Demo TLS material for the centre: a demo CA and a server certificate it signs (localhost and
 * 127.0.0.1), generated once with the `openssl` binary and kept in `<dir>`. Posts trust the CA
 * and pin the server certificate's SHA-256 fingerprint. A production centre uses certificates
 * from the ministry's PKI instead (pass key and cert to startServer).
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TlsMaterial {
  key: string;
  cert: string;
  caPem: string;
  /** SHA-256 fingerprint of the server certificate, `AB:CD:...` as Node prints it. */
  fingerprint256: string;
}

export function certificateFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

export function ensureDemoTls(dir: string, hosts: { dns?: string[]; ips?: string[] } = {}): TlsMaterial {
  const files = { caKey: join(dir, 'ca.key'), ca: join(dir, 'ca.pem'), key: join(dir, 'server.key'), cert: join(dir, 'server.pem') };
  if (!existsSync(files.cert) || !existsSync(files.key) || !existsSync(files.ca)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const run = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', files.caKey]);
    run([
      'req',
      '-x509',
      '-new',
      '-key',
      files.caKey,
      '-sha256',
      '-days',
      '3650',
      '-subj',
      '/CN=RVA Depart demo CA',
      '-out',
      files.ca,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', files.key]);
    const csr = join(dir, 'server.csr');
    run(['req', '-new', '-key', files.key, '-subj', '/CN=localhost', '-out', csr]);
    const san = [...(hosts.dns ?? ['localhost']).map((d) => `DNS:${d}`), ...(hosts.ips ?? ['127.0.0.1']).map((ip) => `IP:${ip}`)].join(',');
    const ext = join(dir, 'server.ext');
    writeFileSync(ext, `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`);
    run([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      files.ca,
      '-CAkey',
      files.caKey,
      '-CAcreateserial',
      '-days',
      '825',
      '-sha256',
      '-extfile',
      ext,
      '-out',
      files.cert,
    ]);
  }
  const cert = readFileSync(files.cert, 'utf8');
  return {
    key: readFileSync(files.key, 'utf8'),
    cert,
    caPem: readFileSync(files.ca, 'utf8'),
    fingerprint256: certificateFingerprint(cert),
  };
}
