/**
 * The event schema: the one definition of what `POST /api/v1/events` accepts. It validates
 * requests, gives the TypeScript types, and feeds the OpenAPI document.
 */
import { z } from 'zod';

/** RFC 3339 string, or Unix epoch seconds (milliseconds when > 1e12); always parsed to epoch ms. */
export const Timestamp = z
  .union([z.number().finite().nonnegative(), z.string().min(1)])
  .transform((value, ctx) => {
    const ms = typeof value === 'number' ? (value > 1e12 ? value : value * 1000) : parseRfc3339(value);
    if (ms === undefined || !Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'expected an RFC 3339 time or Unix epoch seconds/milliseconds' });
      return z.NEVER;
    }
    return Math.round(ms);
  })
  .meta({ description: 'RFC 3339 string, or Unix epoch seconds (milliseconds when > 1e12)' });

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
function parseRfc3339(text: string): number | undefined {
  return RFC3339.test(text) ? Date.parse(text.replace(' ', 'T')) : undefined;
}

/** Free text that identifies something (a project, a service...): any characters, bounded length. */
const Name = z.string().min(1).max(256);
const OptionalName = Name.optional();
const Seconds = z.number().finite().nonnegative().meta({ description: 'seconds' });
const Millis = z.number().finite().nonnegative().meta({ description: 'milliseconds' });
const Count = z.number().int().nonnegative();

export const DeliveryStatuses = ['success', 'failure', 'timeout', 'cancelled'] as const;
export const CircleStatuses = [
  'success', 'failed', 'error', 'canceled', 'unauthorized', 'running', 'on_hold', 'not_run', 'failing',
] as const;
export const TaskStatuses = [
  'fail', 'force_success', 'freeze', 'ignore_success', 'manual_stop', 'pause', 'running',
  'running_exception', 'skip', 'success', 'waiting_confirm', 'waiting',
] as const;

const common = {
  id: z.string().min(1).max(256).optional()
    .meta({ description: 'Re-sending the same kind and id replaces the earlier event. Derived from the content when absent.' }),
};

export const BuildEvent = z.strictObject({
  kind: z.literal('build'), ...common,
  project: Name, status: z.enum(DeliveryStatuses), time: Timestamp,
  service: OptionalName, workflow: OptionalName, artifact: z.string().max(1024).optional(), duration: Seconds.optional(),
});

export const DeployEvent = z.strictObject({
  kind: z.literal('deploy'), ...common,
  project: Name, status: z.enum(DeliveryStatuses), time: Timestamp,
  service: OptionalName, env: OptionalName, cluster: OptionalName, production: z.boolean().optional(),
  duration: Seconds.optional(), commit_time: Timestamp.optional().meta({ description: 'when the deployed change was committed (lead time)' }),
});

export const TestEvent = z.strictObject({
  kind: z.literal('test'), ...common,
  project: Name, status: z.enum(DeliveryStatuses), time: Timestamp,
  suite: OptionalName, cases: Count.optional(), duration: Seconds.optional(),
});

export const ReleaseEvent = z.strictObject({
  kind: z.literal('release'), ...common,
  project: Name, status: z.enum(DeliveryStatuses), time: Timestamp,
  env: OptionalName, duration: Seconds.optional(),
});

const Container = z.object({
  name: z.string().default(''), type: z.string().default(''), image: z.string().default(''), image_name: z.string().default(''),
});
export const ServiceSnapshot = z.object({
  service_name: z.string().default(''), release_name: z.string().default(''),
  containers: z.array(Container).default([]),
  rendered_yaml: z.string().default(''), values_yaml: z.string().default(''), override_values: z.string().default(''),
  update_time: z.number().int().default(0),
});
export const User = z.object({
  uid: z.string().default(''), account: z.string().default(''), name: z.string().default(''), identity_type: z.string().default(''),
});

