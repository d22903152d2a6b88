/**
 * What the InfluxDB store writes of each raw point, where it differs from the shared schema
 * (schema.ts), and how queries are translated for it.
 *
 * The delivery kinds (build, deploy, test, release) are the bulk of ingest, and influxd's cost
 * per point grows with its fields: their raw points carry no one-hot `n_<status>` fields
 * (influxd CPU per build point about halved, README "Benchmark"). Status stays a string field
 * (a re-send with a new status overwrites its point), and the rollups count points by status
 * (rollups.ts). The statistics still ask for `sum(n_<status>)` and filter rows by `n_<status>`
 * flags: the store turns those into the same questions about the status field
 * (sum of n_x = points whose status is x; a flag n_x = status is x). Points written before,
 * which still carry the one-hot fields, have their status too, so the translation answers them
 * alike. The embedded store keeps its one-hot columns (its cost is not per field).
 */
import { Measurements, statusField, type Measurement, type MeasurementSchema } from '../schema';
import type { Aggregate } from '../Store';
import { RollupSpecs } from './rollupSchema';

/** Per measurement whose raw points leave them out: one-hot field -> the status it stands for. */
const unstored = new Map<string, ReadonlyMap<string, string>>(Object.entries(RollupSpecs)
  .filter(([, spec]) => (spec!.statuses?.length ?? 0) > 0)
  .map(([measurement, spec]) => [measurement, new Map(spec!.statuses!.map((status) => [statusField(status), status]))]));

/** The statuses a measurement's raw points carry no one-hot fields for (none: it stores them). */
export const statusesOf = (measurement: Measurement): readonly string[] => RollupSpecs[measurement]?.statuses ?? [];

/** The status a one-hot field stands for, when the measurement's raw points do not store it. */
export const unstoredStatus = (measurement: Measurement, field: string): string | undefined => unstored.get(measurement)?.get(field);

/** The raw measurements' layouts as written (lineProtocol.ts): the shared schema less the unstored fields. */
export const StoredMeasurements: Record<string, MeasurementSchema> = Object.fromEntries(Object.entries(Measurements).map(([measurement, schema]) => {
  const left = unstored.get(measurement);
  if (!left) return [measurement, schema];
  return [measurement, { tags: schema.tags, fields: Object.fromEntries(Object.entries(schema.fields).filter(([field]) => !left.has(field))) }];
}));

/** A status count asked for as an aggregate of a one-hot field. */
export interface StatusCount {
  readonly name: string;
  readonly status: string;
  /** sum: points with the status; count: points (every point has each one-hot field). */
  readonly fn: 'sum' | 'count';
}

/**
 * Splits a select into the status counts of unstored one-hot fields and the rest, or undefined
 * when it asks for none. Only sum and count of a 0/1 field are counts; other aggregates of them
 * have no use in a statistic and are refused rather than answered wrong.
 */
export function splitStatusCounts(measurement: Measurement, select: Readonly<Record<string, Aggregate>>):
  { counts: StatusCount[]; rest: Record<string, Aggregate> } | undefined {
  const counts: StatusCount[] = [];
  const rest: Record<string, Aggregate> = {};
  for (const [name, aggregate] of Object.entries(select)) {
    const status = unstoredStatus(measurement, aggregate.field);
    if (status === undefined) {
      rest[name] = aggregate;
    } else if (aggregate.fn === 'sum' || aggregate.fn === 'count') {
      counts.push({ name, status, fn: aggregate.fn });
    } else {
      throw new Error(`${aggregate.fn}(${aggregate.field}) of ${measurement}: only sum and count of a status field are answered`);
    }
  }
  return counts.length ? { counts, rest } : undefined;
}

/**
 * A rows filter on one-hot flags as statuses, where the measurement does not store them
 * (flags it stores, if any, stay flags).
 */
export function flagsAsStatuses(measurement: Measurement, anyFlag: readonly string[]): { anyFlag: string[]; anyStatus: string[] } {
  const anyStatus: string[] = [];
  const flags: string[] = [];
  for (const flag of anyFlag) {
    const status = unstoredStatus(measurement, flag);
    if (status === undefined) flags.push(flag);
    else anyStatus.push(status);
  }
  return { anyFlag: flags, anyStatus };
}

/**
 * The statuses to count by a scan of their own, and the one derived from the points instead:
 * when every status is asked for, the last is the points less the others (every point has
 * exactly one of them; the contract validates it), which saves a scan.
 */
export function statusScans(measurement: Measurement, asked: readonly string[]): { scanned: string[]; derived?: string } {
  const all = statusesOf(measurement);
  const unique = [...new Set(asked)];
  const derived = all.length > 0 && all.every((status) => unique.includes(status)) ? all[all.length - 1] : undefined;
  return { scanned: unique.filter((status) => status !== derived), ...(derived ? { derived } : {}) };
}
