/**
 * `npm run server`                         start the centre (PGlite in $RVA_SERVER_DATA, or $DATABASE_URL)
 * `npm run --silent server -- enrol-code CMN`   print a one-time enrolment code for post CMN
 * `npm run --silent server -- pv-import FILE`   import PVs from a `{ "version": 1, "pvs": [...] }` file
 * `npm run --silent server -- revoke-device ID`
 * `npm run --silent server -- rotate-signing-key [--in-hours 24] [--overlap-hours 72]`
 *     a next centre signing key, used from the given delay on; posts learn it from a rotation record
 *     signed by the current key and still accept the current one for the overlap
 * `npm run --silent server -- renew-certificate [--activate]`
 *     a next TLS certificate (tls/next.pem) whose fingerprint is announced to the posts in a signed
 *     record; with --activate, once the posts have synced, the centre serves it
 * `npm run --silent server -- init-recovery-key --out FILE`
 *     makes the centre's recovery key: the private half goes to FILE only (keep it offline), the
 *     public half to the centre, which gives it to posts at enrolment (and announces it to older posts)
 * `npm run --silent server -- revoke-signing-key --recovery-key FILE`
 *     after a theft of the centre signing key: a revocation signed with the recovery key in FILE;
 *     posts drop the stolen key at once and trust the replacement made here
 * `npm run --silent server -- provisioning CMN --url https://centre.example:8443 > cmn.json`
 *     a new one-time code for CMN in a provisioning file the post's setup screen reads (address,
 *     certificate fingerprint, code); the address defaults to RVA_PUBLIC_URL, then the running server's;
 *     `--qr FILE.svg` also writes it as a QR (the console's provisioning QR) for the setup screen
 *
 * Environment: RVA_SERVER_DATA (default .data/server), PORT (default 4100), HOST (default
 * 127.0.0.1), RVA_SERVER_TLS=demo|off (default demo: a self-signed certificate made at first start), DATABASE_URL.
 * Admin commands go through the running server when there is one, else straight to the database.
 */
import { generateKeyPairSync, createPrivateKey, createPublicKey, createHash, sign as signBytes } from 'node:crypto';
import { readFileSync, existsSync, writeFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { join, resolve } from 'node:path';
import { migrateServer } from './migrations';
import { createStorage } from './storage';
import { createStore } from './store';
import { readOrCreateAdminToken, startServer } from './start';
import { activateNextTls, certificateFingerprint, ensureNextTls, nextTlsFingerprint } from './tls';
import qrcode from 'qrcode-generator';
import { buildProvisioning, normalizeFingerprint } from '../core/post/provisioning';
import type { Revocation } from '../core/sync/centre-trust';
import { trustSigningText } from '../core/sync/centre-trust';

/** What `init-recovery-key` writes: the recovery key pair (PKCS#8 DER and raw public key, base64). */
interface RecoveryKeyFile {
  kind: 'rva-centre-recovery-key';
  publicKey: string;
  privateKey: string;
}

const rawPublicKey = (key: ReturnType<typeof createPublicKey>) =>
  Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
/** SHA-256 of the raw key, in pairs: what an operator compares. */
const keyFingerprint = (raw: string) =>
  createHash('sha256')
    .update(Buffer.from(raw, 'base64'))
    .digest('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');

function readRecoveryKey(file: string): { publicKey: string; key: ReturnType<typeof createPrivateKey> } | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<RecoveryKeyFile>;
    if (parsed.kind !== 'rva-centre-recovery-key' || typeof parsed.privateKey !== 'string') return null;
    const key = createPrivateKey({ key: Buffer.from(parsed.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
    const publicKey = rawPublicKey(createPublicKey(key));
    return publicKey === parsed.publicKey ? { publicKey, key } : null;
  } catch {
    return null;
  }
}

const dataDir = resolve(process.env.RVA_SERVER_DATA ?? '.data/server');
const databaseUrl = process.env.DATABASE_URL || undefined;

interface ServerInfo {
  url: string;
  tls: { caPem: string; fingerprint256: string } | null;
}

function adminCall(
  info: ServerInfo,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, info.url);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolvePromise, reject) => {
    const options = {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
      },
      timeout: 60_000,
      ...(info.tls ? { ca: info.tls.caPem } : {}),
    };
    const req = (url.protocol === 'https:' ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolvePromise({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as unknown }),
      );
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(payload);
  });
}

