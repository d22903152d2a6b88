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

export interface Recovery {
  readonly count: number;
  /** null with no recoveries: unknown, not zero (CircleCI's mttr is nullable). */
  readonly meanSeconds: number | null;
}

/** Runs must be oldest first. A streak of statuses in `failing` ends at the next 'success'. */
export function recoveries(runs: readonly RunOutcome[], failing = CIRCLE_FAILING): Recovery {
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
  return { count, meanSeconds: count ? total / count / 1000 : null };
}

/** Recoveries of each group's runs (in any order: each group is ordered by `atMs` here). */
export function recoveriesPerGroup(runs: Iterable<RunOutcome & { group: string }>, failing = CIRCLE_FAILING): Map<string, Recovery> {
  const byGroup = new Map<string, RunOutcome[]>();
  for (const run of runs) {
    const list = byGroup.get(run.group) ?? [];
    list.push(run);
    byGroup.set(run.group, list);
  }
  return new Map([...byGroup].map(([group, list]) => [group, recoveries(list.sort((a, b) => a.atMs - b.atMs), failing)]));
}

/** Recoveries per workflow (or job) over the range. */
export async function recoveriesBy(store: Store, kind: RunKind, where: TagFilter, range: TimeRange, groupBy: 'workflow' | 'job'): Promise<Map<string, Recovery>> {
  const stopped = 'stopped_at';
  const rows = await store.rows({ measurement: kind, where, range, order: 'asc', columns: [groupBy, 'status', stopped] });
  // By finish time: a long run that started first may finish after a later one.
  return recoveriesPerGroup(rows.map(({ timeMs, values }) => ({
    group: String(values[groupBy] ?? ''), status: String(values.status), atMs: values[stopped] === null ? timeMs : Number(values[stopped]),
  })));
}
