/**
 * DataSource.query() against the real service (embedded store, src/test/dataset.ts): real HTTP
 * to the stand-in of Grafana's server, which runs /api/ds/query and the lookup resources
 * through the real plugin executable; only Grafana's template service is a stand-in.
 */
import { lastValueFrom } from 'rxjs';
import { dateTime, type AdHocVariableFilter, type DataFrame, type DataQueryResponse } from '@grafana/data';
import type { DataSource } from './DataSource';
import type { SentRequest } from '../test/grafanaBackendSrv';
import { realDataSource } from '../test/realDataSource';
import { queryRequest } from '../test/request';
import { WEEK } from '../test/dataset';
import type { FlowmeterQuery } from '../types/query';

let sent: SentRequest[];
let datasource: DataSource;

beforeEach(() => {
  sent = [];
  datasource = realDataSource({ variables: { project: ['payments', 'search'], slug: 'gh/acme/api' }, jsonData: { defaultTimeZone: 'Europe/Berlin' }, sent });
});

const run = (targets: Array<Partial<FlowmeterQuery>>, extra?: Parameters<typeof queryRequest>[2]) =>
  lastValueFrom(datasource.query(queryRequest(targets.map((t, i) => ({ refId: String.fromCharCode(65 + i), ...t }) as FlowmeterQuery), WEEK, extra)));

const column = (frame: DataFrame, name: string) => frame.fields.find((f) => f.name === name)?.values;
const framesOf = (response: DataQueryResponse, refId: string) => (response.data as DataFrame[]).filter((f) => f.refId === refId);

describe('query()', () => {
  test('build: a multi-value variable expands into projects; daily frames come back as DataFrames', async () => {
    const response = await run([{ kind: 'build', projects: ['$project'] }]);
    expect(response.errors).toBeUndefined();
    const [frame] = framesOf(response, 'A');
    expect(frame.name).toBe('build');
    expect(column(frame, 'time')).toHaveLength(7);
    // payments: 2 successes on day 0, 1 failure; day 2: payments success + search timeout; search day 1 success
    expect(column(frame, 'success')).toEqual([1, 1, 1, 0, 0, 0, 0]);
    expect(column(frame, 'failure')).toEqual([1, 0, 1, 0, 0, 0, 0]);
    expect(column(frame, 'total')).toEqual([2, 1, 2, 0, 0, 0, 0]);
    expect(frame.fields.find((f) => f.name === 'success_rate')?.config.unit).toBe('percentunit');
    expect((sent[0].data as { queries: unknown[] }).queries[0]).toMatchObject({ kind: 'build', projects: ['payments', 'search'] });
  });

  test('through Grafana\'s /api/ds/query to the backend, as DataSourceWithBackend sends it; a data source saved before 0.2 too', async () => {
    await run([{ kind: 'overview' }]);
    expect(sent[0]).toMatchObject({ method: 'POST', url: '/api/ds/query?ds_type=flowmeter-insights-datasource&requestId=test' });
    const body = sent[0].data as { from: string; to: string; queries: Array<Record<string, unknown>> };
    expect([body.from, body.to]).toEqual([String(WEEK.from), String(WEEK.to)]);
    expect(body.queries[0]).toMatchObject({ refId: 'A', kind: 'overview', datasource: { type: 'flowmeter-insights-datasource', uid: datasource.uid } });

    const legacySent: SentRequest[] = [];
    const legacy = realDataSource({ legacyUrl: true, sent: legacySent });
    const response = await lastValueFrom(legacy.query(queryRequest([{ refId: 'A', kind: 'overview' }], WEEK)));
    expect(column(framesOf(response, 'A')[0], 'project_count')).toEqual([4]);
    expect(await legacy.lookup('projects')).toEqual(['checkout', 'payments', 'search']);
    expect(legacySent.map((r) => r.url)).toEqual([expect.stringMatching(/^\/api\/ds\/query\?/), `/api/datasources/uid/${legacy.uid}/resources/lookup/projects`]);
  });

  test('hidden queries are not sent; with nothing left nothing is requested', async () => {
    const response = await run([{ kind: 'overview', hide: true }, { kind: 'overview' }]);
    expect(framesOf(response, 'A')).toHaveLength(0);
    // payments, search, checkout and the CI project slug gh/acme/api
    expect(column(framesOf(response, 'B')[0], 'project_count')).toEqual([4]);
    expect((sent[0].data as { queries: Array<{ refId: string }> }).queries.map((q) => q.refId)).toEqual(['B']);

    sent.length = 0;
    expect((await run([{ kind: 'overview', hide: true }])).data).toEqual([]);
    expect(sent).toHaveLength(0);
  });

  test('a bad query is that query\'s error; the others are still answered', async () => {
    const response = await run([{ kind: 'workflows', projectSlug: '' }, { kind: 'workflows', projectSlug: '$slug' }]);
    expect(response.errors).toEqual([expect.objectContaining({ refId: 'A', status: 400, message: expect.stringContaining('projectSlug') })]);
    // Per refId in `errors`, with the status the backend gave (Grafana's toDataQueryResponse also fills the deprecated `error` with the first).
    expect(response.errors).toHaveLength(1);
    const [frame] = framesOf(response, 'B');
    expect(column(frame, 'name')).toEqual(['build-test', 'nightly']);
    expect(column(frame, 'total_runs')).toEqual([2, 1]);
    expect(column(frame, 'success_rate')).toEqual([0.5, 1]);
  });

  test('the zone sent: the browser\'s for "browser", the configured default when the dashboard names none, else the dashboard\'s', async () => {
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    await run([{ kind: 'overview' }], { timezone: 'browser' });
    await run([{ kind: 'overview' }], { timezone: '' });
    await run([{ kind: 'overview' }], { timezone: 'America/New_York' });
    await run([{ kind: 'overview' }], { timezone: 'utc' });
    // In each query's JSON: /api/ds/query has no zone of its own.
    expect(sent.map((r) => (r.data as { queries: Array<{ timezone: string }> }).queries[0].timezone)).toEqual([browser, 'Europe/Berlin', 'America/New_York', 'UTC']);
  });

  test('the backend buckets days in the zone sent: New York\'s days start 5 hours after UTC\'s in November', async () => {
    const days = async (timezone: string) => column(framesOf(await run([{ kind: 'build', projects: [] }], { timezone }), 'A')[0], 'time') as number[];
    const [utc, newYork] = [await days('utc'), await days('America/New_York')];
    expect(utc[0] % 86_400_000).toBe(0);
    expect(newYork[0] % 86_400_000).toBe(5 * 3_600_000);
  });

  test('every kind the editor offers is answered with frames (no errors) for the dataset', async () => {
    const response = await run([
      { kind: 'deploy', projects: [] }, { kind: 'test' }, { kind: 'release', format: 'events' }, { kind: 'rollback', project: 'payments' },
      { kind: 'workflow_runs', projectSlug: '$slug', workflow: 'build-test' }, { kind: 'jobs', projectSlug: 'gh/acme/api', workflow: 'build-test' },
      { kind: 'job_runs', projectSlug: 'gh/acme/api', workflow: 'build-test', job: 'unit' },
      { kind: 'api_metrics', projectId: 'p1', instanceId: 'i1', cycle: 'DAY' }, { kind: 'api_latest', apiId: 'orders' },
      { kind: 'task_overview', projectId: 'p1', isOwn: true },
    ]);
    expect(response.errors).toBeUndefined();
    const refs = 'ABCDEFGHIJ'.split('');
    expect(refs.map((r) => framesOf(response, r)[0]?.name)).toEqual([
      'deploy', 'test', 'release_events', 'rollback', 'workflow_runs', 'jobs', 'job_runs', 'api_metrics', 'api_latest', 'task_overview',
    ]);
    expect(column(framesOf(response, 'D')[0], 'title')).toEqual(['Rollback of api in prod']);
    expect(column(framesOf(response, 'E')[0], 'id')).toEqual(['w2', 'w1']);
    expect(column(framesOf(response, 'H')[0], 'req_count')?.reduce((a: number, b: number) => a + b, 0)).toBe(3);
    const tasks = framesOf(response, 'J')[0];
    const count = (status: string) => column(tasks, 'count')?.[column(tasks, 'status')!.indexOf(status)];
    expect([count('success'), count('fail')]).toEqual([1, 0]); // only the read token user's own
  });
});

