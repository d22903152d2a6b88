/**
 * API traffic from the per-minute api_call rollup (rollupSchema.ts) and the raw edges of ranges
 * not on whole minutes (rollupEdges.ts), against the real influxd: every answer must equal the
 * one computed here from the calls themselves, after a late write by another replica and a re-send
 * with other numbers, for calls on the first and last millisecond of a minute, and with maxima.
 */
import { Event } from '../../../contract/events';
import { apiTraffic, type TrafficBucket } from '../../src/statistics/apiTraffic';
import type { AggregateQuery, BucketUnit } from '../../src/store/Store';
import { InfluxStore } from '../../src/store/influx/InfluxStore';
import { aggregatePoints, combineRows, splitAtGrains } from '../../src/store/influx/rollupEdges';
import { rollupQuery } from '../../src/store/influx/rollups';
import { rollupMeasurement } from '../../src/store/influx/rollupSchema';
import { toPoint } from '../../src/store/points';
import { influxUrl, silentLogger } from '../support/stores';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const START = Date.UTC(2026, 5, 1);

interface Call { id: string; api_id: string; time: number; status_code: number; latency: number; backend_latency?: number; inner_latency?: number; bytes_in?: number; bytes_out?: number; app_id?: string }
const point = (c: Call) => toPoint(Event.parse({ kind: 'api_call', project_id: 'p1', instance_id: 'gw', group_id: 'public', provider: 'acme', ...c }));

/**
 * Two days of calls of three APIs: every 7 minutes 13 seconds, plus calls on the first and the
 * last millisecond of minutes and in the range's last second; some without backend latency.
 */
function history(): Call[] {
  const calls: Call[] = [];
  let i = 0;
  for (let t = START; t < START + 2 * DAY; t += 433_000) {
    calls.push({
      id: `c-${i}`, api_id: ['orders', 'users', 'search'][i % 3], time: t, status_code: [200, 201, 404, 503, 200][i % 5],
      latency: 10 + (i * 37) % 500, ...(i % 4 ? { backend_latency: 5 + (i * 17) % 400 } : {}), inner_latency: 3 + (i % 5), bytes_in: 100 + i, bytes_out: 1000 + 2 * i,
    });
    i++;
  }
  const edge = (id: string, time: number, latency: number): Call => ({ id, api_id: 'orders', time, status_code: 500, latency, backend_latency: latency - 1, bytes_in: 1, bytes_out: 2 });
  calls.push(edge('first-ms', START + 10 * HOUR, 900), edge('last-ms', START + 10 * HOUR + MINUTE - 1, 901), edge('range-end', START + DAY + 10 * HOUR + 30 * MINUTE, 999));
  calls.push(edge('after-end', START + DAY + 10 * HOUR + 30 * MINUTE + 1, 5_000), edge('start-edge', START + 45_000, 800), edge('before-start', START + 29_999, 6_000));
  return calls;
}

/** What apiTraffic must answer, computed from the calls (buckets in UTC). */
function expected(calls: Call[], range: { fromMs: number; toMs: number }, unit: BucketUnit, byApi: boolean): TrafficBucket[] {
  const size = { minute: MINUTE, hour: HOUR, day: DAY }[unit];
  const buckets = new Map<string, Call[]>();
  for (const c of calls.filter((c) => c.time >= range.fromMs && c.time < range.toMs)) {
    const key = `${Math.floor(c.time / size) * size} ${byApi ? c.api_id : ''}`;
    buckets.set(key, [...(buckets.get(key) ?? []), c]);
  }
  const sum = (cs: Call[], f: (c: Call) => number | undefined) => cs.reduce((n, c) => n + (f(c) ?? 0), 0);
  const max = (cs: Call[], f: (c: Call) => number | undefined) => Math.max(0, ...cs.map((c) => f(c) ?? 0));
  const avg = (cs: Call[], f: (c: Call) => number | undefined) => { const has = cs.filter((c) => f(c) !== undefined); return has.length ? sum(has, f) / has.length : 0; };
  return [...buckets].map(([key, cs]) => ({
    bucketMs: Number(key.split(' ')[0]),
    ...(byApi ? { api: { apiId: cs[0].api_id, groupId: 'public', provider: 'acme' } } : {}),
    requests: cs.length, ok2xx: cs.filter((c) => c.status_code < 300).length, client4xx: cs.filter((c) => c.status_code >= 400 && c.status_code < 500).length,
    server5xx: cs.filter((c) => c.status_code >= 500).length, errors: cs.filter((c) => c.status_code >= 400).length,
    maxLatency: max(cs, (c) => c.latency), avgLatency: avg(cs, (c) => c.latency),
    maxInnerLatency: max(cs, (c) => c.inner_latency), avgInnerLatency: avg(cs, (c) => c.inner_latency),
    maxBackendLatency: max(cs, (c) => c.backend_latency), avgBackendLatency: avg(cs, (c) => c.backend_latency),
    bytesIn: sum(cs, (c) => c.bytes_in), bytesOut: sum(cs, (c) => c.bytes_out),
  })).sort((a, b) => a.bucketMs - b.bucketMs || (a.api?.apiId ?? '').localeCompare(b.api?.apiId ?? ''));
}

