/**
 * OTLP metrics -> `api_metrics` events: the HTTP server histograms of OpenTelemetry's semantic
 * conventions become per-minute API traffic, the same events a gateway may send itself.
 *
 * - `http.server.request.duration` (stable conventions, seconds; the older `http.server.duration`
 *   in ms too): count -> requests, in the class of `http.response.status_code` (`http.status_code`);
 *   sum -> latency_sum (ms); max -> latency_max.
 * - `http.server.request.body.size` / `http.server.response.body.size` (bytes): sum -> bytes_in /
 *   bytes_out, in events of their own (requests 0), which add to the same buckets.
 * - project_id: resource attribute `flowmeter.project_id`, else the request's header or query
 *   parameter; instance_id: `server.address` (`net.host.name`), else the resource's
 *   `service.name`; api_id: `http.route` (`(unmatched)` when absent, e.g. a 404 no route took).
 * - Delta points are intervals as they are; cumulative ones are differenced (cumulative.ts).
 *   An interval (from, to] is placed in the minute of its midpoint.
 * Other metrics are ignored (reported as a warning); a point that cannot be mapped is rejected
 * with its reason (partial success).
 */
import { createHash } from 'node:crypto';
import { Event } from '../../../../contract/events';
import type { CumulativeSeries, HistogramState, IntervalValues } from './cumulative';
import type { ExportMetricsServiceRequest, HistogramPoint, KeyValue, Metric } from './wire';

type Quantity = 'latency' | 'bytes_in' | 'bytes_out';

/** Metric name -> what it measures. */
const METRICS: Readonly<Record<string, Quantity>> = {
  'http.server.request.duration': 'latency',
  'http.server.duration': 'latency',
  'http.server.request.body.size': 'bytes_in',
  'http.server.response.body.size': 'bytes_out',
};

/** UCUM units accepted per quantity, as factors to ms or bytes. */
const UNITS: Readonly<Record<Quantity, Readonly<Record<string, number>>>> = {
  latency: { s: 1000, ms: 1, us: 0.001 },
  bytes_in: { By: 1, '': 1 },
  bytes_out: { By: 1, '': 1 },
};

const AGGREGATION_DELTA = 1;
const AGGREGATION_CUMULATIVE = 2;
/** DataPointFlags.FLAG_NO_RECORDED_VALUE: a point that stands for "no data". */
const NO_RECORDED_VALUE = 1;
export const UNMATCHED_ROUTE = '(unmatched)';

export interface MappingContext {
  /** The project named by the request (header or query parameter), used when the resource names none. */
  readonly projectId?: string;
  readonly series: CumulativeSeries;
}

export interface Mapped {
  /** `api_metrics` events, not yet validated by ingest (each already passed the contract here). */
  readonly events: readonly object[];
  readonly rejected: number;
  /** Why points were rejected, and which metrics were ignored: the partial success message. */
  readonly message: string;
  /** Puts the cumulative series' previous points back: call when the events could not be stored. */
  rollback(): void;
}

export function mapRequest(request: ExportMetricsServiceRequest, context: MappingContext): Mapped {
  const events: object[] = [];
  const undo: Array<() => void> = [];
  const reasons = new Map<string, number>();
  const ignored = new Set<string>();
  const reject = (reason: string, points = 1) => reasons.set(reason, (reasons.get(reason) ?? 0) + points);

  for (const resourceMetrics of request.resourceMetrics ?? []) {
    const resource = attributes(resourceMetrics.resource?.attributes);
    const projectId = resource.get('flowmeter.project_id') ?? context.projectId;
    for (const metric of (resourceMetrics.scopeMetrics ?? []).flatMap((scope) => scope.metrics ?? [])) {
      const quantity = METRICS[metric.name ?? ''];
      if (!quantity) {
        ignored.add(metric.name ?? '');
        continue;
      }
      const data = metric.histogram ?? metric.exponentialHistogram;
      if (!data) {
        reject(`${metric.name} is not a histogram`, otherPoints(metric));
        continue;
      }
      const factor = UNITS[quantity][metric.unit ?? ''];
      const points = data.dataPoints ?? [];
      if (factor === undefined) {
        reject(`${metric.name} has unit "${metric.unit ?? ''}"; expected ${Object.keys(UNITS[quantity]).filter(Boolean).join(', ')}`, points.length);
        continue;
      }
      if (!projectId) {
        reject('no project: set the resource attribute flowmeter.project_id, the X-Flowmeter-Project-Id header or ?project_id=', points.length);
        continue;
      }
      const temporality = data.aggregationTemporality ?? 0;
      if (temporality !== AGGREGATION_DELTA && temporality !== AGGREGATION_CUMULATIVE) {
        reject(`${metric.name} has no aggregation temporality (delta or cumulative)`, points.length);
        continue;
      }
      for (const point of points) {
        if ((point.flags ?? 0) & NO_RECORDED_VALUE) continue;
        const state = histogramState(point);
        if (typeof state === 'string') {
          reject(state);
          continue;
        }
        const labels = attributes(point.attributes);
        let interval: IntervalValues;
        if (temporality === AGGREGATION_DELTA) {
          interval = { fromNs: state.startNs, toNs: state.timeNs, count: state.count, sum: state.sum, max: state.max };
        } else {
          const key = seriesKey(projectId, metric.name!, resource, labels);
          const outcome = context.series.difference(key, state, data === metric.histogram ? point.explicitBounds ?? [] : []);
          if (outcome.kind === 'stale') continue;
          undo.push(context.series.record(key, state));
          if (outcome.kind === 'baseline') continue;
          interval = outcome.values;
        }
        if (interval.count === 0 && interval.sum === 0) continue;
        const event = trafficEvent(quantity, factor, interval, { projectId, metricName: metric.name!, resource, labels });
        const checked = Event.safeParse(event);
        if (checked.success) events.push(event);
        else reject(`${checked.error.issues[0].path.join('.')}: ${checked.error.issues[0].message}`);
      }
    }
  }

  const rejected = [...reasons.values()].reduce((a, n) => a + n, 0);
  const notes = [...reasons].map(([reason, n]) => `${n} data point${n === 1 ? '' : 's'} rejected: ${reason}`);
  if (ignored.size) notes.push(`ignored metrics (not HTTP server traffic): ${[...ignored].sort().slice(0, 10).join(', ')}${ignored.size > 10 ? ', ...' : ''}`);
  return {
    events, rejected, message: notes.join('; '),
    rollback: () => { for (const step of undo.reverse()) step(); },
  };
}

