/** Frames for API traffic (time series) and task instances (status counts). */
import { TaskStatuses } from '../../../../../contract/events';
import type { QueryOf } from '../../../../../contract/query';
import { apiTraffic, latestBucketUnit, type TrafficBucket } from '../../../statistics/apiTraffic';
import { taskStatusCounts } from '../../../statistics/taskStatus';
import type { BucketUnit, TagFilter } from '../../../store/Store';
import { frame } from '../frame';
import type { KindHandler, QueryContext } from './context';

const HOUR = 3_600_000;
const UNITS = { MINUTE: 'minute', HOUR: 'hour', DAY: 'day' } as const;

/** Without a cycle, the bucket follows the range: minutes up to 3 hours, hours up to 3 days, else days. */
const autoUnit = (c: QueryContext): BucketUnit => {
  const span = c.requested.toMs - c.requested.fromMs;
  return span <= 3 * HOUR ? 'minute' : span <= 72 * HOUR ? 'hour' : 'day';
};

function trafficFrame(refId: string, name: string, buckets: TrafficBucket[]) {
  const v = (pick: (b: TrafficBucket) => number) => buckets.map(pick);
  return frame(refId, name, [
    { name: 'time', type: 'time', values: v((b) => b.bucketMs) },
    { name: 'req_count', type: 'number', values: v((b) => b.requests) },
    { name: 'req_count2xx', type: 'number', values: v((b) => b.ok2xx) },
    { name: 'req_count4xx', type: 'number', values: v((b) => b.client4xx) },
    { name: 'req_count5xx', type: 'number', values: v((b) => b.server5xx) },
    { name: 'req_count_error', type: 'number', values: v((b) => b.errors) },
    { name: 'max_latency', type: 'number', unit: 'ms', values: v((b) => b.maxLatency) },
    { name: 'avg_latency', type: 'number', unit: 'ms', values: v((b) => b.avgLatency) },
    { name: 'max_inner_latency', type: 'number', unit: 'ms', values: v((b) => b.maxInnerLatency) },
    { name: 'avg_inner_latency', type: 'number', unit: 'ms', values: v((b) => b.avgInnerLatency) },
    { name: 'max_backend_latency', type: 'number', unit: 'ms', values: v((b) => b.maxBackendLatency) },
    { name: 'avg_backend_latency', type: 'number', unit: 'ms', values: v((b) => b.avgBackendLatency) },
    { name: 'input_throughput', type: 'number', unit: 'bytes', values: v((b) => b.bytesIn) },
    { name: 'output_throughput', type: 'number', unit: 'bytes', values: v((b) => b.bytesOut) },
  ]);
}

export const apiMetrics: KindHandler<QueryOf<'api_metrics'>> = async (q, c) => {
  const where: TagFilter = {
    project_id: [q.projectId], instance_id: [q.instanceId],
    ...(q.apiId ? { api_id: [q.apiId] } : {}), ...(q.appId ? { app_id: [q.appId] } : {}),
  };
  const unit = q.cycle ? UNITS[q.cycle] : autoUnit(c);
  return [trafficFrame(q.refId, 'api_metrics', await apiTraffic(c.store, where, c.range, { unit, tz: c.tz }, false))];
};

/** Buckets as APIG latest, which this mirrors: by minute within an hour, by hour within a day, by day beyond. */
export const apiLatest: KindHandler<QueryOf<'api_latest'>> = async (q, c) => {
  const unit = latestBucketUnit(c.requested.toMs - c.requested.fromMs);
  return [trafficFrame(q.refId, 'api_latest', await apiTraffic(c.store, { api_id: [q.apiId] }, c.range, { unit, tz: c.tz }, false))];
};

/** One row per status: ready for a bar chart or a pie. */
export const taskOverview: KindHandler<QueryOf<'task_overview'>> = async (q, c) => {
  const where: Record<string, string[]> = { project_id: [q.projectId] };
  if (q.workspace) where.workspace = [q.workspace];
  if (q.isOwn) where.owner = c.user ? [c.user] : [];
  const counts = await taskStatusCounts(c.store, where, c.range);
  return [frame(q.refId, 'task_overview', [
    { name: 'status', type: 'string', values: [...TaskStatuses] },
    { name: 'count', type: 'number', values: TaskStatuses.map((s) => counts[s]) },
  ])];
};
