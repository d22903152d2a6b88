/**
 * POST /v1/metrics on each real store, fed by the OpenTelemetry JS SDK's own payloads
 * (support/otelSdk.ts): HTTP server duration histograms become per-minute API traffic that
 * ROMA, APIG and the Grafana frames answer, added to per-call events; delta and cumulative
 * temporality, resets and re-sent exports; partial success; bad requests store nothing.
 */
import { eachStore, silentLogger } from '../support/stores';
import { freePort } from '../support/influxd';
import { InfluxStore } from '../../src/store/influx/InfluxStore';
import { ingest, startService, type RunningService } from '../support/service';
import { column, postQuery } from '../support/frames';
import { MIN, groupBy, statisticsMatcher, type ApiCall, type ApiMinute, type TrafficEvent } from '../support/traffic';
import {
  AggregationTemporality, InstrumentedGateway, gzip, jsonPayload, protobufPayload, readProtobufResponse, type Request,
} from '../support/otelSdk';

// A test may first wait up to ~16 s for the next minute (awayFromMinuteEdge).
jest.setTimeout(30_000);

const ENV = { FLOWMETER_READ_TOKENS: 'reader', FLOWMETER_INGEST_TOKENS: 'writer', FLOWMETER_TZ: 'UTC' };

/**
 * Waits, when needed, so that what a test records and sends falls in one minute, at least a
 * second into it (events placed in its first second are in the past).
 */
async function awayFromMinuteEdge(): Promise<number> {
  const intoMinute = Date.now() % MIN;
  if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, MIN - intoMinute + 1000));
  else if (intoMinute < 1000) await new Promise((resolve) => setTimeout(resolve, 1000 - intoMinute));
  return Math.floor(Date.now() / MIN) * MIN;
}

/** What the requests of one minute should add up to: the expected per-minute metrics, per route. */
function asMinutes(project: string, minute: number, requests: readonly Request[]): ApiMinute[] {
  return [...groupBy(requests, (r) => `${r.server}|${r.route ?? '(unmatched)'}|${r.status}|${r.errorType}`).values()].map((group, i) => {
    const status = group[0].status ?? 0;
    const cls = status >= 500 ? 'requests_5xx' : status >= 400 ? 'requests_4xx' : status >= 200 && status < 300 ? 'requests_2xx' : undefined;
    return {
      kind: 'api_metrics', id: `expected-${i}`, project_id: project, instance_id: group[0].server, api_id: group[0].route ?? '(unmatched)', time: minute,
      requests: group.length, ...(cls ? { [cls]: group.length } : {}), ...(status === 0 && group[0].errorType ? { errors: group.length } : {}),
      latency_sum: group.reduce((a, r) => a + r.seconds * 1000, 0), latency_max: Math.max(...group.map((r) => r.seconds * 1000)),
      bytes_in: group.reduce((a, r) => a + (r.requestBytes ?? 0), 0),
    };
  });
}

const requestsA: Request[] = [
  ...[0.012, 0.034, 0.051, 0.2].map((seconds) => ({ route: '/orders/{id}', status: 200, server: 'gw1', seconds, requestBytes: 300 })),
  { route: '/orders/{id}', status: 500, server: 'gw1', seconds: 1.25, requestBytes: 120 },
  { route: '/orders/{id}', status: 404, server: 'gw1', seconds: 0.003 },
  { route: '/users', status: 201, server: 'gw1', seconds: 0.09, requestBytes: 2048 },
  { status: 404, server: 'gw1', seconds: 0.001 },
  { route: '/users', server: 'gw1', seconds: 30, errorType: 'timeout' },
  { route: '/orders/{id}', status: 200, server: 'gw2', seconds: 0.07 },
];

