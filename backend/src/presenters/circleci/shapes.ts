/** Statistics -> CircleCI insights JSON (API v2): field names, types and nesting as documented. */
import { createHash } from 'node:crypto';
import type { CircleStatus } from '../../../../contract/events';
import type { Row, TimeRange } from '../../store/Store';
import { successRate, type RunMetrics } from '../../statistics/runInsights';
import type { Recovery } from '../../statistics/recovery';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const int = (n: number) => Math.round(n);
/** The document types these nullable: unknown is null, never 0. */
const intOrNull = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(n));

/** All null when no run reports a duration; standard_deviation null with one run. */
const durationMetrics = (m: RunMetrics) => ({
  min: intOrNull(m.duration?.min),
  mean: intOrNull(m.duration?.mean),
  median: intOrNull(m.duration?.median),
  p95: intOrNull(m.duration?.p95),
  max: intOrNull(m.duration?.max),
  standard_deviation: m.duration?.stddev ?? null,
});

/** Average runs per day over the window (a window under a day counts as one day). */
const throughput = (m: RunMetrics, window: TimeRange) => m.total / Math.max(1, (window.toMs - window.fromMs) / DAY);

/** A name-based UUID (version 5 layout: SHA-1 of the name, version and variant bits set). */
function uuidOf(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stable UUID-shaped id for a project slug (Flowmeter has no CircleCI project ids). */
export const projectId = (slug: string): string => uuidOf(`flowmeter:${slug}`);

/**
 * CircleCI types run ids `format: uuid`. A run sent with a UUID (CircleCI's own, through the
 * receiver) keeps it; any other id (a GitHub run number, a derived hash) answers as a UUID
 * derived from it, the same every time.
 */
export const runId = (kind: 'workflow_run' | 'job_run', id: string): string => (UUID.test(id) ? id.toLowerCase() : uuidOf(`flowmeter:${kind}:${id}`));

/** CircleCI: "the timestamp of the first (last) build within the requested reporting window". */
const runSpan = (m: RunMetrics) => ({ window_start: iso(m.firstMs), window_end: iso(m.lastMs) });

export const workflowSummary = (name: string, m: RunMetrics, recovery: Recovery, window: TimeRange, slug: string) => ({
  name,
  metrics: {
    total_runs: m.total,
    successful_runs: m.successful,
    mttr: intOrNull(recovery.meanSeconds),
    total_credits_used: int(m.credits),
    failed_runs: m.failed,
    success_rate: successRate(m),
    duration_metrics: durationMetrics(m),
    total_recoveries: recovery.count,
    throughput: throughput(m, window),
  },
  ...runSpan(m),
  project_id: projectId(slug),
});

export const jobSummary = (name: string, m: RunMetrics, window: TimeRange) => ({
  name,
  metrics: {
    total_runs: m.total,
    failed_runs: m.failed,
    successful_runs: m.successful,
    duration_metrics: durationMetrics(m),
    success_rate: successRate(m),
    total_credits_used: int(m.credits),
    throughput: throughput(m, window),
  },
  ...runSpan(m),
});

/**
 * The statuses the document's run lists hold: finished runs only (running, on_hold and failing
 * runs are left out until they finish). A job that ended in `error`, which the job enum lacks,
 * is listed as `failed`.
 */
export const LISTED_STATUSES: Record<'workflow_run' | 'job_run', readonly CircleStatus[]> = {
  workflow_run: ['success', 'failed', 'error', 'canceled', 'unauthorized'],
  job_run: ['success', 'not_run', 'failed', 'canceled', 'unauthorized', 'error'],
};
const jobStatus = (status: string) => (status === 'error' ? 'failed' : status);

/** When a run stopped: as sent, else its start plus its duration, else null (still running). */
function stoppedAt(row: Row): string | null {
  const { stopped_at, duration } = row.values;
  if (stopped_at !== null) return iso(Number(stopped_at));
  return duration !== null ? iso(row.timeMs + Number(duration) * 1000) : null;
}

/** Seconds a run took: as sent, else from its stop time; null when neither is known. */
function runDuration(row: Row): number | null {
  const { stopped_at, duration } = row.values;
  if (duration !== null) return int(Number(duration));
  return stopped_at !== null ? Math.max(0, int((Number(stopped_at) - row.timeMs) / 1000)) : null;
}

export const workflowRun = (row: Row) => ({
  id: runId('workflow_run', String(row.values.id)),
  branch: row.values.branch === null ? '' : String(row.values.branch),
  duration: runDuration(row),
  created_at: iso(row.timeMs),
  stopped_at: stoppedAt(row),
  credits_used: int(Number(row.values.credits_used ?? 0)),
  status: String(row.values.status),
  is_approval: row.values.is_approval === true,
});

export const jobRun = (row: Row) => ({
  id: runId('job_run', String(row.values.id)),
  started_at: iso(row.timeMs),
  stopped_at: stoppedAt(row),
  status: jobStatus(String(row.values.status)),
  credits_used: int(Number(row.values.credits_used ?? 0)),
  duration: runDuration(row),
});
