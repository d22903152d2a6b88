/**
 * The four DORA metrics over the deploys to one environment (definitions: README, "DORA metrics").
 *
 * - Deployment frequency: successful deploys per day of the window.
 * - Lead time for changes: median of deploy time − commit time over successful deploys that
 *   carry a commit_time (the `lead_time` field, derived at ingest, so it is a pushed-down median).
 * - Change failure rate: failed and timed-out deploys / deploys that finished (cancelled ones left out).
 * - Time to restore: mean time from the first failed deploy of a service to its next successful
 *   deploy, per project and service (runs in order, as CircleCI's MTTR). A project that reports
 *   incidents (kind `incident`, e.g. CDEvents incident.detected/resolved) restores by them instead:
 *   the time from an incident's detection to its resolution, whatever its deploys did.
 */
import { statusField } from '../store/schema';
import type { Store, TagFilter } from '../store/Store';
import { localDate } from '../time/calendar';
import type { DayWindow } from './dayWindow';
import { GroupedRecoveries, recoveriesPerGroup } from './recovery';

export interface DoraScope {
  readonly projects: readonly string[];
  readonly env: string;
}

export interface DoraCounts {
  readonly deployments: number;
  readonly failedDeployments: number;
  /** Successful + failed + timed out: the denominator of the change failure rate. */
  readonly finishedDeployments: number;
  /** Seconds; null when no successful deploy in scope carries a commit time. */
  readonly leadTimeMedian: number | null;
}

export interface DoraSummary extends DoraCounts {
  readonly days: number;
  /** Successful deploys per day. */
  readonly deploymentFrequency: number;
  readonly changeFailureRate: number | null;
  readonly leadTimeMean: number | null;
  readonly restores: number;
  /** Mean seconds from failure to restore; null with no restores. */
  readonly timeToRestore: number | null;
  readonly rollbacks: number;
}

export type DoraDay = DoraCounts & { readonly date: string; readonly fromMs: number; readonly changeFailureRate: number | null };

/** Deploy (or rollback) filter of a scope: its env, and its projects when any are named. */
export const doraFilter = (scope: DoraScope): TagFilter => ({ env: [scope.env], ...(scope.projects.length ? { project: scope.projects } : {}) });

const FAILED_DEPLOY: ReadonlySet<string> = new Set(['failure', 'timeout']);

const countsSelect = {
  success: { fn: 'sum', field: statusField('success') },
  failure: { fn: 'sum', field: statusField('failure') },
  timeout: { fn: 'sum', field: statusField('timeout') },
  leadTimeMedian: { fn: 'median', field: 'lead_time' },
} as const;

function counts(v: Readonly<Record<string, number | null>>): DoraCounts {
  const deployments = v.success ?? 0;
  const failedDeployments = (v.failure ?? 0) + (v.timeout ?? 0);
  return { deployments, failedDeployments, finishedDeployments: deployments + failedDeployments, leadTimeMedian: v.leadTimeMedian ?? null };
}

export const changeFailureRate = (c: DoraCounts): number | null => (c.finishedDeployments ? c.failedDeployments / c.finishedDeployments : null);

export async function doraSummary(store: Store, scope: DoraScope, window: DayWindow): Promise<DoraSummary> {
  const where = doraFilter(scope);
  const [[totals], [rollbackCount], restore] = await Promise.all([
    store.aggregate({ measurement: 'deploy', where, range: window.range, select: { ...countsSelect, leadTimeMean: { fn: 'mean', field: 'lead_time' } } }),
    store.aggregate({ measurement: 'rollback', where, range: window.range, select: { n: { fn: 'count', field: 'id' } } }),
    timeToRestore(store, where, window),
  ]);
  const c = counts(totals?.values ?? {});
  const days = window.days.length;
  return {
    ...c, days,
    deploymentFrequency: c.deployments / days,
    changeFailureRate: changeFailureRate(c),
    leadTimeMean: totals?.values.leadTimeMean ?? null,
    ...restore,
    rollbacks: rollbackCount?.values.n ?? 0,
  };
}

/** Every day of the window, zero days included. */
export async function doraDaily(store: Store, scope: DoraScope, window: DayWindow): Promise<DoraDay[]> {
  const rows = await store.aggregate({ measurement: 'deploy', where: doraFilter(scope), range: window.range, bucket: { unit: 'day', tz: window.tz }, select: countsSelect });
  const byDate = new Map(rows.map((row) => [localDate(row.bucketMs!, window.tz), row.values]));
  return window.days.map(({ date, fromMs }) => {
    const c = counts(byDate.get(date) ?? {});
    return { date, fromMs, ...c, changeFailureRate: changeFailureRate(c) };
  });
}

/**
 * Recoveries of each project's service, in deploy order, except for projects with incidents in the
 * window, which recover by incident (detected -> resolved); the mean is over all recoveries.
 * Deploys are folded as the store hands them (Store.scan, ~330,000 at 10M events): one fold per
 * service is held, not the deploys.
 */
async function timeToRestore(store: Store, where: TagFilter, window: DayWindow): Promise<{ restores: number; timeToRestore: number | null }> {
  // Incidents are matched by project only: their environments are the monitoring system's names.
  const incidentWhere: TagFilter = where.project ? { project: where.project } : {};
  // Per project, its services' folds: no key is built per deploy (~33,000 at 1M events).
  const perProject = new Map<string, GroupedRecoveries>();
  const [, incidents] = await Promise.all([
    store.scan({ measurement: 'deploy', where, range: window.range, order: 'asc', columns: ['project', 'service', 'status'] }, ({ timeMs, values }) => {
      const project = String(values.project ?? '');
      let perService = perProject.get(project);
      if (!perService) perProject.set(project, (perService = new GroupedRecoveries(FAILED_DEPLOY)));
      perService.add(String(values.service ?? ''), { status: String(values.status), atMs: timeMs });
    }),
    store.rows({ measurement: 'incident', where: incidentWhere, range: window.range, order: 'asc', columns: ['project', 'incident', 'status'] }),
  ]);
  const byIncidents = new Set(incidents.map((row) => String(row.values.project ?? '')));
  const perIncident = recoveriesPerGroup(incidents.map(({ timeMs, values }) => ({
    group: JSON.stringify([values.project ?? '', values.incident ?? '']),
    status: values.status === 'resolved' ? 'success' : 'detected', atMs: timeMs,
  })), INCIDENT_OPEN);
  const byDeploys = [...perProject].filter(([project]) => !byIncidents.has(project)).flatMap(([, perService]) => [...perService.recoveries.values()]);
  let restores = 0;
  let totalSeconds = 0;
  for (const r of [...byDeploys, ...perIncident.values()]) {
    restores += r.count;
    totalSeconds += (r.meanSeconds ?? 0) * r.count;
  }
  return { restores, timeToRestore: restores ? totalSeconds / restores : null };
}

const INCIDENT_OPEN: ReadonlySet<string> = new Set(['detected']);
