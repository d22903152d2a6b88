/** GitHub payload -> events, without a server: GitHub's own example payloads through mapGithub. */
import { Event } from '../../../contract/events';
import { mapGithub } from '../../src/receivers/github/map';
import { githubExample, githubExamples } from './githubExamples';

const mapped = (event: string, payload: unknown) => {
  const m = mapGithub(event, payload);
  if ('ignored' in m) throw new Error(`ignored: ${m.ignored}`);
  // Every mapped event passes the ingest schema unchanged.
  for (const e of m.events) expect(Event.safeParse(e).error).toBeUndefined();
  return m;
};

describe('GitHub mapping', () => {
  it('a completed workflow run is a CircleCI-style workflow run, a Zadig build and its head commit', () => {
    const payload = githubExamples('workflow_run', 'completed').find((p) => p.workflow_run.conclusion === 'success')!;
    const run = payload.workflow_run;
    const { events } = mapped('workflow_run', payload);
    const started = Date.parse(run.run_started_at);
    const stopped = Date.parse(run.updated_at);
    expect(events).toEqual([
      {
        kind: 'workflow_run', id: `gh-run-${run.id}-1`, project_slug: 'gh/octo-org/octo-repo', workflow: run.name || run.path, status: 'success',
        created_at: started, stopped_at: stopped, branch: 'master', default_branch: 'master', duration: (stopped - started) / 1000,
      },
      { kind: 'build', id: `gh-run-${run.id}-1`, project: 'gh/octo-org/octo-repo', workflow: run.name || run.path, status: 'success', time: stopped, duration: (stopped - started) / 1000 },
      { kind: 'commit', id: `gh/octo-org/octo-repo@${run.head_sha}`, project: 'gh/octo-org/octo-repo', sha: run.head_sha, time: Date.parse(run.head_commit.timestamp), branch: 'master' },
    ]);
  });

  it('a re-run is another run; conclusions map to each family\'s vocabulary', () => {
    const payload = githubExample('workflow_run', 'completed', 1);
    payload.workflow_run.run_attempt = 2;
    payload.workflow_run.conclusion = 'timed_out';
    const [run, build] = mapped('workflow_run', payload).events;
    expect(run).toMatchObject({ id: `gh-run-${payload.workflow_run.id}-2`, status: 'failed' });
    expect(build).toMatchObject({ id: `gh-run-${payload.workflow_run.id}-2`, status: 'timeout' });
    payload.workflow_run.conclusion = 'cancelled';
    expect(mapped('workflow_run', payload).events.map((e) => (e as { status: string }).status)).toEqual(['canceled', 'cancelled']);
  });

  it('runs that are not finished, or did not run, are ignored with the reason', () => {
    expect(mapGithub('workflow_run', githubExample('workflow_run', 'requested'))).toEqual({ ignored: 'workflow_run action "requested" is not used (only completed)' });
    const skipped = githubExample('workflow_run', 'completed', 1);
    skipped.workflow_run.conclusion = 'skipped';
    expect(mapGithub('workflow_run', skipped)).toEqual({ ignored: 'workflow_run conclusion "skipped" is not a finished run' });
  });

  it('a completed job is a job run of its workflow', () => {
    const payload = githubExamples('workflow_job', 'completed').find((p) => p.workflow_job.conclusion === 'failure')!;
    const job = payload.workflow_job;
    expect(mapped('workflow_job', payload).events).toEqual([{
      kind: 'job_run', id: `gh-job-${job.id}-1`, project_slug: 'gh/Codertocat/Hello-World', workflow: 'CodeQL', job: 'linters', status: 'failed',
      started_at: Date.parse(job.started_at), stopped_at: Date.parse(job.completed_at), branch: 'main', default_branch: payload.repository.default_branch,
      duration: (Date.parse(job.completed_at) - Date.parse(job.started_at)) / 1000,
    }]);
    expect(mapGithub('workflow_job', githubExample('workflow_job', 'queued'))).toHaveProperty('ignored');
  });

  it('a deployment status is a deploy to its environment; production by the flag or the name', () => {
    const payload = githubExamples('deployment_status').find((p) => p.deployment_status.state === 'success')!;
    const m = mapped('deployment_status', payload);
    expect(m.events).toEqual([{
      kind: 'deploy', id: `gh-deployment-${payload.deployment.id}-${payload.deployment_status.id}`, project: 'gh/Codertocat/Hello-World',
      status: 'success', time: Date.parse(payload.deployment_status.created_at), env: 'production', production: true,
      duration: (Date.parse(payload.deployment_status.created_at) - Date.parse(payload.deployment.created_at)) / 1000,
    }]);
    expect(m.deployedSha).toBe(payload.deployment.sha);
    payload.deployment_status.state = 'error';
    payload.deployment.production_environment = false;
    expect(mapped('deployment_status', payload).events[0]).toMatchObject({ status: 'failure', production: false });
    const pending = githubExamples('deployment_status').find((p) => p.deployment_status.state === 'in_progress')!;
    expect(mapGithub('deployment_status', pending)).toEqual({ ignored: 'deployment state "in_progress" is not an outcome (only success, failure, error)' });
  });

  it('a published release is a release; drafts, pre-releases and other actions are ignored', () => {
    const payload = githubExample('release', 'published');
    expect(mapped('release', payload).events).toEqual([{
      kind: 'release', id: `gh-release-${payload.release.id}`, project: 'gh/Codertocat/Hello-World', status: 'success', time: Date.parse(payload.release.published_at),
    }]);
    payload.release.prerelease = true;
    expect(mapGithub('release', payload)).toEqual({ ignored: 'release 0.0.1 is a pre-release, not a production release' });
    expect(mapGithub('release', githubExample('release', 'created'))).toHaveProperty('ignored');
  });

  it('a push to a branch keeps each commit\'s time; tag pushes and deletions are ignored', () => {
    const payload = githubExamples('push').find((p) => p.ref === 'refs/heads/master')!;
    expect(mapped('push', payload).events).toEqual(payload.commits.map((c: { id: string; timestamp: string }) => ({
      kind: 'commit', id: `gh/Codertocat/Hello-World@${c.id}`, project: 'gh/Codertocat/Hello-World', sha: c.id, time: Date.parse(c.timestamp), branch: 'master',
    })));
    expect(mapGithub('push', githubExamples('push').find((p) => p.ref.startsWith('refs/tags/') && !p.deleted))).toEqual({ ignored: 'push to refs/tags/simple-tag is not to a branch' });
  });

  it('ping maps to nothing; other events are ignored; a payload not as documented is a 400', () => {
    expect(mapGithub('ping', githubExample('ping'))).toEqual({ events: [] });
    expect(mapGithub('issues', githubExample('issues'))).toEqual({ ignored: 'event "issues" is not used' });
    expect(() => mapGithub('workflow_run', { action: 'completed' })).toThrow(/GitHub workflow_run payload is not as documented: repository/);
  });
});
