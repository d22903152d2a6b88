import type { DataQuery } from '@grafana/schema';
import type { DataSource } from '../data/DataSource';
import type { Issue, QueryKind } from '../types/query';
import type { QueryInput } from '../../contract/query';

type QueryByKind = { [Q in QueryInput as Q['kind']]: Q };
/** The saved query of one kind (or of any of several kinds). */
export type KindQuery<K extends QueryKind> = QueryByKind[K] & DataQuery;

/** `out`: an editor of several kinds (ProjectsEditor) is an editor of each of them. */
export interface KindEditorProps<out K extends QueryKind> {
  query: KindQuery<K>;
  // Method syntax on purpose: one editor serves several kinds (ProjectsEditor: build, deploy...).
  onChange(query: KindQuery<K>): void;
  datasource: DataSource;
  issues: readonly Issue[];
  /** Options fixed by the context, not to be shown (e.g. `format` for annotations). */
  fixedOptions?: readonly string[];
}
