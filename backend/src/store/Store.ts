/**
 * The store interface: what the statistics layer asks of a storage engine. Two engines
 * implement it (InfluxDB over its v1 HTTP API, and the embedded one); both must give the same
 * answers, which the conformance suite checks.
 *
 * The query model is deliberately small: filtered, optionally time-bucketed and tag-grouped
 * aggregates (which every engine pushes down), and ordered raw rows for the few statistics
 * that need runs in order (MTTR, run lists, pages of rollbacks).
 */
import type { Measurement } from './schema';
import type { Point } from './points';

/**
 * Tag equality filter: a point matches when, for every tag named, its value is one of those
 * listed; '' matches a point that has no such tag (as InfluxQL's `tag = ''` does).
 */
export type TagFilter = Readonly<Record<string, readonly string[]>>;

/** Half-open range [fromMs, toMs) in epoch milliseconds. */
export interface TimeRange {
  readonly fromMs: number;
  readonly toMs: number;
}

export type Aggregate =
  /** count: points that have the field; distinct: distinct values of the field. */
  | { readonly fn: 'count' | 'distinct' | 'sum' | 'mean' | 'min' | 'max' | 'median' | 'stddev'; readonly field: string }
  /**
   * Nearest-rank percentile (the spec's, section 3): of the N values sorted ascending, the one
   * at rank max(1, ceil(N * p / 100)). Not InfluxDB's PERCENTILE rule (see percentile.ts).
   */
  | { readonly fn: 'percentile'; readonly field: string; readonly p: number };

export type BucketUnit = 'minute' | 'hour' | 'day';

export interface AggregateQuery {
  readonly measurement: Measurement;
  readonly where?: TagFilter;
  readonly range?: TimeRange;
  /** Buckets by time; day buckets start at local midnight in `tz` (an IANA zone). */
  readonly bucket?: { readonly unit: BucketUnit; readonly tz: string };
  /** Tags to group by. */
  readonly groupBy?: readonly string[];
  /** Output name -> aggregate. */
  readonly select: Readonly<Record<string, Aggregate>>;
}

export interface AggregateRow {
  /** Start of the bucket (epoch ms), when the query has a bucket. */
  readonly bucketMs?: number;
  /** Values of the groupBy tags ('' where a point has no such tag). */
  readonly group: Readonly<Record<string, string>>;
  /** mean/median/stddev/percentile/min/max are null when undefined (stddev of one value). */
  readonly values: Readonly<Record<string, number | null>>;
}

export interface RowsQuery {
  readonly measurement: Measurement;
  readonly where?: TagFilter;
  readonly range?: TimeRange;
  /** Fields and tags to return. */
  readonly columns: readonly string[];
  readonly order: 'asc' | 'desc';
  /**
   * Only points where at least one of these one-hot (0/1) fields is 1, e.g. the `n_<status>`
   * fields of the statuses a list may hold (schema.ts; a store that does not keep them asks for
   * the statuses instead).
   */
  readonly anyFlag?: readonly string[];
  readonly limit?: number;
  readonly offset?: number;
}

export interface Row {
  readonly timeMs: number;
  /** Requested columns; null where the point has no value. */
  readonly values: Readonly<Record<string, string | number | boolean | null>>;
}

export interface StoreHealth {
  readonly ok: boolean;
  /** e.g. "influxdb 1.6.7" or "duckdb v1.x". */
  readonly engine: string;
  readonly detail?: string;
}

/** A query as handed to explain(). */
export type StoreQuery = { readonly aggregate: AggregateQuery } | { readonly rows: RowsQuery };

export interface Store {
  readonly kind: 'influx' | 'embedded';
  /** Connects, creates the database where allowed. */
  open(): Promise<void>;
  /**
   * Resolves only once every point is durably stored. Writing a point with the same
   * measurement and key as an earlier one replaces it (within one write too: the later wins).
   * Rejects with StoreUnavailableError when the engine cannot take the write (nothing
   * partially acknowledged).
   *
   * `points` may be lazy (ingest validates and converts as the store pulls, so no batch of
   * point objects is ever held): it is consumed before write() returns, and if it throws,
   * nothing is written and write() rejects with that error.
   */
  write(points: Iterable<Point>): Promise<void>;
  /** Rows only for groups/buckets that have points; no rows when nothing matches. */
  aggregate(query: AggregateQuery): Promise<AggregateRow[]>;
  rows(query: RowsQuery): Promise<Row[]>;
  /**
   * The rows of `query`, in its order, handed to `each` one at a time and never held as a whole:
   * for statistics that fold long runs of rows in order (DORA's time to restore reads ~330,000
   * deploys at 10M events) with state per group, not per row. Resolves once every row was
   * handed; rejects (`each` may have seen some rows) when the engine fails or `each` throws.
   *
   * Rows come in time order across the whole answer, so every group of them (by any tags) is
   * in time order too; a fold keeps one state per group. Not grouped in the answer: InfluxDB
   * 1.6 answers a GROUP BY of raw points about twice as slow as their ORDER BY time (the 33,000
   * prod deploys of the 1M benchmark: 0.4-0.6 s against 0.2 s), and a fold needs each group in
   * order, not the groups apart.
   */
  scan(query: RowsQuery, each: (row: Row) => void): Promise<void>;
  /** Number of points matching (for pagination totals). */
  count(query: Pick<RowsQuery, 'measurement' | 'where' | 'range'>): Promise<number>;
  /** Distinct values of a tag, sorted. */
  tagValues(measurement: Measurement, tag: string, where?: TagFilter): Promise<string[]>;
  health(): Promise<StoreHealth>;
  /** The engine's own text for a query (InfluxQL, SQL), for Grafana's query inspector. */
  explain(query: StoreQuery): string;
  /** Flushes in-flight writes, then releases the engine. */
  close(): Promise<void>;
}

/** The engine cannot take or answer a request now (maps to 503 + Retry-After). */
export class StoreUnavailableError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}
