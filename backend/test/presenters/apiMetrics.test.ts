/**
 * Per-minute `api_metrics` events mixed with per-call `api_call` events, on each real store:
 * every ROMA/APIG endpoint and both Grafana traffic frames add the two sources up (counts
 * add, maxima are the larger, averages are total latency over total calls). Expected numbers
 * come from test/support/traffic.ts (plain loops over the events sent).
 */
import { eachStore } from '../support/stores';
import { ingest, startService, type RunningService } from '../support/service';
import { column, postQuery } from '../support/frames';
import { HOUR, MIN, groupBy, placedAt, statisticsMatcher, expectedTraffic, type ApiCall, type ApiMinute, type TrafficEvent } from '../support/traffic';

const DAY = 24 * HOUR;
const NOW = Date.now();
const API = { orders: { app_id: 'app-1', group_id: 'g1' }, users: { app_id: 'app-2', group_id: 'g2' }, search: { app_id: 'app-1', group_id: 'g3' } };
type ApiName = keyof typeof API;

const codes = [200, 201, 404, 500, 200, 302, 200, 401];
const calls: ApiCall[] = Array.from({ length: 80 }, (_, i) => {
  const api: ApiName = i % 3 ? 'orders' : 'users';
  return {
    kind: 'api_call', id: `c-${i}`, project_id: 'p1', instance_id: i % 10 === 9 ? 'i2' : 'i1', api_id: api, ...API[api], provider: 'prov',
    time: NOW - 3 * MIN - i * 113_000, status_code: codes[i % codes.length], latency: 10 + (i * 13) % 90,
    ...(i % 2 ? {} : { inner_latency: 1 + (i % 5) }), backend_latency: 5 + (i * 7) % 60, bytes_in: 100 + i, bytes_out: 1000 + 3 * i,
  };
});

const apis: ApiName[] = ['orders', 'users', 'search'];
const minutes: ApiMinute[] = Array.from({ length: 30 }, (_, k) => {
  const api = apis[k % 3];
  // Minute starts, but some events carry a time inside their minute (placed at its start).
  const start = Math.floor((NOW - 2 * MIN - k * 5 * MIN) / MIN) * MIN;
  const requests = 50 + k;
  const [r4, r5] = [3 + (k % 4), k % 5];
  return {
    kind: 'api_metrics', id: `m-${k}`, project_id: 'p1', instance_id: k % 7 === 6 ? 'i2' : 'i1', api_id: api, ...API[api], provider: 'prov',
    time: start + (k % 4 === 1 ? 25_000 : 0), requests, requests_2xx: requests - r4 - r5 - 2, requests_4xx: r4, requests_5xx: r5,
    ...(k % 3 === 0 ? { errors: r4 + r5 + 1 } : {}),
    latency_sum: requests * (20 + k) + 0.5, latency_max: 60 + 7 * k,
    ...(k % 2 ? {} : { inner_latency_sum: requests * 3.25, inner_latency_max: 9 }),
    ...(k % 5 === 0 ? {} : { backend_latency_sum: requests * (12 + k), backend_latency_max: 40 + 3 * k }),
    bytes_in: 10_000 + k, bytes_out: 90_000 + k,
  };
});
// One minute shared by a call and a minute's metrics of the same API.
minutes.push({
  kind: 'api_metrics', id: 'm-shared', project_id: 'p1', instance_id: 'i1', api_id: calls[0].api_id, ...API.users, provider: 'prov',
  time: Math.floor(calls[0].time / MIN) * MIN, requests: 7, requests_2xx: 7, latency_sum: 700, latency_max: 250, backend_latency_sum: 140, backend_latency_max: 30,
});
const events: TrafficEvent[] = [...calls, ...minutes];

const formatLocal = (ms: number, tz: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(ms));

