/** Test runs over a window: totals (cases, executions, runtime) and outcomes per day. */
import type { Store, TagFilter } from '../store/Store';
import type { DayWindow } from './dayWindow';
import { dailyOutcomes, type DayOutcome } from './deliveryOutcomes';

export interface TestSummary {
  readonly cases: number;
  readonly executions: number;
  readonly successes: number;
  /** Mean duration of the runs that report one, in seconds; 0 when none do. */
  readonly meanDuration: number;
  readonly days: readonly DayOutcome[];
}

/** One day-bucketed query: the totals are the days' sums (a second, unbucketed query cost as much again). */
export async function testSummary(store: Store, where: TagFilter, window: DayWindow): Promise<TestSummary> {
  const days = await dailyOutcomes(store, 'test', where, window, { durations: true, cases: true });
  const total = (pick: (day: DayOutcome) => number) => days.reduce((sum, day) => sum + pick(day), 0);
  const timed = total((d) => d.timed);
  return {
    cases: total((d) => d.cases),
    executions: total((d) => d.total),
    successes: total((d) => d.success),
    meanDuration: timed ? total((d) => d.durationSum) / timed : 0,
    days,
  };
}
