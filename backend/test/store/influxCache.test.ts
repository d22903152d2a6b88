/**
 * The InfluxDB store's result cache (store/influx/resultCache.ts) against the real influxd:
 * a repeated question is answered from the cache, and a write from this or another replica
 * (a late event into a closed day, a status change) makes the next answer a fresh one; a
 * re-send leaves the answer as it was; databases never share answers; memory stays bounded.
 */
import { Event } from '../../../contract/events';
import type { AggregateQuery, Row, RowsQuery } from '../../src/store/Store';
import { InfluxStore } from '../../src/store/influx/InfluxStore';
import type { ResultCacheLimits } from '../../src/store/influx/resultCache';
import { toPoint } from '../../src/store/points';
import { statusField } from '../../src/store/schema';
import { influxUrl, silentLogger } from '../support/stores';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.UTC(2026, 5, 1);
const range = { fromMs: START, toMs: START + 5 * DAY };
const LIMITS: ResultCacheLimits = { maxEntries: 100, maxBytes: 1024 ** 2 };

type Run = { id: string; project: string; status: string; time: number; duration: number };
const build = (b: Run) => toPoint(Event.parse({ kind: 'build', workflow: 'ci', service: 'api', ...b }));
const history: Run[] = [0, 1, 2, 3, 4].map((d) => ({ id: `b-${d}`, project: 'alpha', status: 'success', time: START + d * DAY + 10 * HOUR, duration: 10 * (d + 1) }));

/** Daily outcomes with a percentile: the shape rollups cannot answer alone. */
const daily: AggregateQuery = {
  measurement: 'build', range, bucket: { unit: 'day', tz: 'UTC' },
  select: { failure: { fn: 'sum', field: statusField('failure') }, total: { fn: 'count', field: 'id' }, p95: { fn: 'percentile', field: 'duration', p: 95 } },
};

let counter = 0;
const databases: string[] = [];
const newDatabase = () => {
  const database = `flowmeter_cache_${process.pid}_${Date.now()}_${++counter}`;
  databases.push(database);
  return database;
};
async function replica(database: string, cache: ResultCacheLimits | 'off' = LIMITS): Promise<InfluxStore> {
  const store = new InfluxStore({ url: influxUrl(), database, logger: silentLogger, gzip: false, cache: cache === 'off' ? undefined : cache });
  await store.open();
  return store;
}
afterAll(async () => {
  for (const db of databases) await fetch(`${influxUrl()}/query?q=${encodeURIComponent(`DROP DATABASE "${db}"`)}`, { method: 'POST' });
});

const totals = async (store: InfluxStore) => (await store.aggregate(daily)).map((r) => r.values.total);

