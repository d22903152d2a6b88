/**
 * The query model: the one definition of a Flowmeter query, used by the Grafana plugin (its
 * editors and DataSource), by the service's `POST /api/v1/query` validation, and by the docs.
 * A discriminated union on `kind`, one kind per statistic the service answers.
 */
import { z } from 'zod';

const names = z.array(z.string().min(1)).default([]).meta({ description: 'empty = all' });
const optionalName = z.string().optional();

/** Kinds, in the order the editor lists them. */
export const QueryKinds = [
  'overview', 'build', 'deploy', 'test', 'release', 'rollback',
  'workflows', 'workflow_runs', 'jobs', 'job_runs',
  'api_metrics', 'api_latest', 'task_overview', 'dora', 'alert',
] as const;
export type QueryKind = (typeof QueryKinds)[number];

export const QueryKindLabels: Record<QueryKind, { label: string; description: string }> = {
  overview: { label: 'Overview', description: 'Distinct projects, clusters, services, workflows, environments and artifacts' },
  build: { label: 'Builds', description: 'Daily build success, failure and total' },
  deploy: { label: 'Deploys', description: 'Daily deploy success, failure and total' },
  test: { label: 'Tests', description: 'Test executions, cases and runtime by week' },
  release: { label: 'Releases', description: 'Daily production releases' },
  rollback: { label: 'Rollbacks', description: 'Rollbacks, one row each (annotations)' },
  workflows: { label: 'CI workflows', description: 'Success rate, throughput, MTTR, credits and durations per workflow' },
  workflow_runs: { label: 'CI workflow runs', description: 'Recent runs of one workflow' },
  jobs: { label: 'CI jobs', description: 'Metrics per job of one workflow' },
  job_runs: { label: 'CI job runs', description: 'Recent runs of one job' },
  api_metrics: { label: 'API metrics', description: 'Requests, 2xx/4xx/5xx, latency and bytes per minute/hour/day' },
  api_latest: { label: 'API latest calls', description: 'Calls of one API in the latest period' },
  task_overview: { label: 'Task instances', description: 'Instance status counts' },
  dora: { label: 'DORA metrics', description: 'Deployment frequency, lead time, change failure rate and time to restore of one environment' },
  alert: { label: 'Alert metrics', description: 'One number per project (or API instance) over exactly the time range: for alert rules' },
};

/**
 * Grafana's ad-hoc filters (a dashboard's "Filters" variable), applied to every query of a
 * dashboard: `key operator value` on the event tags project, service and env. They narrow the
 * events of the measurements that carry the tag (delivery kinds and DORA; rollbacks); kinds
 * whose events have no such tag (CI, API, task instances) are not narrowed by it.
 */
export const AdhocKeys = ['project', 'service', 'env'] as const;
export type AdhocKey = (typeof AdhocKeys)[number];
export const AdhocFilter = z.object({
  key: z.enum(AdhocKeys),
  operator: z.enum(['=', '!=']).meta({ description: 'regex operators are not supported' }),
  value: z.string(),
});
export type AdhocFilter = z.output<typeof AdhocFilter>;

const base = {
  refId: z.string().min(1),
  hide: z.boolean().optional(),
  adhocFilters: z.array(AdhocFilter).max(50).optional(),
};

export const OverviewQuery = z.object({ ...base, kind: z.literal('overview') });
export const BuildQuery = z.object({ ...base, kind: z.literal('build'), projects: names });
/** `daily`: a time series of daily outcomes; `events`: one row per event (time, title, text, tags: annotations). */
export const DeliveryFormats = ['daily', 'events'] as const;
const format = z.enum(DeliveryFormats).default('daily');
export const DeployQuery = z.object({ ...base, kind: z.literal('deploy'), projects: names, format });
export const TestQuery = z.object({ ...base, kind: z.literal('test'), projects: names });
export const ReleaseQuery = z.object({ ...base, kind: z.literal('release'), projects: names, format });
export const RollbackQuery = z.object({
  ...base, kind: z.literal('rollback'), project: optionalName, env: optionalName, service: optionalName,
});

const ciBase = { projectSlug: z.string().min(1).meta({ description: 'e.g. gh/acme/api' }), branch: optionalName };
export const WorkflowsQuery = z.object({ ...base, kind: z.literal('workflows'), ...ciBase });
export const WorkflowRunsQuery = z.object({ ...base, kind: z.literal('workflow_runs'), ...ciBase, workflow: z.string().min(1) });
export const JobsQuery = z.object({ ...base, kind: z.literal('jobs'), ...ciBase, workflow: z.string().min(1) });
export const JobRunsQuery = z.object({ ...base, kind: z.literal('job_runs'), ...ciBase, workflow: z.string().min(1), job: z.string().min(1) });

