/**
 * Differential conformance: the same history (every event kind, duplicates re-sent with changed
 * fields, hostile strings) goes into a service on InfluxDB and a service on the embedded store,
 * and every endpoint of every family must answer both the same, to the number. The family
 * suites (presenters/*.test.ts) check the expected answers on each store; this one checks that
 * the two engines agree on a larger, messier dataset than those hand-computed ones.
 */
import { mixedEvents } from '../../src/demo/generate';
import { openEmbeddedStore, openInfluxStore, type TestStore } from '../support/stores';
import { ingest, startService, type RunningService } from '../support/service';
import { column, postQuery } from '../support/frames';
import { addDays, startOfDay } from '../../src/time/calendar';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Ends half an hour ago, so "latest" windows (APIG) hold data whatever the minute.
const END = Math.floor(Date.now() / HOUR) * HOUR - HOUR / 2;
// DataArts' days (today, yesterday, the day before) are the service's local days (Berlin here),
// read from the same clock as the service's: the mixed history's one task instance a day may
// fall either side of a Berlin midnight, and "today" may have begun after END. So each of those
// days gets task instances of its own, whatever the hour the suite runs at.
const TODAY_BERLIN = startOfDay(Date.now(), 'Europe/Berlin');
const BERLIN_DAYS = [0, -1, -2].map((days) => addDays(TODAY_BERLIN, days, 'Europe/Berlin'));
const HOSTILE = `q'u"o\\te, sp ace=eq\nnew'; DROP MEASUREMENT build; -- ☃ 日本`;

function dataset() {
  const events: Array<Record<string, unknown>> = mixedEvents({ days: 40, endMs: END, perDay: 5 }) as never;
  events.push(
    ...[0, 1, 2, 3].map((i) => ({ kind: 'build', id: `h-${i}`, project: HOSTILE, service: HOSTILE, workflow: HOSTILE, status: i % 2 ? 'failure' : 'success', time: END - i * DAY, duration: 7 + i, artifact: HOSTILE })),
    ...[0, 1, 2].map((i) => ({ kind: 'workflow_run', id: `hw-${i}`, project_slug: 'gh/acme/hostile', workflow: HOSTILE, branch: HOSTILE, status: i ? 'failed' : 'success', created_at: END - i * HOUR, duration: 30 * (i + 1), credits_used: i })),
    ...BERLIN_DAYS.flatMap((day, d) => ['success', 'fail'].map((status, i) => ({ kind: 'task_instance', id: `ht-${d}-${i}`, project_id: 'proj-1', instance_id: `day${d}-${i}`, job: HOSTILE, status, plan_time: day + (i + 1) * 60_000 }))),
    ...[0, 1, 2].map((i) => ({ kind: 'api_call', id: `ha-${i}`, project_id: 'proj-1', instance_id: 'inst-1', api_id: HOSTILE, time: END - i * 60_000, status_code: 503, latency: 40 + i })),
    // Per-minute traffic beside the per-call events: of the hostile API, of api-orders at END and in the latest minutes.
    ...[0, 1, 2, 3, 4, 5].map((i) => ({
      kind: 'api_metrics', id: `hm-${i}`, project_id: 'proj-1', instance_id: 'inst-1', api_id: i % 2 ? HOSTILE : 'api-orders', group_id: i % 2 ? HOSTILE : undefined,
      time: i < 3 ? END - i * 7 * 60_000 - 13_000 : Date.now() - (i - 2) * 4 * 60_000, requests: 100 + i, requests_2xx: 90, requests_5xx: 3 + i,
      latency_sum: 4321.5 + i, latency_max: 300 + i, backend_latency_sum: 2000, backend_latency_max: 120, bytes_in: 1000 * i, bytes_out: 7,
    })),
  );
  return events;
}

