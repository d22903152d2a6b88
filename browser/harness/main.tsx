/**
 * The harness page: provides the shared libraries under the names Grafana provides them, loads
 * the built plugin (dist/module.js) through the AMD loader, and renders its ConfigEditor and
 * QueryEditor, or with `?dashboard=<name>&now=<ms>` a provisioned dashboard; queries run against
 * the real service through the page server's stand-in of Grafana's API and the real plugin backend.
 */
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as jsxDevRuntime from 'react/jsx-dev-runtime';
import * as grafanaData from '@grafana/data';
import * as grafanaUi from '@grafana/ui';
import * as grafanaRuntime from '@grafana/runtime';
import * as rxjs from 'rxjs';
import * as lodash from 'lodash';
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import { loadAmdModule, provide } from './amd';
import { sameOriginBackendSrv } from './backendSrv';
import { App } from './App';
import { dataSourceSrv, type PluginModule } from './dataSource';
import { DashboardPage } from './dashboard/DashboardPage';
import type { VariableValues } from './dashboard/variables';
import { variablesTemplateSrv } from '../../src/test/grafanaAdapters';

/** The @grafana/ui version this page was built with (browser/build.mjs). */
declare const HARNESS_GRAFANA_VERSION: string;
// Which generation of shared libraries this page runs, for the tests.
Object.assign(document.documentElement.dataset, { grafana: HARNESS_GRAFANA_VERSION, react: React.version });

const shared: Record<string, unknown> = {
  react: React, 'react-dom': ReactDOM, 'react/jsx-runtime': jsxRuntime, 'react/jsx-dev-runtime': jsxDevRuntime,
  '@grafana/data': grafanaData, '@grafana/ui': grafanaUi, '@grafana/runtime': grafanaRuntime,
  rxjs, lodash, '@emotion/css': emotionCss, '@emotion/react': emotionReact,
};
for (const [name, module] of Object.entries(shared)) provide(name, module);

const params = new URLSearchParams(window.location.search);
const dashboard = params.get('dashboard');
/** The dashboard's variables once resolved; the query editor page has fixed ones. */
const variables: VariableValues = dashboard ? {} : { project: ['payments', 'search'] };
const templateSrv = variablesTemplateSrv(variables);
grafanaRuntime.setBackendSrv(sameOriginBackendSrv);
grafanaRuntime.setTemplateSrv(templateSrv);
grafanaRuntime.setDataSourceSrv(dataSourceSrv);

const root = createRoot(document.getElementById('root')!);
const page = (module: PluginModule) => (dashboard
  ? <DashboardPage module={module} name={dashboard} serviceUrl={params.get('service') ?? ''} now={Number(params.get('now') ?? Date.now())}
      width={document.body.clientWidth} templateSrv={templateSrv} values={variables} />
  : <App module={module} />);
loadAmdModule<PluginModule>('/public/plugins/flowmeter-insights-datasource/module.js')
  .then((module) => root.render(page(module)))
  .catch((err: Error) => root.render(<pre data-testid="load-error">{err.stack ?? err.message}</pre>));
