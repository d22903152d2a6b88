/**
 * Runs per day by outcome, for the delivery kinds (build, deploy, test, release): one
 * day-bucketed query that sums the one-hot status fields; every day of the window is listed.
 */
import type { DeliveryStatus } from '../../../contract/events';
import { DeliveryStatuses } from '../../../contract/events';
import { statusField } from '../store/schema';
import type { Store, TagFilter } from '../store/Store';
import { localDate } from '../time/calendar';
import type { DayWindow } from './dayWindow';

export type DeliveryKind = 'build' | 'deploy' | 'test' | 'release';

export type DayOutcome = {
  readonly date: string;
  readonly total: number;
  /** Mean duration (s) of the day's runs that report one; null when none do. */
  readonly meanDuration: number | null;
} & Readonly<Record<DeliveryStatus, number>>;

const statusSums = {
  ...Object.fromEntries(DeliveryStatuses.map((s) => [s, { fn: 'sum' as const, field: statusField(s) }])),
  meanDuration: { fn: 'mean' as const, field: 'duration' },
};

export async function dailyOutcomes(store: Store, kind: DeliveryKind, where: TagFilter, window: DayWindow): Promise<DayOutcome[]> {
  const rows = await store.aggregate({ measurement: kind, where, range: window.range, bucket: { unit: 'day', tz: window.tz }, select: statusSums });
  const byDate = new Map(rows.map((row) => [localDate(row.bucketMs!, window.tz), row.values]));
  return window.days.map(({ date }) => {
    const values = byDate.get(date) ?? {};
    const counts = Object.fromEntries(DeliveryStatuses.map((s) => [s, values[s] ?? 0])) as Record<DeliveryStatus, number>;
    return { date, ...counts, total: DeliveryStatuses.reduce((sum, s) => sum + counts[s], 0), meanDuration: values.meanDuration ?? null };
  });
}

/** The spec's "failure" of a day: failed and timed-out runs. */
export const failures = (day: Pick<DayOutcome, 'failure' | 'timeout'>) => day.failure + day.timeout;

/** A filter on projects; empty means all projects. */
export const projectFilter = (projects: readonly string[]): TagFilter => (projects.length ? { project: projects } : {});
