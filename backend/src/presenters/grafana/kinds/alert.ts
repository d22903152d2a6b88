/**
 * Frames for alert rules (`kind: 'alert'`): one frame with a row per group, its tags as string
 * columns and one number column. That is the "numeric table" Grafana's alerting reads as a set of
 * numbers labelled by the string columns (pkg/expr/converter.go: one frame, no time field, exactly
 * one numeric field): one alert instance per group. Counted over exactly the query's range, so a
 * rule's window is its relative time range. No matching events: no frames (the rule's "no data").
 */
import type { AlertMetric, QueryOf } from '../../../../../contract/query';
import type { AggregateQuery, AggregateRow } from '../../../store/Store';
import { statusField } from '../../../store/schema';
import { frame } from '../frame';
import type { KindHandler } from './context';

const sum = (field: string) => ({ fn: 'sum', field }) as const;
const n = (row: AggregateRow, name: string) => row.values[name] ?? 0;

/** The 5xx ratio's extra requests in the denominator (see contract/query.ts). */
const RATIO_DAMPING = 50;

interface MetricSpec {
  query: (q: QueryOf<'alert'>) => Omit<AggregateQuery, 'range'> & { groupBy: readonly string[] };
  /** The number of one group; null leaves the group out. */
  value: (row: AggregateRow) => number | null;
}

const failures = { failed: sum(statusField('failure')), timedOut: sum(statusField('timeout')) };

const metrics: Record<AlertMetric, MetricSpec> = {
  build_failures: {
    query: () => ({ measurement: 'build', groupBy: ['project'], select: failures }),
    value: (r) => n(r, 'failed') + n(r, 'timedOut'),
  },
  failed_prod_deploys: {
    query: () => ({ measurement: 'deploy', where: { production: ['true'] }, groupBy: ['project', 'service'], select: failures }),
    value: (r) => n(r, 'failed') + n(r, 'timedOut'),
  },
  api_5xx_ratio: {
    query: () => ({ measurement: 'api_call', groupBy: ['project_id', 'instance_id'], select: { errors: sum('n_5xx'), requests: { fn: 'count', field: 'status_code' } } }),
    value: (r) => n(r, 'errors') / (n(r, 'requests') + RATIO_DAMPING),
  },
  change_failure_rate: {
    // As the DORA metrics define it: (failed + timed out) / (successful + failed + timed out); cancelled deploys are no change.
    query: (q) => ({ measurement: 'deploy', where: { env: [q.env] }, groupBy: ['project'], select: { ...failures, succeeded: sum(statusField('success')) } }),
    value: (r) => {
      const failed = n(r, 'failed') + n(r, 'timedOut');
      const changes = failed + n(r, 'succeeded');
      return changes ? failed / changes : null;
    },
  },
};

export const alert: KindHandler<QueryOf<'alert'>> = async (q, c) => {
  const spec = metrics[q.metric];
  const query = spec.query(q);
  const rows = await c.store.aggregate({ ...query, range: { fromMs: c.range.fromMs, toMs: c.range.toMs } });
  const groups = rows.map((row) => ({ row, value: spec.value(row) })).filter((g): g is { row: AggregateRow; value: number } => g.value !== null);
  if (!groups.length) return [];
  return [frame(q.refId, q.metric, [
    ...query.groupBy.map((tag) => ({ name: tag, type: 'string' as const, values: groups.map((g) => g.row.group[tag] ?? '') })),
    { name: q.metric, type: 'number', values: groups.map((g) => g.value) },
  ])];
};
