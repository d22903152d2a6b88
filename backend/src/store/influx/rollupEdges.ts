/**
 * Ranges that do not start or end on a whole grain of a rollup (rollups.ts): a ROMA range ends
 * 1 ms after its last whole second, a Grafana range wherever `now` was. The rollups answer the
 * whole grains inside the range and the raw points the partial grains at its ends (under two
 * grains of raw points, a minute of calls for API traffic); the parts' rows then combine, bucket
 * by bucket and group by group, as counts, sums, maxima and minima do exactly. A query asking
 * anything else (a mean, a median, ...) reads the raw points as before.
 */
import type { Aggregate, AggregateQuery, AggregateRow } from '../Store';
import { GRAIN_MS, RollupSpecs } from './rollupSchema';
import { grainOf, rollupQuery } from './rollups';

type Combinable = Extract<Aggregate['fn'], 'count' | 'sum' | 'max' | 'min'>;
const COMBINE: Record<Combinable, (a: number, b: number) => number> = {
  count: (a, b) => a + b, sum: (a, b) => a + b, max: Math.max, min: Math.min,
};
const combinable = (aggregate: Aggregate) => aggregate.fn in COMBINE;

/** The whole grains of the range (answered by rollups) and the partial ones at its ends. */
export interface GrainSplit {
  readonly inner: AggregateQuery;
  readonly edges: AggregateQuery[];
}

/** A split when the range is not on whole grains but its inner whole grains are answered by rollups. */
export function splitAtGrains(query: AggregateQuery): GrainSplit | undefined {
  const spec = RollupSpecs[query.measurement];
  if (!spec || !query.range || !Object.values(query.select).every(combinable)) return undefined;
  const grainMs = GRAIN_MS[grainOf(spec)];
  const { fromMs, toMs } = query.range;
  const innerFrom = Math.ceil(fromMs / grainMs) * grainMs;
  const innerTo = Math.floor(toMs / grainMs) * grainMs;
  if ((innerFrom === fromMs && innerTo === toMs) || innerTo <= innerFrom) return undefined;
  const inner: AggregateQuery = { ...query, range: { fromMs: innerFrom, toMs: innerTo } };
  const rollup = rollupQuery(inner);
  if (!rollup || rollup.rest) return undefined;
  const edges = [[fromMs, innerFrom], [innerTo, toMs]]
    .filter(([from, to]) => to > from)
    .map(([from, to]): AggregateQuery => ({ ...query, range: { fromMs: from, toMs: to } }));
  return { inner, edges };
}

/**
 * The parts' rows as one answer: rows of the same bucket and group combined; ordered by group,
 * then bucket, as InfluxDB orders one query's series and their points.
 */
export function combineRows(query: AggregateQuery, parts: AggregateRow[][]): AggregateRow[] {
  const rows = new Map<string, AggregateRow & { values: Record<string, number | null> }>();
  for (const row of parts.flat()) {
    const key = JSON.stringify([row.bucketMs ?? null, row.group]);
    const seen = rows.get(key);
    if (!seen) {
      rows.set(key, { ...row, values: { ...row.values } });
      continue;
    }
    for (const [name, aggregate] of Object.entries(query.select)) {
      const [a, b] = [seen.values[name], row.values[name]];
      seen.values[name] = a === null || a === undefined ? b : b === null || b === undefined ? a : COMBINE[aggregate.fn as Combinable](a, b);
    }
  }
  const tags = [...(query.groupBy ?? [])].sort();
  const byGroup = (x: AggregateRow, y: AggregateRow) => {
    for (const tag of tags) {
      if (x.group[tag] !== y.group[tag]) return x.group[tag] < y.group[tag] ? -1 : 1;
    }
    return 0;
  };
  return [...rows.values()].sort((x, y) => byGroup(x, y) || (x.bucketMs ?? 0) - (y.bucketMs ?? 0));
}