/** Averages are sums over counts in another order than the reference's: equal to 1e-9. */
function expectSame(actual: TrafficBucket[], wanted: TrafficBucket[]): void {
  const round = (buckets: TrafficBucket[]) => buckets.map((b) => ({ ...b, avgLatency: b.avgLatency.toFixed(9), avgInnerLatency: b.avgInnerLatency.toFixed(9), avgBackendLatency: b.avgBackendLatency.toFixed(9) }));
  expect(round(actual)).toEqual(round(wanted));
}

let counter = 0;
const databases: string[] = [];
const replica = (database: string) => new InfluxStore({ url: influxUrl(), database, logger: silentLogger, gzip: false });
async function freshDatabase(): Promise<[string, InfluxStore, string[]]> {
  const database = `flowmeter_traffic_${process.pid}_${Date.now()}_${++counter}`;
  databases.push(database);
  const store = replica(database);
  await store.open();
  // Every InfluxQL statement the store sends, to tell which measurement answered.
  const sent: string[] = [];
  const client = (store as unknown as { client: { query: (text: string) => Promise<unknown> } }).client;
  const query = client.query.bind(client);
  client.query = (text: string) => { sent.push(text); return query(text); };
  return [database, store, sent];
}
afterAll(async () => {
  for (const db of databases) await fetch(`${influxUrl()}/query?q=${encodeURIComponent(`DROP DATABASE "${db}"`)}`, { method: 'POST' });
});

const where = { project_id: ['p1'], instance_id: ['gw'] };
/** As ROMA asks: from a whole second to 1 ms past the last second included (here 10:30:00). */
const romaRange = { fromMs: START + 30_000, toMs: START + DAY + 10 * HOUR + 30 * MINUTE + 1 };
// A request may carry several statements (the rollup's marks with its read): count statements.
const reads = (sent: string[], measurement: string) => sent.flatMap((text) => text.split(/; (?=SELECT )/))
  .filter((text) => text.startsWith('SELECT') && text.includes(` FROM "${measurement}" `));

