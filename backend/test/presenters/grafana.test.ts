/**
 * Flowmeter's own endpoints on each real store: Grafana frames (POST /api/v1/query), lookups,
 * health and the OpenAPI document. Expected numbers are computed here with plain loops.
 */
import { QueryKinds } from '../../../contract/query';
import { eachStore } from '../support/stores';
import { ingest, startService, type RunningService } from '../support/service';
import { column, postQuery, type QueryResult as Result } from '../support/frames';

const TZ = 'America/New_York';
const DAY = 86_400_000;
const iso = (s: string) => Date.parse(s);
// Around the autumn daylight-saving change in New York (2026-11-01: a 25-hour day).
const FROM = iso('2026-10-30T04:00:00Z'); // local midnight, EDT
const TO = iso('2026-11-03T05:00:00Z'); // local midnight, EST
const localDate = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date(ms));

type Status = 'success' | 'failure' | 'timeout' | 'cancelled';
const statuses: Status[] = ['success', 'failure', 'success', 'timeout', 'cancelled', 'success', 'success'];
const HOSTILE = `ev'il "p\\r,o j=ct\n'; DROP DATABASE x; -- ☃`;
const projects = ['web', HOSTILE];

const builds = Array.from({ length: 40 }, (_, i) => ({
  kind: 'build' as const, id: `b-${i}`, project: projects[i % 2], service: i % 3 ? 'api' : 'worker',
  status: statuses[i % statuses.length], time: FROM + i * (TO - FROM) / 40 + 1000, duration: 10 + i,
}));
const workflowRuns = Array.from({ length: 12 }, (_, i) => ({
  kind: 'workflow_run' as const, id: `wf-${i}`, project_slug: 'gh/acme/web', workflow: i % 2 ? 'deploy' : 'build-test', branch: 'main',
  status: (i % 4 === 1 ? 'failed' : 'success') as 'failed' | 'success', created_at: FROM + i * 3_600_000, duration: 60 * (i + 1), credits_used: 10 * i,
}));
const rollbacks = [0, 1, 2].map((i) => ({
  kind: 'rollback' as const, id: `rb-${i}`, project: projects[i % 2], env: 'prod', service: 'api', time: FROM + (i + 1) * DAY, production: true,
}));
const calls = Array.from({ length: 30 }, (_, i) => ({
  kind: 'api_call' as const, id: `c-${i}`, project_id: 'p1', instance_id: 'i1', api_id: i % 3 ? 'orders' : 'users',
  time: FROM + i * 60_000, status_code: [200, 404, 500][i % 3], latency: 10 * i, bytes_in: 100, bytes_out: 200,
}));
const tasks = ['success', 'fail', 'running', 'success'].map((status, i) => ({
  kind: 'task_instance' as const, id: `t-${i}`, project_id: 'p1', instance_id: `inst-${i}`, job: 'etl', owner: i % 2 ? 'alice' : 'bob', status, plan_time: FROM + i * 1000,
}));


