/**
 * What the InfluxDB store keeps beside the raw points (rollups.ts): per measurement, the tags a
 * rollup keeps, the fields it summarises and its grains (a level of rollup points per grain),
 * and the measurements that hold rollups and their bookkeeping. Internal names start with `flowmeter_`, which no event kind does (not with `_`:
 * InfluxDB 2.x and 3.x reserve it), and every store query names its measurement, so these never
 * appear in lookups or raw rows.
 */
import { DeliveryStatuses, TaskStatuses } from '../../../../contract/events';
import { statusField, type FieldType, type Measurement, type MeasurementSchema } from '../schema';

export interface RollupSpec {
  /** Tags kept: few values each, so a rollup is a few series. */
  readonly tags: readonly string[];
  /** Fields whose count is kept (count(f)). */
  readonly counted: readonly string[];
  /** Fields whose sum is kept (sum(f); with count, mean(f)). */
  readonly summed: readonly string[];
  /**
   * Statuses whose points are counted, kept as the sum of their one-hot field (`sum_n_<status>`,
   * the name rollups had when raw points carried those fields). The raw points of these
   * measurements do not store the one-hot fields (storedSchema.ts): a rollup counts by status.
   */
  readonly statuses?: readonly string[];
  /** Fields whose maximum is kept (max(f) combines exactly too). */
  readonly maxed?: readonly string[];
  /** Fields whose minimum is kept. */
  readonly mined?: readonly string[];
  /**
   * Fields whose values a point keeps, as text (`values_<field>`, the numbers comma-separated),
   * for exact medians and percentiles over whole grains: DORA's median lead time then reads 90
   * daily points instead of the raw values of ~1,000 series. A point with more than
   * MAX_KEPT_VALUES leaves them out (InfluxDB 1.x takes a string of up to 64 KB), and such a
   * range reads the raw values. Each field must be counted too (the count tells a point's
   * values are all there).
   */
  readonly valued?: readonly string[];
  /**
   * The spans of rollup points, finest first: one level of points per grain, the finest
   * computed from the raw points, each coarser one from it. A query reads the coarsest level
   * its range and buckets fall on whole grains of; a statistic bucketed finer than the finest
   * reads the raw points.
   */
  readonly grains: readonly Grain[];
  /**
   * Beside each level, its totals: the same points summed over the tags, one series. A
   * statistic of every project (Zadig's insight pages, by default) reads one series instead of
   * one per project: InfluxDB 1.x pays per series and shard read (90 days of releases' daily
   * points: 20 series, ~10 ms; the totals ~1 ms).
   */
  readonly totals?: boolean;
  /** Rows kept in order per UTC day, for the scans that fold runs in order (dayRows.ts). */
  readonly dayRows?: DayRowsSpec;
}

/**
 * Per UTC day and value set of `by` (a few values each), the `columns` of the day's raw points
 * in time order. The columns must hold a field every point has (or InfluxQL leaves points out).
 */
export interface DayRowsSpec {
  readonly by: readonly string[];
  readonly columns: readonly string[];
}

/**
 * A quarter hour: every zone's midnight falls on one (India's at 18:30 UTC, Nepal's at 18:15),
 * so day buckets in every zone come from rollups. A minute: API traffic is asked per minute.
 * Hours and days: InfluxDB 1.x pays per point and per series, shard and column read, so the
 * days of zones on whole hours (most) read the hourly level, UTC days the daily one (a day of
 * a sparse kind's quarter hours, releases or tests, holds about as many points as its raw runs).
 */
export type Grain = 'minute' | 'quarter' | 'hour' | 'day';
export const GRAIN_MS: Record<Grain, number> = { minute: 60_000, quarter: 15 * 60_000, hour: 3_600_000, day: 86_400_000 };

const delivery = (tags: readonly string[], extra: readonly string[] = [], valued: readonly string[] = [], dayRows?: DayRowsSpec): RollupSpec => ({
  tags, counted: ['id', 'duration', ...extra], summed: ['duration', ...extra], statuses: DeliveryStatuses, grains: ['quarter', 'hour', 'day'], totals: true, valued,
  ...(dayRows ? { dayRows } : {}),
});

const circleRuns = (tags: readonly string[], started: string): RollupSpec => ({
  tags, counted: ['id', 'duration'], summed: ['success', 'failed', 'error', 'canceled'].map(statusField).concat('credits_used', 'duration'),
  maxed: ['duration', started], mined: ['duration', started], grains: ['hour', 'day'],
});

/**
 * The delivery kinds' daily outcomes filter by project (Zadig) or project and env (DORA):
 * 20 projects make 20 series of a point a quarter hour, where the raw points are thousands of series.
 */
