/**
 * The query editor: a kind, then that kind's own small editor, in @grafana/plugin-ui's editor rows
 * (as Grafana's own and clickhouse-datasource's editors); runs the query when it is valid.
 */
import type { ComponentType } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { EditorField, EditorRow, EditorRows } from '@grafana/plugin-ui';
import type { DataSource } from '../data/DataSource';
import { kindEditors } from '../editors';
import type { KindEditorProps } from '../editors/types';
import { EditorErrorBoundary } from '../components/EditorErrorBoundary';
import { KindPicker } from '../components/KindPicker';
import { LookupRangeContext } from '../components/LookupRange';
import type { FlowmeterOptions } from '../types/config';
import { changeKind, validate, withDefaults, type FlowmeterQuery, type QueryKind } from '../types/query';

export type Props = QueryEditorProps<DataSource, FlowmeterQuery, FlowmeterOptions> & {
  /** Kinds offered; every kind by default. */
  kinds?: readonly QueryKind[];
  /** Options the context fixes (an annotation lists events): not shown. */
  fixedOptions?: readonly string[];
};

export function QueryEditor({ query: saved, onChange, onRunQuery, datasource, range, kinds, fixedOptions = [] }: Props) {
  const query = withDefaults(saved);
  const issues = validate(query);
  const update = (next: FlowmeterQuery) => {
    onChange(next);
    if (validate(next).length === 0) onRunQuery();
  };
  const KindEditor = kindEditors[query.kind] as ComponentType<KindEditorProps<QueryKind>>;
  return (
    <EditorErrorBoundary>
      <LookupRangeContext.Provider value={range}>
        <EditorRows>
          <EditorRow>
            <EditorField label="Kind" htmlFor="flowmeter-kind" tooltip="What to ask: one kind per statistic (the ? beside the query lists them with examples)">
              <KindPicker value={query.kind} kinds={kinds} onChange={(kind) => update(changeKind(query, kind))} />
            </EditorField>
          </EditorRow>
          <KindEditor query={query as KindEditorProps<QueryKind>['query']} onChange={update} datasource={datasource} issues={issues} fixedOptions={fixedOptions} />
        </EditorRows>
      </LookupRangeContext.Provider>
    </EditorErrorBoundary>
  );
}
