/**
 * The packaging configuration as electron-builder itself reads and validates it: the fuses that
 * close the doors a packaged Electron binary leaves open by default.
 */
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

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
});
