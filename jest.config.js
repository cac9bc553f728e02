// One jest project per part of the system; `npm test` runs them all.
// Node-side TypeScript is transpiled only (type errors are `npm run typecheck`'s job).
const path = require('node:path');

const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json', diagnostics: false }];

function nodeProject(name, extra = {}) {
  return {
    displayName: name,
    testEnvironment: 'node',
    testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
    transform: { '^.+\\.tsx?$': tsJest },
    ...extra,
  };
}

/** Where the mini-program's copy of a package lives (npm may nest it under miniapp/). */
function miniappModule(name) {
  return path.dirname(require.resolve(`${name}/package.json`, { paths: [path.join(__dirname, 'miniapp')] }));
}

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    nodeProject('shared'),
    nodeProject('bff'),
    // The store ports' contract, once per implementation (tests/store/implementations.ts).
    nodeProject('store'),
    nodeProject('protocol'),
    nodeProject('sandbox'),
    nodeProject('platforms'),
    {
      displayName: 'miniapp',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/tests/miniapp/**/*.test.ts?(x)'],
      transform: {
        '^.+\\.[jt]sx?$': [
          'babel-jest',
          // jest does not expand <rootDir> inside transformer options.
          { configFile: path.join(__dirname, 'tests', 'miniapp', 'babel.config.js') },
        ],
      },
      moduleNameMapper: {
        '^@tarojs/components$': '<rootDir>/tests/miniapp/stubs/components.tsx',
        '^@tarojs/taro$': '<rootDir>/tests/miniapp/stubs/taro.ts',
        '\\.(css|scss)$': '<rootDir>/tests/miniapp/stubs/style.ts',
        // One React for app code, stubs and Testing Library: the mini-program's own (18).
        // (Kept in case npm nests React under miniapp/ again, as it did with React 19 at the root.)
        '^react$': miniappModule('react'),
        '^react/(.*)$': `${miniappModule('react')}/$1`,
        '^react-dom$': miniappModule('react-dom'),
        '^react-dom/(.*)$': `${miniappModule('react-dom')}/$1`,
      },
    },
    nodeProject('system'),
    nodeProject('build'),
    // Browser tests: the H5 build they load is made once per run, before any of them.
    nodeProject('e2e', { globalSetup: '<rootDir>/tests/e2e/global-setup.ts' }),
    // Only the load generators' accounting (fake clock); `npm run bench` itself is not a test.
    nodeProject('bench'),
  ],
};