export const RollbackEvent = z.strictObject({
  kind: z.literal('rollback'), ...common,
  project: Name, env: Name, service: Name, time: Timestamp,
  env_type: z.string().max(256).optional(), production: z.boolean().optional(),
  operation_type: z.string().max(256).optional(), service_type: z.string().max(256).optional(),
  origin_service: ServiceSnapshot.optional(), update_service: ServiceSnapshot.optional(), create_by: User.optional(),
});

export const WorkflowRunEvent = z.strictObject({
  kind: z.literal('workflow_run'), ...common,
  project_slug: Name.meta({ description: 'e.g. gh/acme/api' }), workflow: Name, status: z.enum(CircleStatuses),
  created_at: Timestamp, stopped_at: Timestamp.optional(), branch: OptionalName,
  default_branch: OptionalName,
  duration: Seconds.optional(), credits_used: z.number().finite().nonnegative().optional(), is_approval: z.boolean().optional(),
});

export const JobRunEvent = z.strictObject({
  kind: z.literal('job_run'), ...common,
  project_slug: Name, workflow: Name, job: Name, status: z.enum(CircleStatuses),
  started_at: Timestamp, stopped_at: Timestamp.optional(), branch: OptionalName,
  default_branch: OptionalName,
  duration: Seconds.optional(), credits_used: z.number().finite().nonnegative().optional(),
});

export const TaskInstanceEvent = z.strictObject({
  kind: z.literal('task_instance'), ...common,
  project_id: Name, instance_id: Name, status: z.enum(TaskStatuses), plan_time: Timestamp,
  job: OptionalName, owner: OptionalName, workspace: OptionalName,
});

export const ApiCallEvent = z.strictObject({
  kind: z.literal('api_call'), ...common,
  project_id: Name, instance_id: Name, api_id: Name, time: Timestamp,
  status_code: z.number().int().min(100).max(599), latency: Millis,
  app_id: OptionalName, group_id: OptionalName, provider: OptionalName,
  backend_latency: Millis.optional(), inner_latency: Millis.optional(),
  bytes_in: Count.optional(), bytes_out: Count.optional(),
});

/**
 * A commit and when it was made: kept so that a later deploy of that sha gets its lead time
 * (the receivers store one per pushed commit; a deploy event may also carry commit_time itself).
 */
export const CommitEvent = z.strictObject({
  kind: z.literal('commit'), ...common,
  project: Name, sha: z.string().regex(/^[0-9a-f]{7,64}$/i, 'expected a hex commit sha'), time: Timestamp.meta({ description: 'when the commit was made' }),
  branch: OptionalName,
});

export const IncidentStatuses = ['detected', 'resolved'] as const;

/** An incident opened or closed; time to restore pairs each incident's detection with its resolution. */
export const IncidentEvent = z.strictObject({
  kind: z.literal('incident'), ...common,
  project: Name, incident: Name.meta({ description: 'the incident id: its detected and resolved events share it' }),
  status: z.enum(IncidentStatuses), time: Timestamp,
  service: OptionalName, env: OptionalName,
});

export const Event = z.discriminatedUnion('kind', [
  BuildEvent, DeployEvent, TestEvent, ReleaseEvent, RollbackEvent,
  WorkflowRunEvent, JobRunEvent, TaskInstanceEvent, ApiCallEvent, CommitEvent, IncidentEvent,
]);

export type Event = z.output<typeof Event>;
export type EventInput = z.input<typeof Event>;
export type EventKind = Event['kind'];
export type EventOf<K extends EventKind> = Extract<Event, { kind: K }>;
export const EventKinds = Event.options.map((option) => option.shape.kind.value) as EventKind[];

export type DeliveryStatus = (typeof DeliveryStatuses)[number];
export type CircleStatus = (typeof CircleStatuses)[number];
export type TaskStatus = (typeof TaskStatuses)[number];
export type IncidentStatus = (typeof IncidentStatuses)[number];
