/**
 * The storage schema, shared by every store: which event values are tags (low cardinality,
 * indexed, used to filter and group) and which are fields, with their types.
 *
 * - Run ids, commit shas and task-instance ids are never tags (unbounded cardinality).
 * - Statuses are fields, not tags: a re-sent event whose status changed must overwrite its
 *   point, and a tag change would make a second series instead.
 * - Each status also gets a one-hot integer field (`n_<status>`), so counting runs per status
 *   is a plain `sum()` that both InfluxQL and SQL push down, in one query for all statuses.
 */
import { CircleStatuses, DeliveryStatuses, IncidentStatuses, TaskStatuses, type EventKind } from '../../../contract/events';

export type FieldType = 'float' | 'int' | 'string' | 'bool';

export interface MeasurementSchema {
  readonly tags: readonly string[];
  readonly fields: Readonly<Record<string, FieldType>>;
}

const oneHot = (statuses: readonly string[]): Record<string, 'int'> =>
  Object.fromEntries(statuses.map((status) => [statusField(status), 'int' as const]));

/** The one-hot field that is 1 when a point has this status. */
export const statusField = (status: string): string => `n_${status}`;

const delivery = { id: 'string', status: 'string', duration: 'float', ...oneHot(DeliveryStatuses) } as const;

export const Measurements: Record<EventKind, MeasurementSchema> = {
  build: { tags: ['project', 'service', 'workflow'], fields: { ...delivery, artifact: 'string' } },
  deploy: {
    tags: ['project', 'service', 'env', 'cluster', 'production'],
    // lead_time (s) = time - commit_time, derived at ingest so DORA lead time is a pushed-down aggregate.
    fields: { ...delivery, commit_time: 'int', lead_time: 'float' },
  },
  test: { tags: ['project', 'suite'], fields: { ...delivery, cases: 'int' } },
  release: { tags: ['project', 'env'], fields: delivery },
  rollback: {
    tags: ['project', 'env', 'service'],
    fields: {
      id: 'string', env_type: 'string', production: 'bool', operation_type: 'string', service_type: 'string',
      origin_service: 'string', update_service: 'string', create_by: 'string',
    },
  },
  workflow_run: {
    tags: ['project_slug', 'workflow', 'branch'],
    fields: {
      id: 'string', status: 'string', duration: 'float', credits_used: 'float', is_approval: 'bool', default_branch: 'string',
      created_at: 'int', stopped_at: 'int', ...oneHot(CircleStatuses),
    },
  },
  job_run: {
    tags: ['project_slug', 'workflow', 'job', 'branch'],
    fields: {
      id: 'string', status: 'string', duration: 'float', credits_used: 'float', default_branch: 'string',
      started_at: 'int', stopped_at: 'int', ...oneHot(CircleStatuses),
    },
  },
  task_instance: {
    tags: ['project_id', 'workspace', 'owner', 'job'],
    fields: { id: 'string', instance_id: 'string', status: 'string', ...oneHot(TaskStatuses) },
  },
  // instance_id here is an API gateway instance (a handful per project), not a run: a tag.
  api_call: {
    tags: ['project_id', 'instance_id', 'api_id', 'app_id', 'group_id', 'provider'],
    fields: {
      id: 'string', status_code: 'int', latency: 'float', backend_latency: 'float', inner_latency: 'float',
      bytes_in: 'int', bytes_out: 'int', n_2xx: 'int', n_4xx: 'int', n_5xx: 'int', n_error: 'int',
    },
  },
  // Looked up by sha (a deploy's lead time): sha_prefix, its first two hex digits, is a tag of at
  // most 256 values per project, so the lookup reads one small series and the sha stays a field.
  commit: { tags: ['project', 'sha_prefix'], fields: { id: 'string', sha: 'string', branch: 'string' } },
  incident: {
    tags: ['project', 'service', 'env'],
    fields: { id: 'string', incident: 'string', status: 'string', ...oneHot(IncidentStatuses) },
  },
};

export type Measurement = EventKind;
