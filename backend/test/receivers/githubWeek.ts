/**
 * A week of one repository's GitHub deliveries, made from GitHub's own example payloads
 * (@octokit/webhooks-examples) re-dated to the seven days before `now`: pushes, workflow runs
 * (one re-run), jobs, production deployment statuses, a release and a ping.
 */
import { githubExample, githubExamples } from './githubExamples';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Commit to finished run; the deploy follows 5 minutes later. */
export const LEAD = 3 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** GitHub's examples, made one repository's week: run d finishes d days (and an hour) ago. */
export function week(now: number) {
  const repository = githubExample('workflow_run', 'completed', 1).repository;
  const project = `gh/${repository.full_name}`;
  const deliveries: Array<{ event: string; payload: Record<string, any> }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  const runConclusions = ['success', 'failure', 'success', 'cancelled', 'success', 'timed_out', 'success'];
  const deployStates = ['success', 'success', 'failure', 'success', 'error', 'success', 'success'];
  for (let d = 0; d < 7; d++) {
    const end = now - d * DAY - HOUR;
    const sha = (d + 1).toString(16).padStart(2, '0').repeat(20);
    const push = githubExamples('push').find((p) => p.ref === 'refs/heads/master')!;
    Object.assign(push, { repository, ref: 'refs/heads/master', after: sha });
    push.commits = [{ ...push.commits[0], id: sha, timestamp: iso(end - LEAD) }];
    push.head_commit = { ...push.commits[0] };
    deliveries.push({ event: 'push', payload: push });

    const attempts = d === 2 ? [1, 2] : [1]; // day 2's failed... re-run once more
    for (const attempt of attempts) {
      const run = githubExample('workflow_run', 'completed', 1);
      Object.assign(run.workflow_run, {
        id: 5_000_000 + d, run_attempt: attempt, name: 'CI', head_sha: sha, head_branch: 'master',
        conclusion: attempt === 2 ? 'success' : runConclusions[d],
        created_at: iso(end - 10 * 60_000), run_started_at: iso(end - (attempt === 2 ? 5 : 10) * 60_000), updated_at: iso(end),
        head_commit: { ...run.workflow_run.head_commit, id: sha, timestamp: iso(end - LEAD) },
      });
      run.repository = repository;
      deliveries.push({ event: 'workflow_run', payload: run });
      const job = githubExamples('workflow_job', 'completed').find((p) => p.workflow_job.conclusion === 'success')!;
      Object.assign(job.workflow_job, {
        id: 7_000_000 + d * 10 + attempt, run_id: 5_000_000 + d, run_attempt: attempt, workflow_name: 'CI', name: 'test', head_branch: 'master',
        conclusion: attempt === 2 ? 'success' : runConclusions[d] === 'success' ? 'success' : 'failure',
        started_at: iso(end - 8 * 60_000), completed_at: iso(end - 60_000),
      });
      job.repository = repository;
      deliveries.push({ event: 'workflow_job', payload: job });
    }
    const deploy = githubExamples('deployment_status').find((p) => p.deployment_status.state === 'success')!;
    Object.assign(deploy.deployment, { id: 9_000_000 + d, sha, environment: 'production', created_at: iso(end) });
    Object.assign(deploy.deployment_status, { id: 9_100_000 + d, state: deployStates[d], environment: 'production', created_at: iso(end + 5 * 60_000) });
    deploy.repository = repository;
    deliveries.push({ event: 'deployment_status', payload: deploy });
  }
  const release = githubExample('release', 'published');
  Object.assign(release.release, { published_at: iso(now - 2 * HOUR) });
  release.repository = repository;
  deliveries.push({ event: 'release', payload: release }, { event: 'ping', payload: githubExample('ping') });
  return { project, repository, deliveries, runConclusions, deployStates };
}

