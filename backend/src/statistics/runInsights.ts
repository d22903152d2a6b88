/**
 * Aggregates over CI runs (workflow_run, job_run) per workflow or job, pushed into the store:
 * counts by outcome, credits, and duration statistics in one grouped query.
 */
import { statusField } from '../store/schema';
import type { Store, TagFilter, TimeRange } from '../store/Store';

export type RunKind = 'workflow_run' | 'job_run';

/** The field holding when a run started (its time on the axis too). */
export const STARTED_FIELD: Record<RunKind, 'created_at' | 'started_at'> = { workflow_run: 'created_at', job_run: 'started_at' };

export interface DurationStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly median: number;
  readonly p95: number;
  /** Sample standard deviation; null with fewer than two runs. */
  readonly stddev: number | null;
}

export interface RunMetrics {
  readonly total: number;
  readonly successful: number;
  /** failed + error */
  readonly failed: number;
  readonly canceled: number;
  readonly credits: number;
  /** Over the runs that report a duration; null when none do. */
  readonly duration: DurationStats | null;
  /** When the first and the last run in the range started (epoch ms). */
  readonly firstMs: number;
  readonly lastMs: number;
}

const n = (field: string) => ({ fn: 'sum' as const, field: statusField(field) });

/** Metrics per value of `groupBy` (workflow or job), for the runs matching `where` in the range. */
export async function runMetrics(store: Store, kind: RunKind, where: TagFilter, range: TimeRange, groupBy: 'workflow' | 'job'): Promise<Map<string, RunMetrics>> {
  const rows = await store.aggregate({
    measurement: kind, where, range, groupBy: [groupBy],
    select: {
      total: { fn: 'count', field: 'id' }, successful: n('success'), failed: n('failed'), error: n('error'), canceled: n('canceled'),
      credits: { fn: 'sum', field: 'credits_used' }, timed: { fn: 'count', field: 'duration' },
      min: { fn: 'min', field: 'duration' }, max: { fn: 'max', field: 'duration' }, mean: { fn: 'mean', field: 'duration' },
      median: { fn: 'median', field: 'duration' }, p95: { fn: 'percentile', field: 'duration', p: 95 }, stddev: { fn: 'stddev', field: 'duration' },
      first: { fn: 'min', field: STARTED_FIELD[kind] }, last: { fn: 'max', field: STARTED_FIELD[kind] },
    },
  });
  return new Map(rows.map(({ group, values: v }) => [group[groupBy], {
    total: v.total ?? 0,
    successful: v.successful ?? 0,
    failed: (v.failed ?? 0) + (v.error ?? 0),
    canceled: v.canceled ?? 0,
    credits: v.credits ?? 0,
    duration: v.timed ? { min: v.min!, max: v.max!, mean: v.mean!, median: v.median!, p95: v.p95!, stddev: v.stddev } : null,
    firstMs: v.first ?? range.fromMs,
    lastMs: v.last ?? range.toMs,
  }]));
}

/** CircleCI's success rate leaves cancelled runs out: successful / (all - cancelled); 0 with no runs. */
export const successRate = (m: RunMetrics): number => (m.total - m.canceled > 0 ? m.successful / (m.total - m.canceled) : 0);
