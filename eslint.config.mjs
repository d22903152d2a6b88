// Lint: create-plugin's base (.config/eslint.config.mjs, not edited: Grafana's eslint config,
// typed rules on src/) extended for the whole repository, as its README says: typescript-eslint's
// recommended rules for the service, tests and tooling too, and the repository's own style where
// it differs from Grafana's (see the last block).
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import baseConfig from './.config/eslint.config.mjs';

/** Node's globals in the build and test scripts (TypeScript files are checked by tsc instead). */
const node = Object.fromEntries(['require', 'module', '__dirname', 'process', 'console', 'globalThis', 'URL', 'fetch', 'setTimeout', 'Buffer', 'window'].map((name) => [name, 'readonly']));

export default defineConfig([
  {
    ignores: [
      // Scaffolded by create-plugin and replaced by `create-plugin update`: not the repository's to lint.
      '.config/',
      '**/node_modules/', '**/dist/', '**/coverage', '**/.eslintcache', '**/*.log',
      'backend/dist/', 'browser/dist/', 'pkg/dist/', '.cache/', '.tmp/', 'data/', '**/*.zip', 'test-results/', 'playwright-report/',
    ],
  },
  ...baseConfig,
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Express error handlers take four arguments whether they use the last or not.
  { rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] } },
  {
    files: ['src/**/*.{ts,tsx}', 'browser/**/*.{ts,tsx}', 'contract/query.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }] },
  },
  {
    files: ['*.js', '*.mjs', 'scripts/**/*.{js,mjs}', 'src/test/*.js', 'browser/**/*.{js,mjs}', 'pkg/*.mjs'],
    languageOptions: { globals: { ...node, jest: 'readonly' }, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['*.mjs', 'browser/**/*.mjs', 'pkg/*.mjs'], languageOptions: { sourceType: 'module' } },
  // The repository's style where Grafana's config differs: one-line guards without braces, T[]
  // for every array type, a type import beside a value import of one module; React's automatic
  // JSX runtime (as the build), so no React in scope.
  {
    rules: {
      curly: 'off',
      '@typescript-eslint/array-type': 'off',
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      'react/react-in-jsx-scope': 'off',
      'react/jsx-uses-react': 'off',
    },
  },
]);
