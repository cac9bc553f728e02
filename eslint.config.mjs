// Lint for the whole workspace. The import rules enforce DESIGN.md §7 (who may import whom).
import { builtinModules } from 'node:module';

import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// @ybm/shared is used only through its package.json `exports` (., ./gm, ./node, ./protocol).
const NO_DEEP_IMPORT = {
  group: ['@ybm/shared/src', '@ybm/shared/src/**'],
  message: 'import @ybm/shared through an entry point of its exports map (., ./gm, ./node, ./protocol)',
};
// Every block sets the whole rule (a later block replaces an earlier one), so each repeats it.
const noRepoOutside = (message, patterns, extra = []) => ({
  'no-restricted-imports': [
    'error',
    { patterns: [NO_DEEP_IMPORT, ...patterns.map((group) => ({ group, message })), ...extra] },
  ],
});
// Node's built-ins, bare and `node:`-prefixed (better-sqlite3 with them): code that may reach a
// mini-program runtime imports none of these.
const NODE_ONLY = {
  regex: `^(node:.*|better-sqlite3|(${builtinModules.join('|')})(/.*)?)$`,
  message:
    'Node-only: nothing that reaches a mini-program runtime imports it (Node code goes in shared/src/node)',
};

const BFF_OUTSIDE = {
  group: ['**/sandbox/**', '**/miniapp/**'],
  message: 'production code never depends on a sandbox or the mini-program',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      'coverage/**',
      'tests/artifacts/**',
      'miniapp/.temp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.{js,cjs,mjs,ts,tsx}'],
    rules: noRepoOutside('', []),
  },
  {
    files: ['shared/src/**'],
    rules: noRepoOutside('shared/ imports no other part of the repo', [
      ['**/bff/**', '**/miniapp/**', '@ybm/bff', '@ybm/miniapp'],
    ]),
  },
  {
    // The contract and gm run on the phone: no Node built-ins, and nothing from the server-side
    // entry points (node/, protocol/), which may use them.
    files: ['shared/src/**'],
    ignores: ['shared/src/node/**', 'shared/src/protocol/**'],
    rules: noRepoOutside(
      'shared/ imports no other part of the repo',
      [['**/bff/**', '**/miniapp/**', '@ybm/bff', '@ybm/miniapp']],
      [
        NODE_ONLY,
        {
          group: ['**/node', '**/node/**', '**/protocol', '**/protocol/**'],
          message: 'the contract and gm import neither @ybm/shared/node nor the server-side protocol',
        },
      ],
    ),
  },
  {
    files: ['miniapp/src/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Nor the server-side entry points: @ybm/shared/node (SQLite, node:crypto) and the insurance
      // platform's protocol (@ybm/shared/protocol), which the phone never speaks.
      ...noRepoOutside(
        'the mini-program imports only @ybm/shared (and ./gm) and reaches the BFF over HTTP',
        [['**/bff/**', '@ybm/bff', '**/shared/src/**']],
        [
          NODE_ONLY,
          {
            group: [
              '@ybm/shared/node',
              '@ybm/shared/node/**',
              '@ybm/shared/protocol',
              '@ybm/shared/protocol/**',
            ],
            message:
              'server-side only: the mini-program never imports @ybm/shared/node or @ybm/shared/protocol',
          },
        ],
      ),
    },
  },
  {
    files: ['bff/src/**'],
    rules: noRepoOutside(BFF_OUTSIDE.message, [BFF_OUTSIDE.group]),
  },
  {
    // Layers of the BFF (issue 21): a route reaches data only through a service, and gets its
    // services from the router factory's parameters, never from the wiring (deps.ts). These
    // blocks replace the one above for their files, so they repeat its patterns.
    files: ['bff/src/routes/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            BFF_OUTSIDE,
            { group: ['**/store/*', '**/store'], message: 'routes never use a store: go through a service' },
            { group: ['**/deps'], message: 'a router receives only the services it uses, not deps.ts' },
          ],
        },
      ],
    },
  },
  {
    files: ['bff/src/services/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            BFF_OUTSIDE,
            {
              group: ['**/deps', '**/routes/*'],
              message: 'a service declares the collaborators it needs; deps.ts and the routes depend on it',
            },
            {
              group: ['**/store/*', '!**/store/ports', '!**/store/records'],
              message:
                'a service knows the stores by their ports (store/ports.ts, store/records.ts), never SQLite',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bff/sandbox/**'],
    rules: noRepoOutside('sandboxes use @ybm/shared and public protocols, never bff/src', [
      ['**/src/**', '**/miniapp/**'],
    ]),
  },
  {
    // A counter is an institution's HIS: it knows the platform only by its public protocol
    // (@ybm/shared/protocol), never by the sandbox's insides. This block replaces the one
    // above for counter files, so it repeats its patterns.
    files: ['bff/sandbox/counter/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_DEEP_IMPORT,
            {
              group: ['**/src/**', '**/miniapp/**'],
              message: 'sandboxes use @ybm/shared and public protocols, never bff/src',
            },
            {
              regex: '^\\.\\./|/sandbox/',
              message:
                'a counter imports only its own files and @ybm/shared (the protocol module), no other sandbox file',
            },
          ],
        },
      ],
    },
  },
);