eachStore('OTLP/HTTP metrics receiver', (getStore) => {
  let service: RunningService;
  const post = (body: Buffer, headers: Record<string, string>, path = '/v1/metrics') =>
    fetch(`${service.url}${path}`, { method: 'POST', headers: { authorization: 'Bearer writer', ...headers }, body: new Uint8Array(body) });
  const get = async (path: string) => (await fetch(`${service.url}${path}`, { headers: { 'X-Auth-Token': 'reader' } })).json();
  const stored = () => getStore().count({ measurement: 'api_metrics' });

  beforeAll(async () => {
    service = await startService(getStore(), ENV);
  });
  afterAll(() => service.close());

  it('delta, protobuf, gzip: ROMA, APIG and Grafana add the histograms to per-call events of the same minutes', async () => {
    const minute = await awayFromMinuteEdge();
    const gateway = new InstrumentedGateway(AggregationTemporality.DELTA, { 'service.name': 'edge', 'flowmeter.project_id': 'p-otel' });
    gateway.record(requestsA);
    const calls: ApiCall[] = [0, 1, 2].map((i) => ({
      kind: 'api_call', id: `call-${i}`, project_id: 'p-otel', instance_id: 'gw1', api_id: '/orders/{id}', time: minute + 100 * i,
      status_code: [200, 503, 200][i], latency: 2000 + i, backend_latency: 10, bytes_in: 5,
    }));
    await ingest(service.url, calls, 'writer');

    const res = await post(gzip(protobufPayload(await gateway.collect())), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
    expect(readProtobufResponse(new Uint8Array(await res.arrayBuffer()))).toEqual({});
    await gateway.shutdown();

    const events: TrafficEvent[] = [...asMinutes('p-otel', minute, requestsA), ...calls];
    const roma = await get('/v2/p-otel/apic/instances/gw1/statistics/api?duration=10m&cycle=MINUTE');
    const groups = groupBy(events.filter((e) => e.instance_id === 'gw1'), (e) => e.api_id);
    expect(roma.list.map((e: { api_id: string }) => e.api_id).sort()).toEqual([...groups.keys()].sort());
    for (const entry of roma.list) {
      expect(entry).toMatchObject({ ...statisticsMatcher(groups.get(entry.api_id)!), current_minute: minute / 1000, cycle: 'MINUTE' });
    }
    // Every instance of one API: gw1's calls and histograms and gw2's histogram.
    const latest = await get(`/v1.0/apigw/statistics/api/latest?api_id=${encodeURIComponent('/orders/{id}')}&duration=10m`);
    expect(latest.list).toEqual([expect.objectContaining(statisticsMatcher(events.filter((e) => e.api_id === '/orders/{id}')))]);

    const { body } = await postQuery(service.url, {
      queries: [{ refId: 'A', kind: 'api_metrics', projectId: 'p-otel', instanceId: 'gw1', apiId: '/users', cycle: 'MINUTE' }],
      range: { from: minute - 5 * MIN, to: Date.now() + 1 }, timezone: 'UTC',
    }, 'reader');
    const frame = body.results.A.frames![0];
    const users = statisticsMatcher(groups.get('/users')!);
    expect([column(frame, 'time'), column(frame, 'req_count'), column(frame, 'req_count_error'), column(frame, 'max_latency'), column(frame, 'input_throughput')])
      .toEqual([[minute], [users.req_count], [users.req_count_error], [30_000], [2048]]);
  });

  it('cumulative, JSON: intervals are differenced, a re-sent export adds nothing, a restarted SDK counts from its new start', async () => {
    const minute = await awayFromMinuteEdge();
    const project = 'p-cumulative';
    const batch1: Request[] = [{ route: '/pay', status: 200, server: 'gw1', seconds: 0.9 }, { route: '/pay', status: 502, server: 'gw1', seconds: 0.02 }];
    const batch2: Request[] = [{ route: '/pay', status: 200, server: 'gw1', seconds: 0.04 }, { route: '/pay', status: 200, server: 'gw1', seconds: 0.06 }];
    const batch3: Request[] = [{ route: '/pay', status: 200, server: 'gw1', seconds: 0.3 }];
    const json = { 'content-type': 'application/json', 'x-flowmeter-project-id': project };
    const send = async (payload: Buffer) => {
      const res = await post(payload, json);
      expect([res.status, await res.json()]).toEqual([200, {}]);
    };

    const first = new InstrumentedGateway(AggregationTemporality.CUMULATIVE, { 'service.name': 'edge' });
    first.record(batch1);
    await send(jsonPayload(await first.collect()));
    first.record(batch2);
    const second = jsonPayload(await first.collect());
    await send(second);
    await send(second); // the exporter retried: same interval
    await first.shutdown();
    // The gateway restarted: a new series start, its counts from zero again.
    const restarted = new InstrumentedGateway(AggregationTemporality.CUMULATIVE, { 'service.name': 'edge' });
    restarted.record(batch3);
    await send(jsonPayload(await restarted.collect()));
    await restarted.shutdown();

    const roma = await get(`/v2/${project}/apic/instances/gw1/statistics/api?duration=10m&cycle=MINUTE`);
    expect(roma.list).toEqual([expect.objectContaining({
      ...statisticsMatcher(asMinutes(project, minute, [...batch1, ...batch2, ...batch3])), current_minute: minute / 1000, api_id: '/pay',
    })]);
  });

  it('cumulative series that began before the receiver: the first point is a baseline, later ones count', async () => {
    const minute = await awayFromMinuteEdge();
    const project = 'p-late';
    const gateway = new InstrumentedGateway(AggregationTemporality.CUMULATIVE, { 'service.name': 'edge', 'flowmeter.project_id': project });
    const before: Request[] = [{ route: '/late', status: 200, server: 'gw1', seconds: 0.5 }];
    const after: Request[] = [{ route: '/late', status: 404, server: 'gw1', seconds: 0.01 }, { route: '/late', status: 200, server: 'gw1', seconds: 0.03 }];
    gateway.record(before);
    await new Promise((resolve) => setTimeout(resolve, 5));
    // A receiver (re)started after the series began may have counted part of it already.
    const late = await startService(getStore(), ENV);
    try {
      const postLate = (payload: Buffer) => fetch(`${late.url}/v1/metrics`, { method: 'POST', headers: { authorization: 'Bearer writer', 'content-type': 'application/x-protobuf' }, body: new Uint8Array(payload) });
      expect((await postLate(protobufPayload(await gateway.collect()))).status).toBe(200);
      expect(await get(`/v2/${project}/apic/instances/gw1/statistics/api?duration=10m`)).toMatchObject({ list: [] });
      gateway.record(after);
      expect((await postLate(protobufPayload(await gateway.collect()))).status).toBe(200);
    } finally {
      await late.close();
      await gateway.shutdown();
    }
    const roma = await get(`/v2/${project}/apic/instances/gw1/statistics/api?duration=10m`);
    // The max since the series began (0.5 s, before the baseline) is not this interval's: the
    // interval's is bounded by the highest bucket that grew (0.025-0.05 s: 50 ms).
    expect(roma.list).toEqual([expect.objectContaining({ ...statisticsMatcher(asMinutes(project, minute, after)), max_latency: 50, current_minute: minute / 1000 })]);
  });

  it('partial success: points without a project are rejected with the reason, other metrics ignored, the rest stored', async () => {
    await awayFromMinuteEdge();
    const named = new InstrumentedGateway(AggregationTemporality.DELTA, { 'service.name': 'edge', 'flowmeter.project_id': 'p-partial' });
    const anonymous = new InstrumentedGateway(AggregationTemporality.DELTA, { 'service.name': 'other' });
    named.record([{ route: '/a', status: 200, server: 'gw1', seconds: 0.1 }]);
    anonymous.record([{ route: '/b', status: 200, server: 'gw1', seconds: 0.1 }, { route: '/c', status: 500, server: 'gw1', seconds: 0.1 }]);
    // One export request of two resources (as a collector batches them).
    const request = JSON.parse(jsonPayload(await named.collect()).toString());
    request.resourceMetrics.push(...JSON.parse(jsonPayload(await anonymous.collect()).toString()).resourceMetrics);
    request.resourceMetrics[0].scopeMetrics[0].metrics.push({ name: 'process.cpu.time', unit: 's', sum: { dataPoints: [{ asDouble: 1, timeUnixNano: String(Date.now() * 1e6) }], aggregationTemporality: 2, isMonotonic: true } });
    const res = await post(Buffer.from(JSON.stringify(request)), { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    const { partialSuccess } = await res.json();
    expect(partialSuccess.rejectedDataPoints).toBe('2');
    expect(partialSuccess.errorMessage).toMatch(/^2 data points rejected: no project: set the resource attribute flowmeter\.project_id.*; ignored metrics \(not HTTP server traffic\): process\.cpu\.time$/);
    expect((await get('/v2/p-partial/apic/instances/gw1/statistics/api?duration=10m')).list).toHaveLength(1);
    await Promise.all([named.shutdown(), anonymous.shutdown()]);
  });

  it('the OpenAPI document lists the endpoint and the api_metrics event', async () => {
    const doc = await (await fetch(`${service.url}/api/v1/openapi.json`)).json();
    expect(Object.keys(doc.paths['/v1/metrics'].post.requestBody.content)).toEqual(['application/x-protobuf', 'application/json']);
    expect(JSON.stringify(doc.components.schemas.Event)).toContain('"const":"api_metrics"');
  });

  it.each([
    ['malformed protobuf', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), { 'content-type': 'application/x-protobuf' }, 400, /not a protobuf ExportMetricsServiceRequest/],
    ['malformed JSON', Buffer.from('{"resourceMetrics": ['), { 'content-type': 'application/json' }, 400, /not valid JSON/],
    ['JSON of the wrong shape', Buffer.from('{"resourceMetrics": "everything"}'), { 'content-type': 'application/json' }, 400, /not an OTLP\/JSON ExportMetricsServiceRequest/],
    ['a wrong content type', Buffer.from('{}'), { 'content-type': 'text/plain' }, 415, /application\/x-protobuf or application\/json/],
    ['no token', Buffer.from('{}'), { 'content-type': 'application/json', authorization: '' }, 401, /missing token/],
    ['a read token', Buffer.from('{}'), { 'content-type': 'application/json', authorization: 'Bearer reader' }, 403, /may not write/],
    ['a body that is not gzip', Buffer.from('not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 400, /./],
  ])('%s: a clear error, nothing stored', async (_name, body, headers, status, message) => {
    const gateway = new InstrumentedGateway(AggregationTemporality.DELTA, { 'flowmeter.project_id': 'p-bad' });
    gateway.record([{ route: '/x', status: 200, server: 'gw1', seconds: 0.1 }]);
    const before = await stored();
    const res = await post(body, headers);
    expect(res.status).toBe(status);
    const text = Buffer.from(await res.arrayBuffer());
    if (headers['content-type'] === 'application/x-protobuf') {
      // google.rpc.Status: code (field 1, INVALID_ARGUMENT = 3), message (field 2).
      expect(res.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
      expect([text[0], text[1]]).toEqual([0x08, 3]);
      expect(text.subarray(4).toString()).toMatch(message);
    } else {
      const status = JSON.parse(text.toString());
      expect(Object.keys(status)).toEqual(['code', 'message']);
      expect(status.message).toMatch(message);
    }
    expect(await stored()).toBe(before);
    await gateway.shutdown();
  });
});

describe('OTLP/HTTP metrics receiver, InfluxDB unreachable', () => {
  it('answers 503 with Retry-After and an UNAVAILABLE Status, so the exporter retries', async () => {
    const store = new InfluxStore({ url: `http://127.0.0.1:${await freePort()}`, database: 'nowhere', logger: silentLogger });
    const service = await startService(store);
    const gateway = new InstrumentedGateway(AggregationTemporality.DELTA, { 'flowmeter.project_id': 'p-down' });
    try {
      gateway.record([{ route: '/x', status: 200, server: 'gw1', seconds: 0.1 }]);
      const res = await fetch(`${service.url}/v1/metrics`, {
        method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array(protobufPayload(await gateway.collect())),
      });
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const status = Buffer.from(await res.arrayBuffer());
      // google.rpc.Status code 14 (UNAVAILABLE), then the message.
      expect([status[0], status[1]]).toEqual([0x08, 14]);
      expect(status.subarray(4).toString()).toMatch(/storage unavailable/);
    } finally {
      await gateway.shutdown();
      await service.close();
      await store.close();
    }
  });
});
