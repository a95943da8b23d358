import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { consoleResponses, consoleRouteOf } from '../../core/console/contract';

describe('the console contract', () => {
  it('declares the answer of every JSON route the console registers, and nothing else', async () => {
    const { registerConsole } = await import('./plugin');
    const app = Fastify();
    const routes: string[] = [];
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods)
        if (method !== 'HEAD' && route.url.startsWith('/console/api/') && !/\.(csv|pdf)$/.test(route.url))
          routes.push(`${method} ${route.url.slice('/console/api/'.length)}`);
    });
    await registerConsole(app, { store: { storage: {} } as never });
    expect(routes.sort()).toEqual(Object.keys(consoleResponses).sort());
  });

  it('finds the route of a call by its path, parameters filled and query string ignored', () => {
    expect(consoleRouteOf('GET', 'posts/RAK/devices')).toBe('GET posts/:code/devices');
    expect(consoleRouteOf('POST', 'pv-keys/dgsn-2027/retire')).toBe('POST pv-keys/:keyId/retire');
    expect(consoleRouteOf('GET', 'pvs?q=PV-1')).toBe('GET pvs');
    expect(consoleRouteOf('GET', 'stats?year=2026')).toBe('GET stats');
    expect(consoleRouteOf('GET', 'stats.csv?year=2026')).toBeNull();
    expect(consoleRouteOf('POST', 'pvs/signed-qr-import')).toBe('POST pvs/signed-qr-import');
    expect(consoleRouteOf('POST', 'pvs/PV-1/signed-qr')).toBe('POST pvs/:pvNumber/signed-qr');
    expect(consoleRouteOf('POST', 'pvs')).toBeNull();
  });
});
