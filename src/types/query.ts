/**
 * The plugin's view of the query model. The model itself lives in contract/query.ts (shared with
 * the service); this file only adds Grafana's DataQuery fields, typed defaults and kind switching.
 */
import type { DataQuery } from '@grafana/schema';
import { Query, QueryKindLabels, QueryKinds, type QueryInput, type QueryKind, type QueryOf } from '../../contract/query';

export { Query, QueryKinds, QueryKindLabels, Lookups, LookupFilters, Cycles, DoraViews, AdhocKeys } from '../../contract/query';
export type { QueryKind, QueryOf, Lookup, AdhocKey, AdhocFilter } from '../../contract/query';

/** A saved query: the contract's input shape (defaults may be missing) plus Grafana's fields. */
export type FlowmeterQuery = QueryInput & DataQuery;

/** What each kind starts with: `build` shows every project at once; others name what they need. */
export type QueryDefaults = { [K in QueryKind]: Omit<QueryOf<K>, 'refId' | 'hide'> };

export const DEFAULTS: QueryDefaults = {
  overview: { kind: 'overview' },
  build: { kind: 'build', projects: [] },
  deploy: { kind: 'deploy', projects: [], format: 'daily' },
  test: { kind: 'test', projects: [] },
  release: { kind: 'release', projects: [], format: 'daily' },
  rollback: { kind: 'rollback' },
  workflows: { kind: 'workflows', projectSlug: '' },
  workflow_runs: { kind: 'workflow_runs', projectSlug: '', workflow: '' },
  jobs: { kind: 'jobs', projectSlug: '', workflow: '' },
  job_runs: { kind: 'job_runs', projectSlug: '', workflow: '', job: '' },
  api_metrics: { kind: 'api_metrics', projectId: '', instanceId: '' },
  api_latest: { kind: 'api_latest', apiId: '' },
  task_overview: { kind: 'task_overview', projectId: '', isOwn: false },
  dora: { kind: 'dora', projects: [], env: 'prod', view: 'summary' },
  alert: { kind: 'alert', metric: 'build_failures', env: 'prod' },
};

export const DEFAULT_KIND: QueryKind = 'build';
export const DEFAULT_QUERY: Partial<FlowmeterQuery> = DEFAULTS[DEFAULT_KIND];

const schemas = new Map(Query.options.map((schema) => [schema.shape.kind.value as QueryKind, schema]));

/** The zod object schema of one kind. */
export function schemaOf(kind: QueryKind) {
  const schema = schemas.get(kind);
  if (!schema) throw new Error(`unknown query kind "${kind}"`);
  return schema;
}

export const isQueryKind = (value: unknown): value is QueryKind => QueryKinds.includes(value as QueryKind);

/** Option names a kind takes (everything but the envelope and the dashboard's ad-hoc filters). */
export function optionsOf(kind: QueryKind): string[] {
  return Object.keys(schemaOf(kind).shape).filter((key) => !['refId', 'hide', 'kind', 'adhocFilters'].includes(key));
}

/**
 * Switches a query to another kind: starts from that kind's defaults and keeps every option the
 * new kind also takes whose value is still valid for it (projects from build to deploy, the
 * project slug and workflow across the CI kinds). Grafana's own fields (refId, datasource...) stay.
 */
export function changeKind(query: FlowmeterQuery, kind: QueryKind): FlowmeterQuery {
  const shape = schemaOf(kind).shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  const previous = query as unknown as Record<string, unknown>;
  const optionNames = new Set(query.kind && isQueryKind(query.kind) ? optionsOf(query.kind) : []);
  const envelope = Object.fromEntries(Object.entries(previous).filter(([key]) => !optionNames.has(key) && key !== 'kind'));
  const kept = Object.fromEntries(
    optionsOf(kind)
      .filter((key) => previous[key] !== undefined && previous[key] !== '' && shape[key].safeParse(previous[key]).success)
      .map((key) => [key, previous[key]]),
  );
  return { ...envelope, ...DEFAULTS[kind], ...kept } as FlowmeterQuery;
}

/** A query with every kind-specific default applied (e.g. an old saved query without `projects`). */
export function withDefaults(query: Partial<FlowmeterQuery> & DataQuery): FlowmeterQuery {
  const kind = isQueryKind(query.kind) ? query.kind : DEFAULT_KIND;
  return { ...DEFAULTS[kind], ...query, kind } as FlowmeterQuery;
}

export interface Issue {
  /** Option name ('' for the query as a whole). */
  path: string;
  message: string;
}

/** Problems the service would reject the query for, as messages a user can act on. */
export function validate(query: FlowmeterQuery): Issue[] {
  const parsed = Query.safeParse(query);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { path, message: describeIssue(path, issue.code, issue.message) };
  });
}

const optionLabels: Record<string, string> = {
  projectSlug: 'Project slug', workflow: 'Workflow', job: 'Job', projectId: 'Project ID',
  instanceId: 'Instance ID', apiId: 'API', projects: 'Projects', kind: 'Kind',
};

function describeIssue(path: string, code: string, message: string): string {
  if (path === 'kind') return `Choose a query kind (one of ${QueryKinds.join(', ')})`;
  const label = optionLabels[path] ?? path;
  // zod says "Too small: expected string to have >=1 characters" for an empty required name.
  if (code === 'too_small' || code === 'invalid_type') return `${label} is required`;
  return label ? `${label}: ${message}` : message;
}

/**
 * A query in one line, as Explore's query history and the inspector show it: the kind's label and
 * each option that is set, in the contract's order, e.g. "Builds · projects: payments, search".
 */
export function queryDisplayText(query: Partial<FlowmeterQuery>): string {
  if (!isQueryKind(query.kind)) return 'Flowmeter query';
  const fields = query as Record<string, unknown>;
  const shown = (value: unknown): string | undefined => {
    if (Array.isArray(value)) return value.length ? value.join(', ') : undefined;
    if (value === undefined || value === '' || value === false) return undefined;
    return value === true ? 'yes' : String(value);
  };
  const options = optionsOf(query.kind).flatMap((name) => {
    const text = shown(fields[name]);
    return text === undefined ? [] : [`${name}: ${text}`];
  });
  return [QueryKindLabels[query.kind].label, ...options].join(' · ');
}
