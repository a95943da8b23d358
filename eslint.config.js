// Lint: type-aware rules that catch what bites in this app (floating promises, non-exhaustive
// switches) and the layer boundaries of ARCHITECTURE.md as import restrictions.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import prettier from 'eslint-config-prettier';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'tls',
  'url',
  'util',
  'stream',
  'zlib',
  'worker_threads',
  'events',
  'buffer',
  'process',
];
const noConsoleLog = {
  selector: "CallExpression[callee.object.name='console'][callee.property.name='log']",
  message: 'Use the injected logger (ids and counts only, never personal data).',
};
const demoImports = {
  group: ['**/demo', '**/demo/**', '**/main/demo', '**/main/demo/**'],
  message: 'Production code does not import the demo (main/demo, resources/demo): the demo shells pass a seeder in.',
};
const layer = (...names) => names.flatMap((n) => [`**/${n}/**`, `**/${n}`]);
const restrict = (message, groups, paths = []) => ({
  'no-restricted-imports': ['error', { paths, patterns: groups.map((group) => ({ group, message })) }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', '.cache/**', 'data/**', 'resources/**', 'docs/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.es2023 },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      'no-restricted-syntax': ['error', noConsoleLog],
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      ...restrict('core/ is pure: no Node, Electron, DOM or other layers.', [
        layer('main', 'renderer', 'native', 'server', 'preload', 'cli', 'tests'),
        nodeBuiltins,
        ['electron', 'react', 'react-dom'],
      ]),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/app/**'],
    rules: restrict('Only main/app/ imports electron; main imports core and native only.', [
      layer('renderer', 'server', 'preload', 'cli'),
      ['electron', 'electron/*'],
    ]),
  },
  {
    files: ['main/app/**/*.ts'],
    rules: restrict('main imports core and native only.', [layer('renderer', 'server', 'preload', 'cli')]),
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict('The preload imports the contract from core and electron, nothing else.', [
      layer('main', 'renderer', 'native', 'server', 'cli'),
      nodeBuiltins,
    ]),
  },
  {
    files: ['main/services/**/*.ts', 'main/db/**/*.ts', 'main/sync/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      'Services, repositories and sync do not know the shells: main/ipc, main/app and main/harness call them, never the reverse.',
      [
        layer('renderer', 'server', 'preload', 'cli'),
        ['electron', 'electron/*'],
        [
          '../ipc',
          '../ipc/*',
          '../../ipc',
          '../../ipc/*',
          '../app',
          '../app/*',
          '../../app/*',
          '../harness',
          '../harness/*',
          '../../harness/*',
        ],
      ],
    ),
  },
  {
    files: ['renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  { files: ['renderer/**/*.tsx'], ...jsxA11y.flatConfigs.strict },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict('The renderer talks to main only through window.api.', [
      layer('main', 'native', 'server', 'preload', 'cli'),
      nodeBuiltins,
      ['electron', 'electron/*', 'better-sqlite3', 'node-hid', 'serialport'],
    ]),
  },
  {
    // Markup from strings is how a scanned payload becomes script: React escapes, these do not.
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        noConsoleLog,
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No HTML from strings in the renderer: render text.' },
        {
          selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
          message: 'No HTML from strings in the renderer: set textContent or render with React.',
        },
        {
          selector: 'CallExpression[callee.property.name=/^(insertAdjacentHTML|createContextualFragment|write|writeln)$/]',
          message: 'No HTML from strings in the renderer.',
        },
      ],
    },
  },
  {
    // The page gets window.api (invoke/on for contract keys), never Electron's IPC objects.
    files: ['preload/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        noConsoleLog,
        {
          selector:
            "CallExpression[callee.property.name='exposeInMainWorld'] Identifier[name=/^(ipcRenderer|contextBridge|webFrame|webUtils)$/]:not(MemberExpression > Identifier.object)",
          message: 'Expose only the contract API: never ipcRenderer (or another Electron object) itself.',
        },
        {
          selector:
            "CallExpression[callee.property.name='exposeInMainWorld'] MemberExpression[object.name='ipcRenderer']:not(CallExpression > MemberExpression.callee)",
          message: 'Expose only the contract API: never a method of ipcRenderer itself.',
        },
        {
          selector:
            "CallExpression[callee.property.name='exposeInMainWorld'][arguments.length!=2], CallExpression[callee.property.name='exposeInMainWorld'][arguments.0.value!='api']",
          message: 'The preload exposes one object, window.api.',
        },
      ],
    },
  },
  {
    files: ['native/**/*.ts'],
    rules: restrict('native/ implements ports from core; it imports nothing else of the app.', [
      layer('main', 'renderer', 'server', 'preload', 'cli'),
      ['electron', 'electron/*'],
    ]),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict('server/ imports core only.', [layer('main', 'renderer', 'native', 'preload'), ['electron', 'electron/*']]),
  },
  {
    // Demo data (users with known PINs, the public demo PV key) reaches a post only through the demo
    // shells: the scripts and tests pass main/demo's seeder in; production code never imports it.
    // A rule of its own (typescript-eslint's) so it adds to each layer's no-restricted-imports.
    files: ['main/**/*.ts', 'core/**/*.ts', 'renderer/**/*.{ts,tsx}', 'preload/**/*.ts', 'native/**/*.ts', 'server/**/*.ts', 'cli/**/*.ts'],
    ignores: ['main/demo/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [demoImports],
        },
      ],
    },
  },
  {
    // pdfkit takes about 150 ms to load: the post loads it the first time it makes a PDF
    // (loadPdfKit in main/services/export-pdf.ts), never at start.
    files: ['main/**/*.ts'],
    ignores: ['main/demo/**', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [demoImports],
          paths: [
            {
              name: 'pdfkit',
              allowTypeImports: true,
              message: 'Load pdfkit with loadPdfKit() (main/services/export-pdf.ts), when a PDF is made.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts', 'scripts/**', 'cli/**/*.ts', 'server/cli.ts', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-syntax': 'off' },
  },
  prettier,
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node } },
  },
);
