/**
 * `npm run footprint [-- --ref <git-ref>]`: what the desk installer carries in node_modules: the
 * closure of package.json's `dependencies` (electron-builder packs exactly these), resolved in
 * package-lock.json as Node resolves them and measured on disk. With --ref, the same for the
 * package.json of that commit (against the installed tree), to compare before and after a change.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface LockEntry {
  link?: boolean;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}
export interface Lock {
  packages: Record<string, LockEntry>;
}
export interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** Where `name` resolves from the lock entry at `from` ('' is the root), walking up node_modules as Node does. */
export function resolveInLock(packages: Lock['packages'], from: string, name: string): string | null {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return null;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

const direct = (manifest: Manifest) => Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies });

/** Lock locations of every package a production install of `manifest` carries. */
export function productionClosure(manifest: Manifest, lock: Lock): string[] {
  const packages = lock.packages;
  const seen = new Set<string>();
  const queue: Array<[string, string]> = direct(manifest).map((name) => ['', name]);
  for (let next = queue.shift(); next; next = queue.shift()) {
    const [from, name] = next;
    const at = resolveInLock(packages, from, name);
    if (!at || seen.has(at)) continue;
    seen.add(at);
    const entry = packages[at] as LockEntry;
    const target = entry.link && entry.resolved ? entry.resolved : at;
    // npm installs peers too, except the optional ones.
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((p) => !entry.peerDependenciesMeta?.[p]?.optional);
    for (const dep of [...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies }), ...peers]) queue.push([target, dep]);
  }
  return [...seen].sort();
}

/** Bytes on disk of a package folder, without its nested node_modules (packages of their own). */
export function folderBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' && entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : lstatSync(path).size;
  }
  return total;
}

export interface Footprint {
  packages: string[];
  bytes: number;
  /** Bytes per package name (direct dependencies with what is nested under them). */
  byName: Map<string, number>;
}

export function footprint(root: string, manifest: Manifest, lock: Lock): Footprint {
  const packages = productionClosure(manifest, lock);
  const byName = new Map<string, number>();
  let bytes = 0;
  for (const at of packages) {
    const size = folderBytes(join(root, at));
    bytes += size;
    const top = direct(manifest).find((name) => at === `node_modules/${name}` || at.startsWith(`node_modules/${name}/`));
    const name = top ?? at.replace(/^.*node_modules\//, '');
    byName.set(name, (byName.get(name) ?? 0) + size);
  }
  return { packages, bytes, byName };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function report(label: string, manifest: Manifest, result: Footprint): string {
  const largest = [...result.byName].sort((a, b) => b[1] - a[1]);
  const lines = [
    `desk production dependencies (${label}):`,
    `  ${direct(manifest).length} direct, ${result.packages.length} packages, ${mb(result.bytes)} on disk`,
    ...largest.slice(0, 12).map(([name, bytes]) => `  ${mb(bytes).padStart(9)}  ${name}`),
  ];
  if (largest.length > 12)
    lines.push(`  ${mb(largest.slice(12).reduce((s, [, b]) => s + b, 0)).padStart(9)}  ${largest.length - 12} others`);
  return lines.join('\n');
}

function main(): void {
  const root = process.cwd();
  const args = process.argv.slice(2);
  const refAt = args.indexOf('--ref');
  const ref = refAt === -1 ? null : args[refAt + 1];
  if (refAt !== -1 && !ref) throw new Error('usage: npm run footprint [-- --ref <git-ref>]');
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lock;
  const manifest = JSON.parse(
    ref ? execFileSync('git', ['show', `${ref}:package.json`], { encoding: 'utf8' }) : readFileSync(join(root, 'package.json'), 'utf8'),
  ) as Manifest;
  process.stdout.write(`${report(ref ? `package.json at ${ref}` : 'this package.json', manifest, footprint(root, manifest, lock))}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
