// `npm test`: every check CI relies on, in order, stopping at the first failure.
// Prints a closing "N passed, N failed" line counted from the test runners' JSON reports.
// Steps that each keep one core busy and share nothing run side by side on the machine's two
// cores (typecheck with lint; the chaos tier, one child process at a time, with the end-to-end
// tests, which spend most of their time waiting for the browser and use about a third of a core);
// their output is printed whole when each ends, so the log reads step by step.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const reports = join('.cache', 'test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const steps = [
  [
    ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
    ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ],
  ['security (electronegativity)', 'node', ['scripts/electronegativity.mjs']],
  [
    'unit and integration',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'unit.json')}`],
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
      'end-to-end (Chromium, browser mode)',
      'npx',
      ['playwright', 'test', '--reporter=list,json'],
      { PLAYWRIGHT_JSON_OUTPUT_FILE: join(reports, 'e2e.json') },
    ],
  ],
  ['end-to-end (Electron)', 'node', ['tests/electron/run.mjs']],
];

/** Runs one step; `buffered` collects its output and prints it whole when it ends. */
function runStep([name, cmd, args, env], buffered) {
  const started = Date.now();
  if (!buffered) console.log(`\n▶ ${name}`);
  const child = spawn(cmd, args, {
    stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: { ...process.env, FORCE_COLOR: buffered ? '0' : process.env.FORCE_COLOR, ...env },
  });
  const output = [];
  child.stdout?.on('data', (chunk) => output.push(chunk));
  child.stderr?.on('data', (chunk) => output.push(chunk));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      if (buffered) {
        console.log(`\n▶ ${name} (ran beside another step)`);
        process.stdout.write(Buffer.concat(output));
      }
      console.log(`◀ ${name}: ${code === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve(code === 0 ? null : name);
    });
  });
}

const only = process.argv.slice(2);
let failedStep = null;
const total = Date.now();
for (const step of steps) {
  const group = (Array.isArray(step[0]) ? step : [step]).filter(([name]) => !only.length || only.some((o) => name.startsWith(o)));
  if (group.length === 0) continue;
  const failures = (await Promise.all(group.map((s) => runStep(s, group.length > 1)))).filter(Boolean);
  if (failures.length > 0) {
    failedStep = failures.join(', ');
    break;
  }
}
console.log(`\nall steps: ${((Date.now() - total) / 1000).toFixed(1)} s`);

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
