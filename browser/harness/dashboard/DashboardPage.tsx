/**
 * A provisioned dashboard (provisioning/dashboards/json/<name>.json) as Grafana shows it: its
 * time range ending at the page's `now`, its variables resolved through the plugin, its panels
 * laid out on the 24-column grid, each querying the plugin. Dark theme.
 */
import { useEffect, useMemo, useState } from 'react';
import { createTheme, dateMath, dateTime, type ScopedVars } from '@grafana/data';
import { GlobalStyles } from '@grafana/ui';
import type { TemplateSrv } from '@grafana/runtime';
import type { Dashboard } from '../../../stack/grafana';
import { createDataSource, initialSettings, type PluginModule, type TimeRangeMs } from '../dataSource';
import { DashboardControls } from './DashboardControls';
import { gridHeight, panelBox } from './grid';
import { Panel } from './Panel';
import { replaceDataContext, resolveVariables, type VariableValues } from './variables';

export interface DashboardPageProps {
  module: PluginModule;
  /** File name in provisioning/dashboards/json, without .json. */
  name: string;
  serviceUrl: string;
  /** What "now" is for the dashboard's relative time range (fixed, so screenshots repeat). */
  now: number;
  width: number;
  /** The template service the plugin reads; filled with the variables' values. */
  templateSrv: TemplateSrv;
  values: VariableValues;
}

const theme = createTheme();

/** "now-30d" .. "now" against a fixed now. */
function dashboardRange(time: Dashboard['time'], now: number): TimeRangeMs {
  const at = (raw: string, roundUp: boolean) => dateMath.parseDateMath(raw.replace(/^now/, ''), dateTime(now), roundUp)!.valueOf();
  return { from: at(time.from, false), to: at(time.to, true) };
}

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; dashboard: Dashboard; range: TimeRangeMs };

export function DashboardPage({ module, name, serviceUrl, now, width, templateSrv, values }: DashboardPageProps) {
  const datasource = useMemo(() => createDataSource(module.plugin, initialSettings(module.plugin, serviceUrl)), [module, serviceUrl]);
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    (async () => {
      const res = await fetch(`/dashboards/${encodeURIComponent(name)}.json`);
      if (!res.ok) throw new Error(`dashboard ${name}: ${res.status}`);
      const dashboard = (await res.json()) as Dashboard;
      const range = dashboardRange(dashboard.time, now);
      await resolveVariables(dashboard.templating.list, datasource, range, values);
      setState({ kind: 'ready', dashboard, range });
    })().catch((err: Error) => setState({ kind: 'error', message: err.message }));
  }, [name, now, datasource, values]);

  if (state.kind === 'loading') return <p>Loading {name}...</p>;
  if (state.kind === 'error') return <pre data-testid="dashboard-error">{state.message}</pre>;
  const { dashboard, range } = state;
  const replaceVariables = (text: string, scopedVars?: ScopedVars) => templateSrv.replace(replaceDataContext(text, scopedVars), scopedVars);
  return (
    <main data-testid="dashboard" data-uid={dashboard.uid} style={{ width }}>
      <GlobalStyles />
      <h2 style={{ margin: '0 0 4px' }}>{dashboard.title}</h2>
      <DashboardControls variables={dashboard.templating.list} values={values} time={dashboard.time} range={range} />
      <div style={{ position: 'relative', height: gridHeight(dashboard.panels.map((p) => p.gridPos)) }}>
        {dashboard.panels.map((panel) => {
          const box = panelBox(panel.gridPos, width);
          return (
            <div key={panel.id ?? panel.title} style={{ position: 'absolute', left: box.left, top: box.top }}>
              <Panel panel={panel} datasource={datasource} range={range} theme={theme} width={box.width} height={box.height} replaceVariables={replaceVariables} />
            </div>
          );
        })}
      </div>
    </main>
  );
}
