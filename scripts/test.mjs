// `npm test`: every check CI relies on, in order, stopping at the first failure.
// Prints a closing "N passed, N failed" line counted from the test runners' JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const reports = join('.cache', 'test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const steps = [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['security (electronegativity)', 'node', ['scripts/electronegativity.mjs']],
  [
    'unit and integration',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'unit.json')}`],
  ],
  [
    `chaos (${process.env.CI || !process.env.RVA_KILLS ? '1,000' : process.env.RVA_KILLS} SIGKILLs, seeded)`,
    'npx',
    [
      'vitest',
      'run',
      '--config',
      'tests/chaos/vitest.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reports, 'chaos.json')}`,
    ],
    // CI runs the full size whatever the environment says; RVA_KILLS shortens local runs only.
    process.env.CI ? { RVA_KILLS: undefined } : {},
  ],
  [
    'sync (centre and posts: PGlite, PostgreSQL, chaos)',
    'npx',
    [
      'vitest',
      'run',
      '--config',
      'tests/sync/vitest.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reports, 'sync.json')}`,
    ],
  ],
  ['build', 'npx', ['electron-vite', 'build']],
  [
    'end-to-end (Chromium, browser mode)',
    'npx',
    ['playwright', 'test', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_FILE: join(reports, 'e2e.json') },
  ],
  ['end-to-end (Electron)', 'node', ['tests/electron/run.mjs']],
];

const only = process.argv.slice(2);
let failedStep = null;
for (const [name, cmd, args, env] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const run = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`◀ ${name}: ${run.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (run.status !== 0) {
    failedStep = name;
    break;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of ['unit.json', 'chaos.json', 'sync.json']) {
  const path = join(reports, file);
  if (!existsSync(path)) continue;
  const report = JSON.parse(readFileSync(path, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
// Playwright's JSON report: `expected` passed, `unexpected` failed, `flaky` passed on a retry.
const e2e = join(reports, 'e2e.json');
if (existsSync(e2e)) {
  const { stats = {} } = JSON.parse(readFileSync(e2e, 'utf8'));
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += stats.unexpected ?? 0;
  skipped += stats.skipped ?? 0;
}
if (failedStep) console.log(`\nfailed step: ${failedStep}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failedStep || failed > 0 ? 1 : 0);
