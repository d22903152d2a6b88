/**
 * GitHub history import: Actions runs and jobs and deployments of one repository, read from the
 * REST API and turned into events by the GitHub receiver's own mapping (a run object of the REST
 * API is the webhook's workflow_run object), so every run gets the same id its webhook gives and
 * an import and the webhooks never count a run twice.
 */
import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import { retry } from '@octokit/plugin-retry';
import type { EventInput } from '../../../contract/events';
import { mapGithub } from '../receivers/github/map';
import { timeOf } from '../receivers/payload';
import type { ImportRun } from './sink';
import { bar, type Progress } from './progress';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
import { daysBetween } from './days';

const ThrottledOctokit = Octokit.plugin(throttling, retry);
type Client = InstanceType<typeof ThrottledOctokit>;

export interface GithubImportOptions extends ImportRun {
  readonly owner: string;
  readonly repo: string;
  /** https://api.github.com, or a GitHub Enterprise Server's /api/v3 (and the tests' server). */
  readonly apiUrl?: string;
}

export interface ImportSummary { runs: number; jobs: number; deployments: number; events: number; complete: boolean }

export function githubClient(token: string | undefined, apiUrl: string | undefined, progress: Progress): Client {
  return new ThrottledOctokit({
    auth: token, baseUrl: apiUrl, userAgent: 'flowmeter-import',
    throttle: {
      // GitHub says how long to wait (retry-after, or x-ratelimit-reset when x-ratelimit-remaining is 0).
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        progress.update(`rate limited on ${options.method} ${options.url}: waiting ${retryAfter} s`);
        return retryCount < 5;
      },
      onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        progress.update(`secondary rate limit on ${options.method} ${options.url}: waiting ${retryAfter} s`);
        return retryCount < 5;
      },
    },
    retry: { retries: 3 },
  });
}

export async function importGithub(o: GithubImportOptions, client = githubClient(o.token, o.apiUrl, o.progress)): Promise<ImportSummary> {
  const { data: repository } = await client.rest.repos.get({ owner: o.owner, repo: o.repo });
  const checkpoint = readCheckpoint(o.checkpointFile);
  const summary: ImportSummary = { runs: 0, jobs: 0, deployments: 0, events: 0, complete: false };
  const commitTimes = new Map<string, number>();
  const allDays = daysBetween(o.sinceMs, o.nowMs);
  const days = allDays.length;
  const map = (event: string, payload: object): EventInput[] => {
    const m = mapGithub(event, { ...payload, repository });
    return 'events' in m ? [...m.events] : [];
  };

  for (let d = 0; d < days; d++) {
    const day = allDays[d];
    if (checkpoint.daysDone && day <= checkpoint.daysDone) continue;
    if (o.stopped?.()) return summary;
    const events: EventInput[] = [];
    for await (const page of client.paginate.iterator(client.rest.actions.listWorkflowRunsForRepo, { owner: o.owner, repo: o.repo, created: day, per_page: 100 })) {
      for (const run of page.data) {
        if (run.status !== 'completed') continue;
        summary.runs++;
        events.push(...map('workflow_run', { action: 'completed', workflow_run: run }));
        if (run.head_commit) commitTimes.set(run.head_sha.toLowerCase(), timeOf(run.head_commit.timestamp)!);
        const jobs = await client.paginate(client.rest.actions.listJobsForWorkflowRunAttempt, {
          owner: o.owner, repo: o.repo, run_id: run.id, attempt_number: run.run_attempt ?? 1, per_page: 100,
        });
        for (const job of jobs) {
          if (job.status !== 'completed') continue;
          summary.jobs++;
          events.push(...map('workflow_job', { action: 'completed', workflow_job: job }));
        }
      }
    }
    if (events.length) await o.sink.write(events);
    summary.events += events.length;
    checkpoint.daysDone = day;
    writeCheckpoint(o.checkpointFile, checkpoint);
    o.progress.update(`${o.owner}/${o.repo} ${bar(d + 1, days + 1)} ${day}: ${summary.runs} runs, ${summary.jobs} jobs`);
  }

  if (!checkpoint.deploymentsDone) {
    const events: EventInput[] = [];
    deployments: for await (const page of client.paginate.iterator(client.rest.repos.listDeployments, { owner: o.owner, repo: o.repo, per_page: 100 })) {
      for (const deployment of page.data) {
        if (Date.parse(deployment.created_at) < o.sinceMs) break deployments; // newest first
        const statuses = await client.paginate(client.rest.repos.listDeploymentStatuses, { owner: o.owner, repo: o.repo, deployment_id: deployment.id, per_page: 100 });
        for (const status of statuses) {
          const mapped = map('deployment_status', { action: 'created', deployment, deployment_status: status });
          for (const event of mapped) {
            summary.deployments++;
            if (event.kind === 'deploy' && event.production) {
              const committed = await commitTime(client, o, deployment.sha, commitTimes);
              events.push(committed === undefined ? event : { ...event, commit_time: committed });
            } else events.push(event);
          }
        }
      }
    }
    if (events.length) await o.sink.write(events);
    summary.events += events.length;
    checkpoint.deploymentsDone = true;
    writeCheckpoint(o.checkpointFile, checkpoint);
  }
  o.progress.done(`${o.owner}/${o.repo} ${bar(1, 1)} ${summary.runs} runs, ${summary.jobs} jobs, ${summary.deployments} deploys: ${summary.events} events`);
  return { ...summary, complete: true };
}

/** The deployed commit's time: from a run of that sha, else from the commit itself (one request). */
async function commitTime(client: Client, o: GithubImportOptions, sha: string, known: Map<string, number>): Promise<number | undefined> {
  const hit = known.get(sha.toLowerCase());
  if (hit !== undefined) return hit;
  try {
    const { data } = await client.rest.repos.getCommit({ owner: o.owner, repo: o.repo, ref: sha });
    const time = timeOf(data.commit.committer?.date ?? data.commit.author?.date);
    if (time !== undefined) known.set(sha.toLowerCase(), time);
    return time;
  } catch {
    return undefined; // a commit gone from the repository: the deploy has no lead time
  }
}