export const RollupSpecs: Partial<Record<Measurement, RollupSpec>> = {
  build: delivery(['project']),
  // DORA's time to restore folds an environment's deploys in order, per project and service.
  deploy: delivery(['project', 'env'], ['lead_time'], ['lead_time'], { by: ['env'], columns: ['project', 'service', 'status'] }),
  test: delivery(['project'], ['cases']),
  release: delivery(['project', 'env']),
  // DORA's rollbacks of an environment: a count. Few points, but each of a project and service's series.
  rollback: { tags: ['project', 'env'], counted: ['id'], summed: [], grains: ['quarter', 'hour', 'day'] },
  // CircleCI's workflow and job summaries of a project, as Grafana asks them (every branch):
  // counts, credits, minima, maxima and means from rollups; medians, p95 and stddev read only
  // the raw durations beside them. A branch filter (the REST endpoints scope to the default
  // branch) reads the raw points: a branch tag would make the rollups about as many series.
  workflow_run: circleRuns(['project_slug', 'workflow'], 'created_at'),
  job_run: circleRuns(['project_slug', 'workflow', 'job'], 'started_at'),
  // DataArts' task overview: a project's (or workspace's) instances by status over days. An
  // instance is one point whose one-hot status fields its latest event set; task_instance keeps
  // them (eleven statuses: a scan each would cost more), so the rollup sums them. Grafana's
  // ranges end anywhere: the whole hours come from rollups, the ends from raw (rollupEdges.ts).
  task_instance: { tags: ['project_id', 'workspace'], counted: ['id'], summed: TaskStatuses.map(statusField), grains: ['hour', 'day'] },
  // API traffic is asked per minute (ROMA, APIG, Grafana) of one gateway instance, per API or
  // not: a minute's calls of one API make one point (a busy API's hundreds of calls). app_id is
  // left out (consumer apps can be many): ROMA's APP mode reads the raw points.
  api_call: {
    tags: ['project_id', 'instance_id', 'api_id', 'group_id', 'provider'],
    counted: ['id', 'inner_latency', 'backend_latency'],
    summed: ['n_2xx', 'n_4xx', 'n_5xx', 'n_error', 'latency', 'inner_latency', 'backend_latency', 'bytes_in', 'bytes_out'],
    maxed: ['latency', 'inner_latency', 'backend_latency'],
    grains: ['minute', 'hour', 'day'],
  },
};

/** The rollup field holding `fn` of `field`. */
export const rollupField = (fn: 'count' | 'sum' | 'max' | 'min' | 'values', field: string) => `${fn}_${field}`;

/** Values a rollup point keeps of a valued field at most: under 48 KB of text however long each number (24 characters at most). */
export const MAX_KEPT_VALUES = 2_000;

/**
 * The rollups' layout version, in the names of the rollups and of their ROLLED marks: a new
 * layout starts with no day current, so every day is recomputed, and a point of an earlier one
 * never mixes into a new sum (v1: hourly points; v2: quarter hours; v3: a level per grain; v4:
 * and the levels' totals; v5: and rows kept per day).
 * Earlier layouts' few points are left behind.
 */
const LAYOUT = 'v5';

/** A level's points per value set of the rollup's tags, or summed over them (RollupSpec.totals). */
export type Scope = 'tagged' | 'total';

/** The measurement holding a rolled-up measurement's points of one grain (and scope). */
export const rollupMeasurement = (measurement: Measurement, grain: Grain, scope: Scope = 'tagged') =>
  `flowmeter_rollup_${LAYOUT}_${measurement}_${grain}${scope === 'total' ? '_total' : ''}`;
/** The measurement of a rolled-up measurement's rows kept per day (dayRows.ts). */
export const rowsMeasurement = (measurement: Measurement) => `${rollupMeasurement(measurement, 'day')}_rows`;
/** Per measurement and UTC day: a token that every write into the day replaces. */
export const TOUCHED = 'flowmeter_touched';
/** Per measurement and UTC day: the TOUCHED token the day's rollup was computed from. */
export const ROLLED = `flowmeter_rolled_${LAYOUT}`;
/** Per measurement: written once the days written before rollups existed were marked. */
export const MARKED_SINCE = 'flowmeter_marked';

const marker: MeasurementSchema = { tags: ['m'], fields: { w: 'string' } };

function rollupSchema(spec: RollupSpec, scope: Scope): MeasurementSchema {
  const fields: Record<string, FieldType> = {};
  for (const field of spec.counted) fields[rollupField('count', field)] = 'int';
  for (const field of spec.summed) fields[rollupField('sum', field)] = 'float';
  // Float, as when they were sums of the one-hot fields: a field keeps its type within a shard.
  for (const status of spec.statuses ?? []) fields[rollupField('sum', statusField(status))] = 'float';
  for (const field of spec.maxed ?? []) fields[rollupField('max', field)] = 'float';
  for (const field of spec.mined ?? []) fields[rollupField('min', field)] = 'float';
  for (const field of spec.valued ?? []) fields[rollupField('values', field)] = 'string';
  return { tags: scope === 'total' ? [] : spec.tags, fields };
}

/** Each level's measurement of a rolled-up measurement: per grain, tagged and (if kept) total. */
export const rollupLevels = (spec: RollupSpec): Array<{ grain: Grain; scope: Scope }> =>
  spec.grains.flatMap((grain) => [{ grain, scope: 'tagged' as const }, ...(spec.totals ? [{ grain, scope: 'total' as const }] : [])]);

/** The line-protocol layouts of the internal measurements (lineProtocol.ts). */
export const InternalMeasurements: Record<string, MeasurementSchema> = {
  [TOUCHED]: marker,
  [ROLLED]: marker,
  [MARKED_SINCE]: marker,
  ...Object.fromEntries(Object.entries(RollupSpecs).flatMap(([m, spec]) => rollupLevels(spec!).map(({ grain, scope }) => [rollupMeasurement(m as Measurement, grain, scope), rollupSchema(spec!, scope)]))),
  ...Object.fromEntries(Object.entries(RollupSpecs).filter(([, spec]) => spec!.dayRows).map(([m, spec]) => [
    rowsMeasurement(m as Measurement), { tags: spec!.dayRows!.by, fields: { parts: 'int', rows: 'string' } } satisfies MeasurementSchema,
  ])),
};
