/**
 * The schemas a Grafana user would write by hand for InfluxDB 1.x, the peers the benchmark
 * measures the service against (README, Benchmark):
 *
 * - same information: what Flowmeter stores of each event, with the status as a tag (so a
 *   count per status is a GROUP BY, not one-hot fields), plural measurement names;
 * - lean: only what the daily delivery outcomes need (tags project, status; field duration).
 *
 * A point's identity is its series (tags) and time: two events of one series in the same ms
 * would be one point (the lean schema's 80 series lose ~10 of a million builds that way). So
 * points are written in ns, the event's ms plus a sub-ms offset from a hash of its id, as a
 * careful hand-written writer would; the benchmark checks every count, so a loss would show.
 */
import type { Event, EventInput } from '../../contract/events';
import { eventTime } from '../src/store/points';

type Values = Record<string, string | number | boolean | undefined>;

export interface HandWrittenSchema {
  readonly measurement: string;
  readonly tags: readonly string[];
  /** Fields and whether each is a string (quoted) or a number. */
  readonly fields: Readonly<Record<string, 'string' | 'number'>>;
  /** Values computed from the event before writing, as a user's writer would (e.g. lead time). */
  readonly derive?: (event: Values) => Values;
}

const leanDelivery = (measurement: string): HandWrittenSchema => ({ measurement, tags: ['project', 'status'], fields: { duration: 'number' } });

/** Same information as Flowmeter stores, status as a tag. */
export const SameInformation: Partial<Record<Event['kind'], HandWrittenSchema>> = {
  build: { measurement: 'builds', tags: ['project', 'service', 'status'], fields: { duration: 'number', id: 'string' } },
  deploy: {
    measurement: 'deploys', tags: ['project', 'service', 'env', 'cluster', 'production', 'status'],
    fields: { duration: 'number', lead_time: 'number', id: 'string' },
    // Lead time (s) of a delivered change, as Flowmeter derives it: successful deploys only.
    derive: (e) => ({ lead_time: e.status === 'success' && e.commit_time !== undefined ? Math.max(0, Number(e.time) - Number(e.commit_time)) / 1000 : undefined }),
  },
  test: { measurement: 'tests', tags: ['project', 'suite', 'status'], fields: { duration: 'number', cases: 'number', id: 'string' } },
  release: { measurement: 'releases', tags: ['project', 'env', 'status'], fields: { duration: 'number', id: 'string' } },
  rollback: { measurement: 'rollbacks', tags: ['project', 'env', 'service'], fields: { id: 'string' } },
  workflow_run: {
    measurement: 'workflow_runs', tags: ['project_slug', 'workflow', 'branch', 'status'],
    fields: { duration: 'number', credits_used: 'number', id: 'string' },
  },
  job_run: {
    measurement: 'job_runs', tags: ['project_slug', 'workflow', 'job', 'branch', 'status'],
    fields: { duration: 'number', credits_used: 'number', id: 'string' },
  },
  task_instance: { measurement: 'task_instances', tags: ['project_id', 'workspace', 'owner', 'job', 'status'], fields: { instance_id: 'string', id: 'string' } },
  api_call: {
    measurement: 'api_calls', tags: ['project_id', 'instance_id', 'api_id', 'app_id', 'group_id', 'provider', 'status_class'],
    fields: { status_code: 'number', latency: 'number', backend_latency: 'number', inner_latency: 'number', bytes_in: 'number', bytes_out: 'number', id: 'string' },
    // The status class (2xx, 4xx, 5xx) as a tag: what a traffic panel groups by.
    derive: (e) => ({ status_class: `${String(e.status_code)[0]}xx` }),
  },
};

/** Lean: the delivery kinds' daily outcomes only. */
export const Lean: Partial<Record<Event['kind'], HandWrittenSchema>> = {
  build: leanDelivery('builds'),
  deploy: leanDelivery('deploys'),
  test: leanDelivery('tests'),
  release: leanDelivery('releases'),
};

const escapeTag = (s: string) => s.replace(/[,= \\]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
const escapeString = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/** FNV-1a of the id, reduced to ns within the ms (0..999,999), zero-padded. */
function subMillisecond(id: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return String((h >>> 0) % 1_000_000).padStart(6, '0');
}

/** One line of line protocol (precision ns), or undefined when the schema has no such kind. */
export function handWrittenLine(schemas: Partial<Record<Event['kind'], HandWrittenSchema>>, input: EventInput): string | undefined {
  const schema = schemas[input.kind as Event['kind']];
  if (!schema) return undefined;
  const event = input as unknown as Values;
  const values: Values = { ...event, ...schema.derive?.(event) };
  let line = schema.measurement;
  for (const tag of schema.tags) {
    const value = values[tag];
    if (value !== undefined && value !== '') line += `,${tag}=${escapeTag(String(value))}`;
  }
  const fields: string[] = [];
  for (const [field, type] of Object.entries(schema.fields)) {
    const value = values[field];
    if (value === undefined) continue;
    fields.push(`${field}=${type === 'string' ? escapeString(String(value)) : Number(value)}`);
  }
  return `${line} ${fields.join(',')} ${eventTime(input as Event)}${subMillisecond(String(values.id))}`;
}
