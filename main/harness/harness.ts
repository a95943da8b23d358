/**
 * Browser mode: the built renderer and the real main services (SQLite file, migrations, handlers)
 * behind the same contract, on 127.0.0.1 only. Every IPC request needs the per-run token, this
 * origin and this host (no DNS rebinding, no cross-site calls).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AppServices, AppServicesOptions } from '../services/app-services';
import { createAppServices } from '../services/app-services';
import { commands } from '../../core/ipc/contract';
import { mayReceive } from '../ipc/events';
import { createIpc } from '../ipc/index';
import { bridgeScript } from './bridge-script';

export interface HarnessOptions extends Partial<Omit<AppServicesOptions, 'mode'>> {
  dataDir: string;
  port?: number;
  /** Folder of the built renderer (electron-vite build output). */
  rendererDir?: string;
}

export interface Harness {
  url: string;
  origin: string;
  token: string;
  services: AppServices;
  close(): Promise<void>;
}

const MAX_BODY = 2 * 1024 * 1024;

/**
 * Commands whose contract allows more than MAX_BODY: the cap follows the contract's own maximum
 * (characters; up to 3 UTF-8 bytes each, plus the JSON around them), so what the UI may send and
 * what this bridge reads agree. Anything larger is refused with 413 before it is all read.
 */
export const BODY_LIMITS: Readonly<Record<string, number>> = {
  'pvs.import': (commands['pvs.import'].input.shape.content.maxLength ?? 0) * 3 + 64 * 1024,
};
export const bodyLimit = (key: string): number =>
  Object.hasOwn(BODY_LIMITS, key) ? Math.max(MAX_BODY, BODY_LIMITS[key] as number) : MAX_BODY;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.bin': 'application/octet-stream',
};

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const rendererDir = resolve(options.rendererDir ?? join(process.cwd(), 'out', 'renderer'));
  const services = await createAppServices({
    version: options.version ?? process.env.npm_package_version ?? '0.0.0',
    ...options,
    mode: 'browser',
  });
  const dispatcher = createIpc(services);
  const token = randomBytes(24).toString('base64url');
  const streams = new Map<ServerResponse, string>();
  const unsubscribe = services.bus.subscribe((key, payload, target) => {
    const data = `data: ${JSON.stringify({ key, payload })}\n\n`;
    for (const [res, client] of streams) if (mayReceive(services.auth, key, target, client)) res.write(data);
  });
  let origin = '';
  let host = '';

  async function serveStatic(path: string, res: ServerResponse): Promise<void> {
    const relative = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '');
    const file = resolve(rendererDir, relative || 'index.html');
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) return send(res, 404, 'text/plain', 'not found');
    try {
      let body: Buffer | string = await readFile(file);
      if (file.endsWith('index.html')) {
        body = body.toString('utf8').replace('<script type="module"', '<script src="/__bridge.js"></script>\n    <script type="module"');
      }
      send(res, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body);
    } catch {
      send(res, 404, 'text/plain', 'not found');
    }
  }

  function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    res.end(body);
  }

  async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
    if (Number(req.headers['content-length'] ?? 0) > limit) return null;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) return null;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  const server = createServer((req, res) => {
    void (async () => {
      if (req.headers.host !== host) return send(res, 421, 'text/plain', 'wrong host');
      const url = new URL(req.url ?? '/', origin);
      if (req.method === 'GET' && url.pathname === '/__bridge.js') return send(res, 200, CONTENT_TYPES['.js'] as string, bridgeScript);
      if (req.method === 'GET' && url.pathname === '/__events') {
        if (!same(url.searchParams.get('token') ?? '', token)) return send(res, 403, 'text/plain', 'forbidden');
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.set(res, `browser:${url.searchParams.get('client') ?? ''}`);
        req.on('close', () => streams.delete(res));
        return;
      }
      if (url.pathname.startsWith('/__ipc/')) {
        if (req.method !== 'POST') return send(res, 405, 'text/plain', 'method not allowed');
        if (req.headers.origin !== origin)
          return send(
            res,
            403,
            'application/json',
            JSON.stringify({ ok: false, error: { code: 'badOrigin', message: 'errors.badOrigin' } }),
          );
        if (!same(String(req.headers['x-rva-token'] ?? ''), token))
          return send(
            res,
            403,
            'application/json',
            JSON.stringify({ ok: false, error: { code: 'unauthenticated', message: 'errors.badToken' } }),
          );
        const clientId = String(req.headers['x-rva-client'] ?? '');
        if (!/^[0-9a-f-]{36}$/.test(clientId))
          return send(
            res,
            400,
            'application/json',
            JSON.stringify({ ok: false, error: { code: 'badInput', message: 'errors.badClient' } }),
          );
        const key = decodeURIComponent(url.pathname.slice('/__ipc/'.length));
        const text = await readBody(req, bodyLimit(key));
        if (text === null) {
          res.setHeader('connection', 'close');
          res.on('finish', () => req.destroy());
          return send(res, 413, 'application/json', JSON.stringify({ ok: false, error: { code: 'badInput', message: 'errors.tooLarge' } }));
        }
        let input: unknown;
        try {
          input = JSON.parse(text || '{}');
        } catch {
          return send(res, 400, 'application/json', JSON.stringify({ ok: false, error: { code: 'badInput', message: 'errors.badJson' } }));
        }
        const result = await dispatcher.dispatch(key, input, `browser:${clientId}`);
        return send(res, 200, 'application/json', JSON.stringify(result));
      }
      if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed');
      return serveStatic(url.pathname, res);
    })().catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
      else res.end();
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  origin = `http://${host}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    services,
    async close() {
      unsubscribe();
      for (const res of streams.keys()) res.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await services.close();
    },
  };
}
