/**
 * Rows kept per UTC day (store/influx/dayRows.ts) against the real influxd: a scan of whole
 * days answered from them equals the raw points' answer (escaped names, a missing tag, equal
 * timestamps, days long enough for several chunks, partial days at the ends, filters), they are
 * what the scan reads once current, and a write into a day makes its kept rows stale again.
 */
import { Event } from '../../../contract/events';
import type { Row, RowsQuery } from '../../src/store/Store';
import { InfluxStore } from '../../src/store/influx/InfluxStore';
import { dayRowsPlan } from '../../src/store/influx/dayRows';
import { rowsMeasurement } from '../../src/store/influx/rollupSchema';
import { toPoint } from '../../src/store/points';
import { influxUrl, silentLogger } from '../support/stores';

const DAY = 86_400_000;
const START = Date.UTC(2026, 6, 1);
const range = { fromMs: START, toMs: START + 3 * DAY };
const statuses = ['success', 'failure', 'timeout', 'cancelled'] as const;
const groups: Array<[string, string | undefined]> = [['a b,c', 'api'], ['say "hi"', 'web=1'], ['plain', 'api'], ['50% off', 'api'], ['plain', undefined]];

/** 2,000 prod deploys on day 0 (several chunks), 300 on day 1 (pairs at one millisecond), 40 on day 2; a few in staging. */
type Deploy = { kind: 'deploy'; id: string; project: string; service?: string; env: string; status: string; time: number };
function deploys(): Deploy[] {
  const perDay = [2000, 300, 40];
  return perDay.flatMap((count, day) => Array.from({ length: count }, (_, i) => {
    const [project, service] = groups[(i * 7 + day) % groups.length];
    const time = START + day * DAY + Math.floor((i * DAY) / count / 2) * 2 + (day === 1 ? 0 : i % 2);
    return { kind: 'deploy' as const, id: `d-${day}-${i}`, project, ...(service ? { service } : {}), env: i % 50 === 3 ? 'staging' : 'prod', status: statuses[(i * 5 + day) % 4], time };
  }));
}

const prod: RowsQuery = { measurement: 'deploy', where: { env: ['prod'] }, range, order: 'asc', columns: ['project', 'service', 'status'] };
/** The same rows, asked so that kept rows cannot answer (a limit): the raw points. */
const raw = (query: RowsQuery): RowsQuery => ({ ...query, limit: 1_000_000 });

let counter = 0;
const databases: string[] = [];
async function freshStore(): Promise<[string, InfluxStore]> {
  const database = `flowmeter_dayrows_${process.pid}_${Date.now()}_${++counter}`;
  databases.push(database);
  const store = new InfluxStore({ url: influxUrl(), database, logger: silentLogger, gzip: false });
  await store.open();
  return [database, store];
}
afterAll(async () => {
  for (const db of databases) await fetch(`${influxUrl()}/query?q=${encodeURIComponent(`DROP DATABASE "${db}"`)}`, { method: 'POST' });
});

async function influxql(database: string, q: string, epoch = 'ms'): Promise<Array<{ tags?: Record<string, string>; values: unknown[][] }>> {
  const res = await fetch(`${influxUrl()}/query?db=${database}${epoch === 'rfc3339' ? '' : `&epoch=${epoch}`}&q=${encodeURIComponent(q)}`);
  const json = (await res.json()) as { results: Array<{ series?: Array<{ tags?: Record<string, string>; values: unknown[][] }> }> };
  return json.results[0].series ?? [];
}

async function write(database: string, lines: string[]): Promise<void> {
  expect((await fetch(`${influxUrl()}/write?db=${database}&precision=ns`, { method: 'POST', body: lines.join('\n') })).status).toBe(204);
}

