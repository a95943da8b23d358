/**
 * Loopback proxies for sync tests and benches.
 * - `startChaosProxy`: an HTTP proxy that drops requests (before or after the server saw them),
 *   delays them, sends them twice, and replays old captured requests to the server.
 * - `startThrottleProxy`: a TCP proxy that adds latency in each direction and caps bandwidth.
 */
import http from 'node:http';
import https from 'node:https';
import { createSelfSignedTls } from '../../server/tls';
import net from 'node:net';

export interface ChaosRates {
  dropBefore: number;
  dropAfter: number;
  delay: number;
  duplicate: number;
  replay: number;
}

export interface ChaosStats {
  requests: number;
  droppedBefore: number;
  droppedAfter: number;
  delayed: number;
  duplicated: number;
  replayed: number;
  /** Status codes the server gave to replayed old requests. */
  replayStatuses: Record<number, number>;
}

interface Captured {
  method: string;
  path: string;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

const listen = (server: net.Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    }),
  );

export async function startChaosProxy(
  target: string,
  rates: ChaosRates,
  random: () => number = Math.random,
  targetTls: { caPem: string } | null = null,
) {
  const base = new URL(target);
  const secureTarget = base.protocol === 'https:';
  const agent = secureTarget
    ? new https.Agent({
        keepAlive: true,
        maxSockets: 16,
        ...(targetTls ? { ca: targetTls.caPem } : {}),
        checkServerIdentity: () => undefined,
      })
    : new http.Agent({ keepAlive: true, maxSockets: 16 });
  // The posts speak TLS to the proxy, which holds its own certificate (the posts pin it).
  const tls = createSelfSignedTls();
  const stats: ChaosStats = { requests: 0, droppedBefore: 0, droppedAfter: 0, delayed: 0, duplicated: 0, replayed: 0, replayStatuses: {} };
  const captured: Captured[] = [];
  let chaos = true;

  const forward = (c: Captured) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer } | null>((resolve) => {
      const req = (secureTarget ? https : http).request(
        { host: base.hostname, port: base.port, method: c.method, path: c.path, headers: { ...c.headers, host: base.host }, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', () => resolve(null));
        },
      );
      req.on('error', () => resolve(null));
      req.end(c.body);
    });

  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      void (async () => {
        stats.requests++;
        const headers = { ...req.headers };
        delete headers.connection;
        const c: Captured = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body: Buffer.concat(chunks) };
        if (chaos && captured.length > 0 && random() < rates.replay) {
          const old = captured[Math.floor(random() * captured.length)]!;
          stats.replayed++;
          const r = await forward(old);
          const status = r?.status ?? 0;
          stats.replayStatuses[status] = (stats.replayStatuses[status] ?? 0) + 1;
        }
        if (captured.length < 500) captured.push(c);
        if (chaos && random() < rates.dropBefore) {
          stats.droppedBefore++;
          req.socket.destroy();
          return;
        }
        if (chaos && random() < rates.delay) {
          stats.delayed++;
          await new Promise((r) => setTimeout(r, random() * 400));
        }
        let result;
        if (chaos && random() < rates.duplicate) {
          stats.duplicated++;
          const both = await Promise.all([forward(c), forward(c)]);
          result = both[random() < 0.5 ? 0 : 1] ?? null;
        } else {
          result = await forward(c);
        }
        if (!result || (chaos && random() < rates.dropAfter)) {
          stats.droppedAfter++;
          req.socket.destroy();
          return;
        }
        const out = { ...result.headers };
        delete out['transfer-encoding'];
        delete out.connection;
        out['content-length'] = String(result.body.length);
        res.writeHead(result.status, out);
        res.end(result.body);
      })();
    });
  });
  const port = await listen(server);
  return {
    url: `https://127.0.0.1:${port}`,
    fingerprint256: tls.fingerprint256,
    stats,
    setChaos(on: boolean) {
      chaos = on;
    },
    /** Sends every captured request again; returns the status codes the server answered. */
    async replayAll(): Promise<number[]> {
      const statuses: number[] = [];
      for (const c of captured) statuses.push((await forward(c))?.status ?? 0);
      return statuses;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      agent.destroy();
    },
  };
}

/**
 * TCP proxy adding `rttMs / 2` of latency each way and pacing each direction at `bitsPerSecond`.
 * Counts the bytes that crossed it.
 */
export async function startThrottleProxy(target: { host: string; port: number }, options: { bitsPerSecond: number; rttMs: number }) {
  const bytesPerMs = options.bitsPerSecond / 8 / 1000;
  const counters = { up: 0, down: 0 };
  const pipe = (from: net.Socket, to: net.Socket, count: (n: number) => void) => {
    // Each direction: a link free again at `busyUntil`; a chunk leaves after the link has carried it, then travels rtt/2.
    let busyUntil = 0;
    from.on('data', (chunk: Buffer) => {
      count(chunk.length);
      const now = Date.now();
      const start = Math.max(now, busyUntil);
      busyUntil = start + chunk.length / bytesPerMs;
      const at = busyUntil + options.rttMs / 2;
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, at - now);
    });
    from.on('end', () => {
      const wait = Math.max(0, busyUntil - Date.now()) + options.rttMs / 2;
      setTimeout(() => to.end(), wait);
    });
    from.on('error', () => to.destroy());
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    pipe(client, upstream, (n) => (counters.up += n));
    pipe(upstream, client, (n) => (counters.down += n));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => setTimeout(() => client.destroy(), options.rttMs));
  });
  const port = await listen(server);
  return {
    host: '127.0.0.1',
    port,
    counters,
    async close() {
      await new Promise((r) => server.close(r));
    },
  };
}
