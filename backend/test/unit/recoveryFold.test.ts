/**
 * Recoveries folded as rows come (GroupedRecoveries, what DORA's time to restore reads a scan
 * with) equal those of each group's runs gathered and sorted (recoveriesPerGroup), when each
 * group comes oldest first and groups interleave.
 */
import { GroupedRecoveries, recoveriesPerGroup } from '../../src/statistics/recovery';

const FAILING: ReadonlySet<string> = new Set(['failure', 'timeout']);
const statuses = ['success', 'failure', 'timeout', 'cancelled', 'failure'];

describe('GroupedRecoveries', () => {
  it('folds interleaved groups as recoveriesPerGroup sorts them', () => {
    // A deterministic shuffle of statuses and groups over times in order.
    const runs = Array.from({ length: 2_000 }, (_, i) => ({
      group: `g-${(i * 7919) % 13}`, status: statuses[(i * 31 + (i >> 3)) % statuses.length], atMs: 1_000 * Math.floor(i / 3),
    }));
    const folded = new GroupedRecoveries(FAILING);
    for (const { group, ...run } of runs) folded.add(group, run);
    const sorted = recoveriesPerGroup([...runs].reverse().sort((a, b) => a.atMs - b.atMs), FAILING);
    expect(Object.fromEntries(folded.recoveries)).toEqual(Object.fromEntries(sorted));
    expect(folded.recoveries.size).toBe(13);
    expect([...folded.recoveries.values()].reduce((n, r) => n + r.count, 0)).toBeGreaterThan(100);
  });

  it('measures a streak from its first failure to the next success, and leaves an open streak out', () => {
    const folded = new GroupedRecoveries(FAILING);
    folded.add('a', { status: 'failure', atMs: 0 });
    folded.add('b', { status: 'failure', atMs: 500 });
    folded.add('a', { status: 'timeout', atMs: 1_000 });
    folded.add('a', { status: 'cancelled', atMs: 2_000 });
    folded.add('a', { status: 'success', atMs: 4_000 });
    folded.add('a', { status: 'success', atMs: 5_000 });
    expect(Object.fromEntries(folded.recoveries)).toEqual({ a: { count: 1, meanSeconds: 4 }, b: { count: 0, meanSeconds: null } });
  });
});
