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

/** One group's recoveries, folded a run at a time: runs must come oldest first. */
export class RecoveryFold {
  private streakStart: number | undefined;
  private total = 0;
  private count = 0;

  constructor(private readonly failing: ReadonlySet<string> = CIRCLE_FAILING) {}

  /** A streak of statuses in `failing` ends at the next 'success'. */
  add(run: RunOutcome): void {
    if (this.failing.has(run.status)) this.streakStart ??= run.atMs;
    else if (run.status === 'success' && this.streakStart !== undefined) {
      this.total += run.atMs - this.streakStart;
      this.count++;
      this.streakStart = undefined;
    }
  }

  get recovery(): Recovery {
    return { count: this.count, meanSeconds: this.count ? this.total / this.count / 1000 : null };
  }
}

/** Runs must be oldest first. */
export function recoveries(runs: readonly RunOutcome[], failing = CIRCLE_FAILING): Recovery {
  const fold = new RecoveryFold(failing);
  for (const run of runs) fold.add(run);
  return fold.recovery;
}

/**
 * Recoveries per group, folded as runs come (Store.scan): each group's runs must come oldest
 * first; groups may interleave. Holds one fold per group, not the runs.
 */
export class GroupedRecoveries {
  private readonly folds = new Map<string, RecoveryFold>();

  constructor(private readonly failing: ReadonlySet<string> = CIRCLE_FAILING) {}

  add(group: string, run: RunOutcome): void {
    let fold = this.folds.get(group);
    if (!fold) this.folds.set(group, (fold = new RecoveryFold(this.failing)));
    fold.add(run);
  }

  get recoveries(): Map<string, Recovery> {
    return new Map([...this.folds].map(([group, fold]) => [group, fold.recovery]));
  }
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