describe('InfluxDB rows kept per day', () => {
  let database: string;
  let store: InfluxStore;
  let expected: Row[];

  beforeAll(async () => {
    [database, store] = await freshStore();
    await store.write(deploys().map((d) => toPoint(Event.parse(d))));
    // Three stale days: a query recomputes them itself; refreshed here to be explicit.
    await store.refreshRollups('deploy', range);
    expected = await store.rows(raw(prod));
  });
  afterAll(() => store.close());

  it('keep each day of each environment in chunks, and answer whole days from them as the raw points do', async () => {
    const chunks = await influxql(database, `SELECT "parts" FROM "${rowsMeasurement('deploy')}" GROUP BY "env"`);
    const prodChunks = chunks.find((s) => s.tags?.env === 'prod')!.values;
    const day0 = prodChunks.filter(([t]) => Number(t) < START + DAY);
    expect(day0.length).toBeGreaterThan(1);
    expect(day0.every(([, parts]) => parts === day0.length)).toBe(true);
    expect(chunks.map((s) => s.tags?.env).sort()).toEqual(['prod', 'staging']);

    expect(expected).toHaveLength(deploys().filter((d) => d.env === 'prod').length);
    expect(await store.rows(prod)).toEqual(expected);
  });

  it('answer partial days at the ends from the raw points, around the kept ones', async () => {
    const partial = { ...prod, range: { fromMs: START + 10 * 3_600_000 + 1, toMs: START + 2 * DAY + 5 * 3_600_000 } };
    const plan = dayRowsPlan(partial)!;
    expect([plan.days.fromMs, plan.days.toMs]).toEqual([START + DAY, START + 2 * DAY]);
    expect([plan.before?.range, plan.after?.range]).toEqual([{ fromMs: partial.range.fromMs, toMs: START + DAY }, { fromMs: START + 2 * DAY, toMs: partial.range.toMs }]);
    const rows = await store.rows(partial);
    expect(rows).toEqual(expected.filter((r) => r.timeMs >= partial.range.fromMs && r.timeMs < partial.range.toMs));
    expect(rows.some((r) => r.timeMs < START + DAY) && rows.some((r) => r.timeMs >= START + 2 * DAY)).toBe(true);
  });

  it('filter by kept tags, escaped values and a missing tag (\'\') included', async () => {
    const filters: Array<Record<string, string[]>> = [{ project: ['say "hi"', '50% off'] }, { service: [''] }, { project: ['plain'], service: ['api'] }];
    for (const where of filters) {
      const query: RowsQuery = { ...prod, where: { env: ['prod'], ...where }, columns: ['status', 'service'] };
      expect(dayRowsPlan(query)).toBeDefined();
      const rows = await store.rows(query);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows).toEqual(await store.rows(raw(query)));
    }
  });

  it('are what a current day is read from, and a write into the day makes it read raw until recomputed', async () => {
    const [db, own] = await freshStore();
    const day = deploys().filter((d) => Number(d.time) >= START + 2 * DAY);
    await own.write(day.map((d) => toPoint(Event.parse(d))));
    const oneDay = { ...prod, range: { fromMs: START + 2 * DAY, toMs: START + 3 * DAY } };
    const before = await own.rows(oneDay);
    expect(before).toEqual(await own.rows(raw(oneDay)));
    // Tampered: the day's chunk replaced by one made-up row, and a leftover chunk past the day's count.
    const [chunk] = (await influxql(db, `SELECT "parts" FROM "${rowsMeasurement('deploy')}"`, 'rfc3339'))[0].values;
    const ns = BigInt(START + 2 * DAY) * 1_000_000n + BigInt(/\.(\d+)Z$/.exec(String(chunk[0]))![1].padEnd(9, '0'));
    const text = JSON.stringify({ v: ['made-up', 'svc', 'success'], r: [5, 0, 1, 2] }).replace(/"/g, '\\"');
    await write(db, [`${rowsMeasurement('deploy')},env=prod parts=1i,rows="${text}" ${ns}`,
      `${rowsMeasurement('deploy')},env=prod parts=1i,rows="${text}" ${ns + 1_000_000n}`]);
    expect(await own.rows(oneDay)).toEqual([{ timeMs: START + 2 * DAY + 5, values: { project: 'made-up', service: 'svc', status: 'success' } }]);
    // A status change (any write into the day) and the day is recomputed from the raw points.
    const changed = { ...day[0], status: 'failure' };
    await own.write([toPoint(Event.parse(changed))]);
    const after = await own.rows(oneDay);
    expect(after).toEqual(await own.rows(raw(oneDay)));
    expect(after.find((r) => r.timeMs === changed.time && r.values.project === changed.project)?.values.status).toBe('failure');
    await own.close();
  });

  it('are not used where they cannot answer alike', () => {
    expect(dayRowsPlan(prod)).toBeDefined();
    const unanswerable: RowsQuery[] = [
      { ...prod, order: 'desc' },
      { ...prod, limit: 10 },
      { ...prod, where: { env: ['prod', 'staging'] } },
      { ...prod, where: {} },
      { ...prod, where: { env: ['prod'], cluster: ['eu-1'] } },
      { ...prod, columns: ['project', 'id'] },
      { ...prod, range: { fromMs: START + 1, toMs: START + DAY + 5 } },
      { ...prod, measurement: 'build' },
    ];
    for (const query of unanswerable) expect(dayRowsPlan(query)).toBeUndefined();
  });
});
