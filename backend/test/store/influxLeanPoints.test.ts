/**
 * The delivery kinds' raw InfluxDB points carry no one-hot `n_<status>` fields
 * (store/influx/storedSchema.ts): status counts and status filters are answered from the status
 * field, on the raw path and from rollups alike, and the same as the embedded store (which keeps
 * its one-hot columns). Databases whose points still carry the one-hot fields answer right too,
 * even after a re-send overwrote such a point's status (InfluxDB keeps the fields a new point
 * leaves out, so an old `n_success=1` would still be there).
 */
import { Event } from '../../../contract/events';
import type { AggregateQuery, Store } from '../../src/store/Store';
import { InfluxStore } from '../../src/store/influx/InfluxStore';
import { rollupQuery } from '../../src/store/influx/rollups';
import { toLineProtocol } from '../../src/store/influx/lineProtocol';
import { toPoint } from '../../src/store/points';
import { statusField } from '../../src/store/schema';
import { influxUrl, openEmbeddedStore, silentLogger } from '../support/stores';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.UTC(2026, 5, 1);
const range = { fromMs: START, toMs: START + 3 * DAY };

type Build = { id: string; project: string; status: string; time: number; duration?: number };
const point = (b: Build) => toPoint(Event.parse({ kind: 'build', workflow: 'ci', service: 'api', ...b }));

/** Three days of builds: every status, a day without durations, two projects. */
const history: Build[] = [
  { id: 'a', project: 'alpha', status: 'success', time: START + 1 * HOUR, duration: 10 },
  { id: 'b', project: 'alpha', status: 'failure', time: START + 2 * HOUR, duration: 20 },
  { id: 'c', project: 'beta', status: 'timeout', time: START + 3 * HOUR, duration: 30 },
  { id: 'd', project: 'beta', status: 'cancelled', time: START + DAY + 4 * HOUR },
  { id: 'e', project: 'alpha', status: 'success', time: START + DAY + 5 * HOUR },
  { id: 'f', project: 'alpha', status: 'failure', time: START + 2 * DAY + 6 * HOUR, duration: 5 },
];

const outcomes = (statuses = ['success', 'failure', 'timeout', 'cancelled'], extra: Partial<AggregateQuery> = {}): AggregateQuery => ({
  measurement: 'build', range, bucket: { unit: 'day', tz: 'UTC' },
  select: {
    ...Object.fromEntries(statuses.map((s) => [s, { fn: 'sum' as const, field: statusField(s) }])),
    mean: { fn: 'mean', field: 'duration' },
  },
  ...extra,
});
/** On other tags than the rollup keeps: always the raw points. */
const rawOnly = (query: AggregateQuery): AggregateQuery => ({ ...query, where: { service: ['api'] } });

/** The nanosecond timestamp the store writes a point at (its line's last element). */
const nanoseconds = (p: ReturnType<typeof point>) => toLineProtocol(p).split(' ').pop()!;

const byDay = (rows: Awaited<ReturnType<Store['aggregate']>>) => rows.map((r) => ({ day: (r.bucketMs! - START) / DAY, ...r.values }));
const ids = async (store: Store, statuses: string[]) =>
  (await store.rows({ measurement: 'build', range, columns: ['id', 'status'], order: 'asc', anyFlag: statuses.map(statusField) })).map((r) => r.values.id);

const databases: string[] = [];
let counter = 0;
/** `before`: written to the database before the store opens it, as an earlier version would have. */
async function influx(before?: string): Promise<[string, InfluxStore]> {
  const database = `flowmeter_lean_${process.pid}_${Date.now()}_${++counter}`;
  databases.push(database);
  if (before) {
    await fetch(`${influxUrl()}/query?q=${encodeURIComponent(`CREATE DATABASE "${database}"`)}`, { method: 'POST' });
    expect((await fetch(`${influxUrl()}/write?db=${database}&precision=ns`, { method: 'POST', body: before })).status).toBe(204);
  }
  const store = new InfluxStore({ url: influxUrl(), database, logger: silentLogger, gzip: false });
  await store.open();
  return [database, store];
}
afterAll(async () => {
  for (const db of databases) await fetch(`${influxUrl()}/query?q=${encodeURIComponent(`DROP DATABASE "${db}"`)}`, { method: 'POST' });
});

async function influxql(database: string, q: string): Promise<Array<{ series?: Array<{ columns: string[]; values: unknown[][] }> }>> {
  const res = await fetch(`${influxUrl()}/query?db=${database}&epoch=ms&q=${encodeURIComponent(q)}`);
  return ((await res.json()) as { results: Array<{ series?: Array<{ columns: string[]; values: unknown[][] }> }> }).results;
}

const expected = [
  { day: 0, success: 1, failure: 1, timeout: 1, cancelled: 0, mean: 20 },
  { day: 1, success: 1, failure: 0, timeout: 0, cancelled: 1, mean: null },
  { day: 2, success: 0, failure: 1, timeout: 0, cancelled: 0, mean: 5 },
];

