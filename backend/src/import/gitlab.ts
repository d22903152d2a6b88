/**
 * GitLab history import: one project's finished pipelines (each day of the range, by the day they
 * were last updated), their jobs and its deployments, read from the REST API v4 with
 * @gitbeaker/rest. Each REST object is turned into the webhook payload GitLab sends for it and
 * goes through the GitLab receiver's own mapping, so every pipeline, job and deploy gets the id
 * its webhook gives and an import and the webhooks never count a run twice.
 */
import { Gitlab } from '@gitbeaker/rest';
import { createRequesterFn } from '@gitbeaker/requester-utils';
import type { EventInput } from '../../../contract/events';
import { gitlabTime, mapGitlab } from '../receivers/gitlab/map';
import { commitEvent } from '../receivers/payload';
import type { ImportRun } from './sink';
import { bar, type Progress } from './progress';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
import { daysBetween } from './days';
import { politeFetch } from './politeFetch';

export interface GitlabImportOptions extends ImportRun {
  /** GROUP/NAME (subgroups included). */
  readonly project: string;
  /** https://gitlab.com (default), or a self-managed instance's URL. */
  readonly baseUrl?: string;
}

export interface GitlabImportSummary { pipelines: number; jobs: number; deployments: number; events: number; complete: boolean }

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * gitbeaker's requests through politeFetch: GitLab's RateLimit-* and Retry-After honoured, 5xx
 * retried (gitbeaker's own handler retries only 429/502, without reading Retry-After).
 */
function requester(progress: Progress) {
  const send = politeFetch(progress);
  return createRequesterFn(async (_, options) => options, async (endpoint, options = {}) => {
    const { prefixUrl, searchParams, method, headers, body } = options as { prefixUrl?: string; searchParams?: string; method?: string; headers?: Record<string, string>; body?: string };
    const url = new URL(endpoint, prefixUrl?.endsWith('/') ? prefixUrl : `${prefixUrl}/`);
    url.search = searchParams ?? '';
    const res = await send(url.toString(), { method, headers, body });
    const text = await res.text();
    if (!res.ok) throw new Error(`GitLab answered ${res.status} on ${url.pathname}: ${text.slice(0, 200)}`);
    const answered: Record<string, string> = {};
    res.headers.forEach((value, key) => { answered[key] = value; });
    return { body: text ? JSON.parse(text) : null, headers: answered, status: res.status };
  });
}

export function gitlabClient(token: string | undefined, baseUrl: string | undefined, progress: Progress) {
  return new Gitlab({ host: baseUrl ?? 'https://gitlab.com', token: token ?? '', requesterFn: requester(progress) });
}

/**
 * A REST time as the webhooks write it: "2016-08-12 15:23:28 UTC", whole seconds. The REST API
 * adds milliseconds; kept, they would make a pipeline's id (which has its finish time) and every
 * event's time differ from its webhook's, and a run count twice.
 */
export function webhookTime(text: string | null | undefined): string | null {
  const ms = wholeSeconds(text);
  return ms === undefined ? null : new Date(ms).toISOString().replace('T', ' ').replace('.000Z', ' UTC');
}

function wholeSeconds(text: string | null | undefined): number | undefined {
  const ms = gitlabTime(text);
  return ms === undefined ? undefined : Math.floor(ms / 1000) * 1000;
}

/** The webhook payloads GitLab sends for these REST objects (docs: "Webhook events"). */
export const gitlabPayloads = {
  pipeline: (project: Json, p: Json) => ({
    object_kind: 'pipeline', project,
    object_attributes: {
      id: p.id, name: p.name, ref: p.ref, tag: p.tag, status: p.status,
      created_at: webhookTime(p.created_at), finished_at: webhookTime(p.finished_at), duration: p.duration,
    },
  }),
  job: (project: Json, pipelineName: string | null | undefined, j: Json) => ({
    object_kind: 'build', project, ref: j.ref, tag: j.tag, build_id: j.id, build_name: j.name, build_status: j.status,
    build_started_at: webhookTime(j.started_at), build_finished_at: webhookTime(j.finished_at), build_duration: j.duration, pipeline_id: j.pipeline?.id,
    commit: { name: pipelineName },
  }),
  deployment: (project: Json, d: Json) => ({
    object_kind: 'deployment', project, status: d.status, status_changed_at: webhookTime(d.updated_at), deployment_id: d.id,
    environment: d.environment?.name, environment_tier: d.environment?.tier, short_sha: d.sha?.slice(0, 8),
    commit_url: d.sha ? `${project.web_url}/-/commit/${d.sha}` : null,
  }),
};

function mapped(payload: object): EventInput[] {
  const m = mapGitlab(payload, undefined);
  return 'events' in m ? [...m.events] : [];
}

export async function importGitlab(o: GitlabImportOptions, api = gitlabClient(o.token, o.baseUrl, o.progress)): Promise<GitlabImportSummary> {
  const found = await api.Projects.show(o.project) as Json;
  const project = { path_with_namespace: found.path_with_namespace, default_branch: found.default_branch, web_url: found.web_url };
  const name = `gl/${project.path_with_namespace}`;
  const checkpoint = readCheckpoint(o.checkpointFile);
  const summary: GitlabImportSummary = { pipelines: 0, jobs: 0, deployments: 0, events: 0, complete: false };
  const days = daysBetween(o.sinceMs, o.nowMs);

  for (const [d, day] of days.entries()) {
    if (checkpoint.daysDone && day <= checkpoint.daysDone) continue;
    if (o.stopped?.()) return summary;
    const events: EventInput[] = [];
    const listed = await api.Pipelines.all(found.id, {
      scope: 'finished', updatedAfter: `${day}T00:00:00Z`, updatedBefore: `${day}T23:59:59.999Z`, perPage: 100,
    }) as Json[];
    for (const brief of listed) {
      // The list leaves out finished_at and duration, which the webhook (and the id) carry.
      const pipeline = await api.Pipelines.show(found.id, brief.id) as Json;
      const runs = mapped(gitlabPayloads.pipeline(project, pipeline));
      if (!runs.length) continue;
      summary.pipelines++;
      events.push(...runs);
      const jobs = await api.Jobs.all(found.id, { pipelineId: pipeline.id, includeRetried: true, perPage: 100 }) as Json[];
      for (const job of jobs) {
        const run = mapped(gitlabPayloads.job(project, pipeline.name, job));
        summary.jobs += run.length;
        events.push(...run);
      }
      // The pipeline webhook carries its commit's time (for DORA lead times); the API has it on the jobs.
      const commit = jobs.find((j) => j.commit?.id === pipeline.sha)?.commit;
      const committedAt = wholeSeconds(commit?.created_at);
      if (commit && committedAt !== undefined) events.push(commitEvent(name, commit.id, committedAt, pipeline.tag ? undefined : pipeline.ref));
    }
    if (events.length) await o.sink.write(events);
    summary.events += events.length;
    checkpoint.daysDone = day;
    writeCheckpoint(o.checkpointFile, checkpoint);
    o.progress.update(`${o.project} ${bar(d + 1, days.length + 1)} ${day}: ${summary.pipelines} pipelines, ${summary.jobs} jobs`);
  }

  if (!checkpoint.deploymentsDone) {
    const events: EventInput[] = [];
    const deployments = await api.Deployments.all(found.id, { updatedAfter: new Date(o.sinceMs).toISOString(), orderBy: 'updated_at', perPage: 100 }) as Json[];
    for (const deployment of deployments) {
      const deploys = mapped(gitlabPayloads.deployment(project, deployment));
      const commit = deployment.deployable?.commit;
      const committedAt = wholeSeconds(commit?.created_at);
      for (const event of deploys) {
        summary.deployments++;
        // The webhook path finds the deployed commit's time among the stored commits; here the API gives it.
        events.push(event.kind === 'deploy' && event.production && committedAt !== undefined ? { ...event, commit_time: committedAt } : event);
      }
      if (deploys.length && commit?.id && committedAt !== undefined) events.push(commitEvent(name, commit.id, committedAt, deployment.ref));
    }
    if (events.length) await o.sink.write(events);
    summary.events += events.length;
    checkpoint.deploymentsDone = true;
    writeCheckpoint(o.checkpointFile, checkpoint);
  }
  o.progress.done(`${o.project} ${bar(1, 1)} ${summary.pipelines} pipelines, ${summary.jobs} jobs, ${summary.deployments} deploys: ${summary.events} events`);
  return { ...summary, complete: true };
}
