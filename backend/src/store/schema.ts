/**
 * The storage schema, shared by every store: which event values are tags (low cardinality,
 * indexed, used to filter and group) and which are fields, with their types.
 *
 * - Run ids, commit shas and task-instance ids are never tags (unbounded cardinality).
 * - Statuses are fields, not tags: a re-sent event whose status changed must overwrite its
 *   point, and a tag change would make a second series instead.
 * - Each status also gets a one-hot integer field (`n_<status>`), so counting runs per status
 *   is a plain `sum()` that both InfluxQL and SQL push down, in one query for all statuses.
 *   The statistics ask for them by these names on every store; the InfluxDB store does not
 *   write them for the delivery kinds (influx/storedSchema.ts: its rollups count by status, and
 *   its raw queries filter by status instead).
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
      origin_service: 'string', update_service: 'string', origin_sae_app: 'string', update_sae_app: 'string', create_by: 'string',
    },
  },
  workflow_run: {
    tags: ['project_slug', 'workflow', 'branch', 'default_branch'],
    fields: {
      id: 'string', status: 'string', duration: 'float', credits_used: 'float', is_approval: 'bool',
      created_at: 'int', stopped_at: 'int', ...oneHot(CircleStatuses),
    },
  },
  job_run: {
    tags: ['project_slug', 'workflow', 'job', 'branch', 'default_branch'],
    fields: {
      id: 'string', status: 'string', duration: 'float', credits_used: 'float',
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
  // --- api_metrics: a minute of one API's calls, summed (tags as api_call, so both filter alike) ---
  // n_* hold counts (not one-hot) under api_call's names, so traffic sums them the same way.
  // inner_count / backend_count: the calls the latency sums cover (requests when the sum is
  // present, derived at ingest), the denominators of the averages.
  api_metrics: {
    tags: ['project_id', 'instance_id', 'api_id', 'app_id', 'group_id', 'provider'],
    fields: {
      id: 'string', requests: 'int', n_2xx: 'int', n_4xx: 'int', n_5xx: 'int', n_error: 'int',
      latency_sum: 'float', latency_max: 'float',
      backend_latency_sum: 'float', backend_latency_max: 'float', backend_count: 'int',
      inner_latency_sum: 'float', inner_latency_max: 'float', inner_count: 'int',
      bytes_in: 'int', bytes_out: 'int',
    },
  },
  // --- end api_metrics ---
  // Looked up by sha (a deploy's lead time): sha_prefix, its first two hex digits, is a tag of at
  // most 256 values per project, so the lookup reads one small series and the sha stays a field.
  commit: { tags: ['project', 'sha_prefix'], fields: { id: 'string', sha: 'string', branch: 'string' } },
  incident: {
    tags: ['project', 'service', 'env'],
    fields: { id: 'string', incident: 'string', status: 'string', ...oneHot(IncidentStatuses) },
  },
};

export type Measurement = EventKind;
