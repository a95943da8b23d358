// Electron end-to-end tests: run wherever the Electron binary exists; elsewhere one clear line.
import { spawnSync } from 'node:child_process';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

const binary = findElectronBinary();
if (!binary) {
  console.log('skipped: no Electron binary (tests/electron need it; browser-mode e2e covered the UI)');
  process.exit(0);
}
const run = spawnSync('npx', ['vitest', 'run', '--config', 'tests/electron/vitest.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, RVA_ELECTRON_BINARY: binary },
});
process.exit(run.status ?? 1);
