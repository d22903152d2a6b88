/**
 * The InfluxDB store: points go out as line protocol through group commit; statistics are
 * compiled to InfluxQL so InfluxDB does the aggregating.
 */
import type { Logger } from 'pino';
import type { Point } from '../points';
import { Measurements, type Measurement } from '../schema';
import {
  StoreUnavailableError,
  type AggregateQuery, type AggregateRow, type Row, type RowsQuery, type Store, type StoreHealth, type StoreQuery, type TagFilter, type TimeRange,
} from '../Store';
import { InfluxClient, InfluxForbiddenError, InfluxRequestError, type InfluxConnection, type Series } from './client';
import { GroupCommit } from './groupCommit';
import { LineBatch } from './lineBatch';
import { decodeTagValue, LineBuffer, seriesGroup } from './lineProtocol';
import { aggregateQuery, countOf, countQuery, matchesNothing, rowsQuery, tagValuesQuery } from './influxql';
import { flagsAsStatuses, splitStatusCounts, statusScans, type StatusCount } from './storedSchema';
import { influxPercentileForRank, influxRank, nearestRank } from '../percentile';
import { Rollups, rollupQuery, type RollupQuery } from './rollups';
import { aggregatePoints, combineRows, edgePointsQuery, splitAtGrains, type GrainSplit } from './rollupEdges';
import { ResultCache, type ResultCacheLimits } from './resultCache';
import { aggregateValues, keptValueRows, valuesQuery } from './valueStatistics';
import { dayRowsPlan, type DayRowsPlan } from './dayRows';

export interface InfluxStoreOptions extends InfluxConnection {
  logger: Logger;
  /** Lines per /write request (InfluxDB's own advice: 5,000 to 10,000). */
  maxBatchLines?: number;
  /** Write requests in flight at once (default 2). */
  writeConcurrency?: number;
  /** Bounds of the result cache (resultCache.ts); none: answers are not cached. */
  cache?: ResultCacheLimits;
}

/** Percentile correction queries sent at once (see correctPercentiles). */
const CORRECTIONS_IN_FLIGHT = 4;

/**
 * Lines queued before a second /write starts beside the one in flight: InfluxDB's cost is
 * mostly per request, so a few lines (a webhook delivery's three) rather wait for the request
 * in flight and share the next one (GitHub deliveries: influxd CPU per delivery -30%).
 */
const PARALLEL_WRITE_LINES = 1_000;

/** Line buffers kept for reuse (each grows to a request's size, about 1 MB per 5,000 events). */
const MAX_SPARE_BUFFERS = 4;

export class InfluxStore implements Store {
  readonly kind = 'influx' as const;
  private readonly client: InfluxClient;
  private readonly writer: GroupCommit;
  private readonly logger: Logger;
  private closed = false;

  constructor(options: InfluxStoreOptions) {
    this.client = new InfluxClient(options);
    this.maxBatchLines = options.maxBatchLines ?? 10_000;
    // A 400 means InfluxDB refused some line of the request: re-sent per caller, it fails only its own.
    this.writer = new GroupCommit((body) => this.client.write(body), this.maxBatchLines, options.writeConcurrency,
      (err) => err instanceof InfluxRequestError, Math.min(PARALLEL_WRITE_LINES, this.maxBatchLines));
    this.logger = options.logger.child({ store: 'influx', database: options.database });
    this.database = options.database;
    this.cache = options.cache && new ResultCache(this.client, options.database, options.cache);
    this.rollups = new Rollups(this.client, (err) => this.logger.warn({ err: (err as Error).message }, 'recomputing rollups failed; queries will retry'));
  }

  private readonly rollups: Rollups;
  /** Answers kept for repeated questions (resultCache.ts), unless switched off. */
  readonly cache?: ResultCache;

  /** Through the cache when there is one. */
  private cached<T>(measurement: Measurement, range: TimeRange | undefined, query: unknown, run: () => Promise<T>): Promise<T> {
    return this.cache ? this.cache.answer(measurement, range, query, run) : run();
  }

  private readonly database: string;
  private readonly maxBatchLines: number;
  private readonly spareBuffers: LineBuffer[] = [];

  /** Requests sent to /write so far. */
  get writeRequests(): number {
    return this.writer.requests;
  }

  /** Shared /write requests that InfluxDB refused and that were re-sent per caller. */
  get writeSplits(): number {
    return this.writer.splits;
  }

