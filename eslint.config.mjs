// Lint for the whole workspace. The import rules enforce DESIGN.md §7 (who may import whom).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noRepoOutside = (message, patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group, message })) }],
});

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
    files: ['shared/src/**'],
    rules: noRepoOutside('shared/ imports no other part of the repo', [
      ['**/bff/**', '**/miniapp/**', '@ybm/bff', '@ybm/miniapp'],
    ]),
  },
  {
    files: ['miniapp/src/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Nor the insurance platform's protocol (shared/src/protocol): the phone never speaks it.
      ...noRepoOutside('the mini-program imports only @ybm/shared and reaches the BFF over HTTP', [
        [
          '**/bff/**',
          '@ybm/bff',
          '**/shared/src/gm/node*',
          '**/shared/src/node/**',
          '**/shared/src/protocol',
          '**/shared/src/protocol/**',
          'node:*',
        ],
      ]),
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
      ['**/src/**', '!@ybm/shared/src/**', '**/miniapp/**'],
    ]),
  },
  {
    // A counter is an institution's HIS: it knows the platform only by its public protocol
    // (@ybm/shared/src/protocol), never by the sandbox's insides. This block replaces the one
    // above for counter files, so it repeats its patterns.
    files: ['bff/sandbox/counter/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', '!@ybm/shared/src/**', '**/miniapp/**'],
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
