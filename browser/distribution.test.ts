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
const PROVIDED_BY_GRAFANA = ['react', 'react-dom', '@grafana/data', '@grafana/ui', '@grafana/runtime', 'rxjs', 'lodash', '@emotion/css', '@emotion/react'];

test('dist/module.js is an anonymous AMD module whose dependencies Grafana provides', () => {
  const module = readFileSync(join(DIST, 'module.js'), 'utf8');
  const deps = /^(?:\/\*.*?\*\/\n)?define\((\[[^\]]*\])/.exec(module)?.[1]; // after an optional licence banner
  expect(deps).toBeDefined();
  const names = JSON.parse(deps!) as string[];
  expect(names).toEqual(expect.arrayContaining(['react', '@grafana/data', '@grafana/ui', '@grafana/runtime', 'rxjs']));
  for (const name of names) expect(PROVIDED_BY_GRAFANA).toContain(name);
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
