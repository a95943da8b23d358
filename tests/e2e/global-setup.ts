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

/** The centre console's pages (vite.console.config.ts), rebuilt like the renderer when older than their sources. */
export function consoleIsStale(): boolean {
  const built = join(root, 'out', 'console', 'index.html');
  if (!existsSync(built)) return true;
  return Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'core'))) > statSync(built).mtimeMs;
}

export default function setup(): void {
  assertChromium();
  if (consoleIsStale()) {
    process.stdout.write('e2e: building the console (vite build --config vite.console.config.ts)\n');
    execFileSync(join(root, 'node_modules', '.bin', 'vite'), ['build', '--config', 'vite.console.config.ts'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  if (!rendererIsStale()) return;
  process.stdout.write('e2e: building the renderer (electron-vite build)\n');
  execFileSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
}
