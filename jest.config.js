// One jest project per part of the system; `npm test` runs them all.
// Node-side TypeScript is transpiled only (type errors are `npm run typecheck`'s job).
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

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    nodeProject('shared'),
    nodeProject('bff'),
    nodeProject('protocol'),
    {
      displayName: 'miniapp',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/tests/miniapp/**/*.test.ts?(x)'],
      transform: {
        '^.+\\.[jt]sx?$': ['babel-jest', { configFile: '<rootDir>/tests/miniapp/babel.config.js' }],
      },
      moduleNameMapper: {
        '^@tarojs/components$': '<rootDir>/tests/miniapp/stubs/components.tsx',
        '^@tarojs/taro$': '<rootDir>/tests/miniapp/stubs/taro.ts',
        '\\.(css|scss)$': '<rootDir>/tests/miniapp/stubs/style.ts',
      },
    },
    nodeProject('build'),
    nodeProject('e2e'),
  ],
};
