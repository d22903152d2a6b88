/**
 * InfluxDB rollups (store/influx/rollups.ts) against the real influxd: answers from rollups
 * must equal the raw answers after status changes, re-sends, writes from another replica into
 * a closed day, and in databases written before rollups existed (or before their layout changed);
 * day buckets of :30 and :45 zones come from rollups too; shapes rollups cannot answer (other tags,
 * percentiles) read the raw points; rollups never show in lookups or rows.
 */
import { Event } from '../../../contract/events';
import type { AggregateQuery } from '../../src/store/Store';
import { InfluxStore } from '../../src/store/influx/InfluxStore';
import { rollupQuery } from '../../src/store/influx/rollups';
import { splitAtGrains } from '../../src/store/influx/rollupEdges';
import { runMetrics } from '../../src/statistics/runInsights';
import { ROLLED, rollupMeasurement, TOUCHED } from '../../src/store/influx/rollupSchema';
import { toLineProtocol } from '../../src/store/influx/lineProtocol';
import { toPoint } from '../../src/store/points';
import { statusField } from '../../src/store/schema';
import { influxUrl, silentLogger } from '../support/stores';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.UTC(2026, 5, 1);
const range = { fromMs: START, toMs: START + 5 * DAY };

type Build = { id: string; project: string; service?: string; status: string; time: number; duration?: number };
const point = (b: Build) => toPoint(Event.parse({ kind: 'build', workflow: 'ci', service: 'api', ...b }));

/** Two builds a day for five days, in two projects, at 10:00 and 22:30 UTC. */
const history: Build[] = [0, 1, 2, 3, 4].flatMap((d) => [
  { id: `b-${d}-a`, project: 'alpha', status: 'success', time: START + d * DAY + 10 * HOUR, duration: 10 + d },
  { id: `b-${d}-b`, project: 'beta', status: d % 2 ? 'failure' : 'success', time: START + d * DAY + 22.5 * HOUR, duration: 100 },
]);

const daily = (tz = 'UTC', extra: Partial<AggregateQuery> = {}): AggregateQuery => ({
  measurement: 'build', range, bucket: { unit: 'day', tz },
  select: { success: { fn: 'sum', field: statusField('success') }, failure: { fn: 'sum', field: statusField('failure') }, total: { fn: 'count', field: 'id' }, mean: { fn: 'mean', field: 'duration' } },
  ...extra,
});

let counter = 0;
const databases: string[] = [];
function replica(database: string): InfluxStore {
  return new InfluxStore({ url: influxUrl(), database, logger: silentLogger, gzip: false });
}
async function freshDatabase(): Promise<[string, InfluxStore]> {
  const database = `flowmeter_rollups_${process.pid}_${Date.now()}_${++counter}`;
  databases.push(database);
  const store = replica(database);
  await store.open();
  return [database, store];
}
afterAll(async () => {
  for (const db of databases) await fetch(`${influxUrl()}/query?q=${encodeURIComponent(`DROP DATABASE "${db}"`)}`, { method: 'POST' });
});

/** The days whose rollup records their current touch mark. */
async function currentDays(database: string): Promise<number[]> {
  const marks = async (measurement: string) => {
    const q = `SELECT "w" FROM "${measurement}" WHERE "m" = 'build'`;
    const json = (await (await fetch(`${influxUrl()}/query?db=${database}&epoch=ms&q=${encodeURIComponent(q)}`)).json()) as { results: Array<{ series?: Array<{ values: Array<[number, string]> }> }> };
    return new Map((json.results[0].series?.[0].values ?? []).map(([t, w]) => [Math.floor(t / DAY) * DAY, w]));
  };
  const [touched, rolled] = [await marks(TOUCHED), await marks(ROLLED)];
  return [...touched].filter(([day, w]) => rolled.get(day) === w).map(([day]) => (day - START) / DAY);
}

