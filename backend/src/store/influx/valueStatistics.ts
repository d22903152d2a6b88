/**
 * Order statistics (median, percentiles, stddev) computed here from one field's values, rather
 * than by InfluxDB's MEDIAN, PERCENTILE and STDDEV. InfluxDB 1.x builds an iterator per
 * aggregate, series and shard, so CircleCI's median, p95, stddev and count of one project's
 * 90 days of durations took 31-140 ms where reading the durations once took 14-33 ms; the
 * nearest-rank p95 also needs no second query (percentile.ts). The values are read per group,
 * at most VALUES_PER_GROUP each: a group with more is answered by InfluxDB's aggregates as
 * before, which keep the service's memory bounded. The same statistics are computed from the
 * values rollup points keep (keptValueRows: DORA's lead times, rollupSchema.ts `valued`).
 */
import type { Aggregate, AggregateQuery, AggregateRow } from '../Store';
import { nearestRank } from '../percentile';
import type { Series } from './client';
import { ident, whereClause } from './influxql';
import { seriesGroup } from './lineProtocol';
import { bucketOf } from './rollupEdges';
import { rollupField } from './rollupSchema';

/** ~0.4 MB of JSON a group; CircleCI's busiest workflows run a few hundred times a day. */
export const VALUES_PER_GROUP = 20_000;

const ORDER_STATISTICS = new Set<Aggregate['fn']>(['median', 'percentile', 'stddev']);
const FROM_VALUES = new Set<Aggregate['fn']>([...ORDER_STATISTICS, 'count', 'sum', 'mean', 'min', 'max']);

/**
 * The InfluxQL reading the values of the one field a query's aggregates are all of, when it asks
 * no time buckets (a summary: one row per group) and two order statistics or a percentile;
 * otherwise undefined. One MEDIAN alone is one iterator, as the values are, and its answer far
 * smaller: DORA's median lead time over 28,000 deploys in 1,000 series took 0.18 s, their values 0.23 s.
 */
export function valuesQuery(query: AggregateQuery): string | undefined {
  const aggregates = Object.values(query.select);
  const field = aggregates[0]?.field;
  const ordered = aggregates.filter((a) => ORDER_STATISTICS.has(a.fn));
  if (query.bucket || !aggregates.every((a) => a.field === field && FROM_VALUES.has(a.fn))) return undefined;
  if (ordered.length < 2 && !ordered.some((a) => a.fn === 'percentile')) return undefined;
  const groupBy = query.groupBy?.length ? ` GROUP BY ${query.groupBy.map(ident).join(', ')}` : '';
  return `SELECT ${ident(field)} FROM ${ident(query.measurement)}${whereClause(query.where, query.range)}${groupBy} LIMIT ${VALUES_PER_GROUP + 1}`;
}

/** The rows of a values query's answer, as InfluxDB's aggregates would give them; undefined when a group was cut at the limit. */
export function aggregateValues(query: AggregateQuery, series: Series[]): AggregateRow[] | undefined {
  if (series.some((s) => s.values.length > VALUES_PER_GROUP)) return undefined;
  return series.map((s) => {
    const column = s.columns.indexOf(Object.values(query.select)[0].field);
    const inTimeOrder = Float64Array.from(s.values.map((row) => Number(row[column])));
    const sorted = Float64Array.from(inTimeOrder).sort();
    const group = seriesGroup(query.groupBy, s);
    return { group, values: Object.fromEntries(Object.entries(query.select).map(([name, aggregate]) => [name, statistic(aggregate, inTimeOrder, sorted)])) };
  });
}

/**
 * The medians and percentiles of `rest` from the values rollup points keep (RollupSpec.valued;
 * the query RollupQuery.valuesText), per bucket and group; undefined when a point's values are
 * not all kept (too many, or written by an earlier layout), and the raw points must answer.
 */
export function keptValueRows(query: AggregateQuery, rest: AggregateQuery['select'], series: Series[]): AggregateRow[] | undefined {
  const fields = [...new Set(Object.values(rest).map((a) => a.field))];
  const rows = new Map<string, { bucketMs?: number; group: Record<string, string>; values: Map<string, number[]> }>();
  for (const s of series) {
    const group = seriesGroup(query.groupBy, s);
    const columns = fields.map((field) => [field, s.columns.indexOf(rollupField('values', field)), s.columns.indexOf(rollupField('count', field))] as const);
    for (const point of s.values) {
      const bucketMs = query.bucket ? bucketOf(Number(point[0]), query.bucket) : undefined;
      const key = JSON.stringify([bucketMs ?? null, group]);
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { ...(bucketMs === undefined ? {} : { bucketMs }), group, values: new Map(fields.map((f) => [f, []])) }));
      for (const [field, text, count] of columns) {
        const n = Number(point[count] ?? 0);
        if (n === 0) continue;
        const kept = typeof point[text] === 'string' ? (point[text] as string).split(',') : [];
        if (kept.length !== n) return undefined;
        const list = row.values.get(field)!;
        for (const value of kept) list.push(Number(value));
      }
    }
  }
  return [...rows.values()].map(({ values, ...row }) => ({
    ...row,
    values: Object.fromEntries(Object.entries(rest).map(([name, aggregate]) => {
      const list = Float64Array.from(values.get(aggregate.field)!);
      return [name, statistic(aggregate, list, Float64Array.from(list).sort())];
    })),
  }));
}

/**
 * One aggregate of the values, as InfluxDB answers it (the percentile at the contract's nearest
 * rank). Sums and means add in time order, as InfluxDB's reducers do, to the same last digit.
 */
function statistic(aggregate: Aggregate, inTimeOrder: Float64Array, sorted: Float64Array): number | null {
  const n = sorted.length;
  if (aggregate.fn === 'count') return n;
  if (n === 0) return null;
  const sum = () => inTimeOrder.reduce((total, v) => total + v, 0);
  switch (aggregate.fn) {
    case 'sum': return sum();
    case 'mean': return sum() / n;
    case 'min': return sorted[0];
    case 'max': return sorted[n - 1];
    case 'median': return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    case 'percentile': return sorted[nearestRank(n, aggregate.p) - 1];
    case 'stddev': {
      // Sample standard deviation around a running mean, as InfluxDB 1.x's; null for one value.
      if (n < 2) return null;
      let mean = 0;
      inTimeOrder.forEach((v, i) => { mean += (v - mean) / (i + 1); });
      return Math.sqrt(inTimeOrder.reduce((total, v) => total + (v - mean) ** 2, 0) / (n - 1));
    }
    default: return null;
  }
}