/** Every endpoint, with parameters that exercise each family's options. */
function requests(): Array<{ path: string; body?: object }> {
  const s = (ms: number) => Math.floor(ms / 1000);
  const zadig = `startDate=${s(END - 30 * DAY)}&endDate=${s(END)}&tz=Europe/Berlin`;
  const fmt = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
  const roma = (extra: string) => `/v2/proj-1/apic/instances/inst-1/statistics/api?start_time=${encodeURIComponent(fmt(END - 48 * HOUR))}&end_time=${encodeURIComponent(fmt(END))}${extra}`;
  const slug = 'gh/acme/payments';
  const hostileQ = encodeURIComponent(HOSTILE);
  const grafana = (queries: object[], timezone = 'America/New_York') => ({ path: '/api/v1/query', body: { queries, range: { from: END - 35 * DAY, to: END }, timezone } });
  return [
    { path: '/openapi/statistics/overview' },
    ...['build', 'deploy', 'test'].map((k) => ({ path: `/openapi/statistics/${k}?${zadig}` })),
    { path: `/openapi/statistics/build?${zadig}&productNames=payments&productNames=${hostileQ}` },
    { path: `/openapi/statistics/v2/release?start_time=${s(END - 30 * DAY)}&end_time=${s(END)}&project_name=payments` },
    { path: `/openapi/statistics/v2/release?startTime=${s(END - 30 * DAY)}&endTime=${s(END)}&projectKey=payments` },
    { path: `/openapi/statistics/deploy?${zadig}&projectKey=payments` },
    { path: `/openapi/statistics/v2/rollback/detail?startTime=${s(END - 40 * DAY)}&endTime=${s(END)}&pageNum=1&pageSize=5` },
    { path: `/openapi/statistics/v2/rollback/detail?startTime=${s(END - 40 * DAY)}&endTime=${s(END)}&pageNum=2&pageSize=3&envName=prod` },
    { path: `/api/v2/insights/${slug}/workflows?reporting-window=last-30-days` },
    { path: `/api/v2/insights/${slug}/workflows?all-branches=true` },
    { path: `/api/v2/insights/${slug}/workflows/build-test?branch=main` },
    { path: `/api/v2/insights/${slug}/workflows/build-test/jobs?reporting-window=last-7-days` },
    { path: `/api/v2/insights/${slug}/workflows/build-test/jobs/unit?all-branches=true` },
    { path: `/api/v2/insights/${slug}/workflows/build-test/jobs?job-name=n&all-branches=true` },
    { path: `/api/v2/insights/${slug}/workflows/build-test?start-date=${new Date(END - 20 * DAY).toISOString()}&end-date=${new Date(END - 5 * DAY).toISOString()}` },
    { path: `/api/v2/insights/gh/acme/hostile/workflows?branch=${hostileQ}` },
    { path: `/api/v2/insights/gh/acme/hostile/workflows/${hostileQ}?branch=${hostileQ}` },
    { path: roma('&cycle=HOUR') },
    { path: roma('&cycle=DAY&tz=Asia/Shanghai') },
    { path: roma(`&mode=API&api_id=${hostileQ}&cycle=HOUR`) },
    { path: '/v2/proj-1/apic/instances/inst-1/statistics/api?duration=90m&cycle=MINUTE' },
    { path: '/v1.0/apigw/statistics/api/latest?api_id=api-orders&duration=20m' },
    { path: '/v1.0/apigw/statistics/api/latest?api_id=api-users&duration=30h' },
    ...['today', 'yesterday', 'before_yesterday', 'all'].map((d) => ({ path: `/v2/proj-1/factory/monitor/task-statistics-overview?query_days=${d}` })),
    ...['projects', 'services', 'environments', 'project_slugs', 'workflows', 'jobs', 'apis'].map((l) => ({ path: `/api/v1/lookup/${l}` })),
    { path: `/api/v1/lookup/services?project=${hostileQ}` },
    grafana([
      { refId: 'overview', kind: 'overview' }, { refId: 'build', kind: 'build', projects: ['payments', HOSTILE] },
      { refId: 'deploy', kind: 'deploy' }, { refId: 'test', kind: 'test' }, { refId: 'release', kind: 'release' },
      { refId: 'rollback', kind: 'rollback' }, { refId: 'workflows', kind: 'workflows', projectSlug: slug },
      { refId: 'jobs', kind: 'jobs', projectSlug: slug, workflow: 'build-test' },
      { refId: 'runs', kind: 'workflow_runs', projectSlug: 'gh/acme/hostile', workflow: HOSTILE },
      { refId: 'job_runs', kind: 'job_runs', projectSlug: slug, workflow: 'build-test', job: 'lint' },
      { refId: 'api', kind: 'api_metrics', projectId: 'proj-1', instanceId: 'inst-1' },
      { refId: 'latest', kind: 'api_latest', apiId: HOSTILE }, { refId: 'tasks', kind: 'task_overview', projectId: 'proj-1' },
      { refId: 'dora', kind: 'dora', env: 'prod' }, { refId: 'dora_daily', kind: 'dora', env: 'prod', view: 'daily' },
      { refId: 'deploy_events', kind: 'deploy', format: 'events', projects: ['payments'] },
    ]),
    grafana([{ refId: 'utc', kind: 'build' }], 'utc'),
  ];
}

