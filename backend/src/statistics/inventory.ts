/** What has been seen in all events ever stored: distinct projects, services, environments... */
import type { Measurement } from '../store/schema';
import type { Store } from '../store/Store';

export interface Inventory {
  readonly projects: number;
  readonly clusters: number;
  readonly services: number;
  readonly workflows: number;
  readonly environments: number;
  readonly artifacts: number;
}

/** Where each concept is recorded (a tag of these measurements). */
const SOURCES: Record<Exclude<keyof Inventory, 'artifacts'>, Array<[Measurement, string]>> = {
  projects: [['build', 'project'], ['deploy', 'project'], ['test', 'project'], ['release', 'project'], ['rollback', 'project'], ['workflow_run', 'project_slug'], ['job_run', 'project_slug']],
  clusters: [['deploy', 'cluster']],
  services: [['build', 'service'], ['deploy', 'service'], ['rollback', 'service']],
  workflows: [['build', 'workflow'], ['workflow_run', 'workflow'], ['job_run', 'workflow']],
  environments: [['deploy', 'env'], ['release', 'env'], ['rollback', 'env']],
};

export async function inventory(store: Store): Promise<Inventory> {
  const distinct = async (sources: Array<[Measurement, string]>) =>
    new Set((await Promise.all(sources.map(([m, tag]) => store.tagValues(m, tag)))).flat()).size;
  const [projects, clusters, services, workflows, environments, [artifacts]] = await Promise.all([
    distinct(SOURCES.projects), distinct(SOURCES.clusters), distinct(SOURCES.services),
    distinct(SOURCES.workflows), distinct(SOURCES.environments),
    store.aggregate({ measurement: 'build', select: { n: { fn: 'distinct', field: 'artifact' } } }),
  ]);
  return { projects, clusters, services, workflows, environments, artifacts: artifacts?.values.n ?? 0 };
}
