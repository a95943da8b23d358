/**
 * Starts the centre in this process: storage (PostgreSQL when `databaseUrl`, PGlite in
 * `<dataDir>/pg` otherwise, in memory when neither), migrations, routes, and optionally TLS.
 * Used by `npm run server`, by the app to embed a demo centre, and by the tests.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server as HttpsServer } from 'node:https';
import type { FastifyInstance } from 'fastify';
import type { RateLimitOptions } from './app';
import type { CentreIdentity } from './console/enrol-provisioning';
import { buildApp } from './app';
import { migrateServer } from './migrations';
import type { Storage } from './storage';
import { createStorage } from './storage';
import type { Clock, ServerLogger, Store } from './store';
import { createStore, silentLogger } from './store';
import type { TlsMaterial } from './tls';
import { certificateFingerprint, createSelfSignedTls, ensureDemoTls } from './tls';

export interface StartServerOptions {
  /** Where PGlite data, the admin token and the demo TLS files live. Undefined: all in memory. */
  dataDir?: string;
  /** PostgreSQL connection string; when set PGlite is not used. */
  databaseUrl?: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /**
   * 'self-signed' (the default): a certificate the centre makes itself, kept under `<dataDir>/tls`
   * (in memory without a dataDir); or your own key and cert; null: plain HTTP, only behind a proxy
   * that terminates TLS (posts refuse a plain http:// centre).
   */
  tls?: 'self-signed' | 'demo' | { key: string; cert: string; caPem?: string } | null;
  /** A demo centre (embedded in the app): says so on /health. */
  demo?: boolean;
  adminToken?: string;
  clock?: Clock;
  logger?: ServerLogger;
  /** Use an existing storage (tests); it is not closed with the server. */
  storage?: Storage;
  /** Requests per client address (defaults: DEFAULT_RATE_LIMIT). */
  rateLimit?: Partial<RateLimitOptions>;
  /**
   * The https address posts reach this centre at (`RVA_PUBLIC_URL` for `npm run server`): put in
   * the provisioning QR the console shows with a code. Absent: the address the console is reached at.
   */
  publicUrl?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  adminToken: string;
  /** Present with TLS: what a post needs to trust and pin the server. */
  tls: { caPem: string; fingerprint256: string } | null;
  store: Store;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const { dataDir } = options;
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const storage =
    options.storage ?? (await createStorage({ databaseUrl: options.databaseUrl, dataDir: dataDir ? join(dataDir, 'pg') : undefined }));
  const ownsStorage = !options.storage;
  try {
    await migrateServer(storage);
    const store = createStore(storage, { clock: options.clock, logger: options.logger ?? silentLogger });
    const adminToken = options.adminToken ?? readOrCreateAdminToken(dataDir);
    let tls: TlsMaterial | null = null;
    const tlsOption = options.tls === undefined ? 'self-signed' : options.tls;
    if (tlsOption === 'self-signed' || tlsOption === 'demo') {
      tls = dataDir ? ensureDemoTls(join(dataDir, 'tls')) : createSelfSignedTls();
    } else if (tlsOption) {
      tls = { ...tlsOption, caPem: tlsOption.caPem ?? tlsOption.cert, fingerprint256: certificateFingerprint(tlsOption.cert) };
    }
    const tlsDir = dataDir && (tlsOption === 'self-signed' || tlsOption === 'demo') ? join(dataDir, 'tls') : null;
    let reloadTls: (() => Promise<{ fingerprint256: string }>) | undefined;
    // What the console puts in a provisioning payload; a certificate reload updates it in place.
    const centre: CentreIdentity = { publicUrl: options.publicUrl, fingerprint256: tls?.fingerprint256 ?? null };
    const app = await buildApp({
      store,
      adminToken,
      https: tls ? { key: tls.key, cert: tls.cert } : null,
      ...(tlsDir ? { reloadTls: () => (reloadTls ? reloadTls() : Promise.reject(new Error('not started'))) } : {}),
      demo: options.demo ?? false,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      centre,
    });
    const host = options.host ?? '127.0.0.1';
    await app.listen({ port: options.port ?? 0, host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
    const url = `${tls ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    let tlsInfo = tls ? { caPem: tls.caPem, fingerprint256: tls.fingerprint256 } : null;
    const writeInfo = () => {
      if (dataDir)
        writeFileSync(join(dataDir, 'server.json'), JSON.stringify({ url, pid: process.pid, tls: tlsInfo }, null, 2), { mode: 0o600 });
    };
    writeInfo();
    if (tlsDir) {
      // A renewed certificate: new connections get it; idle ones are closed so clients reconnect.
      reloadTls = async () => {
        const material = ensureDemoTls(tlsDir);
        (app.server as HttpsServer).setSecureContext({ key: material.key, cert: material.cert });
        (app.server as HttpsServer).closeIdleConnections();
        tlsInfo = { caPem: material.caPem, fingerprint256: material.fingerprint256 };
        centre.fingerprint256 = material.fingerprint256;
        running.tls = tlsInfo;
        writeInfo();
        return { fingerprint256: material.fingerprint256 };
      };
    }
    const running: RunningServer = {
      url,
      port,
      adminToken,
      tls: tlsInfo,
      store,
      app,
      async close() {
        await app.close();
        if (ownsStorage) await storage.close();
      },
    };
    return running;
  } catch (error) {
    if (ownsStorage) await storage.close().catch(() => undefined);
    throw error;
  }
}

/** The admin token lives in `<dataDir>/admin-token` (0600), made at first start. */
export function readOrCreateAdminToken(dataDir: string | undefined): string {
  if (!dataDir) return randomBytes(24).toString('base64url');
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}