test('getQueryDisplayText: the line Explore\'s query history shows', () => {
  expect(datasource.getQueryDisplayText({ refId: 'A', kind: 'deploy', projects: ['payments'], format: 'events' })).toBe('Deploys · projects: payments · format: events');
});

describe('ad-hoc filters', () => {
  const range = (d: number) => { const from = dateTime(WEEK.from + d * 86_400_000); const to = dateTime(WEEK.from + (d + 1) * 86_400_000); return { from, to, raw: { from, to } }; };

  test('keys: project, service, env; values from the lookups, in the range, services narrowed by a project = filter', async () => {
    expect((await datasource.getTagKeys()).map((k) => k.text)).toEqual(['project', 'service', 'env']);
    const values = async (key: string, d: number, filters: AdHocVariableFilter[] = []) => (await datasource.getTagValues({ key, filters, timeRange: range(d) })).map((v) => v.text);
    expect(await values('project', 0)).toEqual(['payments']);
    expect(await values('project', 2)).toEqual(['payments', 'search']);
    expect(await values('service', 2, [{ key: 'project', operator: '=', value: 'search' }])).toEqual([]);
    expect(await values('service', 4, [{ key: 'project', operator: '=', value: 'search' }])).toEqual(['indexer']);
    expect(await values('env', 5)).toEqual(['prod', 'staging']);
    expect(await values('colour', 0)).toEqual([]);
  });

  test('the request\'s filters go with every query and narrow what the service answers', async () => {
    const response = await run([{ kind: 'build', projects: [] }], { filters: [{ key: 'project', operator: '=', value: 'search' }] });
    expect(column(framesOf(response, 'A')[0], 'total')).toEqual([0, 1, 1, 0, 0, 0, 0]);
    expect((sent[0].data as { queries: unknown[] }).queries[0]).toMatchObject({ adhocFilters: [{ key: 'project', operator: '=', value: 'search' }] });
    const excluded = await run([{ kind: 'build', projects: [] }], { filters: [{ key: 'project', operator: '!=', value: 'payments' }] });
    expect(column(framesOf(excluded, 'A')[0], 'total')).toEqual([0, 1, 1, 1, 0, 0, 0]);
  });
});

describe('applyTemplateVariables()', () => {
  test('interpolates every string option, leaves the envelope and non-string options alone', () => {
    const query = datasource.applyTemplateVariables({ refId: '$x', kind: 'task_overview', projectId: '${slug}', workspace: '[[slug]]', isOwn: true }, {});
    expect(query).toEqual({ refId: '$x', kind: 'task_overview', projectId: 'gh/acme/api', workspace: 'gh/acme/api', isOwn: true });
  });

  test('scoped variables (repeated panels) win over the dashboard\'s', () => {
    const query = datasource.applyTemplateVariables({ refId: 'A', kind: 'deploy', projects: ['$project', 'extra'] }, { project: { text: 'checkout', value: 'checkout' } });
    expect(query).toMatchObject({ projects: ['checkout', 'extra'], format: 'daily' });
  });
});
