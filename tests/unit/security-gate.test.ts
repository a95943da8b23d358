/**
 * The security gate against real weakenings (issue 13.7): each mutation below is a one-line
 * change of main, the preload or the renderer that once passed CI. Applied to a copy of the
 * source, each must make the gate fail: a lint rule (checked in process with ESLint's API) or a
 * test (run by vitest on a copy of the tree under .cache/mutants, which resolves the same
 * node_modules). A mutation whose text no longer matches the source fails loudly, so the list
 * cannot rot into a test of nothing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const mutantsDir = join(root, '.cache', 'mutants');
afterAll(() => rmSync(mutantsDir, { recursive: true, force: true }));

interface Mutation {
  name: string;
  file: string;
  from: string | RegExp;
  to: string;
}

function mutate(m: Mutation): string {
  const original = readFileSync(join(root, m.file), 'utf8');
  const mutated = original.replace(m.from, m.to);
  expect(mutated, `${m.name}: the mutation no longer matches ${m.file}`).not.toBe(original);
  return mutated;
}

let eslint: ESLint | null = null;
async function lintErrors(file: string, text: string): Promise<string[]> {
  // The project's configuration without type information: these rules are syntactic, and a type-aware
  // program would cost half a minute.
  eslint ??= new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });
  const [result] = await eslint.lintText(text, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId ?? ''}: ${m.message}`);
}

/** Runs the given test files on a copy of the tree with the mutation applied; returns vitest's exit status. */
function testsOnMutant(m: Mutation, tests: string[]): { status: number | null; output: string } {
  const dir = join(mutantsDir, m.name.replace(/\W+/g, '-'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const d of ['main', 'core', 'native', 'preload', 'resources/demo']) cpSync(join(root, d), join(dir, d), { recursive: true });
  writeFileSync(join(dir, m.file), mutate(m));
  const run = spawnSync('npx', ['vitest', 'run', '--root', dir, '--pool', 'forks', ...tests], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe('lint stops the weakenings it is meant to', () => {
  it('the unmutated preload and login screen lint clean (the control)', async () => {
    for (const file of ['preload/index.ts', 'renderer/features/login/LoginScreen.tsx']) {
      expect(await lintErrors(file, readFileSync(join(root, file), 'utf8'))).toEqual([]);
    }
  });

  const lintMutations: Mutation[] = [
    {
      name: 'preload exposes ipcRenderer',
      file: 'preload/index.ts',
      from: "contextBridge.exposeInMainWorld('api', Object.freeze(api));",
      to: "contextBridge.exposeInMainWorld('api', Object.freeze({ ...api, ipcRenderer }));",
    },
    {
      name: 'preload exposes ipcRenderer under a second name',
      file: 'preload/index.ts',
      from: "contextBridge.exposeInMainWorld('api', Object.freeze(api));",
      to: "contextBridge.exposeInMainWorld('api', Object.freeze(api));\ncontextBridge.exposeInMainWorld('ipc', ipcRenderer);",
    },
    {
      name: 'preload exposes one ipcRenderer method',
      file: 'preload/index.ts',
      from: "contextBridge.exposeInMainWorld('api', Object.freeze(api));",
      to: "contextBridge.exposeInMainWorld('api', Object.freeze({ ...api, send: ipcRenderer.send }));",
    },
    {
      name: 'renderer renders HTML from a string',
      file: 'renderer/features/login/LoginScreen.tsx',
      from: '<p className="tagline">{t(\'app.tagline\')}</p>',
      to: '<p className="tagline" dangerouslySetInnerHTML={{ __html: t(\'app.tagline\') }} />',
    },
    {
      name: 'renderer sets innerHTML',
      file: 'renderer/features/login/LoginScreen.tsx',
      from: 'userRef.current?.focus();\n  }, []);',
      to: 'userRef.current?.focus();\n    if (userRef.current) userRef.current.innerHTML = username;\n  }, []);',
    },
  ];
  for (const m of lintMutations) {
    it(`fails on: ${m.name}`, async () => {
      expect((await lintErrors(m.file, mutate(m))).join('\n')).toMatch(/no-restricted-syntax/);
    });
  }
});

describe('tests stop the weakenings lint cannot see', () => {
  const testMutations: Array<Mutation & { tests: string[] }> = [
    {
      name: 'will-navigate guard removed',
      file: 'main/app/index.ts',
      from: /contents\.on\('will-navigate', \(event, url\) => \{\n\s*if \(!isAppUrl\(url, origins\)\) event\.preventDefault\(\);\n\s*\}\);/,
      to: '',
      tests: ['main/app/index.test.ts'],
    },
    {
      name: 'sender-frame check removed',
      file: 'main/app/ipc.ts',
      from: ' || event.senderFrame !== event.sender.mainFrame',
      to: '',
      tests: ['main/app/ipc.test.ts'],
    },
    {
      name: 'preload passes any channel through',
      file: 'preload/index.ts',
      from: 'if (!isCommandKey(key)) return',
      to: 'if (typeof key !== "string") return',
      tests: ['preload/index.test.ts'],
    },
  ];
  it('the copied tree passes the same tests with a harmless change (the control)', () => {
    const control = { name: 'control', file: 'main/app/ipc.ts', from: /$/, to: '\n// harmless\n' };
    const run = testsOnMutant(control, ['main/app/index.test.ts', 'main/app/ipc.test.ts', 'preload/index.test.ts']);
    expect(run.output).toMatch(/Tests\s+.*\d+ passed/);
    expect(run.status).toBe(0);
  }, 120_000);

  for (const m of testMutations) {
    it(`fails on: ${m.name}`, () => {
      const run = testsOnMutant(m, m.tests);
      expect(run.output).toMatch(/Tests\s+.*\d+ failed/);
      expect(run.status).not.toBe(0);
    }, 120_000);
  }
});
