// `npm start`: builds and launches the Electron app; where the Electron binary is missing, says so
// in one line and points to browser mode.
import { spawnSync } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';

const binary = findElectronBinary();
if (!binary) {
  console.log('Electron binary not installed on this machine: run `npm run start:browser` to use RVA Départ in a browser.');
  process.exit(1);
}
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(binary, ['.'], { stdio: 'inherit' });
process.exit(run.status ?? 0);
