/**
 * The event schema: the one definition of what `POST /api/v1/events` accepts. It validates
 * requests, gives the TypeScript types, and feeds the OpenAPI document.
 */
import { z } from 'zod';

/**
 * The times both storage engines can hold: InfluxDB keeps nanoseconds in a signed 64-bit
 * integer (1677-09-21 to 2262-04-11; the store adds up to 999,999 ns to the millisecond, see
 * lineProtocol.ts), the embedded store holds far more. An event outside would be refused by one
 * engine and kept by the other, so validation refuses it on both.
 */
export const TIME_RANGE_MS = { min: -9_223_372_036_853, max: 9_223_372_036_853 } as const;
const rangeText = `${new Date(TIME_RANGE_MS.min).toISOString()} .. ${new Date(TIME_RANGE_MS.max).toISOString()}`;

/** RFC 3339 string, or Unix epoch seconds (milliseconds when > 1e12); always parsed to epoch ms. */
export const Timestamp = z
  .union([z.number().finite().nonnegative(), z.string().min(1)])
  .transform((value, ctx) => {
    const ms = typeof value === 'number' ? (value > 1e12 ? value : value * 1000) : parseRfc3339(value);
    if (ms === undefined || !Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'expected an RFC 3339 time (a real calendar date) or Unix epoch seconds/milliseconds' });
      return z.NEVER;
    }
    const rounded = Math.round(ms);
    if (rounded < TIME_RANGE_MS.min || rounded > TIME_RANGE_MS.max) {
      ctx.addIssue({ code: 'custom', message: `time out of the storable range ${rangeText}` });
      return z.NEVER;
    }
    return rounded;
  })
  .meta({ description: `RFC 3339 string, or Unix epoch seconds (milliseconds when > 1e12), within ${rangeText}` });

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** Epoch ms, or undefined unless every field is in range (Date.parse makes 02-30 into 03-02). */
function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const [offsetHour, offsetMinute] = [Number(m[9] ?? 0), Number(m[10] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  if (offsetHour > 23 || offsetMinute > 59) return undefined;
  return Date.parse(text.replace(' ', 'T'));
}

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysInMonth = (year: number, month: number) => (month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]);

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
/** An Alibaba Cloud SAE application (Zadig's SAE environments roll back applications, not services). */
export const SaeApplication = z.object({
  app_name: z.string().default(''), app_id: z.string().default(''), image_url: z.string().default(''), package_url: z.string().default(''),
  instances: z.number().int().nonnegative().default(0),
});
export const User = z.object({
  uid: z.string().default(''), account: z.string().default(''), name: z.string().default(''), identity_type: z.string().default(''),
});

export const RollbackEvent = z.strictObject({
  kind: z.literal('rollback'), ...common,
  project: Name, env: Name, service: Name, time: Timestamp,
  env_type: z.string().max(256).optional(), production: z.boolean().optional(),
  operation_type: z.string().max(256).optional(), service_type: z.string().max(256).optional(),
  origin_service: ServiceSnapshot.optional(), update_service: ServiceSnapshot.optional(),
  origin_sae_app: SaeApplication.optional(), update_sae_app: SaeApplication.optional(), create_by: User.optional(),
});

export const WorkflowRunEvent = z.strictObject({
  kind: z.literal('workflow_run'), ...common,
  project_slug: Name.meta({ description: 'e.g. gh/acme/api' }), workflow: Name, status: z.enum(CircleStatuses),
  created_at: Timestamp, stopped_at: Timestamp.optional(), branch: OptionalName, default_branch: OptionalName,
  duration: Seconds.optional(), credits_used: z.number().finite().nonnegative().optional(), is_approval: z.boolean().optional(),
});

export const JobRunEvent = z.strictObject({
  kind: z.literal('job_run'), ...common,
  project_slug: Name, workflow: Name, job: Name, status: z.enum(CircleStatuses),
  started_at: Timestamp, stopped_at: Timestamp.optional(), branch: OptionalName, default_branch: OptionalName,
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

// --- api_metrics: pre-aggregated gateway traffic (one event per API and minute) ---
/**
 * What a gateway doing thousands of calls a second sends instead of one `api_call` per call:
 * the calls of one API in one minute, summed. Every ROMA/APIG statistic is a sum, a max or a
 * sum divided by a count, so these totals answer them exactly, mixed with per-call events.
 */
export const ApiMetricsEvent = z.strictObject({
  kind: z.literal('api_metrics'), ...common,
  project_id: Name, instance_id: Name, api_id: Name,
  time: Timestamp.meta({ description: 'the minute the calls were made in (stored at its start)' }),
  app_id: OptionalName, group_id: OptionalName, provider: OptionalName,
  requests: Count.meta({ description: 'calls in the minute, every status (1xx and 3xx are counted here only)' }),
  requests_2xx: Count.default(0), requests_4xx: Count.default(0), requests_5xx: Count.default(0),
  errors: Count.optional().meta({ description: 'failed calls; default requests_4xx + requests_5xx, as for api_call' }),
  latency_sum: Millis.meta({ description: 'sum of the calls\' latencies (ms)' }), latency_max: Millis.optional(),
  backend_latency_sum: Millis.optional().meta({ description: 'over all the minute\'s calls, when present' }), backend_latency_max: Millis.optional(),
  inner_latency_sum: Millis.optional().meta({ description: 'over all the minute\'s calls, when present' }), inner_latency_max: Millis.optional(),
  bytes_in: Count.optional(), bytes_out: Count.optional(),
}).check((ctx) => {
  const e = ctx.value;
  if (e.requests_2xx + e.requests_4xx + e.requests_5xx > e.requests) {
    ctx.issues.push({ code: 'custom', input: e, path: ['requests'], message: 'requests must be at least requests_2xx + requests_4xx + requests_5xx' });
  }
  if (e.errors !== undefined && e.errors > e.requests) ctx.issues.push({ code: 'custom', input: e, path: ['errors'], message: 'errors must not exceed requests' });
  if (e.requests === 0 && e.latency_sum > 0) ctx.issues.push({ code: 'custom', input: e, path: ['latency_sum'], message: 'a minute without requests has no latency' });
});
// --- end api_metrics ---

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
  ApiMetricsEvent,
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
