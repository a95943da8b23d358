import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The lint config is the enforcement; this checks that it still bites.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [
    {
      files: ['**/*.ts', '**/*.tsx'],
      ...tseslint.configs.disableTypeChecked,
      languageOptions: { parserOptions: { projectService: false, project: null } },
    },
  ],
});

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('layer boundaries', () => {
  it('keeps core free of Node, Electron, the DOM and other layers', async () => {
    expect(
      await restrictedImports('core/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"),
    ).toHaveLength(1);
    expect(await restrictedImports('core/probe.ts', "import { app } from 'electron';\nexport const x = app;")).toHaveLength(1);
    expect(
      await restrictedImports('core/probe.ts', "import { openDatabase } from '../main/db/connection';\nexport const x = openDatabase;"),
    ).toHaveLength(1);
    expect(await restrictedImports('core/probe.ts', "import { z } from 'zod';\nexport const x = z;")).toHaveLength(0);
  });

  it('lets only main/app import electron', async () => {
    expect(await restrictedImports('main/services/probe.ts', "import { app } from 'electron';\nexport const x = app;")).toHaveLength(1);
    expect(await restrictedImports('main/app/probe.ts', "import { app } from 'electron';\nexport const x = app;")).toHaveLength(0);
  });

  it('keeps services, repositories and sync below the shells (main/ipc, main/app, main/harness)', async () => {
    const probe = (file: string, from: string) => restrictedImports(file, `import { x } from '${from}';\nexport const y = x;`);
    expect(await probe('main/services/probe.ts', '../ipc/handlers')).toHaveLength(1);
    expect(await probe('main/services/probe.ts', '../ipc/index')).toHaveLength(1);
    expect(await probe('main/db/repositories/probe.ts', '../../ipc/dispatcher')).toHaveLength(1);
    expect(await probe('main/sync/probe.ts', '../harness/harness')).toHaveLength(1);
    expect(await probe('main/services/probe.ts', '../app/security')).toHaveLength(1);
    expect(await probe('main/services/probe.ts', '../../core/ipc/contract')).toHaveLength(0);
    expect(await probe('main/ipc/probe.ts', '../services/app-services')).toHaveLength(0);
  });

  it('keeps the renderer behind window.api', async () => {
    expect(await restrictedImports('renderer/probe.ts', "import Database from 'better-sqlite3';\nexport const x = Database;")).toHaveLength(
      1,
    );
    expect(
      await restrictedImports(
        'renderer/probe.ts',
        "import { createAppServices } from '../main/services/app-services';\nexport const x = createAppServices;",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports('renderer/probe.ts', "import { commands } from '../core/ipc/contract';\nexport const x = commands;"),
    ).toHaveLength(0);
  });

  it('keeps the server off the post app', async () => {
    expect(
      await restrictedImports('server/probe.ts', "import { openDatabase } from '../main/db/connection';\nexport const x = openDatabase;"),
    ).toHaveLength(1);
  });

  it('keeps the demo (seed, known PINs, public demo keys) out of production code', async () => {
    const probe = (file: string, from: string) => restrictedImports(file, `import { x } from '${from}';\nexport const y = x;`);
    expect(await probe('main/services/probe.ts', '../demo/demo-seed')).toHaveLength(1);
    expect(await probe('main/app/probe.ts', '../demo/demo-seed')).toHaveLength(1);
    expect(await probe('main/harness/probe.ts', '../demo/supervisor-fixtures')).toHaveLength(1);
    expect(await probe('main/ipc/probe.ts', '../demo/demo-seed')).toHaveLength(1);
    expect(await probe('main/services/probe.ts', '../../resources/demo/pv-signing-demo.pub.json')).toHaveLength(1);
    expect(await probe('server/probe.ts', '../resources/demo/pvs.json')).toHaveLength(1);
    expect(await probe('renderer/probe.ts', '../resources/demo/pvs.json')).toHaveLength(1);
    expect(await probe('core/probe.ts', '../resources/demo/pvs.json')).toHaveLength(1);
    expect(await probe('cli/commands/probe.ts', '../../main/demo/demo-seed')).toHaveLength(1);
    // The demo module itself, the scripts and the tests use it.
    expect(await probe('main/demo/probe.ts', '../../resources/demo/pvs.json')).toHaveLength(0);
    expect(await probe('scripts/probe.ts', '../main/demo/demo-seed')).toHaveLength(0);
    expect(await probe('tests/e2e/probe.ts', '../../main/demo/demo-seed')).toHaveLength(0);
    expect(await probe('main/services/probe.test.ts', '../demo/demo-seed')).toHaveLength(0);
  });
});
