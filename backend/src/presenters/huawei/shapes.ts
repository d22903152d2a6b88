/** TrafficBucket -> Huawei's StatisticsAPI object, in the documents' field order. */
import { localDateTime } from '../../time/calendar';
import type { TrafficBucket } from '../../statistics/apiTraffic';

export type Cycle = 'MINUTE' | 'HOUR' | 'DAY';

export interface ShapeOptions {
  readonly cycle: Cycle;
  readonly tz: string;
  /** When the statistics were computed (register_time). */
  readonly nowMs: number;
  /** ROMA leaves the API fields out in APP and ALL mode. */
  readonly withApiFields: boolean;
  /** ROMA leaves req_time out for HOUR and DAY cycles. */
  readonly withReqTime: boolean;
}

const int = (n: number) => Math.round(n);

export function statisticsApi(b: TrafficBucket, o: ShapeOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {
    max_latency: int(b.maxLatency), avg_latency: b.avgLatency,
    max_inner_latency: int(b.maxInnerLatency), avg_inner_latency: b.avgInnerLatency,
    max_backend_latency: int(b.maxBackendLatency), avg_backend_latency: b.avgBackendLatency,
    req_count: b.requests, req_count2xx: b.ok2xx, req_count4xx: b.client4xx, req_count5xx: b.server5xx, req_count_error: b.errors,
    output_throughput: b.bytesOut, input_throughput: b.bytesIn,
    current_minute: Math.floor(b.bucketMs / 1000),
  };
  if (o.withReqTime) out.req_time = localDateTime(b.bucketMs, o.tz);
  if (o.withApiFields) {
    Object.assign(out, { cycle: o.cycle, api_id: b.api?.apiId ?? '', group_id: b.api?.groupId ?? '', provider: b.api?.provider ?? '' });
    Object.assign(out, { register_time: localDateTime(o.nowMs, o.tz), status: 2 });
  }
  return out;
}
