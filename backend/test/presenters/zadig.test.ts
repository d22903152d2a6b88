/**
 * The Zadig family over HTTP on each real store. Expected answers are computed here from the
 * dataset with plain loops, not with the service's statistics code.
 */
import { eachStore } from '../support/stores';
import { ingest, startService, type RunningService } from '../support/service';

const TZ = 'Europe/Berlin';
const iso = (s: string) => Date.parse(s);

type Status = 'success' | 'failure' | 'timeout' | 'cancelled';
interface Run { kind: 'build' | 'deploy' | 'test' | 'release'; id: string; project: string; status: Status; time: number; duration?: number; cases?: number }

/** Around the spring daylight-saving change in Berlin (2026-03-29), with runs near local midnight. */
const runs: Run[] = [];
const statuses: Status[] = ['success', 'failure', 'timeout', 'cancelled', 'success'];
const instants = [
  '2026-03-27T10:00:00Z', '2026-03-28T23:30:00Z' /* 00:30 on the 29th in Berlin */, '2026-03-29T01:30:00Z' /* 03:30 CEST */,
  '2026-03-29T22:30:00Z' /* 00:30 on the 30th */, '2026-03-31T21:59:59Z' /* 23:59:59 on the 31st */, '2026-04-02T08:00:00Z',
];
for (const kind of ['build', 'deploy', 'test', 'release'] as const) {
  instants.forEach((at) => {
    for (const project of ['alpha', 'beta, inc', 'gamma']) {
      const n = runs.length;
      runs.push({ kind, id: `${kind}-${n}`, project, status: statuses[n % statuses.length], time: iso(at), duration: 10 + (n % 7) * 5, cases: kind === 'test' ? 3 + (n % 4) : undefined });
    }
  });
}

