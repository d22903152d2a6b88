/**
 * The store's query model -> InfluxQL. Every identifier is double-quoted and every string
 * literal single-quoted with escaping, so user strings (tag values in filters, zone names)
 * are data, never syntax.
 */
import type { Aggregate, AggregateQuery, RowsQuery, TagFilter, TimeRange } from '../Store';
import { storedTagValue } from './lineProtocol';
import { Measurements } from '../schema';

export const ident = (name: string) => `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
export const literal = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** A tag value as stored (see lineProtocol.storedTagValue), as a literal. */
const tagLiteral = (value: string) => literal(storedTagValue(value));

const BUCKET = { minute: '1m', hour: '1h', day: '1d' } as const;

/** Filters with an empty value list match nothing; the store answers those without asking InfluxDB. */
export const matchesNothing = (where: TagFilter | undefined) => Object.values(where ?? {}).some((v) => v.length === 0);

/**
 * Conditions on fields: a point matches when one of its one-hot flags is 1 or its status is one
 * of those listed (the InfluxDB store asks by status where it does not store the flags,
 * storedSchema.ts). Fields are not indexed: InfluxDB reads them to decide.
 */
export interface FieldConditions {
  readonly anyFlag?: readonly string[];
  readonly anyStatus?: readonly string[];
}

export function whereClause(where: TagFilter | undefined, range: TimeRange | undefined, fields: FieldConditions = {}): string {
  const conditions: string[] = [];
  // An empty list matches nothing: the stores answer it without asking (see rows()).
  const anyOf = [
    ...(fields.anyFlag ?? []).map((field) => `${ident(field)} = 1`),
    ...(fields.anyStatus ?? []).map((status) => `${ident('status')} = ${literal(status)}`),
  ];
  if (anyOf.length) conditions.push(`(${anyOf.join(' OR ')})`);
  if (range) conditions.push(`time >= ${Math.floor(range.fromMs)}ms AND time < ${Math.floor(range.toMs)}ms`);
  for (const [tag, values] of Object.entries(where ?? {})) {
    conditions.push(`(${values.map((v) => `${ident(tag)} = ${tagLiteral(v)}`).join(' OR ')})`);
  }
  return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
}

function aggregateExpression(aggregate: Aggregate): string {
  const field = ident(aggregate.field);
  switch (aggregate.fn) {
    case 'distinct': return `COUNT(DISTINCT(${field}))`;
    case 'percentile': return `PERCENTILE(${field}, ${percentLiteral(aggregate.p)})`;
    default: return `${aggregate.fn.toUpperCase()}(${field})`;
  }
}

/** Digits enough for a p' that picks one rank of millions (percentile.ts). */
const percentLiteral = (p: number) => (Number.isInteger(p) ? String(p) : Number(p).toFixed(12));

/** The hidden COUNT() selected beside a percentile (see aggregateQuery). */
export const countOf = (name: string) => `__n_${name}`;

/**
 * Beside each PERCENTILE, the COUNT of its field: InfluxDB's rank is not the contract's for
 * some N (see percentile.ts), and the store corrects those rows knowing N.
 */
export function aggregateQuery(query: AggregateQuery, fields?: FieldConditions): { text: string; names: string[] } {
  const names = Object.keys(query.select);
  const expressions = names.map((name) => `${aggregateExpression(query.select[name])} AS ${ident(name)}`);
  for (const name of names) {
    const aggregate = query.select[name];
    if (aggregate.fn === 'percentile') expressions.push(`COUNT(${ident(aggregate.field)}) AS ${ident(countOf(name))}`);
  }
  const select = expressions.join(', ');
  const groups = [...(query.bucket ? [`time(${BUCKET[query.bucket.unit]})`] : []), ...(query.groupBy ?? []).map(ident)];
  let text = `SELECT ${select} FROM ${ident(query.measurement)}${whereClause(query.where, query.range, fields)}`;
  if (groups.length) text += ` GROUP BY ${groups.join(', ')}`;
  if (query.bucket) text += ` fill(none)`;
  if (query.bucket?.unit === 'day') text += ` tz(${literal(query.bucket.tz)})`;
  return { text, names };
}

/**
 * Fields every point has: the id, and the status of the kinds that have one (the contract
 * requires it).
 */
const everyPointHas = (measurement: RowsQuery['measurement']) => ['id', ...('status' in Measurements[measurement].fields ? ['status'] : [])];

/**
 * InfluxQL leaves out a point whose selected fields are all null, so a field every point has is
 * always selected: the id, unless the columns hold one already (DORA's deploys in order select
 * their status; the id as well made that answer ~20% larger and ~14% slower).
 */
export function rowsQuery(query: RowsQuery, fields: FieldConditions = { anyFlag: query.anyFlag }): string {
  const always = everyPointHas(query.measurement);
  const columns = query.columns.some((column) => always.includes(column)) ? query.columns : [...query.columns, 'id'];
  let text = `SELECT ${columns.map(ident).join(', ')} FROM ${ident(query.measurement)}${whereClause(query.where, query.range, fields)}`;
  text += ` ORDER BY time ${query.order === 'desc' ? 'DESC' : 'ASC'}`;
  if (query.limit !== undefined) text += ` LIMIT ${Math.floor(query.limit)}`;
  if (query.offset) text += ` OFFSET ${Math.floor(query.offset)}`;
  return text;
}

/** Counting points needs a field every point has: the id. */
export function countQuery(query: Pick<RowsQuery, 'measurement' | 'where' | 'range'>): string {
  return `SELECT COUNT(${ident('id')}) FROM ${ident(query.measurement)}${whereClause(query.where, query.range)}`;
}

export function tagValuesQuery(measurement: string, tag: string, where?: TagFilter): string {
  return `SHOW TAG VALUES FROM ${ident(measurement)} WITH KEY = ${ident(tag)}${whereClause(where, undefined)}`;
}
