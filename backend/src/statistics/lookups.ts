/**
 * Values for Grafana template variables: the distinct tag values of a concept across the
 * measurements that carry it, optionally narrowed by parent filters (project, workflow...).
 */
import type { Lookup } from '../../../contract/query';
import type { Measurement } from '../store/schema';
import type { Store, TagFilter, TimeRange } from '../store/Store';
import { TrafficMeasurements } from './apiTraffic';

interface LookupSource {
  readonly tag: string;
  readonly measurements: readonly Measurement[];
  /** Query parameters that narrow the values, mapped to the tag they filter. */
  readonly filters: Readonly<Record<string, string>>;
}

const delivery: Measurement[] = ['build', 'deploy', 'test', 'release', 'rollback'];

export const LookupSources: Record<Lookup, LookupSource> = {
  projects: { tag: 'project', measurements: delivery, filters: {} },
  services: { tag: 'service', measurements: ['build', 'deploy', 'rollback'], filters: { project: 'project' } },
  environments: { tag: 'env', measurements: ['deploy', 'release', 'rollback'], filters: { project: 'project' } },
  project_slugs: { tag: 'project_slug', measurements: ['workflow_run', 'job_run'], filters: {} },
  workflows: { tag: 'workflow', measurements: ['workflow_run'], filters: { project_slug: 'project_slug' } },
  jobs: { tag: 'job', measurements: ['job_run'], filters: { project_slug: 'project_slug', workflow: 'workflow' } },
  apis: { tag: 'api_id', measurements: TrafficMeasurements, filters: { project_id: 'project_id', instance_id: 'instance_id' } },
};

/**
 * Sorted distinct values; `params` are the lookup's filters (unknown ones are ignored). With a
 * range, only values of points in it: a count grouped by the tag (every point has an `id`), as
 * the tag index alone knows no time.
 */
export async function lookupValues(store: Store, lookup: Lookup, params: Readonly<Record<string, string[]>>, range?: TimeRange): Promise<string[]> {
  const source = LookupSources[lookup];
  const where: Record<string, string[]> = {};
  for (const [param, tag] of Object.entries(source.filters)) {
    if (params[param]?.length) where[tag] = params[param];
  }
  const valuesOf = async (measurement: Measurement): Promise<string[]> => {
    if (!range) return store.tagValues(measurement, source.tag, where as TagFilter);
    const rows = await store.aggregate({ measurement, where, range, groupBy: [source.tag], select: { n: { fn: 'count', field: 'id' } } });
    return rows.map((r) => r.group[source.tag]).filter((v) => v !== '');
  };
  const lists = await Promise.all(source.measurements.map(valuesOf));
  return [...new Set(lists.flat())].sort();
}
