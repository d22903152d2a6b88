/** Renders an editor with its query in state (as Grafana's panel editor keeps it), recording changes. */
import { useState, type ComponentType } from 'react';
import { render } from '@testing-library/react';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { DataSource } from '../data/DataSource';
import { proxyBackendSrv, variablesTemplateSrv } from './grafanaAdapters';
import { READ_TOKEN, testServices } from './flowmeterService';
import { instanceSettings } from './instanceSettings';

/** A DataSource on the real test service, with dashboard variables $project (multi) and $slug. */
export function realDataSource(): DataSource {
  const { url } = testServices();
  setBackendSrv(proxyBackendSrv({ serviceUrl: url, readToken: READ_TOKEN }));
  setTemplateSrv(variablesTemplateSrv({ project: ['payments', 'search'], slug: 'gh/acme/api' }));
  return new DataSource(instanceSettings({ url }));
}

interface EditorProps<Q> {
  query: Q;
  onChange(query: Q): void;
  onRunQuery(): void;
  datasource: DataSource;
}

export function renderEditor<Q>(Editor: ComponentType<EditorProps<Q>>, initial: Q, datasource = realDataSource()) {
  const changes: Q[] = [];
  const runs = { count: 0 };
  function Stateful() {
    const [query, setQuery] = useState(initial);
    return (
      <Editor
        query={query}
        datasource={datasource}
        onChange={(next) => { changes.push(next); setQuery(next); }}
        onRunQuery={() => { runs.count += 1; }}
      />
    );
  }
  return { ...render(<Stateful />), changes, runs, last: () => changes[changes.length - 1] };
}
