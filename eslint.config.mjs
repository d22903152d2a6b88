// Lint for the Grafana plugin (src/) and its build and test tooling: typescript-eslint's
// recommended rules and React's rules of hooks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** Node's globals in the build and test scripts (TypeScript files are checked by tsc instead). */
const node = Object.fromEntries(['require', 'module', '__dirname', 'process', 'console', 'globalThis', 'URL', 'fetch', 'setTimeout', 'Buffer'].map((name) => [name, 'readonly']));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'backend/dist/', 'coverage/', 'browser/dist/', 'pkg/dist/', '.cache/', '.tmp/', 'data/', '**/*.zip'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Express error handlers take four arguments whether they use the last or not.
  { rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] } },
  {
    files: ['src/**/*.{ts,tsx}', 'browser/**/*.{ts,tsx}', 'contract/query.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['*.js', '*.mjs', 'scripts/**/*.{js,mjs}', 'src/test/*.js', 'browser/**/*.{js,mjs}', 'pkg/*.mjs'],
    languageOptions: { globals: node, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['*.mjs', 'browser/**/*.mjs', 'pkg/*.mjs'], languageOptions: { sourceType: 'module' } },
);