export const Cycles = ['MINUTE', 'HOUR', 'DAY'] as const;
export const ApiMetricsQuery = z.object({
  ...base, kind: z.literal('api_metrics'),
  projectId: z.string().min(1), instanceId: z.string().min(1), apiId: optionalName, appId: optionalName,
  cycle: z.enum(Cycles).optional().meta({ description: 'absent: chosen from the time range' }),
});
export const ApiLatestQuery = z.object({ ...base, kind: z.literal('api_latest'), apiId: z.string().min(1) });

export const TaskOverviewQuery = z.object({
  ...base, kind: z.literal('task_overview'),
  projectId: z.string().min(1), workspace: optionalName, isOwn: z.boolean().default(false),
});

/** The DORA metrics of the deploys to one environment (definitions: README, "DORA metrics"). */
export const DoraViews = ['summary', 'daily'] as const;
export const DoraQuery = z.object({
  ...base, kind: z.literal('dora'), projects: names,
  env: z.string().min(1).default('prod').meta({ description: 'the deploys\' env that counts as production' }),
  view: z.enum(DoraViews).default('summary').meta({ description: 'summary: one row over the range; daily: a time series' }),
});

/**
 * Numbers for alert rules, over exactly the query's range (not whole days), one row per group
 * (its tags as string fields, then the number): failed + timed-out builds per project; failed + timed-out production deploys per
 * project and service; 5xx / (requests + 50) per API instance (the 50 keep a quiet night's single
 * 500 from paging); the DORA change failure rate of `env` per project.
 */
export const AlertMetrics = ['build_failures', 'failed_prod_deploys', 'api_5xx_ratio', 'change_failure_rate'] as const;
export type AlertMetric = (typeof AlertMetrics)[number];
export const AlertQuery = z.object({
  ...base, kind: z.literal('alert'), metric: z.enum(AlertMetrics),
  env: z.string().min(1).default('prod').meta({ description: 'change_failure_rate: the deploys\' env that counts as production' }),
});

export const Query = z.discriminatedUnion('kind', [
  OverviewQuery, BuildQuery, DeployQuery, TestQuery, ReleaseQuery, RollbackQuery,
  WorkflowsQuery, WorkflowRunsQuery, JobsQuery, JobRunsQuery,
  ApiMetricsQuery, ApiLatestQuery, TaskOverviewQuery, DoraQuery, AlertQuery,
]);
export type Query = z.output<typeof Query>;
export type QueryInput = z.input<typeof Query>;
export type QueryOf<K extends QueryKind> = Extract<Query, { kind: K }>;

/**
 * Queries in one request at most. Grafana sends one request per panel with that panel's
 * queries (A, B, ... rarely more than a handful); the bound keeps one request from asking the
 * store for thousands of answers at once.
 */
export const MAX_QUERIES_PER_REQUEST = 50;

/** `POST /api/v1/query`, in the shape of Grafana's /api/ds/query. */
export const QueryRequest = z.object({
  queries: z.array(z.looseObject({ refId: z.string().min(1), kind: z.string() })).min(1)
    .max(MAX_QUERIES_PER_REQUEST, `at most ${MAX_QUERIES_PER_REQUEST} queries per request`),
  range: z.object({ from: z.number().int(), to: z.number().int() }).refine((r) => r.from <= r.to, 'range.from must not be after range.to'),
  timezone: z.string().optional().meta({ description: 'IANA zone for day buckets; "browser"/"utc" as Grafana sends them are accepted' }),
});
export type QueryRequest = z.output<typeof QueryRequest>;

/** Lookup endpoints for template variables: GET /api/v1/lookup/{name}. */
export const Lookups = ['projects', 'services', 'environments', 'workflows', 'jobs', 'apis', 'project_slugs'] as const;
export type Lookup = (typeof Lookups)[number];

/** Query parameters each lookup is narrowed by (repeatable; empty = no filter). */
export const LookupFilters: Record<Lookup, readonly string[]> = {
  projects: [], services: ['project'], environments: ['project'], project_slugs: [],
  workflows: ['project_slug'], jobs: ['project_slug', 'workflow'], apis: ['project_id', 'instance_id'],
};

/**
 * Optional time range of a lookup (`?from=&to=`, epoch ms, both or neither): only values of
 * events in [from, to), so a dashboard's variables and the editor's choices follow its range.
 */
export const LookupRange = z.object({
  from: z.coerce.number().int().meta({ description: 'epoch ms, inclusive' }),
  to: z.coerce.number().int().meta({ description: 'epoch ms, exclusive' }),
}).refine((r) => r.from <= r.to, 'from must not be after to');
export type LookupRange = z.output<typeof LookupRange>;