eachStore('API traffic from per-call and per-minute events', (getStore) => {
  let service: RunningService;
  const get = async (path: string) => {
    const res = await fetch(`${service.url}${path}`, { headers: { 'X-Auth-Token': 'reader' } });
    return { status: res.status, body: await res.json() };
  };
  const inRange = (fromMs: number, keep: (e: TrafficEvent) => boolean) => events.filter((e) => keep(e) && placedAt(e) >= fromMs && placedAt(e) <= Date.now());

  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_READ_TOKENS: 'reader', FLOWMETER_INGEST_TOKENS: 'writer', FLOWMETER_TZ: 'UTC' });
    await ingest(service.url, events, 'writer');
  });
  afterAll(() => service.close());

  it('the dataset mixes both sources within minutes, and per-minute events exceed the calls\' maxima', () => {
    const callMinutes = new Set(calls.map((c) => `${Math.floor(c.time / MIN)}|${c.api_id}`));
    expect(minutes.filter((m) => callMinutes.has(`${placedAt(m) / MIN}|${m.api_id}`)).length).toBeGreaterThan(0);
    expect(Math.max(...minutes.map((m) => m.latency_max!))).toBeGreaterThan(Math.max(...calls.map((c) => c.latency)));
  });

  it('ROMA, INSTANCE mode per minute: each minute and API adds both sources', async () => {
    const { status, body } = await get('/v2/p1/apic/instances/i1/statistics/api?duration=90m&cycle=MINUTE');
    expect(status).toBe(200);
    const groups = groupBy(inRange(body.start_time * 1000, (e) => e.instance_id === 'i1'), (e) => `${Math.floor(placedAt(e) / MIN) * MIN}|${e.api_id}`);
    expect([...groups.values()].some((g) => new Set(g.map((e) => e.kind)).size === 2)).toBe(true);
    expect(body.list).toHaveLength(groups.size);
    for (const entry of body.list) {
      const group = groups.get(`${entry.current_minute * 1000}|${entry.api_id}`)!;
      expect(entry).toEqual({
        ...statisticsMatcher(group), current_minute: entry.current_minute, req_time: formatLocal(entry.current_minute * 1000, 'UTC'),
        cycle: 'MINUTE', api_id: group[0].api_id, group_id: API[group[0].api_id as ApiName].group_id, provider: 'prov',
        register_time: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), status: 2,
      });
    }
  });

  it('ROMA, APP mode per hour: one entry per hour over the app\'s APIs of both sources', async () => {
    const { body } = await get('/v2/p1/apic/instances/i1/statistics/api?mode=APP&roma_app_id=app-1&cycle=HOUR&duration=3h');
    const hours = groupBy(inRange(body.start_time * 1000, (e) => e.instance_id === 'i1' && e.app_id === 'app-1'), (e) => String(Math.floor(placedAt(e) / HOUR) * HOUR));
    expect(body.list.map((e: { current_minute: number }) => e.current_minute * 1000)).toEqual([...hours.keys()].map(Number).sort((a, b) => a - b));
    for (const entry of body.list) expect(entry).toEqual({ ...statisticsMatcher(hours.get(String(entry.current_minute * 1000))!), current_minute: entry.current_minute });
  });

  it('ROMA, API mode: an API known only from per-minute events exists, per day', async () => {
    const { status, body } = await get('/v2/p1/apic/instances/i1/statistics/api?mode=API&api_id=search&cycle=DAY&duration=3h');
    expect(status).toBe(200);
    const days = groupBy(inRange(body.start_time * 1000, (e) => e.instance_id === 'i1' && e.api_id === 'search'), (e) => String(Math.floor(placedAt(e) / DAY) * DAY));
    expect(body.list).toHaveLength(days.size);
    for (const entry of body.list) expect(entry).toMatchObject({ ...statisticsMatcher(days.get(String(entry.current_minute * 1000))!), api_id: 'search', group_id: 'g3' });
  });

  it('APIG latest: 3h by hour and 30m by minute, both sources, every instance', async () => {
    for (const [duration, unit] of [['3h', HOUR], ['30m', MIN]] as const) {
      const { body } = await get(`/v1.0/apigw/statistics/api/latest?api_id=orders&duration=${duration}`);
      const buckets = groupBy(inRange(body.start_time * 1000, (e) => e.api_id === 'orders'), (e) => String(Math.floor(placedAt(e) / unit) * unit));
      expect(body.list).toHaveLength(buckets.size);
      for (const entry of body.list) {
        expect(entry).toMatchObject({ ...statisticsMatcher(buckets.get(String(entry.current_minute * 1000))!), api_id: 'orders', cycle: unit === HOUR ? 'HOUR' : 'MINUTE' });
      }
    }
  });

  it('Grafana: api_metrics per hour and api_latest (by hour: APIG latest\'s rule for a 2-hour range) frames add both sources', async () => {
    const range = { from: NOW - 2 * HOUR, to: NOW + 1 }; // api_latest: by hour beyond an hour, as APIG latest
    const { body } = await postQuery(service.url, {
      queries: [
        { refId: 'M', kind: 'api_metrics', projectId: 'p1', instanceId: 'i1', cycle: 'HOUR' },
        { refId: 'L', kind: 'api_latest', apiId: 'search' },
      ], range, timezone: 'UTC',
    }, 'reader');
    const within = (keep: (e: TrafficEvent) => boolean) => events.filter((e) => keep(e) && placedAt(e) >= range.from && placedAt(e) < range.to);
    const cases = [
      { frame: body.results.M.frames![0], unit: HOUR, group: within((e) => e.instance_id === 'i1') },
      { frame: body.results.L.frames![0], unit: HOUR, group: within((e) => e.api_id === 'search') },
    ];
    for (const { frame, unit, group } of cases) {
      const buckets = groupBy(group, (e) => String(Math.floor(placedAt(e) / unit) * unit));
      const keys = [...buckets.keys()].map(Number).sort((a, b) => a - b);
      expect(column(frame, 'time')).toEqual(keys);
      const expected = keys.map((k) => expectedTraffic(buckets.get(String(k))!));
      for (const name of ['req_count', 'req_count2xx', 'req_count4xx', 'req_count5xx', 'req_count_error', 'max_latency', 'max_backend_latency', 'input_throughput', 'output_throughput'] as const) {
        expect([name, column(frame, name)]).toEqual([name, expected.map((x) => x[name])]);
      }
      for (const name of ['avg_latency', 'avg_inner_latency', 'avg_backend_latency'] as const) {
        expect(column(frame, name)).toEqual(expected.map((x) => expect.closeTo(x[name], 9)));
      }
    }
  });

  it('the apis lookup lists APIs of either source', async () => {
    const res = await fetch(`${service.url}/api/v1/lookup/apis?project_id=p1&instance_id=i1`, { headers: { authorization: 'Bearer reader' } });
    expect(await res.json()).toEqual({ values: ['orders', 'search', 'users'] });
  });

  it('a re-sent minute replaces the earlier one; an inconsistent minute rejects its batch and stores nothing', async () => {
    const minute = Math.floor((NOW - 10 * MIN) / MIN) * MIN;
    const base = { kind: 'api_metrics', id: 'r-1', project_id: 'p9', instance_id: 'i9', api_id: 'pay', time: minute, requests: 10, requests_2xx: 10, latency_sum: 100 };
    await ingest(service.url, [base], 'writer');
    await ingest(service.url, [{ ...base, requests: 20, requests_2xx: 18, requests_5xx: 2, latency_sum: 500 }], 'writer');
    const { body } = await get('/v2/p9/apic/instances/i9/statistics/api?duration=1h');
    expect(body.list).toHaveLength(1);
    expect(body.list[0]).toMatchObject({ req_count: 20, req_count2xx: 18, req_count5xx: 2, req_count_error: 2, avg_latency: 25 });

    const res = await fetch(`${service.url}/api/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer writer' },
      body: JSON.stringify([
        { ...base, id: 'r-2', api_id: 'refund' },
        { ...base, id: 'r-3', api_id: 'refund', requests: 5, requests_2xx: 4, requests_4xx: 3 },
        { ...base, id: 'r-4', api_id: 'refund', requests: 0, requests_2xx: 0, latency_sum: 3 },
      ]),
    });
    expect(res.status).toBe(400);
    const error = await res.json();
    expect(error.details).toEqual([
      { index: 1, path: 'requests', message: 'requests must be at least requests_2xx + requests_4xx + requests_5xx' },
      { index: 2, path: 'latency_sum', message: 'a minute without requests has no latency' },
    ]);
    expect((await get('/v2/p9/apic/instances/i9/statistics/api?duration=1h&api_id=refund')).status).toBe(404);
  });
});
