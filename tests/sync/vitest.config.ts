import { defineConfig } from 'vitest/config';

/** `npx vitest run --config tests/sync/vitest.config.ts`: server + posts tests (PGlite, real PostgreSQL, chaos). */
export default defineConfig({
  test: {
    include: ['tests/sync/**/*.test.ts'],
    root: new URL('../..', import.meta.url).pathname,
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
