/** plugin.json has what Grafana's plugin schema requires; module.ts exports the plugin with its editors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plugin } from './module';
import { ConfigEditor } from './views/ConfigEditor';
import { QueryEditor } from './views/QueryEditor';
import { QueryHelp } from './views/QueryHelp';
import { LEGACY_ROUTE } from './types/config';

const pluginJson = JSON.parse(readFileSync(join(__dirname, 'plugin.json'), 'utf8'));

test('plugin.json: the schema\'s required fields', () => {
  expect(pluginJson).toMatchObject({
    id: 'flowmeter-insights-datasource', type: 'datasource', name: expect.any(String),
    // The backend (pkg/) runs alert rules; Grafana starts <executable>_<os>_<arch> from the plugin's folder.
    metrics: true, annotations: true, alerting: true, backend: true, executable: 'gpx_flowmeter',
    info: { logos: { small: 'img/logo.svg', large: 'img/logo.svg' }, version: '%VERSION%', updated: '%TODAY%', author: { name: expect.any(String) } },
    dependencies: { grafanaDependency: expect.stringMatching(/^>=\d+\.\d+\.\d+$/) },
  });
  expect(pluginJson.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*-datasource$/);
  for (const logo of Object.values(pluginJson.info.logos) as string[]) expect(readFileSync(join(__dirname, logo), 'utf8')).toMatch(/^<svg/);
});

test('plugin.json: the read token only on the requests the plugin makes (see test/grafanaProxy.test.ts)', () => {
  const auth = [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.readToken }}' }];
  expect(pluginJson.routes).toEqual([
    { path: 'api/v1/query', method: 'POST', headers: auth },
    { path: 'api/v1/lookup/', method: 'GET', headers: auth },
    // Data sources saved before 0.2 (the URL in jsonData.url) until they are saved again.
    { path: `${LEGACY_ROUTE}/api/v1/query`, method: 'POST', url: '{{ .JsonData.url }}/api/v1/query', headers: auth },
    { path: `${LEGACY_ROUTE}/api/v1/lookup/`, method: 'GET', url: '{{ .JsonData.url }}/api/v1/lookup/', headers: auth },
    { path: `${LEGACY_ROUTE}/api/v1/health`, method: 'GET', url: '{{ .JsonData.url }}/api/v1/health' },
  ]);
});

test('module.ts: a DataSourcePlugin with the config and query editors and the query help', () => {
  expect(plugin.components.ConfigEditor).toBe(ConfigEditor);
  expect(plugin.components.QueryEditor).toBe(QueryEditor);
  expect(plugin.components.QueryEditorHelp).toBe(QueryHelp);
});
