// Process layering, enforced: shared (pure) <- main/core (Node, no electron) <- app | server | cli;
// renderer sees only shared; preload sees only shared + electron. See docs/architecture.md.
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'crypto',
  'events',
  'url',
  'stream',
  'worker_threads',
  'util',
];
const nodeOnlyPackages = [
  'better-sqlite3',
  'onnxruntime-node',
  'sharp',
  'execa',
  'ws',
  'commander',
  'protobufjs',
  'tsx',
  'tsx/*',
];

const restrict = (patterns, message, ...extra) => ({
  'no-restricted-imports': [
    'error',
    { patterns: [...patterns.map((group) => ({ group: [group].flat(), message })), ...extra] },
  ],
});

// One folder per vendor under main/core/vendors, reached through its registry (vendors/index.ts) only.
const viaRegistry = {
  regex: '(^|/)vendors/(?!index$)',
  message: 'Reach a vendor through the registry (core/vendors/index.ts), not a file in its folder.',
};
const coreOnly = ['electron', 'react', '**/app/**', '**/server/**', '**/cli/**', '**/renderer/**', '**/preload/**'];
const coreMessage = 'main/core runs in plain Node: it must not import electron, the shells or the UI.';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'e2e/artifacts/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-unused-expressions': 'off',
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // Prettier wraps code at 120 columns; this catches what it cannot wrap (comments).
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    // In src, long strings and templates are split too (by concatenation); only URLs and regex literals run long.
    files: ['src/**'],
    rules: { 'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }] },
  },
  {
    files: ['src/shared/**'],
    rules: restrict(
      [
        [
          ...nodeBuiltins,
          ...nodeOnlyPackages,
          'electron',
          'react',
          'react-dom',
          '**/main/**',
          '**/renderer/**',
          '**/preload/**',
        ],
      ],
      'src/shared is pure TypeScript: no Node, DOM, Electron or process-specific imports.',
    ),
  },
  {
    files: ['src/main/core/**'],
    rules: restrict([coreOnly], coreMessage),
  },
  {
    // Generic core (not its specs, which may test any unit) reaches vendors through the registry.
    files: ['src/main/core/**'],
    ignores: ['src/main/core/vendors/**', '**/*.spec.ts'],
    rules: restrict([coreOnly], coreMessage, viaRegistry),
  },
  {
    files: ['src/main/core/vendors/*/**'],
    rules: restrict(
      [coreOnly],
      coreMessage,
      {
        regex: '^\\.\\./(?!\\.\\./)[^/]+/|(^|/)vendors/',
        message: 'A vendor folder must not import another vendor folder; share through core (toolchains, pipeline).',
      },
      {
        regex: '^\\.\\.(/index)?$',
        message: 'A vendor folder must not import the registry (vendors/index.ts): the registry imports it.',
      },
    ),
  },
  {
    files: ['src/main/server/**', 'src/main/cli/**'],
    rules: restrict(
      [['electron', '**/app/**', '**/renderer/**', '**/preload/**']],
      'The server and CLI run without Electron and never import the UI.',
      viaRegistry,
    ),
  },
  {
    // The CLI calls core through its typed client only: `handlers` skip input validation, `dispatch` returns unknown,
    // the runner bypasses the contract. Its specs may drive core directly.
    files: ['src/main/cli/**'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['handlers', 'runner', 'dispatch'].map((property) => ({
          property,
          message: `The CLI calls core through \`core.api\` (withApi), the typed contract client, not \`.${property}\`.`,
        })),
      ],
    },
  },
  {
    files: ['src/main/app/**'],
    rules: restrict(
      [['**/renderer/**', '**/preload/**', '**/server/**', '**/cli/**']],
      'The Electron shell uses core and shared only.',
      viaRegistry,
    ),
  },
  {
    files: ['src/preload/**'],
    rules: restrict(
      [[...nodeBuiltins, ...nodeOnlyPackages, '**/main/**', '**/renderer/**']],
      'Preload sees only electron and the shared contract.',
    ),
  },
  {
    files: ['src/renderer/**'],
    rules: restrict(
      [[...nodeBuiltins, ...nodeOnlyPackages, 'electron', '**/main/**', '**/preload/index*']],
      'The renderer talks to main only through the contract client.',
    ),
  },
);
