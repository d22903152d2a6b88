/**
 * Expected API traffic numbers for tests, by plain loops over the events sent: per-call
 * `api_call` events and per-minute `api_metrics` events, mixed. Each event is first read as
 * what it contributes (calls, status classes, latency sums and maxima), then contributions
 * in one bucket are added up.
 */
export const MIN = 60_000;
export const HOUR = 60 * MIN;

export interface ApiCall {
  kind: 'api_call'; id: string; project_id: string; instance_id: string; api_id: string; time: number;
  status_code: number; latency: number; app_id?: string; group_id?: string; provider?: string;
  inner_latency?: number; backend_latency?: number; bytes_in?: number; bytes_out?: number;
}

export interface ApiMinute {
  kind: 'api_metrics'; id: string; project_id: string; instance_id: string; api_id: string; time: number;
  requests: number; requests_2xx?: number; requests_4xx?: number; requests_5xx?: number; errors?: number;
  latency_sum: number; latency_max?: number; app_id?: string; group_id?: string; provider?: string;
  inner_latency_sum?: number; inner_latency_max?: number; backend_latency_sum?: number; backend_latency_max?: number;
  bytes_in?: number; bytes_out?: number;
}

export type TrafficEvent = ApiCall | ApiMinute;

/** Where the service places an event on the time axis: a minute's metrics at the minute's start. */
export const placedAt = (e: TrafficEvent): number => (e.kind === 'api_call' ? e.time : Math.floor(e.time / MIN) * MIN);

interface Contribution {
  requests: number; c2xx: number; c4xx: number; c5xx: number; errors: number;
  latencySum: number; latencyMax: number; innerSum: number; innerCount: number; innerMax: number;
  backendSum: number; backendCount: number; backendMax: number; bytesIn: number; bytesOut: number;
}

function contribution(e: TrafficEvent): Contribution {
  if (e.kind === 'api_call') {
    const code = e.status_code;
    return {
      requests: 1, c2xx: +(code >= 200 && code < 300), c4xx: +(code >= 400 && code < 500), c5xx: +(code >= 500), errors: +(code >= 400),
      latencySum: e.latency, latencyMax: e.latency,
      innerSum: e.inner_latency ?? 0, innerCount: e.inner_latency === undefined ? 0 : 1, innerMax: e.inner_latency ?? 0,
      backendSum: e.backend_latency ?? 0, backendCount: e.backend_latency === undefined ? 0 : 1, backendMax: e.backend_latency ?? 0,
      bytesIn: e.bytes_in ?? 0, bytesOut: e.bytes_out ?? 0,
    };
  }
  const [c2xx, c4xx, c5xx] = [e.requests_2xx ?? 0, e.requests_4xx ?? 0, e.requests_5xx ?? 0];
  return {
    requests: e.requests, c2xx, c4xx, c5xx, errors: e.errors ?? c4xx + c5xx,
    latencySum: e.latency_sum, latencyMax: e.latency_max ?? 0,
    innerSum: e.inner_latency_sum ?? 0, innerCount: e.inner_latency_sum === undefined ? 0 : e.requests, innerMax: e.inner_latency_max ?? 0,
    backendSum: e.backend_latency_sum ?? 0, backendCount: e.backend_latency_sum === undefined ? 0 : e.requests, backendMax: e.backend_latency_max ?? 0,
    bytesIn: e.bytes_in ?? 0, bytesOut: e.bytes_out ?? 0,
  };
}

/** Numbers as plain values; averages of nothing are 0 (as the service answers). */
export interface ExpectedTraffic {
  req_count: number; req_count2xx: number; req_count4xx: number; req_count5xx: number; req_count_error: number;
  max_latency: number; avg_latency: number; max_inner_latency: number; avg_inner_latency: number;
  max_backend_latency: number; avg_backend_latency: number; input_throughput: number; output_throughput: number;
}

export function expectedTraffic(events: readonly TrafficEvent[]): ExpectedTraffic {
  const cs = events.map(contribution);
  const sum = (f: (c: Contribution) => number) => cs.reduce((a, c) => a + f(c), 0);
  const max = (f: (c: Contribution) => number) => cs.reduce((a, c) => Math.max(a, f(c)), 0);
  const avg = (s: number, n: number) => (n > 0 ? s / n : 0);
  return {
    req_count: sum((c) => c.requests), req_count2xx: sum((c) => c.c2xx), req_count4xx: sum((c) => c.c4xx), req_count5xx: sum((c) => c.c5xx),
    req_count_error: sum((c) => c.errors),
    max_latency: max((c) => c.latencyMax), avg_latency: avg(sum((c) => c.latencySum), sum((c) => c.requests)),
    max_inner_latency: max((c) => c.innerMax), avg_inner_latency: avg(sum((c) => c.innerSum), sum((c) => c.innerCount)),
    max_backend_latency: max((c) => c.backendMax), avg_backend_latency: avg(sum((c) => c.backendSum), sum((c) => c.backendCount)),
    input_throughput: sum((c) => c.bytesIn), output_throughput: sum((c) => c.bytesOut),
  };
}

/** The same numbers as a jest matcher for a StatisticsAPI entry (averages to 9 decimals, maxima rounded as the API does). */
export function statisticsMatcher(events: readonly TrafficEvent[]): Record<string, unknown> {
  const e = expectedTraffic(events);
  return {
    ...e,
    max_latency: Math.round(e.max_latency), max_inner_latency: Math.round(e.max_inner_latency), max_backend_latency: Math.round(e.max_backend_latency),
    avg_latency: expect.closeTo(e.avg_latency, 9), avg_inner_latency: expect.closeTo(e.avg_inner_latency, 9), avg_backend_latency: expect.closeTo(e.avg_backend_latency, 9),
  };
}

export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
