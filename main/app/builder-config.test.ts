/**
 * The packaging configuration as electron-builder itself reads and validates it: the fuses that
 * close the doors a packaged Electron binary leaves open by default.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
// The glob matcher electron-builder itself uses for `files`.
const { minimatch } = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'))('minimatch') as {
  minimatch: (path: string, pattern: string) => boolean;
};

describe('electron-builder.yml', () => {
  it('is a valid electron-builder configuration', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, { isEnabled: false, add: () => {}, addValue: () => {} } as never)).resolves.toBeUndefined();
  });

  it('flips the Electron fuses: no run-as-node, no inspector, no NODE_OPTIONS, asar only and checked, cookies encrypted', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The fuses only protect an asar build.
    expect(config.asar).not.toBe(false);
    expect(config.npmRebuild).toBe(false);
  });

  it('ships the app without its demo entry', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    const patterns = (config.files as Array<{ filter: string[] }>).flatMap((f) => f.filter);
    // electron-builder's rule: a file is in when the last pattern that matches it is not a negation.
    const shipped = (file: string) =>
      patterns.reduce(
        (inside, p) => (p.startsWith('!') ? (minimatch(file, p.slice(1)) ? false : inside) : inside || minimatch(file, p)),
        false,
      );
    expect(shipped('out/main/index.js')).toBe(true);
    expect(shipped('out/main/chunks/shared-abc123.js')).toBe(true);
    expect(shipped('out/renderer/index.html')).toBe(true);
    expect(shipped('out/main/demo.js')).toBe(false);
  });
});
