// `npm start`: builds and launches the Electron app as a post would run it: no demo data; a post
// without configuration opens its setup. `npm start -- --demo`: the demo post (demo users and
// PVs, the demo badge) in ./data/electron-demo, synced with an embedded demo centre unless
// RVA_CENTRAL_URL names one. Where the Electron binary is missing, says so in one line and points
// to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { findElectronBinary } from './electron-binary.mjs';

const demo = process.argv.slice(2).includes('--demo');
const binary = findElectronBinary();
if (!binary) {
  console.log('Electron binary not installed on this machine: run `npm run start:browser` to use RVA Départ in a browser.');
  process.exit(1);
}
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const env = { ...process.env };
let centre = null;
if (demo) {
  env.RVA_DATA_DIR ??= resolve('data/electron-demo');
  if (!env.RVA_CENTRAL_URL) {
    centre = spawn('npx', ['tsx', 'scripts/demo-centre.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = await createInterface({ input: centre.stdout })
      [Symbol.asyncIterator]()
      .next()
      .then((r) => [r.value]);
    const { url, enrolCode } = JSON.parse(line);
    env.RVA_CENTRAL_URL = url;
    env.RVA_ENROL_CODE = enrolCode;
  }
}
// The demo has an entry of its own (out/main/demo.js, never packaged); a post starts the app itself.
const app = spawn(binary, [demo ? 'out/main/demo.js' : '.'], { stdio: 'inherit', env });
app.on('exit', (code) => {
  centre?.kill('SIGTERM');
  process.exit(code ?? 0);
});
