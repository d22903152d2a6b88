/**
 * Jest: two projects. `backend` (the service, against real influxd and the embedded store) and
 * `plugin`, which extends create-plugin's config (.config/jest.config.js, not edited) as its
 * README says: the plugin in jsdom with Node's fetch (globalSetup starts the real service) and
 * the browser tests in Node.
 */
const grafanaConfig = require('./.config/jest.config');

const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } } }];

/**
 * Many of @grafana/ui's dependencies ship ES modules only (more than create-plugin's
 * grafanaESModules list), so jest transforms node_modules too, except the large CommonJS
 * packages (speed).
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
      ...grafanaConfig,
      displayName: 'plugin',
      testEnvironment: '<rootDir>/src/test/jsdomEnvironment.js',
      // CommonJS builds of @grafana/* and their deps (the default 'browser' condition picks ESM).
      testEnvironmentOptions: { customExportConditions: ['node', 'require', 'default'] },
      roots: ['<rootDir>/src', '<rootDir>/browser'],
      testMatch: ['<rootDir>/{src,browser}/**/*.test.{ts,tsx}'],
      // The plugin's TSX uses React's automatic JSX runtime, as its build (webpack.config.ts).
      transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
      transformIgnorePatterns: [`node_modules/(${commonJsOnly.join('|')})/`],
      // The harness's Grafana 13 packages: bundled by browser/build.mjs, never loaded by jest.
      modulePathIgnorePatterns: ['<rootDir>/browser/grafana13/'],
      globalSetup: '<rootDir>/src/test/globalSetup.ts',
      globalTeardown: '<rootDir>/src/test/globalTeardown.ts',
    },
  ],
};
