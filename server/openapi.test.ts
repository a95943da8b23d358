import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './openapi';

describe('/openapi.json', () => {
  it('documents every console route the server registers', async () => {
    const { registerConsole } = await import('./console/plugin');
    const app = Fastify();
    const routes: string[] = [];
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/console/api/')) routes.push(route.url.replace(/:(\w+)/g, '{$1}'));
    });
    // The routes are declared before any storage is touched.
    await registerConsole(app, { store: { storage: {} } as never });
    const paths = Object.keys((buildOpenApi() as { paths: Record<string, unknown> }).paths);
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes) expect(paths).toContain(route);
  });
});
