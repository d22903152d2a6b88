/** plugin.json has what Grafana's plugin schema requires; module.ts exports the plugin with its editors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plugin } from './module';
import { ConfigEditor } from './views/ConfigEditor';
import { QueryEditor } from './views/QueryEditor';
import { PROXY_ROUTE } from './types/config';

const pluginJson = JSON.parse(readFileSync(join(__dirname, '..', 'plugin.json'), 'utf8'));

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

test('plugin.json: one proxy route to the configured URL, the read token added by Grafana', () => {
  expect(pluginJson.routes).toEqual([{
    path: PROXY_ROUTE, url: '{{ .JsonData.url }}',
    headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.readToken }}' }],
  }]);
});

test('module.ts: a DataSourcePlugin with the config and query editors', () => {
  expect(plugin.components.ConfigEditor).toBe(ConfigEditor);
  expect(plugin.components.QueryEditor).toBe(QueryEditor);
});
