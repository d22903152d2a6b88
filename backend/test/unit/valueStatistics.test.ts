/**
 * Order statistics computed from a field's values (store/influx/valueStatistics.ts): the same
 * numbers as InfluxDB's aggregates (checked against influxd in backend/test/store), the
 * contract's nearest-rank percentile, and InfluxDB's own aggregates for a group over the limit.
 */
import type { AggregateQuery } from '../../src/store/Store';
import { aggregateValues, valuesQuery, VALUES_PER_GROUP } from '../../src/store/influx/valueStatistics';

const query: AggregateQuery = {
  measurement: 'workflow_run', where: { project_slug: ['gh/acme/api'] }, range: { fromMs: 0, toMs: 1000 }, groupBy: ['workflow'],
  select: { n: { fn: 'count', field: 'duration' }, median: { fn: 'median', field: 'duration' }, p95: { fn: 'percentile', field: 'duration', p: 95 }, sd: { fn: 'stddev', field: 'duration' } },
};
const series = (workflow: string, values: number[]) => ({ name: 'workflow_run', tags: { workflow }, columns: ['time', 'duration'], values: values.map((v, i) => [i, v]) });

describe('order statistics from values', () => {
  it('read one field per group, limited, only for order statistics without buckets', () => {
    expect(valuesQuery(query)).toBe(`SELECT "duration" FROM "workflow_run" WHERE time >= 0ms AND time < 1000ms AND ("project_slug" = 'gh/acme/api') GROUP BY "workflow" LIMIT ${VALUES_PER_GROUP + 1}`);
    expect(valuesQuery({ ...query, select: { n: { fn: 'count', field: 'duration' }, mean: { fn: 'mean', field: 'duration' } } })).toBeUndefined();
    expect(valuesQuery({ ...query, select: { ...query.select, ids: { fn: 'count', field: 'id' } } })).toBeUndefined();
    expect(valuesQuery({ ...query, bucket: { unit: 'day', tz: 'UTC' } })).toBeUndefined();
    // One median alone: InfluxDB's MEDIAN is one iterator, its answer one number.
    expect(valuesQuery({ ...query, select: { median: { fn: 'median', field: 'duration' }, mean: { fn: 'mean', field: 'duration' } } })).toBeUndefined();
    expect(valuesQuery({ ...query, select: { p95: { fn: 'percentile', field: 'duration', p: 95 } } })).toBeDefined();
  });

  it('give the median of an even count as the mean of the middle two, the nearest-rank p95 and a sample stddev (none of one value)', () => {
    const values = [10, 1, 4, 2, ...Array.from({ length: 16 }, (_, i) => 100 + i)];
    const rows = aggregateValues(query, [series('build', values), series('deploy', [5])])!;
    const sorted = [...values].sort((a, b) => a - b);
    // 20 values: p95 at rank ceil(19) = 19; the median is the mean of the 10th and 11th.
    expect(rows[0]).toEqual({ group: { workflow: 'build' }, values: { n: 20, median: (sorted[9] + sorted[10]) / 2, p95: sorted[18], sd: expect.closeTo(Math.sqrt(values.reduce((t, v) => t + (v - values.reduce((a, b) => a + b) / 20) ** 2, 0) / 19), 9) } });
    expect(rows[1]).toEqual({ group: { workflow: 'deploy' }, values: { n: 1, median: 5, p95: 5, sd: null } });
    // 14 values: the nearest rank is ceil(13.3) = 14, where InfluxDB's PERCENTILE picks floor(13.8) = 13.
    const fourteen = Array.from({ length: 14 }, (_, i) => i + 1);
    expect(aggregateValues(query, [series('build', fourteen)])![0].values.p95).toBe(14);
  });

  it('leave a group over the limit to InfluxDB\'s aggregates', () => {
    expect(aggregateValues(query, [series('build', Array.from({ length: VALUES_PER_GROUP + 1 }, (_, i) => i))])).toBeUndefined();
    expect(aggregateValues(query, [series('build', Array.from({ length: VALUES_PER_GROUP }, (_, i) => i))])).toHaveLength(1);
  });
});
