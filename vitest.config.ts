import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // tests/sync runs on its own (tests/sync/vitest.config.ts): one file at a time, PostgreSQL clusters.
    include: [
      'core/**/*.test.ts',
      'main/**/*.test.ts',
      'native/**/*.test.ts',
      'server/**/*.test.ts',
      'cli/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'tests/unit/**/*.test.ts',
      'tests/chaos/**/*.test.ts',
      'preload/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