describe('InfluxDB raw points without one-hot status fields', () => {
  it('are stored without them, and count statuses on the raw path and from rollups as the embedded store does', async () => {
    const [database, store] = await influx();
    const embedded = await openEmbeddedStore();
    try {
      await store.write(history.map(point));
      await embedded.store.write(history.map(point));
      const [{ series }] = await influxql(database, 'SHOW FIELD KEYS FROM "build"');
      expect(series![0].values.map(([field]) => field).sort()).toEqual(['duration', 'id', 'status']);
      // Three stale days: the first query reads the raw points; after the refresh, the rollups.
      expect(rollupQuery(outcomes())).toBeDefined();
      expect(byDay(await store.aggregate(rawOnly(outcomes())))).toEqual(expected);
      await store.refreshRollups('build', range);
      expect(byDay(await store.aggregate(outcomes()))).toEqual(expected);
      expect(byDay(await embedded.store.aggregate(outcomes()))).toEqual(expected);
      // Some statuses only (each counted by its own scan), and count() of a status field: the points.
      const some: AggregateQuery = { ...outcomes(['failure']), select: { failure: { fn: 'sum', field: statusField('failure') }, runs: { fn: 'count', field: statusField('success') } } };
      const someExpected = [{ day: 0, failure: 1, runs: 3 }, { day: 1, failure: 0, runs: 2 }, { day: 2, failure: 1, runs: 1 }];
      expect(byDay(await store.aggregate(rawOnly(some)))).toEqual(someExpected);
      expect(byDay(await embedded.store.aggregate(some))).toEqual(someExpected);
      // Grouped by project, no buckets, from rollups and raw.
      const grouped = { ...outcomes(), bucket: undefined, groupBy: ['project'] };
      const groupedExpected = [['alpha', 2, 2, 0, 0], ['beta', 0, 0, 1, 1]];
      const view = (rows: Awaited<ReturnType<Store['aggregate']>>) => rows.map((r) => [r.group.project, r.values.success, r.values.failure, r.values.timeout, r.values.cancelled]);
      expect(view(await store.aggregate(grouped))).toEqual(groupedExpected);
      expect(view(await store.aggregate({ ...grouped, where: { service: ['api'] } }))).toEqual(groupedExpected);
      // Rows by status: flags become status filters.
      expect(await ids(store, ['failure', 'timeout'])).toEqual(['b', 'c', 'f']);
      expect(await ids(embedded.store, ['failure', 'timeout'])).toEqual(['b', 'c', 'f']);
      expect(store.explain({ rows: { measurement: 'build', columns: ['id'], order: 'asc', anyFlag: [statusField('failure')] } })).toContain(`("status" = 'failure')`);
      // What is sent for status counts: the points of each row, then a scan per status but the last.
      const explained = store.explain({ aggregate: rawOnly(outcomes()) }).split(';\n');
      expect(explained).toHaveLength(4);
      expect(explained[0]).toContain('COUNT("status") AS "__points"');
      expect(explained.slice(1).map((text) => /"status" = '(\w+)'/.exec(text)?.[1])).toEqual(['success', 'failure', 'timeout']);
      // Other aggregates of a 0/1 field have no meaning as counts: refused, not answered wrong.
      await expect(store.aggregate(rawOnly({ ...outcomes(), select: { m: { fn: 'mean', field: statusField('success') } } }))).rejects.toThrow(/only sum and count/);
    } finally {
      await store.close();
      await embedded.dispose();
    }
  });

  it('count a re-send with a new status once, under its new status, raw and from rollups', async () => {
    const [, store] = await influx();
    await store.write(history.map(point));
    await store.refreshRollups('build', range);
    await store.write([point({ ...history[0], status: 'cancelled' }), point(history[1])]);
    const day0 = { day: 0, success: 0, failure: 1, timeout: 1, cancelled: 1, mean: 20 };
    expect(byDay(await store.aggregate(rawOnly(outcomes())))[0]).toEqual(day0);
    // One stale day: the query recomputes it and answers from the rollups.
    expect(byDay(await store.aggregate(outcomes()))[0]).toEqual(day0);
    expect(await ids(store, ['success'])).toEqual(['e']);
    await store.close();
  });

  it('answer databases whose points carry the one-hot fields, also after a re-send changed such a point\'s status', async () => {
    // As an earlier version wrote them (same timestamps): every one-hot field, 0 or 1.
    const oneHot = (status: string) => ['success', 'failure', 'timeout', 'cancelled'].map((s) => `n_${s}=${s === status ? 1 : 0}i`).join(',');
    const lines = history.map((b) => `build,project=${b.project},service=api,workflow=ci id="${b.id}",status="${b.status}"`
      + `${b.duration === undefined ? '' : `,duration=${b.duration}.0`},${oneHot(b.status)} ${nanoseconds(point(b))}`);
    const [database, store] = await influx(lines.join('\n'));
    // Re-sent by this version: the new point overwrites status, and InfluxDB keeps n_success=1 beside it.
    await store.write([point({ ...history[0], status: 'failure' })]);
    const [{ series }] = await influxql(database, `SELECT "n_success", "status" FROM "build" WHERE "id" = 'a'`);
    expect(series![0].values.map((v) => v.slice(1))).toEqual([[1, 'failure']]);
    const day0 = { day: 0, success: 0, failure: 2, timeout: 1, cancelled: 0, mean: 20 };
    expect(byDay(await store.aggregate(rawOnly(outcomes())))[0]).toEqual(day0);
    await store.refreshRollups('build', range);
    expect(byDay(await store.aggregate(outcomes()))).toEqual([day0, ...expected.slice(1)]);
    expect(await ids(store, ['success'])).toEqual(['e']);
    await store.close();
  });
});

