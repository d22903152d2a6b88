/**
 * GitHub webhook payload -> Flowmeter events (README "Receivers", GitHub table). Pure: the
 * same delivery always gives the same events with the same ids (redelivery changes nothing).
 */
import type { CircleStatus, DeliveryStatus, EventInput } from '../../../../contract/events';
import { ignored, type Mapping } from '../receiver';
import { commitEvent, looksLikeProduction, readPayload, secondsBetween, timeOf } from '../payload';
import { DeploymentStatusPayload, PushPayload, ReleasePayload, WorkflowJobPayload, WorkflowRunPayload } from './payloads';

/** `gh/<owner>/<repo>`: the one project name in every family (spec section 6). */
export const githubProject = (fullName: string): string => `gh/${fullName}`;

/** A run's conclusion in CircleCI's vocabulary (workflow runs) and Zadig's (builds). */
const RUN_CONCLUSIONS: Readonly<Record<string, { workflow: CircleStatus; build: DeliveryStatus }>> = {
  success: { workflow: 'success', build: 'success' },
  neutral: { workflow: 'success', build: 'success' },
  failure: { workflow: 'failed', build: 'failure' },
  timed_out: { workflow: 'failed', build: 'timeout' },
  startup_failure: { workflow: 'error', build: 'failure' },
  cancelled: { workflow: 'canceled', build: 'cancelled' },
};

/** A job's conclusion in CircleCI's job vocabulary. */
const JOB_CONCLUSIONS: Readonly<Record<string, CircleStatus>> = {
  success: 'success', neutral: 'success', failure: 'failed', timed_out: 'failed', startup_failure: 'failed',
  cancelled: 'canceled', skipped: 'not_run',
};

/** A deployment's final states; the others (pending, queued, in_progress, inactive) are not an outcome. */
const DEPLOYMENT_STATES: Readonly<Record<string, DeliveryStatus>> = { success: 'success', failure: 'failure', error: 'failure' };

export function mapGithub(event: string | undefined, payload: unknown): Mapping {
  switch (event) {
    case 'ping': return { events: [] };
    case 'workflow_run': return workflowRun(payload);
    case 'workflow_job': return workflowJob(payload);
    case 'deployment_status': return deploymentStatus(payload);
    case 'release': return release(payload);
    case 'push': return push(payload);
    case undefined: return ignored('no X-GitHub-Event header');
    default: return ignored(`event "${event}" is not used`);
  }
}

function workflowRun(payload: unknown): Mapping {
  const { action, repository, workflow_run: run } = readPayload(WorkflowRunPayload, payload, 'GitHub workflow_run');
  if (action !== 'completed') return ignored(`workflow_run action "${action}" is not used (only completed)`);
  const outcome = RUN_CONCLUSIONS[run.conclusion ?? ''];
  if (!outcome) return ignored(`workflow_run conclusion "${run.conclusion}" is not a finished run`);
  const project = githubProject(repository.full_name);
  const attempt = run.run_attempt ?? 1;
  const id = `gh-run-${run.id}-${attempt}`;
  // run_started_at is this attempt's start (created_at is the first attempt's).
  const startedAt = timeOf(run.run_started_at) ?? timeOf(run.created_at)!;
  const stoppedAt = timeOf(run.updated_at)!;
  const workflow = run.name || run.path || String(run.id);
  const duration = secondsBetween(startedAt, stoppedAt);
  const branch = run.head_branch ?? undefined;
  const events: EventInput[] = [
    {
      kind: 'workflow_run', id, project_slug: project, workflow, status: outcome.workflow,
      created_at: startedAt, stopped_at: stoppedAt, branch, default_branch: repository.default_branch, duration,
    },
    { kind: 'build', id, project, workflow, status: outcome.build, time: stoppedAt, duration },
  ];
  const commit = run.head_commit;
  if (commit) events.push(commitEvent(project, commit.id, timeOf(commit.timestamp), branch));
  return { events };
}

function workflowJob(payload: unknown): Mapping {
  const { action, repository, workflow_job: job } = readPayload(WorkflowJobPayload, payload, 'GitHub workflow_job');
  if (action !== 'completed') return ignored(`workflow_job action "${action}" is not used (only completed)`);
  const status = JOB_CONCLUSIONS[job.conclusion ?? ''];
  if (!status) return ignored(`workflow_job conclusion "${job.conclusion}" is not a finished job`);
  const startedAt = timeOf(job.started_at)!;
  const stoppedAt = timeOf(job.completed_at);
  return {
    events: [{
      kind: 'job_run', id: `gh-job-${job.id}-${job.run_attempt ?? 1}`, project_slug: githubProject(repository.full_name),
      // Older payloads lack workflow_name; the run id still groups the jobs of one workflow.
      workflow: job.workflow_name || `run ${job.run_id}`, job: job.name, status,
      started_at: startedAt, stopped_at: stoppedAt, branch: job.head_branch ?? undefined, default_branch: repository.default_branch,
      duration: secondsBetween(startedAt, stoppedAt),
    }],
  };
}

function deploymentStatus(payload: unknown): Mapping {
  const { repository, deployment_status: state, deployment } = readPayload(DeploymentStatusPayload, payload, 'GitHub deployment_status');
  const status = DEPLOYMENT_STATES[state.state];
  if (!status) return ignored(`deployment state "${state.state}" is not an outcome (only success, failure, error)`);
  const env = state.environment || deployment.environment;
  const time = timeOf(state.created_at)!;
  return {
    events: [{
      kind: 'deploy', id: `gh-deployment-${deployment.id}-${state.id}`, project: githubProject(repository.full_name),
      status, time, env, production: deployment.production_environment ?? looksLikeProduction(env),
      duration: secondsBetween(timeOf(deployment.created_at), time),
    }],
    deployedSha: deployment.sha,
  };
}

function release(payload: unknown): Mapping {
  const { action, repository, release: rel } = readPayload(ReleasePayload, payload, 'GitHub release');
  if (action !== 'published') return ignored(`release action "${action}" is not used (only published)`);
  if (rel.draft || rel.prerelease) return ignored(`release ${rel.tag_name} is a ${rel.draft ? 'draft' : 'pre-release'}, not a production release`);
  const time = timeOf(rel.published_at);
  if (time === undefined) return ignored(`release ${rel.tag_name} has no published_at`);
  return { events: [{ kind: 'release', id: `gh-release-${rel.id}`, project: githubProject(repository.full_name), status: 'success', time }] };
}

function push(payload: unknown): Mapping {
  const { ref, deleted, repository, commits = [], head_commit: head } = readPayload(PushPayload, payload, 'GitHub push');
  if (deleted) return ignored(`push deleted ${ref}`);
  if (!ref.startsWith('refs/heads/')) return ignored(`push to ${ref} is not to a branch`);
  const branch = ref.slice('refs/heads/'.length);
  const project = githubProject(repository.full_name);
  const byId = new Map([...commits, ...(head ? [head] : [])].map((c) => [c.id, c]));
  if (!byId.size) return ignored(`push to ${ref} carries no commits`);
  return { events: [...byId.values()].map((c) => commitEvent(project, c.id, timeOf(c.timestamp), branch)) };
}
