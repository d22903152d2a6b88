/** Jest: TypeScript through SWC (as Grafana's plugin tooling does); one project per side. */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' } }];

module.exports = {
  projects: [
    {
      displayName: 'backend',
      testEnvironment: 'node',
      roots: ['<rootDir>/backend', '<rootDir>/contract'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      globalSetup: '<rootDir>/backend/test/support/globalSetup.ts',
      globalTeardown: '<rootDir>/backend/test/support/globalTeardown.ts',
    },
  ],
};
