/**
 * Ranges that do not start or end on a whole grain of a rollup (rollups.ts): a ROMA range ends
 * 1 ms after its last whole second, a Grafana range wherever `now` was. The rollups answer the
 * whole grains inside the range and the raw points the partial grains at its ends (under two
 * grains of raw points, a minute of calls for API traffic); the parts' rows then combine, bucket
 * by bucket and group by group, as counts, sums, maxima and minima do exactly. A query asking
 * anything else (a mean, a median, ...) reads the raw points as before.
 *
 * An edge's few points are read as they are and aggregated here: InfluxDB 1.x opens a cursor
 * per aggregate, series and file however few points a range holds, so API traffic's 15
 * aggregates took ~55 ms over one minute of 10 series, its 10 fields read raw ~20-40 ms.
 */
import { startOfDay } from '../../time/calendar';
import type { Aggregate, AggregateQuery, AggregateRow } from '../Store';
import type { Series } from './client';
import { ident, whereClause } from './influxql';
import { seriesGroup } from './lineProtocol';
import { GRAIN_MS, RollupSpecs, type Grain } from './rollupSchema';
import { unstoredStatus } from './storedSchema';
import { onWholeGrains, rollupQuery, type RollupQuery } from './rollups';

type Combinable = Extract<Aggregate['fn'], 'count' | 'sum' | 'max' | 'min'>;
const COMBINE: Record<Combinable, (a: number, b: number) => number> = {
  count: (a, b) => a + b, sum: (a, b) => a + b, max: Math.max, min: Math.min,
};
const combinable = (aggregate: Aggregate) => aggregate.fn in COMBINE;

/** The parts of a range: whole grains (answered by rollups, each its level) and partial ones at its ends. */
export interface GrainSplit {
  readonly rollups: Array<{ readonly part: AggregateQuery; readonly rollup: RollupQuery }>;
  readonly edges: AggregateQuery[];
  /**
   * The aggregates that do not combine over parts (a mean, median, percentile, stddev), which
   * the raw points answer over the whole range, in a query of their own (its fields only).
   */
  readonly rest?: AggregateQuery['select'];
}

/**
 * A split when the range is not on whole grains of the coarsest level its buckets allow, but
 * parts of it are: the whole hours of a day of traffic from the hourly level, the whole minutes
 * of the partial hours at its ends from the minute level, the partial minutes from the raw
 * points. An edge of a delivery kind counts its statuses from the status field its raw points
 * keep instead of one-hot fields (storedSchema.ts).
 */
export function splitAtGrains(query: AggregateQuery): GrainSplit | undefined {
  const spec = RollupSpecs[query.measurement];
  if (!spec || !query.range) return undefined;
  const entries = Object.entries(query.select);
  const [combined, rest] = [entries.filter(([, a]) => combinable(a)), entries.filter(([, a]) => !combinable(a))];
  if (combined.length === 0) return undefined;
  const split = partsOf({ ...query, select: Object.fromEntries(combined) }, query.range, [...spec.grains].reverse());
  // On whole grains of one level, rollupQuery answers it all (a mean too, as sum / count).
  const whole = split.rollups.length === 1 && split.edges.length === 0 && split.rollups[0].part.range === query.range;
  if (split.rollups.length === 0 || whole) return undefined;
  return rest.length ? { ...split, rest: Object.fromEntries(rest) } : split;
}

/** The range in parts, coarsest grain first: the whole grains inside, then its ends at finer grains. */
function partsOf(query: AggregateQuery, range: { fromMs: number; toMs: number }, grains: readonly Grain[]): GrainSplit {
  const { fromMs, toMs } = range;
  if (toMs <= fromMs) return { rollups: [], edges: [] };
  for (const [i, grain] of grains.entries()) {
    const grainMs = GRAIN_MS[grain];
    const inner = { fromMs: Math.ceil(fromMs / grainMs) * grainMs, toMs: Math.floor(toMs / grainMs) * grainMs };
    if (inner.toMs <= inner.fromMs) continue;
    const whole = inner.fromMs === fromMs && inner.toMs === toMs ? range : inner;
    const part: AggregateQuery = { ...query, range: whole };
    // Buckets finer than the grain, or day buckets not on it: a finer level. An aggregate the
    // rollups do not keep (a minimum) reads the raw points of the whole range instead.
    const rollup = onWholeGrains(part, grain) ? rollupQuery(part) : undefined;
    if (!rollup || rollup.rest) continue;
    const finer = grains.slice(i + 1);
    const [before, after] = [partsOf(query, { fromMs, toMs: inner.fromMs }, finer), partsOf(query, { fromMs: inner.toMs, toMs }, finer)];
    return { rollups: [{ part, rollup }, ...before.rollups, ...after.rollups], edges: [...before.edges, ...after.edges] };
  }
  return { rollups: [], edges: [{ ...query, range }] };
}

