/**
 * Event -> point: the one mapping from the event schema to the storage schema.
 */
import { createHash } from 'node:crypto';
import type { Event } from '../../../contract/events';
import { Measurements, statusField, type Measurement } from './schema';

export type FieldValue = string | number | boolean;

export interface Point {
  readonly measurement: Measurement;
  /** Identity within the measurement: writing the same key again replaces the point. */
  readonly key: string;
  readonly timeMs: number;
  /** Only the tags the event has. */
  readonly tags: Readonly<Record<string, string>>;
  /** Only the fields the event has; types as in Measurements. */
  readonly fields: Readonly<Record<string, FieldValue>>;
}

/** Per measurement, once: its tags, its field entries and its one-hot status fields. */
const layouts = new Map(Object.entries(Measurements).map(([name, schema]) => [name, {
  tags: schema.tags,
  fields: Object.entries(schema.fields).map(([field, type]) => ({ name: field, type })),
  statusFields: Object.keys(schema.fields).filter((field) => field.startsWith('n_')),
}]));

/** Written to build each point without copying the event (ingest makes millions of these). */
export function toPoint(event: Event): Point {
  const id = event.id ?? derivedId(event);
  const layout = layouts.get(event.kind)!;
  const source = event as unknown as Record<string, unknown>;
  const tags: Record<string, string> = {};
  for (let i = 0; i < layout.tags.length; i++) {
    const tag = layout.tags[i];
    const value = tag === 'id' ? id : tag === 'sha_prefix' ? shaPrefix(source.sha as string) : source[tag];
    if (value !== undefined) tags[tag] = String(value);
  }
  const fields: Record<string, FieldValue> = {};
  for (let i = 0; i < layout.fields.length; i++) {
    const { name, type } = layout.fields[i];
    const value = name === 'id' ? id : source[name];
    if (value === undefined) continue;
    fields[name] = type === 'string' && typeof value === 'object' ? JSON.stringify(value) : (value as FieldValue);
  }
  setStatusCounters(event, layout.statusFields, fields);
  setDerivedFields(event, fields);
  return {
    measurement: event.kind,
    // A task instance's latest event is its status: all its events share one point.
    key: event.kind === 'task_instance' ? event.instance_id : id,
    timeMs: eventTime(event),
    tags,
    fields,
  };
}

/** When an event is placed on the time axis. */
export function eventTime(event: Event): number {
  switch (event.kind) {
    case 'workflow_run': return event.created_at;
    case 'job_run': return event.started_at;
    case 'task_instance': return event.plan_time;
    // A minute's metrics sit at the minute's start, so every bucket (minute, hour, day) holds them whole.
    case 'api_metrics': return Math.floor(event.time / 60_000) * 60_000;
    default: return event.time;
  }
}

/**
 * The one-hot status fields. Every one of them is written (0 or 1) so that a re-sent event
 * whose status changed zeroes the old one.
 */
function setStatusCounters(event: Event, statusFields: readonly string[], fields: Record<string, FieldValue>): void {
  if (event.kind === 'rollback' || event.kind === 'commit') return;
  if (event.kind === 'api_metrics') {
    fields.n_2xx = event.requests_2xx;
    fields.n_4xx = event.requests_4xx;
    fields.n_5xx = event.requests_5xx;
    fields.n_error = event.errors ?? event.requests_4xx + event.requests_5xx;
    return;
  }
  if (event.kind === 'api_call') {
    const code = event.status_code;
    fields.n_2xx = code >= 200 && code < 300 ? 1 : 0;
    fields.n_4xx = code >= 400 && code < 500 ? 1 : 0;
    fields.n_5xx = code >= 500 ? 1 : 0;
    fields.n_error = code >= 400 ? 1 : 0;
    return;
  }
  for (const field of statusFields) fields[field] = 0;
  fields[statusField(event.status)] = 1;
}

/** The commit measurement's lookup tag (schema.ts): the sha's first two hex digits, lower case. */
export const shaPrefix = (sha: string): string => sha.slice(0, 2).toLowerCase();

/** Values computed from others at ingest, so statistics over them are plain aggregates. */
function setDerivedFields(event: Event, fields: Record<string, FieldValue>): void {
  if (event.kind === 'api_metrics') {
    // A latency sum covers all the minute's calls: they are the average's denominator.
    if (event.backend_latency_sum !== undefined) fields.backend_count = event.requests;
    if (event.inner_latency_sum !== undefined) fields.inner_count = event.requests;
    return;
  }
  // Lead time is of delivered changes: successful deploys only (DORA; README "DORA metrics").
  if (event.kind !== 'deploy' || event.status !== 'success' || event.commit_time === undefined) return;
  // A commit stamped after its deploy (clock skew) counts as no wait rather than a negative one.
  fields.lead_time = Math.max(0, event.time - event.commit_time) / 1000;
}

/** A stable id from the event's content (keys sorted), for events sent without one. */
function derivedId(event: Event): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex').slice(0, 32);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