const byDay = (rows: Awaited<ReturnType<InfluxStore['aggregate']>>): Array<Record<string, number | null>> =>
  rows.map((r) => ({ day: (r.bucketMs! - START) / DAY, ...r.values }));

describe('InfluxDB rollups', () => {
  it('answer daily outcomes from rollups, and equal to the raw points', async () => {
    const [database, store] = await freshDatabase();
    await store.write(history.map(point));
    // Five stale days: more than a query recomputes itself, so it reads the raw points.
    const raw = await store.aggregate(daily());
    await store.refreshRollups('build', range);
    expect(await currentDays(database)).toEqual([0, 1, 2, 3, 4]);
    // UTC days of every project from the daily level's totals; of one project from its series.
    expect(rollupQuery(daily())!.text).toContain(`FROM "${rollupMeasurement('build', 'day', 'total')}"`);
    expect(rollupQuery(daily('UTC', { where: { project: ['beta'] } }))!.text).toContain(`FROM "${rollupMeasurement('build', 'day')}"`);
    expect(byDay(await store.aggregate(daily('UTC', { where: { project: ['beta'] } }))).map((r) => r.failure)).toEqual([0, 1, 0, 1, 0]);
    expect(await store.aggregate(daily())).toEqual(raw);
    expect(byDay(await store.aggregate(daily()))).toEqual([0, 1, 2, 3, 4].map((d) => ({
      day: d, success: d % 2 ? 1 : 2, failure: d % 2 ? 1 : 0, total: 2, mean: (10 + d + 100) / 2,
    })));
    // Grouped by project, no buckets: one row per project, from the points as stored (summed here).
    expect(rollupQuery({ ...daily(), bucket: undefined, groupBy: ['project'] })!.text).not.toContain('SUM(');
    const grouped = await store.aggregate({ ...daily(), bucket: undefined, groupBy: ['project'] });
    expect(grouped.map((r) => [r.group.project, r.values.total, r.values.success])).toEqual([['alpha', 5, 5], ['beta', 5, 3]]);
    await store.close();
  });

  it('answer a Grafana range (ending anywhere) from rollups and its partial quarters from raw, statuses counted from the status field', async () => {
    const [, store] = await freshDatabase();
    await store.write(history.map(point));
    // From just after 22:20 on day 0 to 10:05 on day 4: a partial quarter at each end.
    const grafana = { fromMs: START + 22 * HOUR + 20 * 60_000 + 7, toMs: START + 4 * DAY + 10 * HOUR + 5 * 60_000 };
    const query = daily('UTC', { range: grafana, select: { ...daily().select, median: { fn: 'median', field: 'duration' } } });
    // Five stale days: the raw points answer.
    const raw = await store.aggregate(query);
    await store.refreshRollups('build', range);
    const split = splitAtGrains(query)!;
    expect(split.edges.map((e) => [e.range!.fromMs - START, e.range!.toMs - START])).toEqual([[22 * HOUR + 20 * 60_000 + 7, 22 * HOUR + 30 * 60_000], [4 * DAY + 10 * HOUR, 4 * DAY + 10 * HOUR + 5 * 60_000]]);
    expect(Object.keys(split.rest!)).toEqual(['mean', 'median']);
    expect(await store.aggregate(query)).toEqual(raw);
    // Day 0 holds beta's 22:30 build (success); day 4 alpha's 10:00 (success, in the last edge) and not beta's 22:30.
    expect(byDay(raw).map((r) => [r.day, r.total, r.success, r.failure])).toEqual([[0, 1, 1, 0], [1, 2, 1, 1], [2, 2, 2, 0], [3, 2, 1, 1], [4, 1, 1, 0]]);
    await store.close();
  });

  it('count a status change and a re-send made after the rollup was computed exactly once', async () => {
    const [database, store] = await freshDatabase();
    await store.write(history.map(point));
    await store.refreshRollups('build', range);
    await store.write([point({ ...history[0], status: 'failure' }), point(history[1])]);
    expect(await currentDays(database)).toEqual([1, 2, 3, 4]);
    const [day0] = byDay(await store.aggregate(daily()));
    expect(day0).toMatchObject({ day: 0, success: 1, failure: 1, total: 2 });
    // The query recomputed the one stale day and answered from the rollups.
    expect(await currentDays(database)).toEqual([0, 1, 2, 3, 4]);
    await store.close();
  });

  it('see a write by another replica into a closed day whose rollup this one computed', async () => {
    const [database, a] = await freshDatabase();
    await a.write(history.map(point));
    await a.refreshRollups('build', range);
    expect(byDay(await a.aggregate(daily()))[1]).toMatchObject({ total: 2 });
    const b = replica(database);
    await b.write([point({ id: 'late', project: 'alpha', status: 'failure', time: START + DAY + 3 * HOUR, duration: 1 })]);
    await b.close();
    expect(await currentDays(database)).toEqual([0, 2, 3, 4]);
    expect(byDay(await a.aggregate(daily()))[1]).toMatchObject({ total: 3, failure: 2, success: 1 });
    expect(await currentDays(database)).toEqual([0, 1, 2, 3, 4]);
    await a.close();
  });

  it('answer day buckets of :30 and :45 zones from rollups, and fall back to the raw points on other tags and for percentiles, with the same answers', async () => {
    const [, store] = await freshDatabase();
    await store.write(history.map(point));
    const india = daily('Asia/Kolkata', { range: { fromMs: START - 5.5 * HOUR, toMs: START + 5 * DAY - 5.5 * HOUR } });
    const nepal = daily('Asia/Kathmandu', { range: { fromMs: START - 5.75 * HOUR, toMs: START + 5 * DAY - 5.75 * HOUR } });
    // Before the rollups are current, the raw points answer.
    const [rawIndia, rawNepal] = [await store.aggregate(india), await store.aggregate(nepal)];
    await store.refreshRollups('build', { fromMs: START - DAY, toMs: START + 6 * DAY });
    expect(rollupQuery(india)!.text).toContain(`FROM "${rollupMeasurement('build', 'quarter', 'total')}"`);
    expect(rollupQuery(nepal)!.text).toContain(`FROM "${rollupMeasurement('build', 'quarter', 'total')}"`);
    expect(await store.aggregate(india)).toEqual(rawIndia);
    expect(await store.aggregate(nepal)).toEqual(rawNepal);
    // 22:30 UTC is 04:00 the next day in India (04:15 in Nepal): beta's builds move one day on.
    expect(byDay(await store.aggregate(india)).map((r) => r.total)).toEqual([1, 2, 2, 2, 2]);
    expect(byDay(rawNepal).map((r) => r.total)).toEqual([1, 2, 2, 2, 2]);
    // 18:20 UTC is 23:50 in India (the same day) and 00:05 the next day in Nepal: one quarter
    // (18:15-18:30) is Nepal's next day and still India's day.
    await store.write([point({ id: 'late', project: 'alpha', status: 'success', time: START + 18 * HOUR + 20 * 60_000, duration: 1 })]);
    expect(byDay(await store.aggregate(india)).map((r) => r.total)).toEqual([2, 2, 2, 2, 2]);
    expect(byDay(await store.aggregate(nepal)).map((r) => r.total)).toEqual([1, 3, 2, 2, 2]);
    expect(rollupQuery(daily('UTC', { where: { service: ['api'] } }))).toBeUndefined();
    expect(rollupQuery({ ...daily(), select: { p: { fn: 'percentile', field: 'duration', p: 95 } } })).toBeUndefined();
    expect(rollupQuery({ ...daily(), range: { fromMs: START + 1, toMs: START + DAY } })).toBeUndefined();
    expect(rollupQuery({ ...daily(), range: { fromMs: START + 10 * 60_000, toMs: START + DAY } })).toBeUndefined();
    // A whole-hour zone with summer time is answered from rollups, by its local days.
    const berlin = daily('Europe/Berlin', { range: { fromMs: START - 2 * HOUR, toMs: START + 5 * DAY - 2 * HOUR } });
    expect(rollupQuery(berlin)!.text).toContain(`FROM "${rollupMeasurement('build', 'hour', 'total')}"`);
    expect(await store.aggregate(berlin)).toEqual(await store.aggregate({ ...berlin, where: { service: ['api'] } }));
    // 22:30 UTC is 00:30 the next day in Berlin (summer time); 18:20 UTC is 20:20, the same day.
    expect(byDay(await store.aggregate(berlin)).map((r) => r.total)).toEqual([2, 2, 2, 2, 2]);
    await store.close();
  });

  it('ignore rollups of earlier layouts (hourly points, quarter-hour points, levels without totals, and their marks)', async () => {
    const [database, store] = await freshDatabase();
    await store.write(history.map(point));
    // What the hourly layout left: a rollup point that counts 100 builds, its day marked current.
    const touched = await (await fetch(`${influxUrl()}/query?db=${database}&epoch=ms&q=${encodeURIComponent(`SELECT "w" FROM "${TOUCHED}" WHERE "m" = 'build'`)}`)).json() as { results: Array<{ series: Array<{ values: Array<[number, string]> }> }> };
    // And what the quarter-hour layout (v2) and the levels without totals (v3) left, the same way.
    const lines = [`flowmeter_rollup_build,project=alpha count_id=100i,sum_n_success=100 ${START + 10 * HOUR}000000`,
      `flowmeter_rollup_v2_build,project=alpha count_id=100i,sum_n_success=100 ${START + 10 * HOUR}000000`,
      `flowmeter_rollup_v3_build_day,project=alpha count_id=100i,sum_n_success=100 ${START}000000`,
      ...touched.results[0].series[0].values.flatMap(([t, w]) => ['flowmeter_rolled', 'flowmeter_rolled_v2', 'flowmeter_rolled_v3'].map((name) => `${name},m=build w="${w}" ${t}000000`))];
    expect((await fetch(`${influxUrl()}/write?db=${database}`, { method: 'POST', body: lines.join('\n') })).status).toBe(204);
    const raw = await store.aggregate(daily());
    expect(byDay(raw)[0]).toMatchObject({ total: 2, success: 2 });
    await store.refreshRollups('build', range);
    expect(await currentDays(database)).toEqual([0, 1, 2, 3, 4]);
    expect(await store.aggregate(daily())).toEqual(raw);
    await store.close();
  });

  it('answer test runs\' cases and outcomes (Zadig test) from rollups alone, equal to the raw points', async () => {
    const [, store] = await freshDatabase();
    await store.write([0, 1, 2, 3].map((i) => toPoint(Event.parse({
      kind: 'test', id: `t-${i}`, project: 'alpha', suite: 'unit', status: i === 2 ? 'failure' : 'success', time: START + i * DAY + i * HOUR, duration: 60, cases: 10 * (i + 1),
    }))));
    const query: AggregateQuery = {
      measurement: 'test', range,
      select: { cases: { fn: 'sum', field: 'cases' }, runtime: { fn: 'mean', field: 'duration' }, successes: { fn: 'sum', field: statusField('success') } },
    };
    expect(rollupQuery(query)).toBeDefined();
    expect(rollupQuery(query)!.rest).toBeUndefined();
    // Four stale days: more than a query recomputes itself, so it reads the raw points.
    const raw = await store.aggregate(query);
    await store.refreshRollups('test', range);
    expect(await store.aggregate(query)).toEqual(raw);
    expect(raw[0].values).toEqual({ cases: 100, runtime: 60, successes: 3 });
    await store.close();
  });

  it('answer a median beside rollup sums from the lead times the rollup keeps, merged by row', async () => {
    const [database, store] = await freshDatabase();
    const lead = [60, 120, 600, 30];
    await store.write(lead.map((seconds, i) => toPoint(Event.parse({
      kind: 'deploy', id: `d-${i}`, project: 'alpha', service: 'api', env: 'prod', status: i === 3 ? 'failure' : 'success',
      time: START + i * HOUR, commit_time: START + i * HOUR - seconds * 1000,
    }))));
    const query: AggregateQuery = {
      measurement: 'deploy', where: { env: ['prod'] }, range, bucket: { unit: 'day', tz: 'UTC' },
      select: { success: { fn: 'sum', field: statusField('success') }, leadTimeMedian: { fn: 'median', field: 'lead_time' }, leadTimeMean: { fn: 'mean', field: 'lead_time' } },
    };
    expect(rollupQuery(query)?.rest).toEqual({ leadTimeMedian: query.select.leadTimeMedian });
    // The rollup points keep the lead times: the median reads them, not the raw points.
    expect(rollupQuery(query)?.valuesText).toContain(`SELECT "values_lead_time", "count_lead_time" FROM "${rollupMeasurement('deploy', 'day')}"`);
    const sent: string[] = [];
    const client = (store as unknown as { client: { query: (text: string) => Promise<unknown> } }).client;
    const send = client.query.bind(client);
    client.query = (text: string) => { sent.push(text); return send(text); };
    // Order statistics read from the raw points (InfluxDB's, or the values: valueStatistics.ts).
    const rawOrderStatistics = () => sent.filter((text) => text.includes('FROM "deploy"') && /MEDIAN|PERCENTILE|LIMIT/.test(text));
    // Lead time is of successful deploys only: 60, 120, 600.
    expect(byDay(await store.aggregate(query))).toEqual([{ day: 0, success: 3, leadTimeMedian: 120, leadTimeMean: 260 }]);
    expect(rawOrderStatistics()).toEqual([]);
    // A later deploy the same day (its rollup recomputed), and a p95 over the day's four lead times.
    await store.write([toPoint(Event.parse({
      kind: 'deploy', id: 'd-late', project: 'beta', service: 'api', env: 'prod', status: 'success', time: START + 20 * HOUR, commit_time: START + 20 * HOUR - 1_000_000,
    }))]);
    const withP95 = { ...query, select: { ...query.select, p95: { fn: 'percentile' as const, field: 'lead_time', p: 95 } } };
    expect(byDay(await store.aggregate(withP95))).toEqual([{ day: 0, success: 4, leadTimeMedian: 360, leadTimeMean: 445, p95: 1000 }]);
    expect(rawOrderStatistics()).toEqual([]);
    // A rollup point whose values are not all there (an earlier layout's, or too many): the raw points answer, alike.
    const day = `${rollupMeasurement('deploy', 'day')}`;
    const answer = await (await fetch(`${influxUrl()}/query?db=${database}&epoch=ns&q=${encodeURIComponent(`SELECT count_lead_time FROM "${day}" WHERE project = 'alpha'`)}`)).text();
    // The point's own time (its key's offset in the nanoseconds, beyond a double): the same point, its values cut to one.
    const time = /"values":\[\[(\d+)/.exec(answer)![1];
    expect((await fetch(`${influxUrl()}/write?db=${database}`, { method: 'POST', body: `${day},env=prod,project=alpha values_lead_time="60" ${time}` })).status).toBe(204);
    expect(byDay(await store.aggregate(withP95))).toEqual([{ day: 0, success: 4, leadTimeMedian: 360, leadTimeMean: 445, p95: 1000 }]);
    expect(rawOrderStatistics()).toHaveLength(1);
    await store.close();
  });

  it('answer DataArts task instances by status from hourly and daily rollups, the partial hours of a Grafana range from raw, after status changes', async () => {
    const [, store] = await freshDatabase();
    const instance = (i: number, status: string, planMs: number, project = 'dp-1') => toPoint(Event.parse({
      kind: 'task_instance', id: `ti-${i}`, project_id: project, instance_id: `ti-${i}`, status, plan_time: planMs, workspace: 'ws',
    }));
    // Hours into the range: 0:10 (before it), 1:40 (its partial first hour), 5, 26, 49:20 (its partial last hour), 49:50 (after it).
    const at = [10 / 60, 100 / 60, 5, 26, 49 + 20 / 60, 49 + 50 / 60].map((h) => START + h * HOUR);
    const statuses = ['success', 'fail', 'running', 'success', 'fail', 'success'];
    await store.write(at.map((t, i) => instance(i, statuses[i], t)));
    await store.write([instance(99, 'success', at[3], 'dp-2')]);
    const overview = (range: { fromMs: number; toMs: number }): AggregateQuery => ({
      measurement: 'task_instance', where: { project_id: ['dp-1'] }, range,
      select: Object.fromEntries(['success', 'fail', 'running'].map((status) => [status, { fn: 'sum', field: statusField(status) }])),
    });
    // Grafana's range: from 1:30 to 49:30, neither on a whole hour.
    const grafana = overview({ fromMs: START + 1.5 * HOUR, toMs: START + 49.5 * HOUR });
    const split = splitAtGrains(grafana)!;
    expect(split.rollups.map(({ rollup }) => rollup.text.match(/FROM "([^"]+)"/)![1])).toEqual(expect.arrayContaining([expect.stringMatching(/task_instance_day$/), expect.stringMatching(/task_instance_hour$/)]));
    expect(split.edges.map((e) => [(e.range!.fromMs - START) / HOUR, (e.range!.toMs - START) / HOUR])).toEqual([[1.5, 2], [49, 49.5]]);
    await store.refreshRollups('task_instance', { fromMs: START, toMs: START + 3 * DAY });
    expect((await store.aggregate(grafana))[0].values).toEqual({ success: 1, fail: 2, running: 1 });
    // An instance finishing after its day was rolled up moves from running to success.
    await store.write([instance(2, 'success', at[2])]);
    expect((await store.aggregate(grafana))[0].values).toEqual({ success: 2, fail: 2, running: 0 });
    // Whole days read the daily level alone, equal to the raw points (a filter on owner reads raw).
    const days = overview({ fromMs: START, toMs: START + 3 * DAY });
    expect(rollupQuery(days)!.text).toContain(`FROM "${rollupMeasurement('task_instance', 'day')}"`);
    expect((await store.aggregate(days))[0].values).toEqual({ success: 4, fail: 2, running: 0 });
    expect(rollupQuery({ ...days, where: { ...days.where, owner: ['ann'] } })).toBeUndefined();
    await store.close();
  });

  it('answer CircleCI workflow summaries of a Grafana range from rollups beside raw durations, equal to the raw points alone', async () => {
    const [, store] = await freshDatabase();
    const statuses = ['success', 'failed', 'success', 'error', 'canceled', 'success', 'running'];
    // Five days (more stale days than a query recomputes: the first answer reads raw points alone).
    await store.write(Array.from({ length: 35 }, (_, i) => toPoint(Event.parse({
      kind: 'workflow_run', id: `wf-${i}`, project_slug: 'gh/acme/api', workflow: i % 3 ? 'build' : 'deploy', branch: i % 2 ? 'main' : 'feature',
      status: statuses[i % 7], created_at: START + i * 3.3 * HOUR, ...(i % 7 === 6 ? {} : { duration: 30 + ((i * 37) % 200), credits_used: i }),
    }))));
    const grafana = { fromMs: START + 1.5 * HOUR, toMs: START + 4 * DAY + 7.25 * HOUR };
    const raw = await runMetrics(store, 'workflow_run', { project_slug: ['gh/acme/api'] }, grafana, 'workflow');
    await store.refreshRollups('workflow_run', { fromMs: START, toMs: START + 5 * DAY });
    const query: AggregateQuery = {
      measurement: 'workflow_run', where: { project_slug: ['gh/acme/api'] }, range: grafana, groupBy: ['workflow'],
      select: { total: { fn: 'count', field: 'id' }, mean: { fn: 'mean', field: 'duration' }, p95: { fn: 'percentile', field: 'duration', p: 95 }, first: { fn: 'min', field: 'created_at' } },
    };
    const split = splitAtGrains(query)!;
    expect(split.rollups.map(({ rollup }) => rollup.text.match(/FROM "([^"]+)"/)![1])).toEqual(expect.arrayContaining([expect.stringMatching(/workflow_run_day$/), expect.stringMatching(/workflow_run_hour$/)]));
    expect(Object.keys(split.rest!)).toEqual(['mean', 'p95']);
    const fromRollups = await runMetrics(store, 'workflow_run', { project_slug: ['gh/acme/api'] }, grafana, 'workflow');
    expect(fromRollups).toEqual(raw);
    expect(raw.get('build')).toMatchObject({ total: expect.any(Number), successful: expect.any(Number) });
    const inRange = Array.from({ length: 35 }, (_, i) => START + i * 3.3 * HOUR).filter((t) => t >= grafana.fromMs && t < grafana.toMs);
    expect([...raw.values()].reduce((n, m) => n + m.total, 0)).toBe(inRange.length);
    // A branch filter reads the raw points (no branch in the rollups).
    expect(rollupQuery({ ...query, range: { fromMs: START, toMs: START + DAY }, where: { ...query.where, branch: ['main'] } })).toBeUndefined();
    await store.close();
  });

  it('count days written before rollups existed', async () => {
    const database = `flowmeter_rollups_${process.pid}_${Date.now()}_${++counter}`;
    databases.push(database);
    await fetch(`${influxUrl()}/query?q=${encodeURIComponent(`CREATE DATABASE "${database}"`)}`, { method: 'POST' });
    // Raw lines straight to /write: no touch marks, as an older version wrote them.
    const body = history.map((b) => toLineProtocol(point(b))).join('\n');
    const res = await fetch(`${influxUrl()}/write?db=${database}&precision=ns`, { method: 'POST', body });
    expect(res.status).toBe(204);
    const store = replica(database);
    await store.open();
    await store.refreshRollups('build', range);
    expect(await currentDays(database)).toEqual([0, 1, 2, 3, 4]);
    expect(byDay(await store.aggregate(daily())).map((r) => r.total)).toEqual([2, 2, 2, 2, 2]);
    await store.close();
  });

  it('are recomputed for the days written once writes go quiet, before any query', async () => {
    const [database, store] = await freshDatabase();
    await store.write(history.map(point));
    expect(await currentDays(database)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await currentDays(database)).toEqual([0, 1, 2, 3, 4]);
    await store.close();
  });

  it('a head start stopped by new writes (other kinds, say) is finished at the next quiet moment', async () => {
    const [database, store] = await freshDatabase();
    // Held back as if a query were under way (background recomputes give way to queries), so the
    // head start is still on its first piece when the next write arrives: deterministic order.
    const rollups = (store as unknown as { rollups: { queries: number } }).rollups;
    await store.write(history.map(point));
    rollups.queries++;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await store.write([toPoint(Event.parse({ kind: 'deploy', id: 'd-1', project: 'alpha', service: 'api', env: 'prod', status: 'success', time: START }))]);
    rollups.queries--;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await currentDays(database)).toEqual([0, 1, 2, 3, 4]);
    await store.close();
  }, 15_000);

  it('keep rollups and marks out of lookups, rows and counts', async () => {
    const [, store] = await freshDatabase();
    await store.write(history.map(point));
    await store.refreshRollups('build', range);
    expect(await store.tagValues('build', 'project')).toEqual(['alpha', 'beta']);
    expect(await store.count({ measurement: 'build', range })).toBe(10);
    const rows = await store.rows({ measurement: 'build', range, columns: ['id', 'project'], order: 'asc' });
    expect(rows.map((r) => r.values.id)).toEqual(history.map((b) => b.id).sort((x, y) => history.find((b) => b.id === x)!.time - history.find((b) => b.id === y)!.time));
    await store.close();
  });
});
