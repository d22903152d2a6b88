/** Renders an editor with its query in state (as Grafana's panel editor keeps it), recording changes. */
import { useState, type ComponentType } from 'react';
import { render } from '@testing-library/react';
import type { DataSource } from '../data/DataSource';
import { realDataSource } from './realDataSource';

/** The editors' dashboard: $project (multi) and $slug. */
const editorDataSource = () => realDataSource({ variables: { project: ['payments', 'search'], slug: 'gh/acme/api' } });

interface EditorProps<Q> {
  query: Q;
  onChange(query: Q): void;
  onRunQuery(): void;
  datasource: DataSource;
}

export function renderEditor<Q>(Editor: ComponentType<EditorProps<Q>>, initial: Q, datasource = editorDataSource()) {
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