describe('API traffic from the minute rollup', () => {
  it('answers minutes, hours and days of a range not on whole minutes from the rollup and the raw edges, equal to the calls', async () => {
    const [, store, sent] = await freshDatabase();
    const calls = history();
    await store.write(calls.map(point));
    await store.refreshRollups('api_call', { fromMs: START, toMs: START + 2 * DAY });
    for (const unit of ['minute', 'hour', 'day'] as const) {
      for (const byApi of [true, false]) {
        sent.length = 0;
        expectSame(await apiTraffic(store, where, romaRange, { unit, tz: 'UTC' }, byApi), expected(calls, romaRange, unit, byApi));
        // Minute buckets: the whole minutes from the minute level. Hours and days: the whole hours
        // from the hourly level, the whole minutes of the partial hours at the ends (00:00:30-01:00,
        // 10:00-10:30) from the minute level. The raw points only for the 30 s and the 1 ms at the
        // ends, aggregated here.
        const [byMinute, byHour] = [reads(sent, rollupMeasurement('api_call', 'minute')), reads(sent, rollupMeasurement('api_call', 'hour'))];
        expect([byMinute.length, byHour.length]).toEqual(unit === 'minute' ? [1, 0] : [2, 1]);
        expect(reads(sent, rollupMeasurement('api_call', 'day'))).toHaveLength(0);
        // Buckets of the level's grain read its points as stored, combined by the store (APIs, when not by API).
        expect(byMinute.map((text) => text.includes('GROUP BY time('))).toEqual(byMinute.map(() => unit !== 'minute'));
        expect(byHour.map((text) => text.includes('GROUP BY time('))).toEqual(byHour.map(() => unit === 'day'));
        const edges = reads(sent, 'api_call').map((text) => /time >= (\d+)ms AND time < (\d+)ms/.exec(text)!.slice(1).map(Number));
        // The 30 s edge is read at once; the 1 ms one (which holds a call) counted, then read.
        expect(edges.sort((a, b) => a[0] - b[0])).toEqual([[romaRange.fromMs, START + MINUTE], [romaRange.toMs - 1, romaRange.toMs], [romaRange.toMs - 1, romaRange.toMs]]);
      }
    }
    // The last millisecond of 10:00 belongs to 10:00; its maximum is the minute's.
    const tenOClock = (await apiTraffic(store, { ...where, api_id: ['orders'] }, romaRange, { unit: 'minute', tz: 'UTC' }, true)).find((b) => b.bucketMs === START + 10 * HOUR)!;
    expect(tenOClock).toMatchObject({ requests: 2, server5xx: 2, maxLatency: 901, maxBackendLatency: 900 });
    await store.close();
  });

  it('counts a late call from another replica and a re-send with other numbers once, in the rollup the next query recomputes', async () => {
    const [database, store, sent] = await freshDatabase();
    const calls = history();
    await store.write(calls.map(point));
    await store.refreshRollups('api_call', { fromMs: START, toMs: START + 2 * DAY });
    const other = replica(database);
    const late: Call = { id: 'late', api_id: 'users', time: START + 3 * HOUR + 17 * MINUTE + 5_000, status_code: 502, latency: 7_000, backend_latency: 6_999, bytes_in: 5, bytes_out: 6 };
    const resent: Call = { ...calls[10], latency: 8_000, status_code: 429 };
    await other.write([point(late), point(resent)]);
    await other.close();
    const now = [...calls.filter((c) => c.id !== resent.id), late, resent];
    sent.length = 0;
    expectSame(await apiTraffic(store, where, romaRange, { unit: 'minute', tz: 'UTC' }, true), expected(now, romaRange, 'minute', true));
    // The touched day was recomputed (grouped by minute) before the rollup answered: the read sent
    // with the marks (which showed the day stale) is dropped, the one after the recompute answers.
    const recomputed = sent.findIndex((text) => text.includes('FROM "api_call"') && text.includes('GROUP BY time(60000ms), "project_id"'));
    expect(recomputed).toBeGreaterThan(0);
    expect(reads(sent, rollupMeasurement('api_call', 'minute'))).toHaveLength(2);
    const withMarks = sent.filter((text) => text.includes('FROM "flowmeter_touched"'));
    expect(reads(withMarks.slice(0, 1), rollupMeasurement('api_call', 'minute'))).toHaveLength(1);
    expect(reads(sent.slice(recomputed), rollupMeasurement('api_call', 'minute'))).toHaveLength(1);
    expectSame(await apiTraffic(store, where, romaRange, { unit: 'hour', tz: 'UTC' }, false), expected(now, romaRange, 'hour', false));
    await store.close();
  });

  it('reads the raw points for what the rollup does not keep, with the same answers', async () => {
    const [, store, sent] = await freshDatabase();
    const calls = history();
    await store.write(calls.map(point));
    await store.refreshRollups('api_call', { fromMs: START, toMs: START + 2 * DAY });
    const minutes: AggregateQuery = { measurement: 'api_call', where, range: { fromMs: START, toMs: START + DAY }, bucket: { unit: 'minute', tz: 'UTC' }, select: { n: { fn: 'count', field: 'id' }, top: { fn: 'max', field: 'latency' } } };
    expect(rollupQuery(minutes)).toBeDefined();
    // app_id (ROMA's APP mode) is not a rollup tag; a median does not combine over parts: the
    // raw points answer it over the whole range, beside the parts.
    expect(rollupQuery({ ...minutes, where: { ...where, app_id: ['web'] } })).toBeUndefined();
    expect(splitAtGrains({ ...minutes, range: romaRange, select: { ...minutes.select, m: { fn: 'median', field: 'latency' } } })!.rest).toEqual({ m: { fn: 'median', field: 'latency' } });
    expect(splitAtGrains({ ...minutes, range: romaRange, select: { m: { fn: 'median', field: 'latency' } } })).toBeUndefined();
    // A minimum combines over parts but is not kept by the rollups: the whole range reads raw points.
    expect(splitAtGrains({ ...minutes, range: romaRange, select: { ...minutes.select, lo: { fn: 'min', field: 'latency' } } })).toBeUndefined();
    expect(splitAtGrains({ ...minutes, range: romaRange })!.rollups.map(({ part }) => part.range)).toEqual([
      { fromMs: START + MINUTE, toMs: START + DAY + 10 * HOUR + 30 * MINUTE },
    ]);
    // An edge without calls is only counted (no call at START + DAY).
    sent.length = 0;
    const oneDay = { fromMs: START, toMs: START + DAY + 1 };
    expectSame(await apiTraffic(store, where, oneDay, { unit: 'minute', tz: 'UTC' }, true), expected(calls, oneDay, 'minute', true));
    expect(reads(sent, 'api_call')).toEqual([expect.stringMatching(/^SELECT COUNT\("id"\) FROM "api_call" WHERE time >= \d+ms AND time < \d+ms/)]);
    // A range within one minute has no whole minute: raw points alone.
    expect(splitAtGrains({ ...minutes, range: { fromMs: START + 1_000, toMs: START + 2_000 } })).toBeUndefined();
    const median = await store.aggregate({ ...minutes, range: romaRange, bucket: { unit: 'day', tz: 'UTC' }, select: { ...minutes.select, m: { fn: 'median', field: 'latency' } } });
    const latencies = calls.filter((c) => c.time >= romaRange.fromMs && c.time < START + DAY).map((c) => c.latency).sort((a, b) => a - b);
    const mid = Math.floor(latencies.length / 2);
    expect(median[0].values.m).toBe(latencies.length % 2 ? latencies[mid] : (latencies[mid - 1] + latencies[mid]) / 2);
    expect(median[0].values).toMatchObject({ n: latencies.length, top: latencies[latencies.length - 1] });
    await store.close();
  });

  it('combines the parts of a split answer bucket by bucket: counts and sums add, maxima and minima keep the larger and smaller', () => {
    const query: AggregateQuery = { measurement: 'api_call', range: romaRange, bucket: { unit: 'hour', tz: 'UTC' }, groupBy: ['api_id'], select: { n: { fn: 'count', field: 'id' }, s: { fn: 'sum', field: 'bytes_in' }, hi: { fn: 'max', field: 'latency' }, lo: { fn: 'min', field: 'latency' } } };
    const row = (bucketMs: number, api: string, n: number, s: number | null, hi: number, lo: number) => ({ bucketMs, group: { api_id: api }, values: { n, s, hi, lo } });
    expect(combineRows(query, [[row(0, 'b', 1, 10, 5, 5), row(HOUR, 'a', 2, null, 7, 1)], [row(0, 'b', 3, null, 9, 2), row(0, 'a', 1, 1, 1, 1)]])).toEqual([
      row(0, 'a', 1, 1, 1, 1), row(HOUR, 'a', 2, null, 7, 1), row(0, 'b', 4, 10, 9, 2),
    ]);
  });

  it('aggregates an edge\'s points as InfluxQL would: local-day buckets, counts of present values, null sums of none', () => {
    const edge: AggregateQuery = { measurement: 'api_call', range: romaRange, bucket: { unit: 'day', tz: 'Europe/Berlin' }, groupBy: ['api_id'], select: { n: { fn: 'count', field: 'backend_latency' }, s: { fn: 'sum', field: 'backend_latency' }, hi: { fn: 'max', field: 'latency' } } };
    // 21:59 and 22:00 UTC in June are 23:59 on 1 June and 00:00 on 2 June in Berlin.
    const series = [{ name: 'api_call', tags: { api_id: 'orders' }, columns: ['time', 'backend_latency', 'latency'], values: [[START + 21 * HOUR + 59 * MINUTE, null, 5], [START + 22 * HOUR, 3, 7], [START + 22 * HOUR + 1, 4, 6]] }];
    expect(aggregatePoints(edge, series)).toEqual([
      { bucketMs: START - 2 * HOUR, group: { api_id: 'orders' }, values: { n: 0, s: null, hi: 5 } },
      { bucketMs: START + 22 * HOUR, group: { api_id: 'orders' }, values: { n: 2, s: 7, hi: 7 } },
    ]);
  });
});
