/**
 * CircleCI webhook payload -> Flowmeter events (README "Receivers", CircleCI table). Pure. The
 * project keeps CircleCI's own slug; ids are CircleCI's workflow and job ids (a rerun is a new
 * workflow), so redelivery replaces.
 */
import type { CircleStatus, DeliveryStatus, EventInput } from '../../../../contract/events';
import { ignored, type Mapping } from '../receiver';
import { commitEvent, readPayload, secondsBetween, timeOf } from '../payload';
import { JobCompletedPayload, WorkflowCompletedPayload, type CirclePipeline } from './payloads';

/** Finished workflow statuses, and the Zadig build status each one is. */
const WORKFLOW_STATUSES: Readonly<Record<string, { workflow: CircleStatus; build: DeliveryStatus }>> = {
  success: { workflow: 'success', build: 'success' },
  failed: { workflow: 'failed', build: 'failure' },
  error: { workflow: 'error', build: 'failure' },
  unauthorized: { workflow: 'unauthorized', build: 'failure' },
  canceled: { workflow: 'canceled', build: 'cancelled' },
};

/** Finished job statuses (CircleCI's job status list) in the job-run vocabulary. */
const JOB_STATUSES: Readonly<Record<string, CircleStatus>> = {
  success: 'success', failed: 'failed', infrastructure_fail: 'failed', timedout: 'failed', 'terminated-unknown': 'failed',
  canceled: 'canceled', unauthorized: 'unauthorized', not_run: 'not_run',
};

export function mapCircleci(payload: unknown): Mapping {
  const type = (payload as { type?: unknown })?.type;
  switch (type) {
    case 'workflow-completed': return workflowCompleted(payload);
    case 'job-completed': return jobCompleted(payload);
    default: return ignored(`type ${JSON.stringify(type ?? null)} is not used`);
  }
}

const branchOf = (pipeline: CirclePipeline): string | undefined =>
  pipeline?.vcs?.branch ?? pipeline?.trigger_parameters?.git?.branch ?? pipeline?.trigger_parameters?.gitlab?.branch;

function workflowCompleted(payload: unknown): Mapping {
  const { project, pipeline, workflow } = readPayload(WorkflowCompletedPayload, payload, 'CircleCI workflow-completed');
  const outcome = WORKFLOW_STATUSES[workflow.status];
  if (!outcome) return ignored(`workflow status "${workflow.status}" is not a finished workflow`);
  const createdAt = timeOf(workflow.created_at)!;
  const stoppedAt = timeOf(workflow.stopped_at);
  const duration = secondsBetween(createdAt, stoppedAt);
  const branch = branchOf(pipeline);
  const events: EventInput[] = [
    { kind: 'workflow_run', id: workflow.id, project_slug: project.slug, workflow: workflow.name, status: outcome.workflow, created_at: createdAt, stopped_at: stoppedAt, branch, duration },
    { kind: 'build', id: workflow.id, project: project.slug, workflow: workflow.name, status: outcome.build, time: stoppedAt ?? createdAt, duration },
  ];
  const sha = pipeline?.vcs?.revision ?? pipeline?.trigger_parameters?.gitlab?.commit_sha;
  const committedAt = timeOf(pipeline?.vcs?.commit?.committed_at ?? pipeline?.trigger_parameters?.gitlab?.commit_timestamp);
  if (sha && committedAt !== undefined) events.push(commitEvent(project.slug, sha, committedAt, branch));
  return { events };
}

function jobCompleted(payload: unknown): Mapping {
  const { project, pipeline, workflow, job } = readPayload(JobCompletedPayload, payload, 'CircleCI job-completed');
  const status = JOB_STATUSES[job.status];
  if (!status) return ignored(`job status "${job.status}" is not a finished job`);
  const startedAt = timeOf(job.started_at);
  const stoppedAt = timeOf(job.stopped_at);
  const at = startedAt ?? stoppedAt;
  if (at === undefined) return ignored(`job ${job.name} has neither started_at nor stopped_at`);
  return {
    events: [{
      kind: 'job_run', id: job.id, project_slug: project.slug, workflow: workflow.name, job: job.name, status,
      started_at: at, stopped_at: stoppedAt, branch: branchOf(pipeline), duration: secondsBetween(startedAt, stoppedAt),
    }],
  };
}
