/**
 * API gateway traffic per time bucket (minute, hour, or day in a zone), optionally per API:
 * request counts by status class, latencies and bytes, in one bucketed store query.
 */
import type { BucketUnit, Store, TagFilter, TimeRange } from '../store/Store';

export interface TrafficBucket {
  readonly bucketMs: number;
  /** api_id, group_id, provider when grouped by API ('' where a call had none). */
  readonly api?: { readonly apiId: string; readonly groupId: string; readonly provider: string };
  readonly requests: number;
  readonly ok2xx: number;
  readonly client4xx: number;
  readonly server5xx: number;
  readonly errors: number;
  readonly maxLatency: number;
  readonly avgLatency: number;
  readonly maxInnerLatency: number;
  readonly avgInnerLatency: number;
  readonly maxBackendLatency: number;
  readonly avgBackendLatency: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
}

const HOUR = 3_600_000;

/**
 * APIG latest's bucket (document 004): per minute up to an hour, per hour up to a day, per day
 * beyond. Shared by the APIG endpoint and the Grafana frame that mirrors it.
 */
export const latestBucketUnit = (durationMs: number): BucketUnit => (durationMs <= HOUR ? 'minute' : durationMs <= 24 * HOUR ? 'hour' : 'day');

export async function apiTraffic(store: Store, where: TagFilter, range: TimeRange, bucket: { unit: BucketUnit; tz: string }, byApi: boolean): Promise<TrafficBucket[]> {
  const rows = await store.aggregate({
    measurement: 'api_call', where, range, bucket,
    groupBy: byApi ? ['api_id', 'group_id', 'provider'] : [],
    select: {
      requests: { fn: 'count', field: 'id' },
      ok2xx: { fn: 'sum', field: 'n_2xx' }, client4xx: { fn: 'sum', field: 'n_4xx' }, server5xx: { fn: 'sum', field: 'n_5xx' }, errors: { fn: 'sum', field: 'n_error' },
      maxLatency: { fn: 'max', field: 'latency' }, avgLatency: { fn: 'mean', field: 'latency' },
      maxInnerLatency: { fn: 'max', field: 'inner_latency' }, avgInnerLatency: { fn: 'mean', field: 'inner_latency' },
      maxBackendLatency: { fn: 'max', field: 'backend_latency' }, avgBackendLatency: { fn: 'mean', field: 'backend_latency' },
      bytesIn: { fn: 'sum', field: 'bytes_in' }, bytesOut: { fn: 'sum', field: 'bytes_out' },
    },
  });
  return rows
    .map(({ bucketMs, group, values: v }) => ({
      bucketMs: bucketMs!,
      ...(byApi ? { api: { apiId: group.api_id, groupId: group.group_id, provider: group.provider } } : {}),
      requests: v.requests ?? 0, ok2xx: v.ok2xx ?? 0, client4xx: v.client4xx ?? 0, server5xx: v.server5xx ?? 0, errors: v.errors ?? 0,
      maxLatency: v.maxLatency ?? 0, avgLatency: v.avgLatency ?? 0,
      maxInnerLatency: v.maxInnerLatency ?? 0, avgInnerLatency: v.avgInnerLatency ?? 0,
      maxBackendLatency: v.maxBackendLatency ?? 0, avgBackendLatency: v.avgBackendLatency ?? 0,
      bytesIn: v.bytesIn ?? 0, bytesOut: v.bytesOut ?? 0,
    }))
    .sort((a, b) => a.bucketMs - b.bucketMs || (a.api?.apiId ?? '').localeCompare(b.api?.apiId ?? ''));
}
