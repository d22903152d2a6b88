/**
 * The Huawei family (ROMA, DataArts, APIG) over HTTP on each real store; expected numbers are
 * computed here from the dataset with plain loops.
 */
import { eachStore } from '../support/stores';
import { ingest, startService, type RunningService } from '../support/service';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.now();

interface Call { kind: 'api_call'; id: string; project_id: string; instance_id: string; api_id: string; app_id: string; group_id: string; provider: string; time: number; status_code: number; latency: number; inner_latency: number; backend_latency: number; bytes_in: number; bytes_out: number }

const codes = [200, 201, 404, 500, 200, 503, 200, 401];
const calls: Call[] = Array.from({ length: 120 }, (_, i) => {
  const orders = i % 3 !== 0;
  return {
    kind: 'api_call', id: `c-${i}`, project_id: 'p1', instance_id: i % 10 === 9 ? 'i2' : 'i1',
    api_id: orders ? 'orders' : 'users', app_id: orders ? 'app-1' : 'app-2', group_id: orders ? 'g1' : 'g2', provider: 'prov',
    time: NOW - 5 * MIN - i * 97_000, status_code: codes[i % codes.length],
    latency: 10 + (i * 13) % 90, inner_latency: 1 + (i % 5), backend_latency: 5 + (i * 7) % 60, bytes_in: 100 + i, bytes_out: 1000 + 3 * i,
  };
});

