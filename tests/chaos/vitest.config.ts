import { defineConfig } from 'vitest/config';

/**
 * The chaos tier: `npm run test:chaos` (and a step of `npm test`). Post processes killed with
 * SIGKILL, races between processes. Full size by default (1,000 kills); `RVA_KILLS=50` for a short
 * local run; `RVA_SEED` replays the printed seed.
 */
export default defineConfig({
  test: {
    include: ['tests/chaos/**/*.test.ts'],
    root: new URL('../..', import.meta.url).pathname,
    setupFiles: ['tests/chaos/seed.ts'],
    environment: 'node',
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
