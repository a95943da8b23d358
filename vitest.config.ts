import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tiers of their own: tests/sync (tests/sync/vitest.config.ts: one file at a time, PostgreSQL
    // clusters) and tests/chaos (tests/chaos/vitest.config.ts: 1,000 SIGKILLs, seeded).
    include: [
      'core/**/*.test.ts',
      'main/**/*.test.ts',
      'native/**/*.test.ts',
      'server/**/*.test.ts',
      'cli/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'tests/unit/**/*.test.ts',
      'preload/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