describe('InfluxDB result cache', () => {
  it('answers a repeated question from the cache, and afresh after another replica wrote into a closed day', async () => {
    const database = newDatabase();
    const [a, b] = [await replica(database), await replica(database)];
    await a.write(history.map(build));
    expect(await totals(a)).toEqual([1, 1, 1, 1, 1]);
    expect(await totals(a)).toEqual([1, 1, 1, 1, 1]);
    expect(a.cache).toMatchObject({ hits: 1, misses: 1 });
    await b.write([build({ id: 'late', project: 'alpha', status: 'failure', time: START + DAY + 3 * HOUR, duration: 500 })]);
    const fresh = await a.aggregate(daily);
    expect(fresh.map((r) => r.values.total)).toEqual([1, 2, 1, 1, 1]);
    expect(fresh[1].values).toMatchObject({ failure: 1, p95: 500 });
    expect(a.cache).toMatchObject({ hits: 1, misses: 2 });
    await Promise.all([a.close(), b.close()]);
  });

  it('reads the marks before the query: a write landing during a query makes its answer stale', async () => {
    const database = newDatabase();
    const [a, b] = [await replica(database), await replica(database)];
    await a.write(history.map(build));
    const late = build({ id: 'during', project: 'alpha', status: 'success', time: START + 2 * DAY, duration: 1 });
    expect(await a.cache!.answer('build', range, 'question', async () => { await b.write([late]); return 'answered while b wrote'; })).toBe('answered while b wrote');
    expect(await a.cache!.answer('build', range, 'question', async () => 'answered again')).toBe('answered again');
    expect(await a.cache!.answer('build', range, 'question', async () => 'not asked')).toBe('answered again');
    await Promise.all([a.close(), b.close()]);
  });

  it('sees a status change in rows and counts, and gives the same answer after a re-send', async () => {
    const database = newDatabase();
    const [a, b] = [await replica(database), await replica(database)];
    await a.write(history.map(build));
    const failed = { measurement: 'build' as const, range, where: { status: ['failure'] } };
    const rows = { ...failed, columns: ['id', 'status'], order: 'asc' as const };
    expect(await a.count(failed)).toBe(0);
    expect(await a.rows(rows)).toEqual([]);
    await b.write([build({ ...history[2], status: 'failure' })]);
    expect(await a.count(failed)).toBe(1);
    expect((await a.rows(rows)).map((r) => r.values)).toEqual([{ id: 'b-2', status: 'failure' }]);
    const before = await a.aggregate(daily);
    const misses = a.cache!.misses;
    // The same event again: the marks change (a write came), the answer does not.
    await b.write([build({ ...history[2], status: 'failure' })]);
    expect(await a.aggregate(daily)).toEqual(before);
    expect(a.cache!.misses).toBe(misses + 1);
    await Promise.all([a.close(), b.close()]);
  });

  it('answers lookups from the cache until the measurement is written', async () => {
    const database = newDatabase();
    const store = await replica(database);
    await store.write(history.map(build));
    expect(await store.tagValues('build', 'project')).toEqual(['alpha']);
    await store.write([build({ ...history[0], id: 'other', project: 'beta' })]);
    expect(await store.tagValues('build', 'project')).toEqual(['alpha', 'beta']);
    expect(await store.tagValues('build', 'project')).toEqual(['alpha', 'beta']);
    expect(store.cache).toMatchObject({ hits: 1, misses: 2 });
    await store.close();
  });

  it('never serves one database the answers of another, and hands out copies', async () => {
    const [one, two] = [await replica(newDatabase()), await replica(newDatabase())];
    await one.write(history.map(build));
    await two.write(history.slice(0, 2).map(build));
    const first = await one.aggregate(daily);
    (first[0].values as Record<string, number | null>).total = 99;
    expect(await totals(one)).toEqual([1, 1, 1, 1, 1]);
    expect(await totals(two)).toEqual([1, 1]);
    await Promise.all([one.close(), two.close()]);
  });

  it('replays a scan kept whole, and keeps no part of one bigger than an entry may be', async () => {
    // An entry may hold a quarter of the bytes: 750 here, which five builds' rows (~890) exceed.
    const store = await replica(newDatabase(), { maxEntries: 100, maxBytes: 3_000 });
    await store.write(history.map(build));
    const scanned = async (query: RowsQuery) => {
      const rows: Row[] = [];
      await store.scan(query, (row) => rows.push(row));
      return rows;
    };
    const all: RowsQuery = { measurement: 'build', range, columns: ['id', 'project', 'service', 'workflow', 'status', 'duration'], order: 'asc' };
    const whole = await scanned(all);
    expect(whole.map((r) => r.values.id)).toEqual(history.map((h) => h.id));
    expect(store.cache!.size.entries).toBe(0);
    expect(await scanned(all)).toEqual(whole);
    expect(store.cache).toMatchObject({ hits: 0, misses: 2 });
    const one: RowsQuery = { ...all, where: { project: ['alpha'] }, columns: ['id'], range: { fromMs: START, toMs: START + DAY } };
    expect((await scanned(one)).map((r) => r.values.id)).toEqual(['b-0']);
    expect(await scanned(one)).toEqual([{ timeMs: history[0].time, values: { id: 'b-0' } }]);
    expect(store.cache).toMatchObject({ hits: 1, misses: 3 });
    expect(store.cache!.size.entries).toBe(1);
    await store.close();
  });

  it('keeps at most the entries and bytes allowed, dropping the least recently used', async () => {
    const store = await replica(newDatabase(), { maxEntries: 2, maxBytes: 1024 ** 2 });
    await store.write(history.map(build));
    const day = (d: number) => ({ ...daily, range: { fromMs: START + d * DAY, toMs: START + (d + 1) * DAY } });
    for (const d of [0, 1, 0, 2]) await store.aggregate(day(d));
    expect(store.cache!.size.entries).toBe(2);
    // Day 1 was the least recently used: gone; day 0 was used again: kept.
    await store.aggregate(day(0));
    await store.aggregate(day(1));
    expect(store.cache).toMatchObject({ hits: 2, misses: 4 });
    await store.close();

    // A day's entry is ~500 bytes (its key is most of it): five do not fit in 2,000.
    const small = await replica(newDatabase(), { maxEntries: 100, maxBytes: 2_000 });
    await small.write(history.map(build));
    for (let d = 0; d < 5; d++) await small.aggregate(day(d));
    expect(small.cache!.size.bytes).toBeLessThanOrEqual(2_000);
    expect(small.cache!.size.entries).toBeGreaterThan(0);
    expect(small.cache!.size.entries).toBeLessThan(5);
    await small.close();
  });

  it('is not there when switched off', async () => {
    const store = await replica(newDatabase(), 'off');
    await store.write(history.map(build));
    expect(await totals(store)).toEqual([1, 1, 1, 1, 1]);
    expect(store.cache).toBeUndefined();
    await store.close();
  });
});
