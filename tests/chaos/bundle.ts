import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';

const launcher = join(process.cwd(), 'tests', 'chaos', 'launch.mjs');

/** A bundled entry and how to start it: `spawn(process.execPath, [...bundle.argv, ...args])`. */
export interface NodeBundle {
  argv: string[];
}

/**
 * Bundles a TypeScript entry to one CommonJS file for plain `node`, started through a launcher that
 * keeps V8's compiled code next to the bundle: a thousand short-lived processes then skip compiling
 * a few megabytes of JavaScript each (most of a child's start-up). `warmArgs` runs the entry once to
 * fill that cache; it must exit by itself.
 */
export async function bundleForNode(entry: string, warmArgs: string[] = []): Promise<NodeBundle> {
  // Inside the project, so the external native module resolves from node_modules.
  const root = join(process.cwd(), '.cache', 'bundles');
  mkdirSync(root, { recursive: true });
  const outfile = join(mkdtempSync(join(root, 'b-')), 'entry.cjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    // ESM builds first: UMD builds (jsonc-parser) require their own files dynamically, which a bundle cannot follow.
    mainFields: ['module', 'main'],
    // Modules that locate files from their own URL see the bundle's, as in an ESM bundle.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'silent',
  });
  const argv = [launcher, outfile];
  if (warmArgs.length > 0) {
    const warm = spawnSync(process.execPath, [...argv, ...warmArgs], {
      env: { ...process.env, RVA_WRITE_CODE_CACHE: '1' },
      encoding: 'utf8',
    });
    if (warm.status !== 0) throw new Error(`warming ${entry} failed: ${warm.stderr}`);
  }
  return { argv };
}
