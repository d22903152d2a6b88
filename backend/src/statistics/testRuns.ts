/** Test runs over a window: totals (cases, executions, runtime) and outcomes per day. */
import type { Store, TagFilter } from '../store/Store';
import { statusField } from '../store/schema';
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

export async function testSummary(store: Store, where: TagFilter, window: DayWindow): Promise<TestSummary> {
  const [[totals], days] = await Promise.all([
    store.aggregate({
      measurement: 'test', where, range: window.range,
      select: { cases: { fn: 'sum', field: 'cases' }, runtime: { fn: 'mean', field: 'duration' }, successes: { fn: 'sum', field: statusField('success') } },
    }),
    dailyOutcomes(store, 'test', where, window),
  ]);
  return {
    cases: totals?.values.cases ?? 0,
    executions: days.reduce((sum, d) => sum + d.total, 0),
    successes: totals?.values.successes ?? 0,
    meanDuration: totals?.values.runtime ?? 0,
    days,
  };
}
