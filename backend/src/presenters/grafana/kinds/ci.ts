/** Frames for CI insights: workflow and job metrics (tables) and their runs. */
import type { QueryOf } from '../../../../../contract/query';
import { recoveriesBy } from '../../../statistics/recovery';
import { runPage } from '../../../statistics/runHistory';
import { runMetrics, successRate, type RunKind, type RunMetrics } from '../../../statistics/runInsights';
import type { Row, TagFilter } from '../../../store/Store';
import { frame, type FieldSpec } from '../frame';
import type { KindHandler, QueryContext } from './context';

/** Runs listed at most in a runs frame (newest first). */
const MAX_RUNS = 1000;
const DAY = 86_400_000;

const filter = (q: { projectSlug: string; branch?: string; workflow?: string }): TagFilter => ({
  project_slug: [q.projectSlug],
  ...(q.branch ? { branch: [q.branch] } : {}),
  ...(q.workflow ? { workflow: [q.workflow] } : {}),
});

function metricFields(names: string[], metrics: Map<string, RunMetrics>, c: QueryContext): FieldSpec[] {
  const m = names.map((n) => metrics.get(n)!);
  const days = Math.max(1, (c.requested.toMs - c.requested.fromMs) / DAY);
  const duration = (pick: (d: NonNullable<RunMetrics['duration']>) => number | null) => m.map((x) => (x.duration ? pick(x.duration) : null));
  return [
    { name: 'name', type: 'string', values: names },
    { name: 'total_runs', type: 'number', values: m.map((x) => x.total) },
    { name: 'successful_runs', type: 'number', values: m.map((x) => x.successful) },
    { name: 'failed_runs', type: 'number', values: m.map((x) => x.failed) },
    { name: 'success_rate', type: 'number', unit: 'percentunit', values: m.map(successRate) },
    { name: 'throughput', type: 'number', unit: 'short', displayName: 'throughput (runs/day)', values: m.map((x) => x.total / days) },
    { name: 'total_credits_used', type: 'number', values: m.map((x) => x.credits) },
    { name: 'duration_min', type: 'number', unit: 's', values: duration((d) => d.min) },
    { name: 'duration_mean', type: 'number', unit: 's', values: duration((d) => d.mean) },
    { name: 'duration_median', type: 'number', unit: 's', values: duration((d) => d.median) },
    { name: 'duration_p95', type: 'number', unit: 's', values: duration((d) => d.p95) },
    { name: 'duration_max', type: 'number', unit: 's', values: duration((d) => d.max) },
    { name: 'duration_standard_deviation', type: 'number', unit: 's', values: duration((d) => d.stddev) },
  ];
}

export const workflows: KindHandler<QueryOf<'workflows'>> = async (q, c) => {
  const where = filter(q);
  const [metrics, recovered] = await Promise.all([
    runMetrics(c.store, 'workflow_run', where, c.range, 'workflow'),
    recoveriesBy(c.store, 'workflow_run', where, c.range, 'workflow'),
  ]);
  const names = [...metrics.keys()].sort();
  return [frame(q.refId, 'workflows', [
    ...metricFields(names, metrics, c),
    { name: 'mttr', type: 'number', unit: 's', values: names.map((n) => recovered.get(n)?.meanSeconds ?? null) },
    { name: 'total_recoveries', type: 'number', values: names.map((n) => recovered.get(n)?.count ?? 0) },
  ])];
};

export const jobs: KindHandler<QueryOf<'jobs'>> = async (q, c) => {
  const metrics = await runMetrics(c.store, 'job_run', filter(q), c.range, 'job');
  return [frame(q.refId, 'jobs', metricFields([...metrics.keys()].sort(), metrics, c))];
};

function runsFrame(refId: string, kind: RunKind, rows: Row[]) {
  const v = (name: string) => rows.map((r) => r.values[name] ?? null);
  return frame(refId, kind === 'workflow_run' ? 'workflow_runs' : 'job_runs', [
    { name: 'time', type: 'time', values: rows.map((r) => r.timeMs) },
    { name: 'id', type: 'string', values: v('id') },
    { name: 'status', type: 'string', values: v('status') },
    { name: 'branch', type: 'string', values: v('branch') },
    { name: 'duration', type: 'number', unit: 's', values: v('duration') },
    { name: 'credits_used', type: 'number', values: v('credits_used') },
    { name: 'stopped_at', type: 'time', values: v('stopped_at') },
  ]);
}

export const workflowRuns: KindHandler<QueryOf<'workflow_runs'>> = async (q, c) =>
  [runsFrame(q.refId, 'workflow_run', await runPage(c.store, 'workflow_run', filter(q), c.range, { offset: 0, limit: MAX_RUNS }))];

export const jobRuns: KindHandler<QueryOf<'job_runs'>> = async (q, c) =>
  [runsFrame(q.refId, 'job_run', await runPage(c.store, 'job_run', { ...filter(q), job: [q.job] }, c.range, { offset: 0, limit: MAX_RUNS }))];