  async open(): Promise<void> {
    const version = await this.client.ping();
    try {
      // 2.x/3.x have no CREATE DATABASE (buckets are made there); 1.x creates it if missing.
      // A non-admin 1.x user (docker-compose's) may not: the database was made for it.
      await this.client.query(`CREATE DATABASE "${this.database.replace(/["\\]/g, '\\$&')}"`, undefined);
    } catch (err) {
      if (!(err instanceof InfluxRequestError || err instanceof InfluxForbiddenError)) throw err;
      this.logger.info({ err: err.message }, 'could not create the database; expecting it to exist');
    }
    await this.rollups.open().catch((err: unknown) => {
      // Not fatal: the first query of each kind checks again, by a scan of its points.
      this.logger.warn({ err: (err as Error).message }, 'could not read the rollup state');
    });
    this.logger.info({ version }, 'connected to InfluxDB');
  }

  /**
   * Each point becomes line-protocol bytes as it comes; only the bytes wait for InfluxDB. The
   * buffers are reused once their write settled: fresh megabytes per request would make V8
   * run full garbage collections for the external memory alone.
   */
  write(points: Iterable<Point>): Promise<void> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the store is closed'));
    const batch = new LineBatch(this.spareBuffers.pop());
    const reuse = () => { if (this.spareBuffers.length < MAX_SPARE_BUFFERS) this.spareBuffers.push(batch.out); };
    try {
      for (const point of points) batch.add(point);
    } catch (err) {
      reuse();
      return Promise.reject(err);
    }
    const written = this.writer.write(batch.chunks(this.maxBatchLines));
    const ranges = batch.touched.ranges();
    written.then(() => { reuse(); if (ranges.length) this.rollups.afterWrite(ranges); }, reuse);
    return written;
  }

  async aggregate(query: AggregateQuery): Promise<AggregateRow[]> {
    if (matchesNothing(query.where)) return [];
    return this.cached(query.measurement, query.range, { aggregate: query }, () => this.aggregateUncached(query));
  }

  private async aggregateUncached(query: AggregateQuery): Promise<AggregateRow[]> {
    this.rollups.queries++;
    try {
      return await this.aggregateNow(query);
    } finally {
      this.rollups.queries--;
    }
  }

  private async aggregateNow(query: AggregateQuery): Promise<AggregateRow[]> {
    const split = splitAtGrains(query);
    const rollup = !split && rollupQuery(query);
    const fromRollups = split ? await this.aggregateSplit(query, split) : rollup ? await this.aggregateCurrentRollup(query, rollup) : undefined;
    if (fromRollups) return fromRollups;
    const values = valuesQuery(query);
    if (values) {
      const [series] = await this.client.query(values);
      const rows = aggregateValues(query, series);
      if (rows) return rows;
    }
    const rows = await this.aggregateOnce(query);
    await this.correctPercentiles(query, rows);
    return rows.map(({ counts: _counts, ...row }) => row);
  }

  /**
   * A range in parts (rollupEdges.ts): each whole-grain part from its rollup level, in the
   * request that checks the rollups are current (Rollups.read), the partial grains at the ends
   * from raw, combined; what does not combine over parts, from raw beside. The raw reads start
   * at once. Undefined when the raw points must answer.
   */
  private async aggregateSplit(query: AggregateQuery, split: GrainSplit): Promise<AggregateRow[] | undefined> {
    const { rest } = split;
    const raw = Promise.all([Promise.all(split.edges.map((edge) => this.aggregateEdge(edge))), rest ? this.aggregateUncached({ ...query, select: rest }) : []]);
    // Not awaited if the raw points answer everything instead: its failure is that answer's.
    raw.catch(() => undefined);
    const answers = await this.rollups.read(query.measurement, query.range!, split.rollups.map(({ rollup }) => rollup.text));
    if (!answers) return undefined;
    const [edges, restRows] = await raw;
    const parts = [...split.rollups.map(({ part, rollup }, i) => rollupRows(part, rollup, answers[i])), ...edges];
    if (!rest) return combineRows(query, parts);
    const combined = Object.fromEntries(Object.entries(query.select).filter(([name]) => !(name in rest)));
    return withRest(combineRows({ ...query, select: combined }, parts), restRows, rest);
  }

  /**
   * A partial grain at an end of a split range: its points, aggregated here (rollupEdges.ts).
   * An edge under a second is counted first: reading the fields costs a cursor each per series
   * (~20-40 ms for traffic) even over the 1 ms a ROMA range often ends with, which seldom holds
   * a call; a count, ~3 ms. A longer edge (the 59 s of a ROMA range's last minute) mostly holds
   * calls at gateway scale: counting it first put a round trip on the answer's critical path.
   */
  private async aggregateEdge(edge: AggregateQuery): Promise<AggregateRow[]> {
    const { fromMs, toMs } = edge.range!;
    if (toMs - fromMs < 1000) {
      const [counted] = await this.client.query(countQuery(edge));
      if (!(Number(counted[0]?.values[0]?.[1] ?? 0) > 0)) return [];
    }
    const [series] = await this.client.query(edgePointsQuery(edge));
    return aggregatePoints(edge, series);
  }

  /**
   * A query rollups answer whole (rollupQuery): its rollup statement (and the kept values' one)
   * in the request that checks the rollups are current (Rollups.read); what needs the raw
   * points (a median without kept values) beside it. Undefined when the raw points must answer.
   */
  private async aggregateCurrentRollup(query: AggregateQuery, rollup: RollupQuery): Promise<AggregateRow[] | undefined> {
    const { rest, valuesText } = rollup;
    const rawRest = rest && !valuesText ? this.aggregateUncached({ ...query, select: rest }) : undefined;
    // Not awaited if the raw points answer everything instead: its failure is that answer's.
    rawRest?.catch(() => undefined);
    const answers = await this.rollups.read(query.measurement, query.range!, valuesText ? [rollup.text, valuesText] : [rollup.text]);
    if (!answers) return undefined;
    const rows = rollupRows(query, rollup, answers[0]);
    if (!rest) return rows;
    const restRows = (valuesText && keptValueRows(query, rest, answers[1])) || (await (rawRest ?? this.aggregateUncached({ ...query, select: rest })));
    return withRest(rows, restRows, rest);
  }

  private async aggregateOnce(query: AggregateQuery): Promise<CountedRow[]> {
    const plan = statusCountPlan(query);
    if (plan) return this.aggregateByStatus(query, plan);
    const { text, names } = aggregateQuery(query);
    const [series] = await this.client.query(text);
    return readRows(query, series, (column) => ({
      values: Object.fromEntries(names.map((name) => [name, column(name)])),
      counts: Object.fromEntries(names.filter((name) => query.select[name].fn === 'percentile').map((name) => [name, column(countOf(name)) ?? 0])),
    }));
  }

  /**
   * Status counts where the raw points store no one-hot fields (storedSchema.ts): the other
   * aggregates and each row's points (every point has a status) in one query, whose rows are
   * therefore all the rows, as when the one-hot fields (0 or 1 on every point) were summed; then
   * one query per status asked for, counting the points with it, merged by row (0 where none;
   * the last status from the points less the others when all are asked, statusScans). The
   * queries run at once: on an idle influxd each takes a core.
   */
  private async aggregateByStatus(query: AggregateQuery, { counts, main, scans, derived }: StatusCountPlan): Promise<CountedRow[]> {
    const scanned = scans.map(({ status }) => status);
    const [rows, ...perStatus] = await Promise.all([
      this.aggregateOnce(main),
      ...scans.map(async ({ text }) => {
        const [series] = await this.client.query(text);
        return new Map(readRows(query, series, (column) => ({ points: column(POINTS) ?? 0 })).map((row) => [rowKey(row), row.points]));
      }),
    ]);
    const byStatus = new Map(scanned.map((status, i) => [status, perStatus[i]]));
    for (const row of rows) {
      const points = row.values[POINTS] ?? 0;
      const key = rowKey(row);
      const count = (status: string) => byStatus.get(status)?.get(key) ?? 0;
      const value = ({ fn, status }: StatusCount) => {
        if (fn === 'count') return points;
        return status === derived ? points - scanned.reduce((sum, other) => sum + count(other), 0) : count(status);
      };
      const values = Object.fromEntries(counts.map((c) => [c.name, value(c)]));
      row.values = Object.fromEntries(Object.keys(query.select).map((name) => [name, name in values ? values[name] : row.values[name]]));
    }
    return rows;
  }

  /**
   * Where InfluxDB's PERCENTILE rank differs from the contract's nearest rank k for a row's N,
   * asks again with a p' that makes InfluxDB pick rank k: one more pushed-down query per
   * distinct (percentile, N), narrowed to the groups that need it when grouped by one tag.
   */
  private async correctPercentiles(query: AggregateQuery, rows: CountedRow[]): Promise<void> {
    const pending = new Map<string, { name: string; field: string; n: number; k: number; rows: CountedRow[] }>();
    for (const row of rows) {
      for (const [name, n] of Object.entries(row.counts)) {
        const aggregate = query.select[name];
        if (aggregate.fn !== 'percentile' || n === 0) continue;
        const k = nearestRank(n, aggregate.p);
        if (k === influxRank(n, aggregate.p)) continue;
        const key = `${name}\u0000${n}`;
        const entry = pending.get(key) ?? { name, field: aggregate.field, n, k, rows: [] };
        entry.rows.push(row);
        pending.set(key, entry);
      }
    }
    const corrections = [...pending.values()].map(({ name, field, n, k, rows: targets }) => async () => {
      const tag = query.groupBy?.length === 1 ? query.groupBy[0] : undefined;
      const where = tag ? { ...query.where, [tag]: [...new Set(targets.map((row) => row.group[tag]))] } : query.where;
      const answers = await this.aggregateOnce({ ...query, where, select: { [name]: { fn: 'percentile', field, p: influxPercentileForRank(k, n) } } });
      const byKey = new Map(answers.map((row) => [rowKey(row), row.values[name]]));
      for (const row of targets) row.values[name] = byKey.get(rowKey(row)) ?? null;
    });
    // A few at a time: a bucketed query may have many distinct N.
    for (let i = 0; i < corrections.length; i += CORRECTIONS_IN_FLIGHT) {
      await Promise.all(corrections.slice(i, i + CORRECTIONS_IN_FLIGHT).map((run) => run()));
    }
  }

  /** Brings the rollups of the range up to date now (tests; an operator after a bulk import). */
  refreshRollups(measurement: Measurement, range: { fromMs: number; toMs: number }): Promise<void> {
    return this.rollups.refresh(measurement, range);
  }

  async rows(query: RowsQuery): Promise<Row[]> {
    const rows: Row[] = [];
    await this.scan(query, (row) => rows.push(row));
    return rows;
  }

  /** In InfluxDB's time order (ORDER BY time), as rows(): the answer's JSON is read whole, its row objects one at a time. */
  async scan(query: RowsQuery, each: (row: Row) => void): Promise<void> {
    if (matchesNothing(query.where) || query.anyFlag?.length === 0) return;
    const plan = dayRowsPlan(query);
    const run = (handle: (row: Row) => void) => (plan ? this.scanDayRows(query, plan, handle) : this.scanRaw(query, handle));
    await (this.cache ? this.cache.replay(query.measurement, query.range, { rows: query }, run, each) : run(each));
  }

  private async scanRaw(query: RowsQuery, each: (row: Row) => void): Promise<void> {
    const [[series]] = await this.client.query(rowsText(query));
    if (!series) return;
    const read = rowReader(series, query.columns, query.measurement);
    for (const values of series.values) each(read(values));
  }

  /**
   * The whole days from their kept rows (dayRows.ts) once current, the partial days at the ends
   * raw: all read at once, handed on in order. The raw points answer all while days are stale.
   */
  private async scanDayRows(query: RowsQuery, plan: DayRowsPlan, each: (row: Row) => void): Promise<void> {
    const collect = async (edge: RowsQuery | undefined) => {
      const rows: Row[] = [];
      if (edge) await this.scanRaw(edge, (row) => rows.push(row));
      return rows;
    };
    const edges = Promise.all([collect(plan.before), collect(plan.after)]);
    edges.catch(() => undefined);
    const answers = await this.rollups.read(query.measurement, query.range!, [plan.text]);
    if (!answers) return this.scanRaw(query, each);
    const [before, after] = await edges;
    before.forEach(each);
    plan.read(answers[0][0], each);
    after.forEach(each);
  }

  async count(query: Pick<RowsQuery, 'measurement' | 'where' | 'range'>): Promise<number> {
    if (matchesNothing(query.where)) return 0;
    return this.cached(query.measurement, query.range, { count: query }, async () => {
      const [series] = await this.client.query(countQuery(query));
      return Number(series[0]?.values[0]?.[1] ?? 0);
    });
  }

  async tagValues(measurement: Measurement, tag: string, where?: TagFilter): Promise<string[]> {
    if (matchesNothing(where)) return [];
    return this.cached(measurement, undefined, { tagValues: [measurement, tag, where] }, async () => {
      const [series] = await this.client.query(tagValuesQuery(measurement, tag, where));
      const values = (series[0]?.values ?? []).map((v) => decodeTagValue(String(v[1])));
      return [...new Set(values)].sort();
    });
  }

  async health(): Promise<StoreHealth> {
    try {
      return { ok: true, engine: `influxdb ${await this.client.ping()}` };
    } catch (err) {
      return { ok: false, engine: 'influxdb', detail: (err as Error).message };
    }
  }

  explain(query: StoreQuery): string {
    if (!('aggregate' in query)) return rowsText(query.rows);
    const plan = statusCountPlan(query.aggregate);
    return plan ? [aggregateQuery(plan.main).text, ...plan.scans.map(({ text }) => text)].join(';\n') : aggregateQuery(query.aggregate).text;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.writer.flush();
    await this.rollups.stop();
    this.client.close();
  }
}

