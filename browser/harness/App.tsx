/** What Grafana would show: the data source's settings, a panel's query editor, and its result. */
import { useMemo, useRef, useState } from 'react';
import type { DataFrame, DataQuery } from '@grafana/data';
import { Alert, Button, GlobalStyles, Stack } from '@grafana/ui';
import { createDataSource, initialSettings, runQuery, type PluginModule } from './dataSource';
import { Results } from './Results';

const params = new URLSearchParams(window.location.search);
const serviceUrl = params.get('service') ?? '';
const range = { from: Number(params.get('from')), to: Number(params.get('to')) };

type Status = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; query: string; frames: number; errors: string[] } | { kind: 'tested'; status: string; message: string };

export function App({ module }: { module: PluginModule }) {
  const { plugin } = module;
  const ConfigEditor = plugin.components.ConfigEditor!;
  const QueryEditor = plugin.components.QueryEditor!;
  const [settings, setSettings] = useState(() => initialSettings(plugin, serviceUrl));
  const datasource = useMemo(() => createDataSource(plugin, settings), [plugin, settings]);
  const [query, setQuery] = useState<DataQuery>({ refId: 'A' });
  // The panel's query runner reads the latest query when onRunQuery follows onChange.
  const latest = useRef(query);
  const [frames, setFrames] = useState<DataFrame[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const run = async (target: DataQuery) => {
    setStatus({ kind: 'running' });
    const response = await runQuery(datasource, [target], range);
    setFrames(response.data as DataFrame[]);
    setStatus({ kind: 'done', query: JSON.stringify(target), frames: response.data.length, errors: (response.errors ?? []).map((e) => e.message ?? '') });
  };
  const test = async () => {
    const result = await datasource.testDatasource();
    setStatus({ kind: 'tested', status: result.status, message: result.message });
  };

  return (
    <Stack direction="column" gap={2}>
      <GlobalStyles />
      <section data-testid="config">
        <h3>Data source settings</h3>
        <ConfigEditor options={settings} onOptionsChange={setSettings} />
        <Button onClick={test}>Save &amp; test</Button>
      </section>
      <section data-testid="query">
        <h3>Query</h3>
        <QueryEditor
          query={query}
          datasource={datasource}
          onChange={(next: DataQuery) => { latest.current = next; setQuery(next); }}
          onRunQuery={() => void run(latest.current)}
        />
      </section>
      <div data-testid="status" data-kind={status.kind} data-query={status.kind === 'done' ? status.query : undefined}>
        {status.kind === 'tested' && <Alert severity={status.status === 'success' ? 'success' : 'error'} title={status.message} />}
        {status.kind === 'done' && `${status.frames} frame(s)${status.errors.length ? `; errors: ${status.errors.join('; ')}` : ''}`}
      </div>
      <Results frames={frames} />
    </Stack>
  );
}
