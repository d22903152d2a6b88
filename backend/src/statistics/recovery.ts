/**
 * Mean time to recovery, as CircleCI defines it: the mean time between failures and their next
 * success. A failure streak starts at its first failed run; it is recovered by the next
 * successful run, and the time between the two (by when each finished) is one recovery.
 * This needs runs in order, so it is computed over ordered rows of status and times.
 */
import type { Store, TagFilter, TimeRange } from '../store/Store';
import type { RunKind } from './runInsights';

export interface RunOutcome {
  readonly status: string;
  /** When the run finished (stopped_at), else when it started. */
  readonly atMs: number;
}

/** CircleCI's failing statuses; other families pass their own. */
const CIRCLE_FAILING: ReadonlySet<string> = new Set(['failed', 'error']);

/** Runs must be oldest first. A streak of statuses in `failing` ends at the next 'success'. */
export function recoveries(runs: readonly RunOutcome[], failing = CIRCLE_FAILING): { count: number; meanSeconds: number } {
  let streakStart: number | undefined;
  let total = 0;
  let count = 0;
  for (const run of runs) {
    if (failing.has(run.status)) streakStart ??= run.atMs;
    else if (run.status === 'success' && streakStart !== undefined) {
      total += run.atMs - streakStart;
      count++;
      streakStart = undefined;
    }
  }
  return { count, meanSeconds: count ? total / count / 1000 : 0 };
}

/** Recoveries per workflow (or job) over the range. */
export async function recoveriesBy(store: Store, kind: RunKind, where: TagFilter, range: TimeRange, groupBy: 'workflow' | 'job'): Promise<Map<string, { count: number; meanSeconds: number }>> {
  const stopped = 'stopped_at';
  const rows = await store.rows({ measurement: kind, where, range, order: 'asc', columns: [groupBy, 'status', stopped] });
  const runsBy = new Map<string, RunOutcome[]>();
  for (const { timeMs, values } of rows) {
    const key = String(values[groupBy] ?? '');
    const list = runsBy.get(key) ?? [];
    list.push({ status: String(values.status), atMs: values[stopped] === null ? timeMs : Number(values[stopped]) });
    runsBy.set(key, list);
  }
  // Ordered by finish time: a long run that started first may finish after a later one.
  return new Map([...runsBy].map(([key, runs]) => [key, recoveries([...runs].sort((a, b) => a.atMs - b.atMs))]));
}
