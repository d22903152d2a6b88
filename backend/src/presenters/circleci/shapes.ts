/** Statistics -> CircleCI insights JSON (API v2): field names, types and nesting as documented. */
import { createHash } from 'node:crypto';
import type { Row, TimeRange } from '../../store/Store';
import { successRate, type RunMetrics } from '../../statistics/runInsights';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const int = (n: number) => Math.round(n);

const durationMetrics = (m: RunMetrics) => ({
  min: int(m.duration?.min ?? 0),
  mean: int(m.duration?.mean ?? 0),
  median: int(m.duration?.median ?? 0),
  p95: int(m.duration?.p95 ?? 0),
  max: int(m.duration?.max ?? 0),
  standard_deviation: m.duration?.stddev ?? 0,
});

/** Average runs per day over the window (a window under a day counts as one day). */
const throughput = (m: RunMetrics, window: TimeRange) => m.total / Math.max(1, (window.toMs - window.fromMs) / DAY);

/** A stable UUID-shaped id for a project slug (Flowmeter has no CircleCI project ids). */
export function projectId(slug: string): string {
  const h = createHash('sha1').update(`flowmeter:${slug}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const workflowSummary = (name: string, m: RunMetrics, recovery: { count: number; meanSeconds: number }, window: TimeRange, slug: string) => ({
  name,
  metrics: {
    total_runs: m.total,
    successful_runs: m.successful,
    mttr: int(recovery.meanSeconds),
    total_credits_used: int(m.credits),
    failed_runs: m.failed,
    success_rate: successRate(m),
    duration_metrics: durationMetrics(m),
    total_recoveries: recovery.count,
    throughput: throughput(m, window),
  },
  window_start: iso(window.fromMs),
  window_end: iso(window.toMs),
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
  window_start: iso(window.fromMs),
  window_end: iso(window.toMs),
});

/** When a run stopped: as sent, else its start plus its duration, else null (still running). */
function stoppedAt(row: Row): string | null {
  const { stopped_at, duration } = row.values;
  if (stopped_at !== null) return iso(Number(stopped_at));
  return duration !== null ? iso(row.timeMs + Number(duration) * 1000) : null;
}

export const workflowRun = (row: Row) => ({
  id: String(row.values.id),
  branch: row.values.branch === null ? '' : String(row.values.branch),
  duration: int(Number(row.values.duration ?? 0)),
  created_at: iso(row.timeMs),
  stopped_at: stoppedAt(row),
  credits_used: int(Number(row.values.credits_used ?? 0)),
  status: String(row.values.status),
  is_approval: row.values.is_approval === true,
});

export const jobRun = (row: Row) => ({
  id: String(row.values.id),
  started_at: iso(row.timeMs),
  stopped_at: stoppedAt(row),
  status: String(row.values.status),
  credits_used: int(Number(row.values.credits_used ?? 0)),
  duration: int(Number(row.values.duration ?? 0)),
});
