// Where the Electron binary is, or null. Never triggers a download (electron's own index.js
// tries to download a missing binary, which hangs or fails on machines without GitHub access).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

export function findElectronBinary() {
  const require = createRequire(import.meta.url);
  let dir;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist');
  const candidate = relative ? join(distDir, relative) : null;
  return candidate && existsSync(candidate) ? candidate : null;
}
