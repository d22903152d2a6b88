/**
 * The store's query model -> DuckDB SQL. Identifiers come only from the storage schema
 * (schema.ts) and are quoted; every user value (tag values, times, zones) is a bound parameter.
 */
import type { Aggregate, AggregateQuery, RowsQuery, TagFilter, TimeRange } from '../Store';
import { Measurements, type FieldType, type Measurement } from '../schema';
import { daysBetween, startOfDay } from '../../time/calendar';
import { nearestRankSql } from '../percentile';

export type Param = string | number | boolean | null;

export interface Statement {
  text: string;
  params: Param[];
}

const SQL_TYPE: Record<FieldType, string> = { float: 'DOUBLE', int: 'BIGINT', string: 'VARCHAR', bool: 'BOOLEAN' };

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Columns of a measurement's table, in order: key, time_ms, tags, fields. */
export function columnsOf(measurement: Measurement): Array<{ name: string; type: string }> {
  const schema = Measurements[measurement];
  return [
    { name: 'key', type: 'VARCHAR' },
    { name: 'time_ms', type: 'BIGINT' },
    ...schema.tags.map((name) => ({ name, type: 'VARCHAR' })),
    ...Object.entries(schema.fields).map(([name, type]) => ({ name, type: SQL_TYPE[type] })),
  ];
}

/** `table`: the measurement's own table, or a copy of its layout under another name. */
export function createTable(measurement: Measurement, table: string = measurement): string {
  // No PRIMARY KEY on key: DuckDB keeps its index outside the memory limit (~800 MB of RSS at
  // 6M points, and upserts slowing to ~10k/s); writes replace by key themselves (EmbeddedStore.commit).
  const columns = columnsOf(measurement).map((c) => `${ident(c.name)} ${c.type}${c.name === 'time_ms' ? ' NOT NULL' : ''}`);
  return `CREATE TABLE IF NOT EXISTS ${ident(table)} (${columns.join(', ')})`;
}

/** A column name that must exist in the measurement (a tag or a field). */
function column(measurement: Measurement, name: string): string {
  const schema = Measurements[measurement];
  if (!schema.tags.includes(name) && !(name in schema.fields)) throw new Error(`${measurement} has no column ${name}`);
  return ident(name);
}

export const matchesNothing = (where: TagFilter | undefined) => Object.values(where ?? {}).some((v) => v.length === 0);

function where(measurement: Measurement, filter: TagFilter | undefined, range: TimeRange | undefined, params: Param[], anyFlag?: readonly string[]): string {
  const conditions: string[] = [];
  // An empty list matches nothing: the stores answer it without asking (see rows()).
  if (anyFlag?.length) conditions.push(`(${anyFlag.map((field) => `${column(measurement, field)} = 1`).join(' OR ')})`);
  if (range) {
    conditions.push('time_ms >= ? AND time_ms < ?');
    params.push(Math.floor(range.fromMs), Math.floor(range.toMs));
  }
  for (const [tag, values] of Object.entries(filter ?? {})) {
    // '' is "no such tag", as in InfluxQL (tags are never stored empty: names are non-empty).
    const named = values.filter((v) => v !== '');
    const alternatives = named.length ? [`${column(measurement, tag)} IN (${named.map(() => '?').join(', ')})`] : [];
    if (named.length < values.length) alternatives.push(`${column(measurement, tag)} IS NULL`);
    conditions.push(alternatives.length > 1 ? `(${alternatives.join(' OR ')})` : alternatives[0]);
    params.push(...named);
  }
  return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
}

function aggregateExpression(measurement: Measurement, aggregate: Aggregate): string {
  const field = column(measurement, aggregate.field);
  switch (aggregate.fn) {
    case 'count': return `count(${field})`;
    case 'distinct': return `count(DISTINCT ${field})`;
    case 'mean': return `avg(${field})`;
    case 'stddev': return `stddev_samp(${field})`;
    // The contract's nearest rank (percentile.ts).
    case 'percentile':
      return `list_sort(list(${field}) FILTER (WHERE ${field} IS NOT NULL))[${nearestRankSql(`count(${field})`, aggregate.p)}]`;
    default: return `${aggregate.fn}(${field})`;
  }
}

