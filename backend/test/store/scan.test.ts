/**
 * Store.scan on each real store: the rows of rows(), handed one at a time, in time order, so
 * every group of them (here by project and service) comes oldest first, whichever other groups
 * interleave, equal timestamps in different groups included; tag values that need escaping in
 * InfluxQL and line protocol come back as written.
 */
import { Event } from '../../../contract/events';
import { toPoint } from '../../src/store/points';
import type { Row, RowsQuery, Store } from '../../src/store/Store';
import { eachStore } from '../support/stores';

const START = Date.UTC(2026, 3, 1);
const MINUTE = 60_000;
const range = { fromMs: START, toMs: START + 1000 * MINUTE };
const statuses = ['success', 'failure', 'timeout', 'cancelled'] as const;

/** [project, service]: a space, a comma, an equals sign and a percent sign among them; one deploy group has no service. */
const groups: Array<[string, string | undefined]> = [['a b,c', 'api'], ['a b,c', 'web=1'], ['plain', 'api'], ['50% off', 'api'], ['plain', undefined]];
const deploys = Array.from({ length: 300 }, (_, i) => {
  const [project, service] = groups[(i * 7) % groups.length];
  // Two deploys a minute, of different groups; every other minute at the same millisecond.
  const time = START + Math.floor(i / 2) * MINUTE + (i % 4 === 1 ? 17 : 0);
  return { kind: 'deploy', id: `d-${i}`, project, ...(service ? { service } : {}), env: 'prod', status: statuses[(i * 5) % 4], time };
});
deploys.push({ kind: 'deploy', id: 'staging-1', project: 'plain', service: 'api', env: 'staging', status: 'failure', time: START + 5 * MINUTE });

const groupOf = (values: Row['values']) => JSON.stringify([values.project ?? '', values.service ?? '']);
const collect = async (store: Store, query: RowsQuery) => {
  const rows: Row[] = [];
  await store.scan(query, (row) => rows.push(row));
  return rows;
};
const prod: RowsQuery = { measurement: 'deploy', where: { env: ['prod'] }, range, order: 'asc', columns: ['project', 'service', 'status'] };

eachStore('Store.scan', (getStore) => {
  beforeAll(async () => {
    // Written newest first: order comes from the store, not from insertion.
    await getStore().write([...deploys].reverse().map((d) => toPoint(Event.parse(d))));
  });

  it('hands the rows of rows(), in time order', async () => {
    const rows = await collect(getStore(), prod);
    expect(rows).toHaveLength(300);
    expect(rows).toEqual(await getStore().rows(prod));
    expect(rows.every((row, i) => i === 0 || rows[i - 1].timeMs <= row.timeMs)).toBe(true);
  });

  it('hands each group oldest first, with its tag values as written, interleaved groups and equal timestamps included', async () => {
    const byGroup = new Map<string, Array<[number, unknown]>>();
    await getStore().scan(prod, ({ timeMs, values }) => {
      const list = byGroup.get(groupOf(values)) ?? [];
      list.push([timeMs, values.status]);
      byGroup.set(groupOf(values), list);
    });
    const expected = new Map<string, Array<[number, unknown]>>();
    for (const d of deploys.filter((x) => x.env === 'prod').sort((a, b) => a.time - b.time)) {
      const group = groupOf({ project: d.project, service: d.service ?? null });
      expected.set(group, [...(expected.get(group) ?? []), [d.time, d.status]]);
    }
    // Same-millisecond deploys of one group are not in this dataset, so each group's order is exact.
    expect(new Set([...expected.values()].flatMap((list) => list.map(([t]) => t))).size).toBeLessThan(300);
    expect(Object.fromEntries(byGroup)).toEqual(Object.fromEntries(expected));
  });

  it('filters by a tag value that needs escaping, and hands nothing for a filter matching nothing', async () => {
    const rows = await collect(getStore(), { ...prod, where: { env: ['prod'], project: ['a b,c'], service: ['web=1'] } });
    expect(rows.map((r) => r.values)).toEqual(deploys.filter((d) => d.project === 'a b,c' && d.service === 'web=1').map((d) => ({ project: 'a b,c', service: 'web=1', status: d.status })));
    expect(rows.length).toBeGreaterThan(0);
    const none = jest.fn();
    await getStore().scan({ ...prod, where: { project: [] } }, none);
    expect(none).not.toHaveBeenCalled();
  });

  it('answers a repeated scan alike (the InfluxDB store replays it from its result cache)', async () => {
    const first = await collect(getStore(), prod);
    const cache = (getStore() as { cache?: { hits: number } }).cache;
    const hits = cache?.hits ?? 0;
    expect(await collect(getStore(), prod)).toEqual(first);
    if (cache) expect(cache.hits).toBe(hits + 1);
  });

  it('rejects with the error of a fold that throws', async () => {
    let seen = 0;
    await expect(getStore().scan(prod, () => { if (++seen === 10) throw new Error('fold failed'); })).rejects.toThrow('fold failed');
    expect(seen).toBe(10);
  });
});