async function runningServer(): Promise<ServerInfo | null> {
  const file = join(dataDir, 'server.json');
  if (!existsSync(file)) return null;
  const info = JSON.parse(readFileSync(file, 'utf8')) as ServerInfo;
  try {
    const res = await adminCall(info, '', 'GET', '/health');
    return res.status === 200 ? info : null;
  } catch {
    return null;
  }
}

/** Runs an admin operation through the running server, or on the database directly. */
async function adminOp<T>(
  viaHttp: (info: ServerInfo, token: string) => Promise<T>,
  direct: (store: ReturnType<typeof createStore>) => Promise<T>,
): Promise<T> {
  const info = await runningServer();
  if (info) return viaHttp(info, readOrCreateAdminToken(dataDir));
  const storage = await createStorage({ databaseUrl, dataDir: join(dataDir, 'pg') });
  try {
    await migrateServer(storage);
    return await direct(createStore(storage));
  } finally {
    await storage.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...args] = argv;
  switch (command) {
    case 'start': {
      const tlsMode = process.env.RVA_SERVER_TLS ?? 'demo';
      const server = await startServer({
        dataDir,
        databaseUrl,
        port: Number(process.env.PORT ?? 4100),
        host: process.env.HOST ?? '127.0.0.1',
        tls: tlsMode === 'off' ? null : 'demo',
        ...(process.env.RVA_PUBLIC_URL ? { publicUrl: process.env.RVA_PUBLIC_URL } : {}),
        logger: {
          info: (message, fields) => console.log(JSON.stringify({ level: 'info', message, ...fields })),
          warn: (message, fields) => console.log(JSON.stringify({ level: 'warn', message, ...fields })),
        },
      });
      console.log(`RVA Départ centre listening on ${server.url} (${databaseUrl ? 'PostgreSQL' : `PGlite in ${join(dataDir, 'pg')}`})`);
      if (server.tls)
        console.log(
          `server certificate SHA-256 (posts pin it): ${server.tls.fingerprint256}\ncertificate: ${join(dataDir, 'tls', 'server.pem')}`,
        );
      console.log(`admin token in ${join(dataDir, 'admin-token')}; OpenAPI at ${server.url}/openapi.json`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return -1;
    }
    case 'enrol-code': {
      const post = args[0];
      if (!post || !/^[A-Z0-9]{2,8}$/.test(post)) {
        console.error('usage: server enrol-code POST (e.g. CMN)');
        return 2;
      }
      const result = await adminOp(
        async (info, token) =>
          (await adminCall(info, token, 'POST', '/admin/enrol-codes', { postCode: post })).body as { code: string; expiresAt: number },
        (store) => store.createEnrolCode(post),
      );
      console.log(result.code);
      return 0;
    }
    case 'provisioning': {
      const post = args[0];
      const urlAt = args.indexOf('--url');
      const url = urlAt > 0 ? args[urlAt + 1] : process.env.RVA_PUBLIC_URL;
      const qrAt = args.indexOf('--qr');
      const qrPath = qrAt > 0 ? args[qrAt + 1] : undefined;
      if (!post || !/^[A-Z0-9]{2,8}$/.test(post) || (urlAt > 0 && !url) || (qrAt > 0 && !qrPath?.endsWith('.svg'))) {
        console.error('usage: server provisioning POST [--url https://centre.example:8443] [--qr FILE.svg]');
        return 2;
      }
      const info = await runningServer();
      const pem = join(dataDir, 'tls', 'server.pem');
      const fingerprint = info?.tls?.fingerprint256 ?? (existsSync(pem) ? certificateFingerprint(readFileSync(pem, 'utf8')) : null);
      const address = url ?? info?.url;
      if (!fingerprint || !address) {
        console.error('no certificate or no address: start the centre once, or give --url and keep its tls/server.pem');
        return 2;
      }
      const issued = await adminOp(
        async (running, token) =>
          (await adminCall(running, token, 'POST', '/admin/enrol-codes', { postCode: post })).body as { code: string; expiresAt: number },
        (store) => store.createEnrolCode(post),
      );
      const file = buildProvisioning({ url: address, fingerprint, code: issued.code, postCode: post, expiresAt: issued.expiresAt });
      console.log(JSON.stringify(file, null, 2));
      if (qrAt > 0) {
        // The same QR as the console's, for the post's setup screen ("Scan the centre's QR").
        const qr = qrcode(0, 'M');
        qr.addData(JSON.stringify(file));
        qr.make();
        writeFileSync(qrPath as string, qr.createSvgTag({ cellSize: 8, margin: 32 }), { mode: 0o600 });
      }
      return 0;
    }
    case 'pv-import': {
      const file = args[0];
      if (!file) {
        console.error('usage: server pv-import FILE.json');
        return 2;
      }
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pvs?: unknown[] };
      const pvs = Array.isArray(parsed.pvs) ? parsed.pvs : [];
      const result = await adminOp(
        async (info, token) => (await adminCall(info, token, 'POST', '/admin/pvs', { pvs })).body,
        (store) => store.importPvs(pvs),
      );
      console.log(JSON.stringify(result));
      return (result as { errors?: unknown[] }).errors?.length ? 1 : 0;
    }
    case 'revoke-device': {
      const id = args[0];
      if (!id) {
        console.error('usage: server revoke-device DEVICE_ID');
        return 2;
      }
      const done = await adminOp(
        async (info, token) => (await adminCall(info, token, 'POST', `/admin/devices/${encodeURIComponent(id)}/revoke`)).status === 200,
        (store) => store.revokeDevice(id),
      );
      console.log(done ? 'revoked' : 'unknown device');
      return done ? 0 : 1;
    }
    case 'rotate-signing-key': {
      const hours = (flag: string, fallback: number): number | null => {
        const at = args.indexOf(flag);
        if (at < 0) return fallback;
        const value = Number(args[at + 1]);
        return Number.isFinite(value) && value >= 0 && value <= 24 * 365 ? value : null;
      };
      const inHours = hours('--in-hours', 24);
      const overlapHours = hours('--overlap-hours', 72);
      if (inHours === null || overlapHours === null) {
        console.error('usage: server rotate-signing-key [--in-hours 24] [--overlap-hours 72]');
        return 2;
      }
      const request = { notBefore: Date.now() + inHours * 3600_000, overlapMs: overlapHours * 3600_000 };
      const result = await adminOp(
        async (info, token) => {
          const answer = await adminCall(info, token, 'POST', '/admin/centre-keys/rotate', request);
          return answer.status === 200
            ? { ok: true as const, record: answer.body as { nextKey: string; notBefore: number; previousUntil: number } }
            : { ok: false as const, error: String((answer.body as { error?: string } | null)?.error ?? answer.status) };
        },
        (store) => store.rotateSigningKey(request),
      );
      if (!result.ok) {
        console.error(`refused: ${result.error} (one rotation at a time: wait for the pending key's start)`);
        return 1;
      }
      console.log(
        `next centre signing key ${result.record.nextKey}
signed with it from ${new Date(result.record.notBefore).toISOString()}; ` +
          `the current key is accepted by posts until ${new Date(result.record.previousUntil).toISOString()}`,
      );
      return 0;
    }
    case 'init-recovery-key': {
      const outAt = args.indexOf('--out');
      const out = outAt >= 0 ? args[outAt + 1] : undefined;
      if (!out) {
        console.error('usage: server init-recovery-key --out FILE (keep FILE offline: it is the only copy)');
        return 2;
      }
      if (existsSync(out)) {
        console.error(`refused: ${out} exists`);
        return 2;
      }
      const pair = generateKeyPairSync('ed25519');
      const publicKey = rawPublicKey(pair.publicKey);
      const file: RecoveryKeyFile = {
        kind: 'rva-centre-recovery-key',
        publicKey,
        privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      };
      writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      const result = await adminOp(
        async (info, token) => {
          const answer = await adminCall(info, token, 'POST', '/admin/centre-keys/recovery', { publicKey });
          return answer.status === 200
            ? { ok: true as const }
            : { ok: false as const, error: String((answer.body as { error?: string })?.error) };
        },
        (store) => store.setRecoveryKey(publicKey),
      );
      if (!result.ok) {
        rmSync(out, { force: true });
        console.error('refused: the centre already has a recovery key (there is one per centre)');
        return 1;
      }
      console.log(
        `recovery key written to ${out}: keep it offline (removable media in a safe), never on the centre\n` +
          `public key ${publicKey}\nSHA-256 ${keyFingerprint(publicKey)}\n` +
          'posts receive it at enrolment; posts already enrolled learn it at their next sync',
      );
      return 0;
    }
    case 'revoke-signing-key': {
      const fileAt = args.indexOf('--recovery-key');
      const file = fileAt >= 0 ? args[fileAt + 1] : undefined;
      if (!file) {
        console.error('usage: server revoke-signing-key --recovery-key FILE');
        return 2;
      }
      const recoveryKey = readRecoveryKey(file);
      if (!recoveryKey) {
        console.error(`refused: ${file} is not a recovery key file written by init-recovery-key`);
        return 2;
      }
      const basis = await adminOp(
        async (info, token) =>
          (await adminCall(info, token, 'GET', '/admin/centre-keys/revocation')).body as {
            keyInUse: string;
            seq: number;
            recoveryKey: string | null;
          },
        (store) => store.revocationBasis(),
      );
      if (basis.recoveryKey !== recoveryKey.publicKey) {
        console.error(
          basis.recoveryKey
            ? 'refused: this is not the recovery key of this centre'
            : 'refused: this centre has no recovery key (server init-recovery-key)',
        );
        return 1;
      }
      const replacement = generateKeyPairSync('ed25519');
      const unsigned = {
        kind: 'revocation' as const,
        seq: basis.seq,
        revokedKey: basis.keyInUse,
        replacementKey: rawPublicKey(replacement.publicKey),
        revokedAt: Date.now(),
        recoveryKey: recoveryKey.publicKey,
      };
      const record: Revocation = {
        ...unsigned,
        signature: signBytes(null, Buffer.from(trustSigningText(unsigned), 'utf8'), recoveryKey.key).toString('base64'),
      };
      const body = { record, privateKey: replacement.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64') };
      const result = await adminOp(
        async (info, token) => {
          const answer = await adminCall(info, token, 'POST', '/admin/centre-keys/revoke', body);
          return answer.status === 200
            ? { ok: true as const }
            : { ok: false as const, error: String((answer.body as { error?: string })?.error) };
        },
        async (store) => store.revokeSigningKey(body),
      );
      if (!result.ok) {
        console.error(`refused: ${result.error}`);
        return 1;
      }
      console.log(
        `revoked centre signing key ${record.revokedKey} (revocation ${record.seq})\n` +
          `the centre signs with ${record.replacementKey} from now; posts drop the revoked key at their next sync`,
      );
      return 0;
    }
    case 'renew-certificate': {
      const tlsDir = join(dataDir, 'tls');
      if (!args.includes('--activate')) {
        const next = ensureNextTls(tlsDir);
        await adminOp(
          async (info, token) =>
            (await adminCall(info, token, 'POST', '/admin/tls/announce', { fingerprint256: next.fingerprint256 })).body,
          (store) => store.announceCertificate(next.fingerprint256),
        );
        console.log(
          `next certificate SHA-256 (announced to the posts): ${next.fingerprint256}
` + `once the posts have synced: server renew-certificate --activate`,
        );
        return 0;
      }
      const fingerprint = nextTlsFingerprint(tlsDir);
      if (!fingerprint) {
        console.error('no next certificate: run server renew-certificate first');
        return 2;
      }
      const announced = await adminOp(
        async (info, token) => ((await adminCall(info, token, 'GET', '/admin/tls')).body as { announced: string | null }).announced,
        (store) => store.announcedCertificate(),
      );
      if (announced !== normalizeFingerprint(fingerprint)) {
        console.error('the next certificate was not announced to the posts: run server renew-certificate first');
        return 2;
      }
      activateNextTls(tlsDir);
      const info = await runningServer();
      if (info) await adminCall(info, readOrCreateAdminToken(dataDir), 'POST', '/admin/tls/reload');
      console.log(`the centre now serves the certificate ${fingerprint}${info ? '' : ' (from its next start)'}`);
      return 0;
    }
    default:
      console.error(
        'commands: start | enrol-code POST | provisioning POST [--url URL] [--qr FILE.svg] | pv-import FILE | revoke-device ID | rotate-signing-key | init-recovery-key --out FILE | revoke-signing-key --recovery-key FILE | renew-certificate [--activate]',
      );
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
