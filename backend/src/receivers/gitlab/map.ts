/**
 * GitLab webhook payload -> Flowmeter events (README "Receivers", GitLab table). Pure. The kind
 * of payload is read from its object_kind (the X-Gitlab-Event header names the same thing).
 */
import type { CircleStatus, DeliveryStatus, EventInput } from '../../../../contract/events';
import { ignored, type Mapping } from '../receiver';
import { commitEvent, looksLikeProduction, readPayload, secondsBetween } from '../payload';
import { DeploymentPayload, JobPayload, PipelinePayload, PushPayload, ReleasePayload } from './payloads';

/** `gl/<group>/<project>` (subgroups included): the one project name in every family. */
export const gitlabProject = (pathWithNamespace: string): string => `gl/${pathWithNamespace}`;

/** The workflow a pipeline and its jobs are listed under, when the pipeline has no name. */
export const UNNAMED_PIPELINE = 'pipeline';

/** A finished pipeline's status in CircleCI's vocabulary (workflow runs) and Zadig's (builds). */
const PIPELINE_STATUSES: Readonly<Record<string, { workflow: CircleStatus; build: DeliveryStatus }>> = {
  success: { workflow: 'success', build: 'success' },
  failed: { workflow: 'failed', build: 'failure' },
  canceled: { workflow: 'canceled', build: 'cancelled' },
};

const JOB_STATUSES: Readonly<Record<string, CircleStatus>> = { success: 'success', failed: 'failed', canceled: 'canceled', skipped: 'not_run' };

const DEPLOYMENT_STATUSES: Readonly<Record<string, DeliveryStatus>> = { success: 'success', failed: 'failure', canceled: 'cancelled' };

/**
 * GitLab writes times as RFC 3339 in some fields and as "2016-08-12 15:23:28 UTC" or
 * "2021-04-28 21:50:00 +0200" in others; all are read to epoch ms.
 */
export function gitlabTime(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) (UTC|[+-]\d{2}:?\d{2})$/.exec(text.trim());
  const iso = m ? `${m[1]}T${m[2]}${m[3] === 'UTC' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}` : text;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

export function mapGitlab(payload: unknown, header: string | undefined): Mapping {
  const kind = typeof (payload as { object_kind?: unknown })?.object_kind === 'string' ? (payload as { object_kind: string }).object_kind : undefined;
  switch (kind) {
    case 'pipeline': return pipeline(payload);
    case 'build': return job(payload);
    case 'deployment': return deployment(payload);
    case 'release': return release(payload);
    case 'push': return push(payload);
    default: return ignored(`${kind ? `object_kind "${kind}"` : header ? `"${header}"` : 'a payload without object_kind'} is not used`);
  }
}

function pipeline(payload: unknown): Mapping {
  const { project, object_attributes: p, commit } = readPayload(PipelinePayload, payload, 'GitLab pipeline');
  const outcome = PIPELINE_STATUSES[p.status];
  if (!outcome) return ignored(`pipeline status "${p.status}" is not a finished pipeline`);
  const name = gitlabProject(project.path_with_namespace);
  const createdAt = gitlabTime(p.created_at)!;
  const finishedAt = gitlabTime(p.finished_at);
  // A retried pipeline finishes again under the same id: each finish is a run of its own, as a
  // GitHub re-run attempt is; a redelivery of one finish carries the same finished_at.
  const id = `gl-pipeline-${p.id}-${finishedAt ?? 0}`;
  const workflow = p.name || UNNAMED_PIPELINE;
  const duration = p.duration ?? secondsBetween(createdAt, finishedAt);
  const branch = p.tag ? undefined : p.ref;
  const events: EventInput[] = [
    {
      kind: 'workflow_run', id, project_slug: name, workflow, status: outcome.workflow,
      created_at: createdAt, stopped_at: finishedAt, branch, default_branch: project.default_branch ?? undefined, duration,
    },
    { kind: 'build', id, project: name, workflow, status: outcome.build, time: finishedAt ?? createdAt, duration },
  ];
  if (commit) events.push(commitEvent(name, commit.id, gitlabTime(commit.timestamp), branch));
  return { events };
}

function job(payload: unknown): Mapping {
  const j = readPayload(JobPayload, payload, 'GitLab job');
  const status = JOB_STATUSES[j.build_status];
  if (!status) return ignored(`job status "${j.build_status}" is not a finished job`);
  const startedAt = gitlabTime(j.build_started_at);
  const finishedAt = gitlabTime(j.build_finished_at);
  // A skipped job never started: it is placed at its finish, or not at all.
  const at = startedAt ?? finishedAt;
  if (at === undefined) return ignored(`job ${j.build_id} has neither started_at nor finished_at`);
  return {
    events: [{
      // GitLab gives a retried job a new id: each attempt is its own run.
      kind: 'job_run', id: `gl-job-${j.build_id}`, project_slug: gitlabProject(j.project.path_with_namespace),
      workflow: j.commit?.name || UNNAMED_PIPELINE, job: j.build_name, status,
      started_at: at, stopped_at: finishedAt, branch: j.tag ? undefined : j.ref, default_branch: j.project.default_branch ?? undefined,
      duration: j.build_duration ?? secondsBetween(startedAt, finishedAt),
    }],
  };
}

function deployment(payload: unknown): Mapping {
  const d = readPayload(DeploymentPayload, payload, 'GitLab deployment');
  const status = DEPLOYMENT_STATUSES[d.status];
  if (!status) return ignored(`deployment status "${d.status}" is not an outcome (only success, failed, canceled)`);
  // commit_url ends with the full sha; short_sha is the fallback (matched as a prefix).
  const sha = /\/commit\/([0-9a-f]{7,64})$/i.exec(d.commit_url ?? '')?.[1] ?? d.short_sha;
  return {
    events: [{
      kind: 'deploy', id: `gl-deployment-${d.deployment_id}`, project: gitlabProject(d.project.path_with_namespace),
      status, time: gitlabTime(d.status_changed_at)!, env: d.environment,
      production: d.environment_tier ? d.environment_tier === 'production' : looksLikeProduction(d.environment),
    }],
    deployedSha: sha,
  };
}

function release(payload: unknown): Mapping {
  const r = readPayload(ReleasePayload, payload, 'GitLab release');
  if (r.action !== 'create') return ignored(`release action "${r.action}" is not used (only create)`);
  const time = gitlabTime(r.released_at) ?? gitlabTime(r.created_at);
  if (time === undefined) return ignored(`release ${r.tag} has no released_at`);
  return { events: [{ kind: 'release', id: `gl-release-${r.id}`, project: gitlabProject(r.project.path_with_namespace), status: 'success', time }] };
}

function push(payload: unknown): Mapping {
  const { project, ref, after, commits = [] } = readPayload(PushPayload, payload, 'GitLab push');
  if (after && /^0+$/.test(after)) return ignored(`push deleted ${ref}`);
  if (!ref.startsWith('refs/heads/')) return ignored(`push to ${ref} is not to a branch`);
  if (!commits.length) return ignored(`push to ${ref} carries no commits`);
  const name = gitlabProject(project.path_with_namespace);
  const branch = ref.slice('refs/heads/'.length);
  return { events: commits.map((c) => commitEvent(name, c.id, gitlabTime(c.timestamp), branch)) };
}