eachStore('Grafana frames, lookups, health, OpenAPI', (getStore) => {
  let service: RunningService;
  const query = (queries: object[], extra: object = {}) =>
    postQuery(service.url, { queries, range: { from: FROM, to: TO }, timezone: TZ, ...extra }, 'reader');
  const lookup = async (path: string) => {
    const res = await fetch(`${service.url}/api/v1/lookup/${path}`, { headers: { authorization: 'Bearer reader' } });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_INGEST_TOKENS: 'writer', FLOWMETER_READ_TOKENS: 'alice=reader' });
    await ingest(service.url, [...builds, ...workflowRuns, ...rollbacks, ...calls, ...tasks], 'writer');
  });
  afterAll(() => service.close());

  test('build: one row per local day (the 25-hour day included), counts per status, success rate in percentunit', async () => {
    const { status, body } = await query([{ refId: 'A', kind: 'build', projects: [HOSTILE] }]);
    expect(status).toBe(200);
    const [frame] = body.results.A.frames!;
    expect(frame.schema.fields.map((f) => f.type)).toEqual(['time', 'number', 'number', 'number', 'number', 'number', 'number']);
    const dates = ['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02'];
    expect((column(frame, 'time') as number[]).map(localDate)).toEqual(dates);
    const times = column(frame, 'time') as number[];
    expect([times[2] - times[1], times[3] - times[2]]).toEqual([DAY, DAY + 3_600_000]);
    const mine = builds.filter((b) => b.project === HOSTILE);
    const per = (date: string, ...s: Status[]) => mine.filter((b) => localDate(b.time) === date && s.includes(b.status)).length;
    expect(column(frame, 'success')).toEqual(dates.map((d) => per(d, 'success')));
    expect(column(frame, 'failure')).toEqual(dates.map((d) => per(d, 'failure', 'timeout')));
    expect(column(frame, 'total')).toEqual(dates.map((d) => per(d, 'success', 'failure', 'timeout', 'cancelled')));
    expect(frame.schema.fields.find((f) => f.name === 'success_rate')!.config.unit).toBe('percentunit');
    const durations = (date: string) => mine.filter((b) => localDate(b.time) === date).map((b) => b.duration);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
    expect(column(frame, 'duration_mean')).toEqual(dates.map((d) => mean(durations(d))));
    expect(frame.schema.meta?.executedQueryString).toMatch(/build/);
  });

  test('a bad query gets its own error; the others are still answered', async () => {
    const { status, body } = await query([
      { refId: 'A', kind: 'build' },
      { refId: 'B', kind: 'nope' },
      { refId: 'C', kind: 'workflows' },
    ]);
    expect(status).toBe(200);
    expect(body.results.A.frames).toHaveLength(1);
    expect(body.results.B).toEqual({ error: expect.stringMatching(/kind/), status: 400 });
    expect(body.results.C.error).toMatch(/projectSlug/);
  });

  test('a malformed request or an unknown time zone is a 400 in Flowmeter’s format', async () => {
    expect((await query([])).status).toBe(400);
    const zone = await query([{ refId: 'A', kind: 'build' }], { timezone: 'Mars/Base' });
    expect(zone.status).toBe(400);
    expect(zone.body.error).toMatch(/Mars\/Base/);
    const reversed = await query([{ refId: 'A', kind: 'build' }], { range: { from: TO, to: FROM } });
    expect(reversed.status).toBe(400);
  });

  test('the read token is required: 401 without, 403 with the ingest token', async () => {
    const post = (token?: string) => postQuery(service.url, { queries: [{ refId: 'A', kind: 'overview' }], range: { from: FROM, to: TO } }, token);
    expect((await post()).status).toBe(401);
    expect((await post('writer')).status).toBe(403);
  });

  test('workflows: metrics per workflow with durations in seconds', async () => {
    const { body } = await query([{ refId: 'W', kind: 'workflows', projectSlug: 'gh/acme/web' }]);
    const [frame] = body.results.W.frames!;
    expect(column(frame, 'name')).toEqual(['build-test', 'deploy']);
    for (const [i, name] of ['build-test', 'deploy'].entries()) {
      const runs = workflowRuns.filter((r) => r.workflow === name);
      expect(column(frame, 'total_runs')[i]).toBe(runs.length);
      expect(column(frame, 'failed_runs')[i]).toBe(runs.filter((r) => r.status === 'failed').length);
      expect(column(frame, 'total_credits_used')[i]).toBe(runs.reduce((s, r) => s + r.credits_used, 0));
      expect(column(frame, 'duration_max')[i]).toBe(Math.max(...runs.map((r) => r.duration)));
    }
    expect(frame.schema.fields.find((f) => f.name === 'duration_p95')!.config.unit).toBe('s');
  });

  test('workflow runs: newest first, with a time field', async () => {
    const { body } = await query([{ refId: 'R', kind: 'workflow_runs', projectSlug: 'gh/acme/web', workflow: 'deploy' }]);
    const [frame] = body.results.R.frames!;
    const expected = workflowRuns.filter((r) => r.workflow === 'deploy').sort((a, b) => b.created_at - a.created_at);
    expect(column(frame, 'id')).toEqual(expected.map((r) => r.id));
    expect(frame.schema.fields[0]).toMatchObject({ name: 'time', type: 'time' });
  });

  test('rollback: annotation-ready rows (time, title, text, tags)', async () => {
    const { body } = await query([{ refId: 'N', kind: 'rollback', project: HOSTILE }]);
    const [frame] = body.results.N.frames!;
    const mine = rollbacks.filter((r) => r.project === HOSTILE);
    expect(column(frame, 'time')).toEqual(mine.map((r) => r.time).sort((a, b) => b - a));
    expect(column(frame, 'tags')).toEqual(mine.map(() => ['rollback', HOSTILE, 'prod', 'api']));
    expect(column(frame, 'title')[0]).toBe('Rollback of api in prod');
  });

  test('api metrics per minute: 2xx/4xx/5xx and latency per bucket', async () => {
    const { body } = await query([{ refId: 'T', kind: 'api_metrics', projectId: 'p1', instanceId: 'i1', cycle: 'MINUTE' }]);
    const [frame] = body.results.T.frames!;
    expect(column(frame, 'time')).toEqual(calls.map((c) => c.time));
    expect(column(frame, 'req_count5xx')).toEqual(calls.map((c) => (c.status_code === 500 ? 1 : 0)));
    expect(column(frame, 'max_latency')).toEqual(calls.map((c) => c.latency));
    expect(frame.schema.fields.find((f) => f.name === 'input_throughput')!.config.unit).toBe('bytes');
  });

  test('task overview: isOwn counts the read token user’s instances', async () => {
    const { body } = await query([
      { refId: 'ALL', kind: 'task_overview', projectId: 'p1' },
      { refId: 'OWN', kind: 'task_overview', projectId: 'p1', isOwn: true },
    ]);
    const count = (r: Result, status: string) => column(r.frames![0], 'count')[(column(r.frames![0], 'status') as string[]).indexOf(status)];
    expect(count(body.results.ALL, 'success')).toBe(2);
    expect(count(body.results.ALL, 'fail')).toBe(1);
    expect(count(body.results.OWN, 'success')).toBe(tasks.filter((t) => t.owner === 'alice' && t.status === 'success').length);
    expect(count(body.results.OWN, 'fail')).toBe(1);
  });

  test('every query kind answers frames, each carrying its executed query text', async () => {
    const options: Record<string, object> = {
      workflows: { projectSlug: 'gh/acme/web' }, workflow_runs: { projectSlug: 'gh/acme/web', workflow: 'deploy' },
      jobs: { projectSlug: 'gh/acme/web', workflow: 'deploy' }, job_runs: { projectSlug: 'gh/acme/web', workflow: 'deploy', job: 'x' },
      api_metrics: { projectId: 'p1', instanceId: 'i1' }, api_latest: { apiId: 'orders' }, task_overview: { projectId: 'p1' },
      alert: { metric: 'build_failures' },
    };
    const { body } = await query(QueryKinds.map((kind) => ({ refId: kind, kind, ...options[kind] })));
    for (const kind of QueryKinds) {
      const result = body.results[kind];
      expect([kind, result.error]).toEqual([kind, undefined]);
      expect(result.frames!.length).toBeGreaterThan(0);
      expect(result.frames![0].schema.meta?.executedQueryString?.length).toBeGreaterThan(0);
    }
    const overview = body.results.overview.frames![0];
    // Delivery projects and CI project slugs are both projects.
    expect(column(overview, 'project_count')).toEqual([projects.length + 1]);
  });

  test('alert metrics: a number per group, over exactly the range (not whole days)', async () => {
    // A range that cuts the first local day: only builds from its middle on count.
    const from = FROM + 12 * 3_600_000;
    const { body } = await query([{ refId: 'B', kind: 'alert', metric: 'build_failures' }], { range: { from, to: TO } });
    const failed = (p: string) => builds.filter((b) => b.project === p && b.time >= from && b.time < TO && (b.status === 'failure' || b.status === 'timeout')).length;
    // One frame: the group's tags as string columns, then the number (Grafana's numeric table).
    const [b] = body.results.B.frames!;
    expect(body.results.B.frames).toHaveLength(1);
    expect(b.schema.fields.map((f) => [f.name, f.type])).toEqual([['project', 'string'], ['build_failures', 'number']]);
    const byProject = Object.fromEntries((column(b, 'project') as string[]).map((p, i) => [p, column(b, 'build_failures')[i]]));
    expect(byProject).toEqual(Object.fromEntries(projects.map((p) => [p, failed(p)])));
    // The calls are a minute apart: a range from the tenth on.
    const callsFrom = FROM + 10 * 60_000;
    const answer = (await query([{ refId: 'R', kind: 'alert', metric: 'api_5xx_ratio' }], { range: { from: callsFrom, to: TO } })).body;
    const inRange = calls.filter((c) => c.time >= callsFrom && c.time < TO);
    expect(inRange.length).toBe(20);
    const [r] = answer.results.R.frames!;
    expect(r.schema.fields.map((f) => f.name)).toEqual(['project_id', 'instance_id', 'api_5xx_ratio']);
    expect(r.data.values).toEqual([['p1'], ['i1'], [inRange.filter((c) => c.status_code >= 500).length / (inRange.length + 50)]]);
  });

  test('lookups: distinct values, narrowed by their filters, hostile strings intact', async () => {
    expect(await lookup('projects')).toEqual({ status: 200, body: { values: [HOSTILE, 'web'].sort() } });
    expect((await lookup('services')).body.values).toEqual(['api', 'worker']);
    const onlyHostile = await lookup(`services?project=${encodeURIComponent(HOSTILE)}`);
    expect(onlyHostile.body.values).toEqual([...new Set(builds.filter((b) => b.project === HOSTILE).map((b) => b.service).concat('api'))].sort());
    expect((await lookup('workflows?project_slug=gh%2Facme%2Fweb')).body.values).toEqual(['build-test', 'deploy']);
    expect((await lookup('workflows?project_slug=nobody')).body.values).toEqual([]);
    expect((await lookup('apis')).body.values).toEqual(['orders', 'users']);
    const unknown = await lookup('colours');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/projects/);
  });

  test('ad-hoc filters narrow every query on the tags its events carry; = and != (ANDed); others are a 400 of that query', async () => {
    const total = async (kind: string, adhocFilters: object[]) => {
      const { body } = await query([{ refId: 'A', kind, adhocFilters }]);
      return body.results.A.error ?? (column(body.results.A.frames![0], 'total') as number[]).reduce((a, b) => a + b, 0);
    };
    const count = (pred: (b: typeof builds[number]) => boolean) => builds.filter(pred).length;
    expect(await total('build', [])).toBe(builds.length);
    expect(await total('build', [{ key: 'project', operator: '=', value: HOSTILE }])).toBe(count((b) => b.project === HOSTILE));
    expect(await total('build', [{ key: 'project', operator: '!=', value: HOSTILE }])).toBe(count((b) => b.project !== HOSTILE));
    expect(await total('build', [{ key: 'project', operator: '=', value: 'web' }, { key: 'service', operator: '=', value: 'worker' }])).toBe(count((b) => b.project === 'web' && b.service === 'worker'));
    expect(await total('build', [{ key: 'project', operator: '=', value: 'web' }, { key: 'project', operator: '=', value: HOSTILE }])).toBe(0);
    expect(await total('build', [{ key: 'project', operator: '=', value: 'nobody' }])).toBe(0);
    // Builds carry no env tag: an env filter leaves them alone; rollbacks have one.
    expect(await total('build', [{ key: 'env', operator: '=', value: 'staging' }])).toBe(builds.length);
    const { body } = await query([
      { refId: 'A', kind: 'rollback', adhocFilters: [{ key: 'env', operator: '=', value: 'staging' }] },
      { refId: 'B', kind: 'rollback', adhocFilters: [{ key: 'project', operator: '=', value: 'web' }] },
      { refId: 'C', kind: 'build', adhocFilters: [{ key: 'project', operator: '=~', value: 'w.*' }] },
    ]);
    expect(column(body.results.A.frames![0], 'title')).toEqual([]);
    expect(column(body.results.B.frames![0], 'title')).toHaveLength(rollbacks.filter((r) => r.project === 'web').length);
    expect(body.results.C).toEqual({ error: expect.stringMatching(/^invalid query: adhocFilters\.0\.operator/), status: 400 });
  });

  test('lookups follow a time range: only values of events in [from, to); a bad range is a 400', async () => {
    const inRange = (from: number, to: number) => calls.filter((c) => c.time >= from && c.time < to);
    for (const [from, to] of [[FROM, FROM + 60_000], [FROM + 60_000, FROM + 180_000], [FROM + 30 * 60_000, TO]]) {
      const expected = [...new Set(inRange(from, to).map((c) => c.api_id))].sort();
      expect([from, to, (await lookup(`apis?from=${from}&to=${to}`)).body.values]).toEqual([from, to, expected]);
    }
    expect((await lookup(`apis?project_id=p1&from=${FROM}&to=${FROM + 60_000}`)).body.values).toEqual(['users']);
    // Builds, first half of the range: the services of those builds only.
    const half = FROM + (TO - FROM) / 2;
    const firstHalf = builds.filter((b) => b.time < half && b.project === 'web');
    expect((await lookup(`services?project=web&from=${FROM}&to=${half}`)).body.values).toEqual([...new Set(firstHalf.map((b) => b.service).concat(rollbacks.filter((r) => r.project === 'web' && r.time < half).map((r) => r.service)))].sort());
    for (const bad of [`from=${FROM}`, `from=x&to=${TO}`, `from=${TO}&to=${FROM}`, `from=${FROM}&from=${FROM}&to=${TO}`]) {
      const res = await lookup(`apis?${bad}`);
      expect([bad, res.status, res.body.error]).toEqual([bad, 400, expect.stringMatching(/^from and to must both be given/)]);
    }
  });

  test('health is public and names the store; the OpenAPI document lists every endpoint', async () => {
    const health = await fetch(`${service.url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', store: { kind: getStore().kind, ok: true } });
    const doc = await (await fetch(`${service.url}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/events', '/api/v1/query', '/api/v1/health', '/api/v1/lookup/projects',
      '/openapi/statistics/build', '/api/v2/insights/{project-slug}/workflows']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
