/**
 * @jest-environment node
 *
 * What `npm run build` and `npm run package` produce (scripts/test.sh runs both before jest):
 * an AMD module.js asking only for what Grafana provides, the files Grafana reads, and a zip
 * whose single folder is the plugin id.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const PROVIDED_BY_GRAFANA = [
  // The AMD module's own meta (SystemJS's "module"): create-plugin's public path reads its uri.
  'module',
  'react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom',
  '@grafana/data', '@grafana/ui', '@grafana/runtime', 'rxjs', 'lodash', '@emotion/css', '@emotion/react',
];
/**
 * The names under which React 18 (react, react/jsx-runtime, react-dom) and React 19 reach into
 * their own internals. A bundle holding one has bundled a copy of React's runtime that only works
 * with that React: a React 18 jsx-runtime breaks on Grafana 13's React 19.
 */
const REACT_INTERNALS = [
  '__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED',
  '__CLIENT_INTERNALS_DO_NOT_USE_OR_WARN_USERS_THEY_CANNOT_UPGRADE',
  '__SERVER_INTERNALS_DO_NOT_USE_OR_WARN_USERS_THEY_CANNOT_UPGRADE',
  '__DOM_INTERNALS_DO_NOT_USE_OR_WARN_USERS_THEY_CANNOT_UPGRADE',
];

test('dist/module.js is an anonymous AMD module whose dependencies Grafana provides', () => {
  const module = readFileSync(join(DIST, 'module.js'), 'utf8');
  const deps = /^(?:\/\*.*?\*\/\s*)*define\((\[[^\]]*\])/.exec(module)?.[1]; // after create-plugin's banner comments
  expect(deps).toBeDefined();
  const names = JSON.parse(deps!) as string[];
  expect(names).toEqual(expect.arrayContaining(['react', 'react/jsx-runtime', '@grafana/data', '@grafana/ui', '@grafana/runtime', 'rxjs']));
  for (const name of names) expect(PROVIDED_BY_GRAFANA).toContain(name);
});

test('dist/module.js bundles no part of React (it works with whichever React Grafana runs)', () => {
  const module = readFileSync(join(DIST, 'module.js'), 'utf8');
  expect(REACT_INTERNALS.filter((name) => module.includes(name))).toEqual([]);
  const { sources } = JSON.parse(readFileSync(join(DIST, 'module.js.map'), 'utf8')) as { sources: string[] };
  expect(sources.filter((source) => /\/node_modules\/(react|react-dom|scheduler)\//.test(source))).toEqual([]);
});

test('grafanaDependency starts at the Grafana release whose packages the tests run the plugin with', () => {
  const { dependencies } = JSON.parse(readFileSync(join(DIST, 'plugin.json'), 'utf8'));
  const [major, minor] = (JSON.parse(readFileSync(require.resolve('@grafana/ui/package.json'), 'utf8')).version as string).split('.');
  expect(dependencies.grafanaDependency).toBe(`>=${major}.${minor}.0`);
});

test('dist has plugin.json (version and date filled in), the logo, README and CHANGELOG', () => {
  const plugin = JSON.parse(readFileSync(join(DIST, 'plugin.json'), 'utf8'));
  expect(plugin.info.version).toBe(version);
  expect(plugin.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  for (const file of ['img/logo.svg', 'README.md', 'CHANGELOG.md']) expect(existsSync(join(DIST, file))).toBe(true);
});

test('the package zip holds dist/ in one folder named after the plugin id', () => {
  const listing = execFileSync('unzip', ['-Z1', join(ROOT, `flowmeter-insights-datasource-${version}.zip`)], { encoding: 'utf8' }).trim().split('\n');
  expect(listing).toEqual(expect.arrayContaining([
    'flowmeter-insights-datasource/module.js', 'flowmeter-insights-datasource/plugin.json', 'flowmeter-insights-datasource/img/logo.svg',
  ]));
  expect(listing.every((entry) => entry.startsWith('flowmeter-insights-datasource/'))).toBe(true);
});
