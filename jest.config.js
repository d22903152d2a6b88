/** Jest: TypeScript through SWC (as Grafana's plugin tooling does); one project per side. */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } } }];

/**
 * Many of @grafana/ui's dependencies ship ES modules only, so jest transforms node_modules too,
 * except the large CommonJS packages (speed).
 */
const commonJsOnly = ['react', 'react-dom', 'lodash', 'moment', 'moment-timezone', 'rxjs', '@grafana/[^/]+/dist/cjs', 'zod', 'jsdom'];

module.exports = {
  projects: [
    {
      displayName: 'backend',
      testEnvironment: 'node',
      roots: ['<rootDir>/backend', '<rootDir>/contract', '<rootDir>/pkg'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      globalSetup: '<rootDir>/backend/test/support/globalSetup.ts',
      globalTeardown: '<rootDir>/backend/test/support/globalTeardown.ts',
    },
    {
      // The Grafana plugin, in jsdom (with Node's fetch); globalSetup starts the real service.
      displayName: 'plugin',
      testEnvironment: '<rootDir>/src/test/jsdomEnvironment.js',
      // CommonJS builds of @grafana/* and their deps (the default 'browser' condition picks ESM).
      testEnvironmentOptions: { customExportConditions: ['node', 'require', 'default'] },
      roots: ['<rootDir>/src', '<rootDir>/browser'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
      transformIgnorePatterns: [`node_modules/(${commonJsOnly.join('|')})/`],
      setupFilesAfterEnv: ['<rootDir>/src/test/setupTests.ts'],
      globalSetup: '<rootDir>/src/test/globalSetup.ts',
      globalTeardown: '<rootDir>/src/test/globalTeardown.ts',
      moduleNameMapper: { '\\.(css|scss)$': '<rootDir>/src/test/styleStub.js' },
    },
  ],
};
