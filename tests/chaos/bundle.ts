import { build } from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';

/** Bundles a TypeScript entry to one ESM file for plain `node` (fast start for many processes). */
export async function bundleForNode(entry: string): Promise<string> {
  // Inside the project, so the external native module resolves from node_modules.
  const root = join(process.cwd(), '.cache', 'bundles');
  mkdirSync(root, { recursive: true });
  const outfile = join(mkdtempSync(join(root, 'b-')), 'entry.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    // ESM builds first: UMD builds (jsonc-parser) require their own files dynamically, which a bundle cannot follow.
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'silent',
  });
  return outfile;
}
