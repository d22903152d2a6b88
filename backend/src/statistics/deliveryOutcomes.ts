/**
 * Runs per day by outcome, for the delivery kinds (build, deploy, test, release): one
 * day-bucketed query that sums the one-hot status fields; every day of the window is listed.
 * Durations and test cases are asked only by the answers that show them: each column read is
 * a cost per series and shard on InfluxDB.
 */
import type { DeliveryStatus } from '../../../contract/events';
import { DeliveryStatuses } from '../../../contract/events';
import { statusField } from '../store/schema';
import type { Aggregate, Store, TagFilter } from '../store/Store';
import { localDate } from '../time/calendar';
import type { DayWindow } from './dayWindow';

export type DeliveryKind = 'build' | 'deploy' | 'test' | 'release';

export type DayOutcome = {
  readonly date: string;
  readonly total: number;
  /** Mean duration (s) of the day's runs that report one; null when none do, or not asked. */
  readonly meanDuration: number | null;
  /** Sum of those durations (s) and how many runs report one; 0 when not asked. */
  readonly durationSum: number;
  readonly timed: number;
  /** Test cases run (tests only, when asked; else 0). */
  readonly cases: number;
} & Readonly<Record<DeliveryStatus, number>>;

/** What a day holds besides its outcomes. */
export interface DayMeasures {
  readonly durations?: boolean;
  readonly cases?: boolean;
}

function selectFor(measures: DayMeasures): Record<string, Aggregate> {
  return {
    ...Object.fromEntries(DeliveryStatuses.map((s) => [s, { fn: 'sum' as const, field: statusField(s) }])),
    ...(measures.durations ? { durationSum: { fn: 'sum' as const, field: 'duration' }, timed: { fn: 'count' as const, field: 'duration' } } : {}),
    ...(measures.cases ? { cases: { fn: 'sum' as const, field: 'cases' } } : {}),
  };
}

export async function dailyOutcomes(store: Store, kind: DeliveryKind, where: TagFilter, window: DayWindow, measures: DayMeasures = {}): Promise<DayOutcome[]> {
  const rows = await store.aggregate({ measurement: kind, where, range: window.range, bucket: { unit: 'day', tz: window.tz }, select: selectFor(measures) });
  const byDate = new Map(rows.map((row) => [localDate(row.bucketMs!, window.tz), row.values]));
  return window.days.map(({ date }) => {
    const values = byDate.get(date) ?? {};
    const counts = Object.fromEntries(DeliveryStatuses.map((s) => [s, values[s] ?? 0])) as Record<DeliveryStatus, number>;
    const [durationSum, timed] = [values.durationSum ?? 0, values.timed ?? 0];
    return {
      date, ...counts, total: DeliveryStatuses.reduce((sum, s) => sum + counts[s], 0),
      meanDuration: timed ? durationSum / timed : null, durationSum, timed, cases: values.cases ?? 0,
    };
  });
}

/** The spec's "failure" of a day: failed and timed-out runs. */
export const failures = (day: Pick<DayOutcome, 'failure' | 'timeout'>) => day.failure + day.timeout;

/** A filter on projects; empty means all projects. */
export const projectFilter = (projects: readonly string[]): TagFilter => (projects.length ? { project: projects } : {});