const localDate = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date(ms));
/** Calendar dates from `first` to `last` inclusive, by plain date arithmetic. */
function datesBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${first}T00:00:00Z`); d.toISOString().slice(0, 10) <= last; d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

function expectedDays(kind: Run['kind'], projects: string[], dates: string[]) {
  return dates.map((date) => {
    const day = runs.filter((r) => r.kind === kind && projects.includes(r.project) && localDate(r.time) === date);
    const count = (...s: Status[]) => day.filter((r) => s.includes(r.status)).length;
    return { date, success: count('success'), failure: count('failure', 'timeout'), timeout: count('timeout'), cancelled: count('cancelled'), total: day.length };
  });
}

// startDate/endDate fall mid-day: the whole first and last days count.
const START = iso('2026-03-27T12:00:00Z') / 1000;
const END = iso('2026-03-31T12:00:00Z') / 1000;
const DATES = datesBetween('2026-03-27', '2026-03-31');

eachStore('Zadig statistics', (getStore) => {
  let service: RunningService;
  const get = async (path: string) => {
    const res = await fetch(`${service.url}/openapi/statistics${path}`);
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_TZ: 'UTC' });
    const events = runs.map(({ cases, ...r }) => ({ ...r, ...(cases !== undefined ? { cases } : {}), time: r.time / 1000 }));
    await ingest(service.url, events);
    await ingest(service.url, events.slice(0, 10)); // re-sent: counted once
    await ingest(service.url, [
      { kind: 'rollback', id: 'rb-1', project: 'alpha', env: 'prod', service: 'api', time: '2026-03-28T10:00:00Z', production: true, env_type: 'zadig', operation_type: 'zadig', service_type: 'k8s',
        origin_service: { service_name: 'api', containers: [{ name: 'api', image: 'reg/api:1', image_name: 'api' }], update_time: 1774000000 },
        create_by: { uid: 'u1', account: 'admin', name: 'Admin', identity_type: 'system' } },
      { kind: 'rollback', id: 'rb-2', project: 'alpha', env: 'staging', service: 'web', time: '2026-03-29T10:00:00Z' },
      { kind: 'rollback', id: 'rb-3', project: 'beta, inc', env: 'prod', service: 'api', time: '2026-03-30T10:00:00Z' },
      { kind: 'build', id: 'overview-1', project: 'alpha', service: 'api', workflow: 'ci', artifact: 'a-1', status: 'success', time: '2025-01-01T00:00:00Z' },
      { kind: 'build', id: 'overview-2', project: 'alpha', service: 'web', workflow: 'nightly', artifact: 'a-2', status: 'success', time: '2025-01-02T00:00:00Z' },
      { kind: 'deploy', id: 'overview-3', project: 'delta', service: 'worker', env: 'prod', cluster: 'eu-1', status: 'success', time: '2025-01-02T00:00:00Z' },
      { kind: 'workflow_run', id: 'overview-4', project_slug: 'gh/acme/api', workflow: 'build-test', status: 'success', created_at: '2025-01-02T00:00:00Z' },
    ]);
  });
  afterAll(async () => { await service.close(); });

  it.each(['build', 'deploy'] as const)('%s: every day of the zone, zero days included, totals and key order as documented', async (kind) => {
    const { status, body } = await get(`/${kind}?startDate=${START}&endDate=${END}&tz=${TZ}&productNames=alpha&productNames=${encodeURIComponent('beta, inc')}`);
    expect(status).toBe(200);
    // A name with a comma in it, given URL-encoded in the repeated form, is taken whole.
    const days = expectedDays(kind, ['alpha', 'beta, inc'], DATES)
      .map(({ date, success, failure, total }) => ({ date, success, failure, total }));
    expect(body.data.map((d: { date: string }) => d.date)).toEqual(DATES);
    expect(body.data).toEqual(days.map((d) => (kind === 'build' ? d : { date: d.date, failure: d.failure, success: d.success, total: d.total })));
    expect(body.total).toBe(days.reduce((n, d) => n + d.total, 0));
    expect(body.success).toBe(days.reduce((n, d) => n + d.success, 0));
    expect(Object.keys(body)).toEqual(kind === 'build' ? ['total', 'success', 'data'] : ['success', 'total', 'data']);
    expect(Object.keys(body.data[0])).toEqual(kind === 'build' ? ['date', 'success', 'failure', 'total'] : ['date', 'failure', 'success', 'total']);
  });

  it('puts a run on the day of the requested zone, not of UTC', async () => {
    const berlin = (await get(`/build?startDate=${START}&endDate=${END}&tz=${TZ}&productNames=gamma`)).body;
    const utc = (await get(`/build?startDate=${START}&endDate=${END}&tz=UTC&productNames=gamma`)).body;
    const total = (b: { data: Array<{ date: string; total: number }> }, date: string) => b.data.find((d) => d.date === date)!.total;
    expect(total(berlin, '2026-03-29')).toBe(expectedDays('build', ['gamma'], ['2026-03-29'])[0].total);
    expect(total(utc, '2026-03-28')).toBe(1); // 23:30 UTC
    expect(total(berlin, '2026-03-28')).toBe(0);
  });

  it('takes comma-separated productNames, and all projects when none are named', async () => {
    const comma = (await get(`/deploy?startDate=${START}&endDate=${END}&tz=${TZ}&productNames=alpha,gamma`)).body;
    expect(comma.total).toBe(expectedDays('deploy', ['alpha', 'gamma'], DATES).reduce((n, d) => n + d.total, 0));
    const all = (await get(`/deploy?startDate=${START}&endDate=${END}&tz=${TZ}`)).body;
    expect(all.total).toBe(expectedDays('deploy', ['alpha', 'beta, inc', 'gamma', 'delta'], DATES).reduce((n, d) => n + d.total, 0));
  });

  it('answers zeros for an unknown project and an empty range', async () => {
    const { body } = await get(`/build?startDate=${START}&endDate=${END}&productNames=nobody`);
    expect(body.total).toBe(0);
    expect(body.data).toHaveLength(5);
    expect(body.data.every((d: { total: number }) => d.total === 0)).toBe(true);
  });

  it('defaults to the last 7 days including today', async () => {
    const { body } = await get('/build');
    const today = new Date().toISOString().slice(0, 10);
    expect(body.data).toHaveLength(7);
    expect(body.data[6].date).toBe(today);
  });

  it('test: cases, executions, runtime, and weeks counted back from the end, newest first', async () => {
    const start = iso('2026-03-20T00:00:00Z') / 1000;
    const { body } = await get(`/test?startDate=${start}&endDate=${END}&tz=${TZ}`);
    const inRange = runs.filter((r) => r.kind === 'test' && localDate(r.time) >= '2026-03-20' && localDate(r.time) <= '2026-03-31');
    expect(body.case_count).toBe(inRange.reduce((n, r) => n + r.cases!, 0));
    expect(body.exec_count).toBe(inRange.length);
    expect(body.success_count).toBe(inRange.filter((r) => r.status === 'success').length);
    expect(body.average_runtime).toBe(Math.round(inRange.reduce((n, r) => n + r.duration!, 0) / inRange.length));
    expect(body.data.map((w: { date: string }) => w.date)).toEqual(['2026-03-25', '2026-03-20']);
    const week = inRange.filter((r) => localDate(r.time) >= '2026-03-25');
    expect(body.data[0]).toEqual({
      date: '2026-03-25',
      success_count: week.filter((r) => r.status === 'success').length,
      timeout_count: week.filter((r) => r.status === 'timeout').length,
      failed_count: week.filter((r) => r.status === 'failure').length,
    });
  });

  it('v2 release: daily_stat with fail_count, for one project', async () => {
    const { body } = await get(`/v2/release?start_time=${START}&end_time=${END}&project_name=alpha&tz=${TZ}`);
    const days = expectedDays('release', ['alpha'], DATES);
    expect(body).toEqual({
      total: days.reduce((n, d) => n + d.total, 0),
      success_count: days.reduce((n, d) => n + d.success, 0),
      daily_stat: days.map((d) => ({ date: d.date, total: d.total, success_count: d.success, fail_count: d.failure })),
    });
  });

  it('v2 rollback detail: newest first, paged, filtered, with the documented nested objects', async () => {
    const range = `startTime=${iso('2026-03-01T00:00:00Z') / 1000}&endTime=${iso('2026-04-01T00:00:00Z') / 1000}`;
    const page1 = (await get(`/v2/rollback/detail?${range}&pageNum=1&pageSize=2`)).body;
    const page2 = (await get(`/v2/rollback/detail?${range}&pageNum=2&pageSize=2`)).body;
    expect(page1.total).toBe(3);
    expect([...page1.data, ...page2.data].map((r: { create_time: number }) => r.create_time)).toEqual(
      ['2026-03-30T10:00:00Z', '2026-03-29T10:00:00Z', '2026-03-28T10:00:00Z'].map((t) => iso(t) / 1000));
    const full = page2.data[0];
    expect(Object.keys(full)).toEqual(['project_key', 'env_name', 'env_type', 'production', 'operation_type', 'service_name', 'service_type', 'origin_service', 'update_service', 'origin_sae_app', 'update_sae_app', 'create_by', 'create_time']);
    expect(full).toMatchObject({ project_key: 'alpha', env_name: 'prod', production: true, service_type: 'k8s', create_by: { uid: 'u1', account: 'admin', name: 'Admin', identity_type: 'system' } });
    expect(full.origin_service).toEqual({ service_name: 'api', release_name: '', containers: [{ name: 'api', type: '', image: 'reg/api:1', image_name: 'api' }], rendered_yaml: '', values_yaml: '', override_values: '', update_time: 1774000000 });
    expect([full.update_service, full.origin_sae_app, full.update_sae_app]).toEqual([null, null, null]); // not recorded: null, as Zadig writes it
    const filtered = (await get(`/v2/rollback/detail?${range}&pageNum=1&pageSize=10&projectKey=alpha&envName=staging`)).body;
    expect(filtered.total).toBe(1);
    expect(filtered.data[0].service_name).toBe('web');
  });

  it('overview: distinct projects, clusters, services, workflows, environments and artifacts ever seen', async () => {
    const { body } = await get('/overview');
    expect(body).toEqual({
      project_count: 5, // alpha, beta inc, gamma, delta, gh/acme/api
      cluster_count: 1,
      service_count: 3, // api, web, worker
      workflow_count: 3, // ci, nightly, build-test
      env_count: 2, // prod, staging
      artifact_count: 2,
    });
  });

  it.each([
    ['/build?startDate=1774000000', /startDate and endDate must be given together/],
    ['/deploy?startDate=abc&endDate=1', /startDate must be an integer/],
    [`/build?startDate=${END}&endDate=${START}`, /end is before the start/],
    [`/build?startDate=${START}&endDate=${END}&tz=Mars/Base`, /IANA time zone/],
    ['/v2/release?start_time=1', /start_time and end_time must be given together/],
    ['/v2/rollback/detail?startTime=1&endTime=2&pageNum=1', /pageSize is required/],
    ['/v2/rollback/detail?startTime=1&endTime=2&pageNum=0&pageSize=10', /pageNum must be between 1/],
    ['/v2/rollback/detail?startTime=5&endTime=2&pageNum=1&pageSize=10', /endTime must not be before startTime/],
  ])('answers 400 in Zadig\'s format for %s', async (path, description) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(Object.keys(body)).toEqual(['code', 'description', 'extra', 'message', 'type']);
    expect(body.code).toBe(400);
    expect(body.description).toMatch(description);
  });
});

eachStore('Zadig auth', (getStore) => {
  it('answers 401 and 403 in Zadig\'s format', async () => {
    const service = await startService(getStore(), { FLOWMETER_READ_TOKENS: 'reader', FLOWMETER_INGEST_TOKENS: 'writer' });
    try {
      const none = await fetch(`${service.url}/openapi/statistics/overview`);
      expect(none.status).toBe(401);
      expect(await none.json()).toEqual({ code: 401, description: 'missing token', extra: {}, message: 'Unauthorized', type: 'error' });
      const writer = await fetch(`${service.url}/openapi/statistics/overview`, { headers: { authorization: 'Bearer writer' } });
      expect(writer.status).toBe(403);
      expect((await writer.json()).code).toBe(403);
      const reader = await fetch(`${service.url}/openapi/statistics/overview`, { headers: { authorization: 'Bearer reader' } });
      expect(reader.status).toBe(200);
    } finally {
      await service.close();
    }
  });
});