/** Selects `__n` (points in the group) too, so empty results can be dropped. */
export function aggregateStatement(query: AggregateQuery): Statement {
  const params: Param[] = [];
  const { measurement } = query;
  const select: string[] = [];
  const groups: string[] = [];
  const from = ident(measurement);
  if (query.bucket?.unit === 'day') {
    if (!query.range) throw new Error('day buckets need a time range');
    select.push(`${dayBucketSql(query.range, query.bucket.tz)} AS __bucket`);
    groups.push('__bucket');
  } else if (query.bucket) {
    const width = query.bucket.unit === 'minute' ? 60_000 : 3_600_000;
    select.push(`(time_ms // ${width}) * ${width} AS __bucket`);
    groups.push('__bucket');
  }
  (query.groupBy ?? []).forEach((tag, i) => {
    select.push(`coalesce(${column(measurement, tag)}, '') AS __g${i}`);
    groups.push(`__g${i}`);
  });
  for (const [name, aggregate] of Object.entries(query.select)) select.push(`${aggregateExpression(measurement, aggregate)} AS ${ident(name)}`);
  select.push('count(*) AS __n');
  let text = `SELECT ${select.join(', ')} FROM ${from}${where(measurement, query.where, query.range, params)}`;
  if (groups.length) text += ` GROUP BY ${groups.join(', ')} ORDER BY ${groups.join(', ')}`;
  return { text, params };
}

const DAY_MS = 86_400_000;

/**
 * The start of the local day holding time_ms, as arithmetic on it: local midnights are computed
 * here, and each run of 24-hour days starting from one of them is floor division, so the
 * expression is one branch in UTC and a few where daylight saving time changes (a 23- or 25-hour
 * day is a branch of its own). Neither alternative bounds memory or time at 10M rows: DuckDB's
 * time_bucket with a zone converts every row through ICU (~20 s per million rows), and an ASOF
 * join against the midnights sorts every row in the range (3.2 s and ~250 MB beyond the cache at
 * 10M rows, "failed to pin block" at a 128 MB limit; README, Benchmark). The numbers are our own
 * integers; rows before the first midnight are outside the range (WHERE).
 */
export function dayBucketSql(range: TimeRange, tz: string): string {
  const days = daysBetween(startOfDay(range.fromMs, tz), startOfDay(Math.max(range.fromMs, range.toMs - 1), tz), tz);
  const runs: Array<{ fromMs: number; toMs: number; regular: boolean }> = [];
  for (const day of days) {
    const regular = day.toMs - day.fromMs === DAY_MS;
    const last = runs[runs.length - 1];
    if (last && regular && last.regular && last.toMs === day.fromMs) last.toMs = day.toMs;
    else runs.push({ fromMs: day.fromMs, toMs: day.toMs, regular });
  }
  const bucket = (run: (typeof runs)[number]) => (run.regular
    ? `((time_ms - ${run.fromMs.toFixed(0)}) // ${DAY_MS}) * ${DAY_MS} + ${run.fromMs.toFixed(0)}`
    : `${run.fromMs.toFixed(0)}::BIGINT`);
  if (runs.length === 1) return bucket(runs[0]);
  const branches = runs.slice(0, -1).map((run) => `WHEN time_ms < ${run.toMs.toFixed(0)} THEN ${bucket(run)}`);
  return `CASE ${branches.join(' ')} ELSE ${bucket(runs[runs.length - 1])} END`;
}

export function rowsStatement(query: RowsQuery): Statement {
  const params: Param[] = [];
  const columns = query.columns.map((c) => column(query.measurement, c));
  const direction = query.order === 'desc' ? 'DESC' : 'ASC';
  let text = `SELECT time_ms, ${columns.join(', ')} FROM ${ident(query.measurement)}${where(query.measurement, query.where, query.range, params, query.anyFlag)}`;
  text += ` ORDER BY time_ms ${direction}, key ${direction}`;
  if (query.limit !== undefined) { text += ' LIMIT ?'; params.push(Math.floor(query.limit)); }
  if (query.offset) { text += ' OFFSET ?'; params.push(Math.floor(query.offset)); }
  return { text, params };
}

export function countStatement(query: Pick<RowsQuery, 'measurement' | 'where' | 'range'>): Statement {
  const params: Param[] = [];
  return { text: `SELECT count(*) AS n FROM ${ident(query.measurement)}${where(query.measurement, query.where, query.range, params)}`, params };
}

export function tagValuesStatement(measurement: Measurement, tag: string, filter?: TagFilter): Statement {
  const params: Param[] = [];
  const t = column(measurement, tag);
  const w = where(measurement, filter, undefined, params);
  return { text: `SELECT DISTINCT ${t} AS v FROM ${ident(measurement)}${w ? `${w} AND` : ' WHERE'} ${t} IS NOT NULL ORDER BY v`, params };
}
