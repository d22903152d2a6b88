/**
 * One dashboard panel: its targets through the plugin's query(), its transformations and field
 * config applied as Grafana does, drawn by its visualisation in Grafana's PanelChrome (title
 * above, error state in the header). The wrapper's data-state / data-rows attributes tell the
 * browser test when it is done and whether it holds data.
 */
import { Component, useEffect, useMemo, useState, type ReactNode } from 'react';
import { applyFieldOverrides, LoadingState, type DataFrame, type DataQuery, type DataSourceApi, type FieldConfigSource, type GrafanaTheme2, type ScopedVars } from '@grafana/data';
import { Alert, PanelChrome } from '@grafana/ui';
import type { Panel as PanelJson } from '../../../stack/grafana';
import { runQuery, timeRange, type TimeRangeMs } from '../dataSource';
import { fieldConfigRegistry, withFieldConfigDefaults, withOptionDefaults } from './panelDefaults';
import { applyTransformations } from './transformations';
import { Visualisation, VIZ_OF_PANEL_TYPE } from './visualisations';

export interface PanelProps {
  panel: PanelJson;
  datasource: DataSourceApi<DataQuery>;
  range: TimeRangeMs;
  theme: GrafanaTheme2;
  width: number;
  height: number;
  replaceVariables: (text: string, scopedVars?: ScopedVars) => string;
}

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; frames: DataFrame[] };

async function load({ panel, datasource, range, theme, replaceVariables }: PanelProps, fieldConfig: FieldConfigSource): Promise<DataFrame[]> {
  const response = await runQuery(datasource, panel.targets, range, `panel-${panel.id}`);
  if (response.errors?.length) throw new Error(response.errors.map((e) => e.message).join('; '));
  const frames = await applyTransformations(response.data as DataFrame[], panel.transformations);
  return applyFieldOverrides({ data: frames, fieldConfig, fieldConfigRegistry: fieldConfigRegistry(fieldConfig), replaceVariables, theme, timeZone: 'utc' });
}

export function Panel(props: PanelProps) {
  const { panel, width, height, theme, range, replaceVariables } = props;
  const fieldConfig = useMemo(() => withFieldConfigDefaults(panel.type, panel.fieldConfig), [panel]);
  const options = useMemo(() => withOptionDefaults(panel.type, panel.options), [panel]);
  const shownRange = useMemo(() => timeRange(range), [range]);
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    load(props, fieldConfig).then((frames) => setState({ kind: 'done', frames }), (err: Error) => setState({ kind: 'error', message: err.message }));
    // One load per panel: the dashboard's variables and range are settled before panels mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const rows = state.kind === 'done' ? state.frames.reduce((n, f) => n + f.length, 0) : 0;
  const title = replaceVariables(panel.title);
  return (
    <div data-testid="panel" data-title={title} data-state={state.kind} data-rows={rows} data-viz={VIZ_OF_PANEL_TYPE[panel.type] ?? 'table'}
      data-error={state.kind === 'error' ? state.message : undefined}>
      <PanelChrome title={title} description={panel.description} width={width} height={height}
        loadingState={state.kind === 'loading' ? LoadingState.Loading : undefined}
        statusMessage={state.kind === 'error' ? state.message : undefined}>
        {(innerWidth, innerHeight) => state.kind === 'done' && (
          <VizErrorBoundary>
            <Visualisation type={panel.type} frames={state.frames} fieldConfig={fieldConfig} options={options} timeRange={shownRange}
              width={innerWidth} height={innerHeight} theme={theme} replaceVariables={replaceVariables} />
          </VizErrorBoundary>
        )}
      </PanelChrome>
    </div>
  );
}

/** A visualisation that throws while rendering shows its error in the panel, as Grafana's does. */
class VizErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    return this.state.error ? <Alert severity="error" title="Panel render error" data-testid="panel-render-error">{this.state.error.message}</Alert> : this.props.children;
  }
}
