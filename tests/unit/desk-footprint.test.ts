/**
 * The desk installer carries only what the desk runs: electron-builder packs the closure of
 * package.json's `dependencies`, so the centre's libraries and the renderer's (bundled by vite)
 * must not be there, and what main loads at run time must be.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lock, Manifest } from '../../scripts/footprint';
import { productionClosure, resolveInLock } from '../../scripts/footprint';

const root = join(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lock;

describe('desk footprint', () => {
  it('resolves like Node: nested first, then up the tree', () => {
    const packages = { 'node_modules/a': {}, 'node_modules/a/node_modules/b': {}, 'node_modules/b': {}, 'node_modules/c': {} };
    expect(resolveInLock(packages, 'node_modules/a', 'b')).toBe('node_modules/a/node_modules/b');
    expect(resolveInLock(packages, 'node_modules/a/node_modules/b', 'c')).toBe('node_modules/c');
    expect(resolveInLock(packages, '', 'b')).toBe('node_modules/b');
    expect(resolveInLock(packages, '', 'missing')).toBeNull();
  });

  it('carries neither the centre (fastify, pg, PGlite) nor the renderer libraries', () => {
    const names = new Set(productionClosure(manifest, lock).map((at) => at.replace(/^.*node_modules\//, '')));
    for (const name of [
      'fastify',
      'pg',
      '@electric-sql/pglite',
      'react',
      'react-dom',
      'react-i18next',
      'recharts',
      'zxing-wasm',
      '@zxing/library',
    ])
      expect(names.has(name), name).toBe(false);
  });

  it('keeps what main loads at run time (the externals of out/main) as dependencies', () => {
    const runtime = [
      'better-sqlite3',
      'node-hid',
      'serialport',
      'pdfkit',
      'bidi-js',
      'i18next',
      'zod',
      '@noble/ed25519',
      '@noble/hashes',
      '@scure/base',
      'csv-parse',
      'jsonc-parser',
    ];
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(runtime.sort());
  });
});