/**
 * The parts' rows as one answer: rows of the same bucket and group combined; ordered by group,
 * then bucket, as InfluxDB orders one query's series and their points.
 */
export function combineRows(query: AggregateQuery, parts: AggregateRow[][]): AggregateRow[] {
  const tags = [...(query.groupBy ?? [])].sort();
  // A join, not JSON: thousands of rows (a day by minute); tag values hold no NUL.
  const keyOf = (row: AggregateRow) => [row.bucketMs ?? '', ...tags.map((tag) => row.group[tag])].join('\u0000');
  const rows = new Map<string, AggregateRow>();
  for (const row of parts.flat()) {
    const key = keyOf(row);
    const seen = rows.get(key);
    if (!seen) {
      rows.set(key, row);
      continue;
    }
    const values: Record<string, number | null> = { ...seen.values };
    for (const [name, aggregate] of Object.entries(query.select)) {
      const [a, b] = [values[name], row.values[name]];
      values[name] = a === null || a === undefined ? b : b === null || b === undefined ? a : COMBINE[aggregate.fn as Combinable](a, b);
    }
    rows.set(key, { ...seen, values });
  }
  const byGroup = (x: AggregateRow, y: AggregateRow) => {
    for (const tag of tags) {
      if (x.group[tag] !== y.group[tag]) return x.group[tag] < y.group[tag] ? -1 : 1;
    }
    return 0;
  };
  return [...rows.values()].sort((x, y) => byGroup(x, y) || (x.bucketMs ?? 0) - (y.bucketMs ?? 0));
}

/**
 * The field an edge reads for an aggregate: the status for a one-hot field its raw points do
 * not store (a point has the status or not: 1 or 0).
 */
const readField = (edge: AggregateQuery, field: string) => (unstoredStatus(edge.measurement, field) === undefined ? field : 'status');

/** The InfluxQL reading an edge's points: each field its aggregates name, once; grouped as asked. */
export function edgePointsQuery(edge: AggregateQuery): string {
  const fields = [...new Set(Object.values(edge.select).map((aggregate) => readField(edge, aggregate.field)))];
  const groupBy = edge.groupBy?.length ? ` GROUP BY ${edge.groupBy.map(ident).join(', ')}` : '';
  return `SELECT ${fields.map(ident).join(', ')} FROM ${ident(edge.measurement)}${whereClause(edge.where, edge.range)}${groupBy}`;
}

/** The start of the bucket of an instant, as InfluxQL's time(1m|1h) and time(1d) tz(...) place it. */
export function bucketOf(ms: number, bucket: NonNullable<AggregateQuery['bucket']>): number {
  if (bucket.unit === 'day') return startOfDay(ms, bucket.tz);
  return Math.floor(ms / GRAIN_MS[bucket.unit]) * GRAIN_MS[bucket.unit];
}

/**
 * An edge's points (edgePointsQuery) as aggregate rows: per series (group) and bucket, a row
 * once any point is in it; a count is of the points that have the field, and a sum, maximum or
 * minimum of no values is null, as InfluxDB answers them.
 */
export function aggregatePoints(edge: AggregateQuery, series: Series[]): AggregateRow[] {
  const select = Object.entries(edge.select);
  const rows: AggregateRow[] = [];
  for (const s of series) {
    const group = seriesGroup(edge.groupBy, s);
    const columns = select.map(([, aggregate]) => s.columns.indexOf(readField(edge, aggregate.field)));
    const statuses = select.map(([, aggregate]) => unstoredStatus(edge.measurement, aggregate.field));
    const buckets = new Map<number, Record<string, number | null>>();
    for (const point of s.values) {
      const key = edge.bucket ? bucketOf(Number(point[0]), edge.bucket) : 0;
      let values = buckets.get(key);
      if (!values) buckets.set(key, (values = Object.fromEntries(select.map(([name, aggregate]) => [name, aggregate.fn === 'count' ? 0 : null]))));
      select.forEach(([name, aggregate], i) => {
        const raw = point[columns[i]];
        if (raw === null || raw === undefined) return;
        const status = statuses[i];
        const value = aggregate.fn === 'count' ? 1 : status === undefined ? Number(raw) : Number(raw === status);
        const seen = values![name];
        values![name] = seen === null ? value : COMBINE[aggregate.fn as Combinable](seen, value);
      });
    }
    for (const [bucketMs, values] of buckets) rows.push({ ...(edge.bucket ? { bucketMs } : {}), group, values });
  }
  return rows;
}
