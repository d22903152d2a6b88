/** plugin.json has what Grafana's plugin schema requires; module.ts exports the plugin with its editors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plugin } from './module';
import { ConfigEditor } from './views/ConfigEditor';
import { QueryEditor } from './views/QueryEditor';
import { QueryHelp } from './views/QueryHelp';

const pluginJson = JSON.parse(readFileSync(join(__dirname, 'plugin.json'), 'utf8'));

test('plugin.json: the schema\'s required fields', () => {
  expect(pluginJson).toMatchObject({
    id: 'flowmeter-insights-datasource', type: 'datasource', name: expect.any(String),
    // The backend (pkg/) answers every query, lookup and health check; Grafana starts <executable>_<os>_<arch> from the plugin's folder.
    metrics: true, annotations: true, alerting: true, backend: true, executable: 'gpx_flowmeter',
    info: { logos: { small: 'img/logo.svg', large: 'img/logo.svg' }, version: '%VERSION%', updated: '%TODAY%', author: { name: expect.any(String) } },
    dependencies: { grafanaDependency: expect.stringMatching(/^>=\d+\.\d+\.\d+$/) },
  });
  expect(pluginJson.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*-datasource$/);
  for (const logo of Object.values(pluginJson.info.logos) as string[]) expect(readFileSync(join(__dirname, logo), 'utf8')).toMatch(/^<svg/);
});

test('plugin.json: no proxy routes; the backend holds the URL and the read token, the browser neither', () => {
  // Every request goes through the backend (src/README.md); a route would only let a Viewer reach the service through Grafana's proxy.
  expect(pluginJson).not.toHaveProperty('routes');
});

test('module.ts: a DataSourcePlugin with the config and query editors and the query help', () => {
  expect(plugin.components.ConfigEditor).toBe(ConfigEditor);
  expect(plugin.components.QueryEditor).toBe(QueryEditor);
  expect(plugin.components.QueryEditorHelp).toBe(QueryHelp);
});