/** Expected StatisticsAPI numbers for a set of calls. */
function metrics(group: Call[]) {
  const mean = (f: (c: Call) => number) => group.reduce((a, c) => a + f(c), 0) / group.length;
  const max = (f: (c: Call) => number) => Math.max(...group.map(f));
  return {
    max_latency: max((c) => c.latency), avg_latency: expect.closeTo(mean((c) => c.latency), 9),
    max_inner_latency: max((c) => c.inner_latency), avg_inner_latency: expect.closeTo(mean((c) => c.inner_latency), 9),
    max_backend_latency: max((c) => c.backend_latency), avg_backend_latency: expect.closeTo(mean((c) => c.backend_latency), 9),
    req_count: group.length,
    req_count2xx: group.filter((c) => c.status_code < 300).length,
    req_count4xx: group.filter((c) => c.status_code >= 400 && c.status_code < 500).length,
    req_count5xx: group.filter((c) => c.status_code >= 500).length,
    req_count_error: group.filter((c) => c.status_code >= 400).length,
    output_throughput: group.reduce((a, c) => a + c.bytes_out, 0),
    input_throughput: group.reduce((a, c) => a + c.bytes_in, 0),
  };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

const formatLocal = (ms: number, tz: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(ms));

const DAY = 24 * HOUR;
const tasks = [
  { id: 't1', instance_id: 'inst-1', owner: 'alice', workspace: 'ws-1', status: 'running', plan_time: NOW - 1000 },
  { id: 't1b', instance_id: 'inst-1', owner: 'alice', workspace: 'ws-1', status: 'success', plan_time: NOW - 1000 }, // later event: success
  { id: 't2', instance_id: 'inst-2', owner: 'bob', workspace: 'ws-1', status: 'fail', plan_time: NOW - 2000 },
  { id: 't3', instance_id: 'inst-3', owner: 'alice', workspace: 'ws-2', status: 'waiting', plan_time: NOW - 3000 },
  { id: 't4', instance_id: 'inst-4', owner: 'alice', workspace: 'ws-1', status: 'fail', plan_time: NOW - DAY - 1000 },
  { id: 't5', instance_id: 'inst-5', owner: 'bob', workspace: 'ws-1', status: 'skip', plan_time: NOW - 2 * DAY - 1000 },
  { id: 't6', instance_id: 'inst-6', owner: 'bob', workspace: 'ws-1', status: 'manual_stop', plan_time: NOW - 5 * DAY },
  { id: 't7', instance_id: 'inst-7', owner: 'bob', workspace: 'ws-1', status: 'success', plan_time: NOW - 9 * DAY },
].map((t) => ({ kind: 'task_instance', project_id: 'proj-d', job: 'etl', ...t }));

eachStore('Huawei statistics', (getStore) => {
  let service: RunningService;
  const get = async (path: string, token = 'reader', headers: Record<string, string> = {}) => {
    const res = await fetch(`${service.url}${path}`, { headers: { 'X-Auth-Token': token, ...headers } });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_READ_TOKENS: 'alice=reader,anon', FLOWMETER_INGEST_TOKENS: 'writer', FLOWMETER_TZ: 'UTC' });
    await ingest(service.url, calls, 'writer');
    // In order: an instance's later event is its status.
    for (const task of tasks) await ingest(service.url, [task], 'writer');
  });
  afterAll(async () => { await service.close(); });

  it('ROMA, INSTANCE mode: per minute and per API, every documented field', async () => {
    const { status, body } = await get('/v2/p1/apic/instances/i1/statistics/api?duration=30m&cycle=MINUTE');
    expect(status).toBe(200);
    expect(body.code).toBe('APIG.0000');
    const inRange = calls.filter((c) => c.instance_id === 'i1' && c.time >= body.start_time * 1000 && c.time <= NOW);
    const groups = groupBy(inRange, (c) => `${Math.floor(c.time / MIN) * MIN}|${c.api_id}`);
    expect(body.list).toHaveLength(groups.size);
    for (const entry of body.list) {
      const group = groups.get(`${entry.current_minute * 1000}|${entry.api_id}`)!;
      expect(entry).toEqual({
        ...metrics(group), current_minute: entry.current_minute, req_time: formatLocal(entry.current_minute * 1000, 'UTC'),
        cycle: 'MINUTE', api_id: group[0].api_id, group_id: group[0].group_id, provider: 'prov', register_time: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), status: 2,
      });
    }
  });

  it('ROMA, APP mode by hour in a zone: one entry per hour, without the API fields or req_time', async () => {
    const tz = 'Asia/Shanghai';
    const start = formatLocal(NOW - 3 * HOUR, tz);
    const end = formatLocal(NOW, tz);
    const { body } = await get(`/v2/p1/apic/instances/i1/statistics/api?mode=APP&roma_app_id=app-1&cycle=HOUR&start_time=${encodeURIComponent(start)}&end_time=${encodeURIComponent(end)}&tz=${tz}`);
    const fromMs = Math.floor((NOW - 3 * HOUR) / 1000) * 1000;
    expect(body.start_time).toBe(fromMs / 1000);
    const inRange = calls.filter((c) => c.instance_id === 'i1' && c.app_id === 'app-1' && c.time >= fromMs && c.time <= NOW);
    const hours = groupBy(inRange, (c) => String(Math.floor(c.time / HOUR) * HOUR));
    expect(body.list.map((e: { current_minute: number }) => e.current_minute * 1000)).toEqual([...hours.keys()].map(Number).sort((a, b) => a - b));
    for (const entry of body.list) expect(entry).toEqual({ ...metrics(hours.get(String(entry.current_minute * 1000))!), current_minute: entry.current_minute });
  });

  it('APIG latest: 2h30m is the latest 3 hours, by hour', async () => {
    const { body } = await get('/v1.0/apigw/statistics/api/latest?api_id=orders&duration=2h30m');
    expect(Object.keys(body)).toEqual(['code', 'msg', 'start_time', 'end_time', 'list']);
    expect(body.start_time * 1000).toBe(Math.floor(NOW / HOUR) * HOUR - 2 * HOUR);
    const inRange = calls.filter((c) => c.api_id === 'orders' && c.time >= body.start_time * 1000);
    const hours = groupBy(inRange, (c) => String(Math.floor(c.time / HOUR) * HOUR));
    expect(body.list).toHaveLength(hours.size);
    expect(body.list[0]).toMatchObject({ ...metrics(hours.get(String(body.list[0].current_minute * 1000))!), cycle: 'HOUR', api_id: 'orders', group_id: 'g1' });
    expect(body.list[0].req_time).toBe(formatLocal(body.list[0].current_minute * 1000, 'UTC'));
  });

  it('APIG latest: up to an hour is per minute, more than a day is per day', async () => {
    const minutes = (await get('/v1.0/apigw/statistics/api/latest?api_id=users&duration=20m')).body;
    expect(minutes.list.every((e: { cycle: string }) => e.cycle === 'MINUTE')).toBe(true);
    expect(minutes.list.reduce((a: number, e: { req_count: number }) => a + e.req_count, 0))
      .toBe(calls.filter((c) => c.api_id === 'users' && c.time >= minutes.start_time * 1000).length);
    const days = (await get('/v1.0/apigw/statistics/api/latest?api_id=users&duration=26h')).body;
    expect(days.list.every((e: { cycle: string }) => e.cycle === 'DAY')).toBe(true);
    const todayStart = Date.UTC(new Date(NOW).getUTCFullYear(), new Date(NOW).getUTCMonth(), new Date(NOW).getUTCDate());
    expect(days.start_time * 1000).toBe(todayStart - DAY);
    expect(days.list.reduce((a: number, e: { req_count: number }) => a + e.req_count, 0)).toBe(calls.filter((c) => c.api_id === 'users').length);
  });

  it.each([
    ['today', ['inst-1', 'inst-2', 'inst-3']],
    ['yesterday', ['inst-4']],
    ['before_yesterday', ['inst-5']],
    ['all', ['inst-1', 'inst-2', 'inst-3', 'inst-4', 'inst-5', 'inst-6']],
  ])('DataArts query_days=%s counts each instance once, at its latest status', async (queryDays, instances) => {
    const { status, body } = await get(`/v2/proj-d/factory/monitor/task-statistics-overview?query_days=${queryDays}`);
    expect(status).toBe(200);
    const latest = new Map<string, string>();
    for (const t of tasks) if (instances.includes(t.instance_id)) latest.set(t.instance_id, t.status);
    const count = (s: string) => [...latest.values()].filter((v) => v === s).length;
    expect(Object.keys(body)).toEqual(['fail_count', 'force_success_count', 'freeze_count', 'ignore_success_count', 'manual_stop_count', 'pause_count', 'running_count', 'running_exception_count', 'skip_count', 'success_count', 'total_count', 'waiting_confirm_count', 'waiting_count']);
    expect(body.total_count).toBe(instances.length);
    expect(body.success_count).toBe(count('success'));
    expect(body.fail_count).toBe(count('fail'));
    expect(body.running_count).toBe(0);
    expect(body.waiting_count).toBe(count('waiting'));
    expect(body.skip_count).toBe(count('skip'));
    expect(body.manual_stop_count).toBe(count('manual_stop'));
  });

  it('DataArts is_own counts the named token\'s instances; an unnamed token owns none; workspace narrows', async () => {
    const own = (await get('/v2/proj-d/factory/monitor/task-statistics-overview?query_days=all&is_own=true')).body;
    expect(own.total_count).toBe(3); // alice: inst-1, inst-3, inst-4
    const anon = (await get('/v2/proj-d/factory/monitor/task-statistics-overview?query_days=all&is_own=true', 'anon')).body;
    expect(anon.total_count).toBe(0);
    const ws = (await get('/v2/proj-d/factory/monitor/task-statistics-overview?query_days=all', 'reader', { workspace: 'ws-2' })).body;
    expect(ws.total_count).toBe(1);
  });

  it.each([
    ['/v2/p1/factory/monitor/task-statistics-overview?query_days=today2', 400, 'DLF.21113', 'The task query parameters [today2] are incorrect. Currently, the supported types of parameters are today, yesterday, before_yesterday, and all.'],
    ['/v2/p1/apic/instances/i1/statistics/api', 400, 'APIG.2012', 'missing time range parameters'],
    ['/v2/p1/apic/instances/i1/statistics/api?duration=91m', 400, 'APIG.2012', /at most 90 minutes/i],
    ['/v2/p1/apic/instances/i1/statistics/api?duration=73h', 400, 'APIG.2012', /72 hours/],
    ['/v2/p1/apic/instances/i1/statistics/api?duration=1h&cycle=WEEK', 400, 'APIG.2012', /parameterName:cycle/],
    ['/v2/p1/apic/instances/i1/statistics/api?duration=1h&mode=API', 400, 'APIG.2012', /parameterName:api_id/],
    ['/v2/p1/apic/instances/i1/statistics/api?start_time=2026-13-01%2000:00:00&end_time=x', 400, 'APIG.2012', /parameterName:start_time/],
    ['/v2/p1/apic/instances/i1/statistics/api?duration=1h&api_id=nope', 404, 'APIG.3002', 'API nope does not exist'],
    ['/v1.0/apigw/statistics/api/latest?api_id=orders', 400, 'APIG.2012', /duration is required/],
    ['/v1.0/apigw/statistics/api/latest?api_id=orders&duration=soon', 400, 'APIG.2012', /parameterName:duration/],
  ])('%s answers %i %s', async (path, status, code, message) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(Object.keys(res.body)).toEqual(['error_code', 'error_msg']);
    expect(res.body.error_code).toBe(code);
    expect(res.body.error_msg).toMatch(message);
  });

  it('answers 401 APIG.1002 and 403 APIG.1005', async () => {
    const unauthorized = await get('/v1.0/apigw/statistics/api/latest?api_id=orders&duration=1h', 'nope');
    expect(unauthorized).toEqual({ status: 401, body: { error_code: 'APIG.1002', error_msg: 'invalid token' } });
    const forbidden = await get('/v1.0/apigw/statistics/api/latest?api_id=orders&duration=1h', 'writer');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error_code).toBe('APIG.1005');
  });

  it('answers DataArts\' auth errors in its own DLF family', async () => {
    const path = '/v2/p1/factory/monitor/task-statistics-overview?query_days=all';
    expect(await get(path, 'nope')).toEqual({ status: 401, body: { error_code: 'DLF.6888', error_msg: 'invalid token' } });
    expect(await get(path, 'writer')).toEqual({ status: 403, body: { error_code: 'DLF.6888', error_msg: 'this token may not read statistics' } });
  });
});
