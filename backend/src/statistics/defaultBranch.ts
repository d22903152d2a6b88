/**
 * A project's default branch, as its CI runs name it (`default_branch`, filled by the
 * receivers from the sender's repository). CircleCI scopes insights to it when a request names
 * no branch.
 */
import type { Store } from '../store/Store';
import { STARTED_FIELD, type RunKind } from './runInsights';

/**
 * The default branch named by the project's runs of this kind; when it changed over time
 * (master -> main), the one named by the latest run. Undefined when no run names one.
 */
export async function defaultBranchOf(store: Store, kind: RunKind, projectSlug: string): Promise<string | undefined> {
  const where = { project_slug: [projectSlug] };
  // Tag values come from the index (cheap); runs are read only when the name changed.
  const named = await store.tagValues(kind, 'default_branch', where);
  if (named.length <= 1) return named[0];
  const rows = await store.aggregate({
    measurement: kind, where: { ...where, default_branch: named }, groupBy: ['default_branch'],
    select: { latest: { fn: 'max', field: STARTED_FIELD[kind] } },
  });
  rows.sort((a, b) => (b.values.latest ?? 0) - (a.values.latest ?? 0));
  return rows[0]?.group.default_branch ?? named[0];
}
