/**
 * A production deploy gets its commit_time (so its DORA lead time) from the commit stored when
 * that sha was pushed. The lookup reads the store, not a cache: any replica finds a commit that
 * another one received (spec section 1, "Beyond one machine").
 */
import type { EventInput } from '../../../contract/events';
import type { Store } from '../store/Store';
import { shaPrefix } from '../store/points';

type DeployInput = Extract<EventInput, { kind: 'deploy' }>;

/** When the commit `sha` (full, or abbreviated to 7 or more hex digits) of `project` was made, if a push (or a workflow run) brought it. */
export async function commitTime(store: Store, project: string, sha: string): Promise<number | undefined> {
  const rows = await store.rows({
    measurement: 'commit', where: { project: [project], sha_prefix: [shaPrefix(sha)] }, columns: ['sha'], order: 'asc',
  });
  // A short sha (GitLab's short_sha) matches the commit it abbreviates.
  const wanted = sha.toLowerCase();
  return rows.find((row) => String(row.values.sha).toLowerCase().startsWith(wanted))?.timeMs;
}

/** The events, with commit_time filled in on production deploys of `sha` that lack it. */
export async function withLeadTimes(store: Store, events: readonly EventInput[], sha: string | undefined): Promise<readonly EventInput[]> {
  const needs = (e: EventInput): e is DeployInput => e.kind === 'deploy' && e.production === true && e.commit_time === undefined;
  if (!sha || sha.length < 7 || !events.some(needs)) return events;
  const times = new Map<string, number | undefined>();
  const out: EventInput[] = [];
  for (const event of events) {
    if (!needs(event)) {
      out.push(event);
      continue;
    }
    if (!times.has(event.project)) times.set(event.project, await commitTime(store, event.project, sha));
    const time = times.get(event.project);
    out.push(time === undefined ? event : { ...event, commit_time: time });
  }
  return out;
}
