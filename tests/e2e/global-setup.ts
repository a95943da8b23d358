/**
 * Before the end-to-end tests: Debian's Chromium must be there, and the renderer is built when
 * `out/renderer` is missing or older than its sources, so that `npx playwright test` always tests
 * the current UI.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertChromium } from './browser';

const root = resolve(import.meta.dirname, '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function rendererIsStale(): boolean {
  const built = join(root, 'out', 'renderer', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'core')));
  return sources > statSync(built).mtimeMs;
}

export default function setup(): void {
  assertChromium();
  if (!rendererIsStale()) return;
  process.stdout.write('e2e: building the renderer (electron-vite build)\n');
  execFileSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
}