/** The hidden count of a row's points, beside status counts (aggregateByStatus). */
const POINTS = '__points';

/** Rows filtered by flags the measurement does not store are filtered by status instead. */
const rowsText = (query: RowsQuery) => rowsQuery(query, query.anyFlag && flagsAsStatuses(query.measurement, query.anyFlag));

/** How status counts of unstored one-hot fields are asked (aggregateByStatus). */
interface StatusCountPlan {
  readonly counts: StatusCount[];
  /** The other aggregates and each row's points. */
  readonly main: AggregateQuery;
  /** Per status counted by a scan of its own, its query. */
  readonly scans: Array<{ status: string; text: string }>;
  readonly derived?: string;
}

/** Undefined when the query asks for no status count of unstored one-hot fields (storedSchema.ts). */
function statusCountPlan(query: AggregateQuery): StatusCountPlan | undefined {
  const split = splitStatusCounts(query.measurement, query.select);
  if (!split) return undefined;
  const points = { [POINTS]: { fn: 'count' as const, field: 'status' } };
  const { scanned, derived } = statusScans(query.measurement, split.counts.filter(({ fn }) => fn === 'sum').map(({ status }) => status));
  return {
    counts: split.counts,
    main: { ...query, select: { ...split.rest, ...points } },
    scans: scanned.map((status) => ({ status, text: aggregateQuery({ ...query, select: points }, { anyStatus: [status] }).text })),
    ...(derived ? { derived } : {}),
  };
}