/**
 * Fields that depend on when the request was served (CircleCI's window is "the last N days";
 * ROMA's register_time is when the statistics were computed): equal within a minute.
 */
const REQUEST_TIME = new Set(['window_start', 'window_end', 'register_time']);

/** Numbers agree to 1e-9 relative (means and deviations are summed in different orders). */
function expectSame(a: unknown, b: unknown, path: string): void {
  if (REQUEST_TIME.has(path.split('.').pop()!)) {
    if (Math.abs(Date.parse(a as string) - Date.parse(b as string)) > 60_000) throw new Error(`${path}: ${a} vs ${b}`);
  } else if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) throw new Error(`${path}: influx ${a} ≠ embedded ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) throw new Error(`${path}: influx has ${a.length} items, embedded ${b.length}`);
    a.forEach((item, i) => expectSame(item, b[i], `${path}[${i}]`));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== 'executedQueryString');
    for (const key of keys) expectSame((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
  } else if (a !== b) {
    throw new Error(`${path}: influx ${JSON.stringify(a)} ≠ embedded ${JSON.stringify(b)}`);
  }
}

/** Not vacuous: somewhere in the answer is a non-zero number or a non-empty string in a list. */
function holdsData(x: unknown): boolean {
  if (typeof x === 'number') return x !== 0;
  if (Array.isArray(x)) return x.some((v) => (typeof v === 'string' ? v.length > 0 : holdsData(v)));
  if (x && typeof x === 'object') return Object.entries(x).some(([k, v]) => !REQUEST_TIME.has(k) && holdsData(v));
  return false;
}

describe('the InfluxDB and embedded stores answer every endpoint alike', () => {
  const stores: TestStore[] = [];
  const services: RunningService[] = [];

  beforeAll(async () => {
    // Plain (not gzipped) writes here; the family suites write gzipped.
    stores.push(await openInfluxStore({ gzip: false }), await openEmbeddedStore());
    for (const { store } of stores) services.push(await startService(store, { FLOWMETER_TZ: 'Europe/Berlin' }));
    const events = dataset();
    // Re-sent in NDJSON-sized batches; then a slice again with changed fields (a late status).
    const resent = events.slice(0, 300).map((e) => ('status' in e && e.kind === 'build' ? { ...e, status: 'failure', duration: 999 } : e));
    for (const service of services) {
      for (let i = 0; i < events.length; i += 500) await ingest(service.url, events.slice(i, i + 500));
      await ingest(service.url, resent);
    }
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    await Promise.all(stores.map((s) => s.dispose()));
  });

  test.each(requests().map((r) => [r.path + (r.body ? ` ${(r.body as { queries: Array<{ refId: string }> }).queries.map((q) => q.refId).join(',')}` : ''), r]))(
    '%s',
    async (_name, { path, body }) => {
      const answers = await Promise.all(services.map(async (service) => {
        const res = await fetch(service.url + path, body
          ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
          : {});
        return { status: res.status, body: await res.json() };
      }));
      expect(answers[0].status).toBe(200);
      expect(answers[1].status).toBe(200);
      expectSame(answers[0].body, answers[1].body, 'answer');
      expect(holdsData(answers[0].body)).toBe(true);
    },
  );

  test('hostile strings round-trip through both engines unchanged', async () => {
    for (const service of services) {
      const projects = await (await fetch(`${service.url}/api/v1/lookup/projects`)).json();
      expect(projects.values).toContain(HOSTILE);
      const workflows = await (await fetch(`${service.url}/api/v1/lookup/workflows?project_slug=gh%2Facme%2Fhostile`)).json();
      expect(workflows.values).toEqual([HOSTILE]);
    }
  });

  test('a re-send with changed fields replaces the event on both engines (newest wins)', async () => {
    for (const service of services) {
      const { body } = await postQuery(service.url, { queries: [{ refId: 'A', kind: 'build' }], range: { from: END - 41 * DAY, to: END + 1 }, timezone: 'UTC' });
      const total = (column(body.results.A.frames![0], 'total') as number[]).reduce((a, b) => a + b, 0);
      const builds = dataset().filter((e) => e.kind === 'build');
      expect(total).toBe(builds.length);
    }
  });
});
