/**
 * CDEvents (over CloudEvents HTTP) -> Flowmeter events (README "Receivers", CDEvents table).
 * Pure. The event is taken from a structured-mode envelope's `data`, or is the body itself
 * (binary mode, where the ce-* headers repeat its context), and is checked against the CDEvents
 * schema of its type before it is read.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { CircleStatus, DeliveryStatus, EventInput } from '../../../../contract/events';
import { ApiError } from '../../http/errors';
import { ignored, type Mapping } from '../receiver';
import { looksLikeProduction, timeOf } from '../payload';
import { header } from '../verify';
import { isMapped, parseType, schemaProblem, type MappedType } from './schemas';

interface Ref { readonly id: string; readonly source?: string }
interface CDEvent {
  readonly context: { readonly id: string; readonly source: string; readonly type: string; readonly timestamp: string };
  readonly subject: { readonly id: string; readonly source?: string; readonly content: Record<string, unknown> };
  readonly customData?: unknown;
}

const OUTCOMES: Readonly<Record<string, { circle: CircleStatus; delivery: DeliveryStatus }>> = {
  success: { circle: 'success', delivery: 'success' },
  failure: { circle: 'failed', delivery: 'failure' },
  error: { circle: 'error', delivery: 'failure' },
  cancel: { circle: 'canceled', delivery: 'cancelled' },
};

export function mapCdevents(payload: unknown, headers: IncomingHttpHeaders): Mapping {
  const event = unwrap(payload, headers);
  const type = parseType(event.context.type);
  if (!type) throw new ApiError('bad_request', `context.type "${event.context.type}" is not a CDEvents type`);
  if (!isMapped(type.name)) return ignored(`${type.name} events are not used`);
  const problem = schemaProblem(type.name, event);
  if (problem) throw new ApiError('bad_request', `not a valid ${event.context.type} event (CDEvents schema): ${problem}`);
  return { events: toEvents(type.name, event) };
}

/** The CDEvent of a structured-mode CloudEvent (its data), or the body itself (binary mode). */
function unwrap(payload: unknown, headers: IncomingHttpHeaders): CDEvent {
  const structured = (header(headers, 'content-type') ?? '').toLowerCase().startsWith('application/cloudevents+json');
  let event = payload as Record<string, unknown>;
  if (structured) {
    const envelope = payload as { data?: unknown; data_base64?: unknown };
    event = (typeof envelope?.data_base64 === 'string' ? parseBase64(envelope.data_base64) : envelope?.data) as Record<string, unknown>;
  }
  const context = event?.context as CDEvent['context'] | undefined;
  if (!context || typeof context.type !== 'string' || !event.subject) {
    throw new ApiError('bad_request', structured ? 'the CloudEvent\'s data is not a CDEvent (context and subject)' : 'the body is not a CDEvent (context and subject)');
  }
  const ceType = header(headers, 'ce-type');
  if (ceType && ceType !== context.type) throw new ApiError('bad_request', `ce-type "${ceType}" differs from the event's context.type "${context.type}"`);
  return event as unknown as CDEvent;
}

function parseBase64(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw new ApiError('bad_request', 'data_base64 is not base64 of a JSON CDEvent');
  }
}

/** customData.project when the emitter names one, else the subject's source, else the event's. */
function projectOf(event: CDEvent): string {
  const custom = (event.customData as { project?: unknown } | undefined)?.project;
  return typeof custom === 'string' && custom ? custom : event.subject.source || event.context.source;
}

function toEvents(name: MappedType, event: CDEvent): EventInput[] {
  const content = event.subject.content;
  const project = projectOf(event);
  const time = timeOf(event.context.timestamp)!;
  // One subject (a run, a deployment, an incident) per source: redelivery replaces it.
  const id = `${event.subject.source || event.context.source}#${event.subject.id}`;
  const outcome = OUTCOMES[String(content.outcome ?? 'success')];
  const env = (content.environment as Ref | undefined)?.id;
  switch (name) {
    case 'pipelinerun.finished': {
      const workflow = String(content.pipelineName || event.subject.id);
      return [
        { kind: 'workflow_run', id, project_slug: project, workflow, status: outcome.circle, created_at: time, stopped_at: time },
        { kind: 'build', id, project, workflow, status: outcome.delivery, time },
      ];
    }
    case 'taskrun.finished':
      return [{
        kind: 'job_run', id, project_slug: project, workflow: String((content.pipelineRun as Ref | undefined)?.id ?? content.taskName ?? event.subject.id),
        job: String(content.taskName || event.subject.id), status: outcome.circle, started_at: time, stopped_at: time,
      }];
    case 'build.finished':
      // build.finished has no outcome: a build that produced its artifact succeeded.
      return [{ kind: 'build', id, project, status: content.artifactId ? 'success' : 'failure', time, artifact: content.artifactId as string | undefined }];
    case 'testsuiterun.finished': {
      const suite = content.testSuite as { id: string; name?: string } | undefined;
      return [{ kind: 'test', id, project, status: outcome.delivery, time, suite: suite?.name || suite?.id }];
    }
    case 'service.deployed':
    case 'service.upgraded':
      return [{ kind: 'deploy', id: `${id}@${event.context.id}`, project, status: 'success', time, service: event.subject.id, env, production: env ? looksLikeProduction(env) : undefined }];
    case 'service.rolledback':
      return [{ kind: 'rollback', id: `${id}@${event.context.id}`, project, env: env ?? 'unknown', service: event.subject.id, time }];
    case 'incident.detected':
    case 'incident.resolved': {
      const status = name === 'incident.detected' ? 'detected' : 'resolved';
      return [{
        kind: 'incident', id: `${id}:${status}`, project, incident: event.subject.id, status, time,
        service: (content.service as Ref | undefined)?.id, env,
      }];
    }
  }
}