/** A point's numbers, or why it cannot be used. */
function histogramState(point: HistogramPoint): HistogramState | string {
  const count = Number(point.count ?? 0);
  if (!Number.isSafeInteger(count) || count < 0) return 'count is not a whole number of requests';
  if (point.sum === undefined && count > 0) return 'histogram point without sum';
  const sum = point.sum ?? 0;
  if (!Number.isFinite(sum) || sum < 0) return 'sum is negative or not finite';
  if (point.max !== undefined && !(Number.isFinite(point.max) && point.max >= 0)) return 'max is negative or not finite';
  const timeNs = BigInt(point.timeUnixNano ?? '0');
  if (timeNs <= 0n) return 'time_unix_nano is missing';
  return {
    startNs: BigInt(point.startTimeUnixNano ?? '0'), timeNs, count, sum, max: point.max,
    bucketCounts: (point.bucketCounts ?? []).map(Number),
  };
}

interface Origin {
  readonly projectId: string;
  readonly metricName: string;
  readonly resource: ReadonlyMap<string, string>;
  readonly labels: ReadonlyMap<string, string>;
}

const MINUTE_NS = 60_000_000_000n;

function trafficEvent(quantity: Quantity, factor: number, interval: IntervalValues, origin: Origin): object {
  const { labels, resource } = origin;
  const fromNs = interval.fromNs > 0n && interval.fromNs < interval.toNs ? interval.fromNs : interval.toNs;
  const minuteNs = ((fromNs + interval.toNs) / 2n / MINUTE_NS) * MINUTE_NS;
  const common = {
    kind: 'api_metrics',
    // The same interval of the same series re-sent (a retried export) replaces, never adds.
    id: `otlp-${createHash('sha256').update(`${seriesKey(origin.projectId, origin.metricName, resource, labels)}|${fromNs}|${interval.toNs}`).digest('hex').slice(0, 32)}`,
    project_id: origin.projectId,
    instance_id: labels.get('server.address') ?? labels.get('net.host.name') ?? resource.get('service.name') ?? 'unknown',
    api_id: labels.get('http.route') || UNMATCHED_ROUTE,
    time: Number(minuteNs / 1_000_000n),
  };
  if (quantity !== 'latency') return { ...common, requests: 0, latency_sum: 0, [quantity]: Math.round(interval.sum * factor) };
  const status = Number(labels.get('http.response.status_code') ?? labels.get('http.status_code'));
  const statusClass = status >= 200 && status < 300 ? 'requests_2xx' : status >= 400 && status < 500 ? 'requests_4xx' : status >= 500 && status < 600 ? 'requests_5xx' : undefined;
  return {
    ...common,
    requests: interval.count,
    ...(statusClass ? { [statusClass]: interval.count } : {}),
    // No status at all but an error.type: the request failed before answering (e.g. a timeout).
    ...(!Number.isFinite(status) && labels.has('error.type') ? { errors: interval.count } : {}),
    latency_sum: interval.sum * factor,
    ...(interval.max !== undefined ? { latency_max: interval.max * factor } : {}),
  };
}

/** Attributes as strings (OTLP AnyValue of a scalar); arrays and maps are left out. */
function attributes(list: readonly KeyValue[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const { key, value } of list ?? []) {
    const scalar = value?.stringValue ?? value?.intValue ?? value?.doubleValue ?? value?.boolValue;
    if (scalar !== undefined) map.set(key, String(scalar));
  }
  return map;
}

/** A series: one metric of one resource with one attribute set, for one project. */
function seriesKey(projectId: string, metricName: string, resource: ReadonlyMap<string, string>, labels: ReadonlyMap<string, string>): string {
  return JSON.stringify([projectId, metricName, sorted(resource), sorted(labels)]);
}

const sorted = (map: ReadonlyMap<string, string>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function otherPoints(metric: Metric): number {
  return (metric.gauge ?? metric.sum ?? metric.summary)?.dataPoints?.length ?? 0;
}