/** Reads rows of a series: where each column is in it, and which are tags, found once per series. */
function rowReader(series: Series, columns: readonly string[], measurement: Measurement): (values: unknown[]) => Row {
  const tags = Measurements[measurement].tags;
  const at = columns.map((column) => ({ column, index: series.columns.indexOf(column), tag: tags.includes(column) }));
  return (values) => {
    const out: Record<string, string | number | boolean | null> = {};
    for (const { column, index, tag } of at) {
      const value = values[index] as string | number | boolean | null | undefined;
      out[column] = value === undefined || value === null ? null : tag ? decodeTagValue(String(value)) : value;
    }
    return { timeMs: Number(values[0]), values: out };
  };
}

/** An aggregate row as read, with the N behind each percentile. */
interface CountedRow {
  bucketMs?: number;
  group: Record<string, string>;
  values: Record<string, number | null>;
  counts: Record<string, number>;
}

/** One row per value of each series, its bucket and group read alike for raw and rollup answers. */
function readRows<T>(query: AggregateQuery, series: Series[], read: (column: (name: string) => number | null) => T): Array<T & Pick<AggregateRow, 'bucketMs' | 'group'>> {
  const rows: Array<T & Pick<AggregateRow, 'bucketMs' | 'group'>> = [];
  for (const s of series) {
    const group = seriesGroup(query.groupBy, s);
    // By name, once a series: a day of traffic by minute is 7,200 rows of 15 aggregates.
    const index = new Map(s.columns.map((name, i) => [name, i]));
    for (const values of s.values) {
      const column = (name: string) => asNumber(values[index.get(name) ?? -1]);
      rows.push({ ...(query.bucket ? { bucketMs: Number(values[0]) } : {}), group, ...read(column) });
    }
  }
  return rows;
}

/** The rows of a rollup statement's answer. */
const rollupRows = (query: AggregateQuery, rollup: RollupQuery, series: Series[]): AggregateRow[] =>
  readRows(query, rollup.combine?.(series) ?? series, (column) => ({ values: rollup.values(column) }));

const rowKey = (row: Pick<AggregateRow, 'bucketMs' | 'group'>) => JSON.stringify([row.bucketMs ?? null, row.group]);

/**
 * Rows from rollups with the values of the aggregates the raw points answered beside them, by
 * row. Every raw row has points, so its rollup row exists: the rollup rows are all the rows.
 */
function withRest(rows: AggregateRow[], rest: AggregateRow[], select: AggregateQuery['select']): AggregateRow[] {
  const restByKey = new Map(rest.map((row) => [rowKey(row), row.values]));
  const missing = Object.fromEntries(Object.keys(select).map((name) => [name, null]));
  return rows.map((row) => ({ ...row, values: { ...row.values, ...(restByKey.get(rowKey(row)) ?? missing) } }));
}

const asNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
