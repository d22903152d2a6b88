/** GitLab payload -> events, without a server: the documentation's example payloads through mapGitlab. */
import { Event } from '../../../contract/events';
import { gitlabTime, mapGitlab } from '../../src/receivers/gitlab/map';
import { gitlabExample } from './gitlabExamples';

const mapped = (payload: unknown) => {
  const m = mapGitlab(payload, undefined);
  if ('ignored' in m) throw new Error(`ignored: ${m.ignored}`);
  for (const e of m.events) expect(Event.safeParse(e).error).toBeUndefined();
  return m;
};

describe('GitLab mapping', () => {
  it('reads GitLab\'s three ways of writing a time', () => {
    expect(gitlabTime('2016-08-12 15:23:28 UTC')).toBe(Date.parse('2016-08-12T15:23:28Z'));
    expect(gitlabTime('2021-04-28 21:50:00 +0200')).toBe(Date.parse('2021-04-28T19:50:00Z'));
    expect(gitlabTime('2021-02-23T02:41:37.886Z')).toBe(Date.parse('2021-02-23T02:41:37.886Z'));
    expect(gitlabTime('yesterday')).toBeUndefined();
  });

  it('a finished pipeline is a workflow run, a build and its commit', () => {
    const created = Date.parse('2016-08-12T15:23:28Z');
    const finished = Date.parse('2016-08-12T15:26:29Z');
    expect(mapped(gitlabExample('pipeline')).events).toEqual([
      {
        kind: 'workflow_run', id: `gl-pipeline-31-${finished}`, project_slug: 'gl/gitlab-org/gitlab-test', workflow: 'Pipeline for branch: master',
        status: 'success', created_at: created, stopped_at: finished, branch: 'master', default_branch: 'master', duration: 63,
      },
      { kind: 'build', id: `gl-pipeline-31-${finished}`, project: 'gl/gitlab-org/gitlab-test', workflow: 'Pipeline for branch: master', status: 'success', time: finished, duration: 63 },
      { kind: 'commit', id: 'gl/gitlab-org/gitlab-test@bcbb5ec396a2c0f828686f14fac9b80b780504f2', project: 'gl/gitlab-org/gitlab-test', sha: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2', time: Date.parse('2016-08-12T15:23:21Z'), branch: 'master' },
    ]);
    const failed = gitlabExample('pipeline');
    failed.object_attributes.status = 'failed';
    expect(mapped(failed).events.slice(0, 2).map((e) => (e as { status: string }).status)).toEqual(['failed', 'failure']);
    const running = gitlabExample('pipeline');
    running.object_attributes.status = 'running';
    expect(mapGitlab(running, 'Pipeline Hook')).toEqual({ ignored: 'pipeline status "running" is not a finished pipeline' });
  });

  it('a finished job is a job run of its pipeline\'s workflow; the example (created) is ignored', () => {
    expect(mapGitlab(gitlabExample('job'), 'Job Hook')).toEqual({ ignored: 'job status "created" is not a finished job' });
    const job = gitlabExample('job');
    Object.assign(job, { build_status: 'failed', build_started_at: '2021-02-23 02:41:40 UTC', build_finished_at: '2021-02-23 02:43:00 UTC', build_duration: 80.5 });
    expect(mapped(job).events).toEqual([{
      kind: 'job_run', id: 'gl-job-1977', project_slug: 'gl/gitlab-org/gitlab-test', workflow: 'Build pipeline', job: 'test', status: 'failed',
      started_at: Date.parse('2021-02-23T02:41:40Z'), stopped_at: Date.parse('2021-02-23T02:43:00Z'), branch: 'gitlab-script-trigger', default_branch: 'master', duration: 80.5,
    }]);
  });

  it('a deployment is a deploy to its environment, production by GitLab\'s tier; its sha for the lead time', () => {
    const m = mapped(gitlabExample('deployment'));
    expect(m.events).toEqual([{
      kind: 'deploy', id: 'gl-deployment-15', project: 'gl/root/test-deployment-webhooks', status: 'success',
      time: Date.parse('2021-04-28T19:50:00Z'), env: 'staging', production: false,
    }]);
    expect(m.deployedSha).toBe('279484c09fbe69ededfced8c1bb6e6d24616b468');
    const prod = gitlabExample('deployment');
    Object.assign(prod, { environment: 'live-eu', environment_tier: 'production', status: 'failed', commit_url: null });
    const p = mapped(prod);
    expect(p.events[0]).toMatchObject({ env: 'live-eu', production: true, status: 'failure' });
    expect(p.deployedSha).toBe('279484c0');
    prod.status = 'running';
    expect(mapGitlab(prod, 'Deployment Hook')).toHaveProperty('ignored');
  });

  it('a created release is a release; a push keeps its commits\' times', () => {
    expect(mapped(gitlabExample('release')).events).toEqual([{ kind: 'release', id: 'gl-release-1', project: 'gl/gitlab-org/release-webhook-example', status: 'success', time: Date.parse('2020-11-02T12:55:12Z') }]);
    const push = gitlabExample('push');
    expect(mapped(push).events).toEqual(push.commits.map((c: { id: string; timestamp: string }) => ({
      kind: 'commit', id: `gl/mike/diaspora@${c.id}`, project: 'gl/mike/diaspora', sha: c.id, time: Date.parse(c.timestamp), branch: 'master',
    })));
    expect(mapGitlab({ ...push, after: '0'.repeat(40) }, 'Push Hook')).toEqual({ ignored: 'push deleted refs/heads/master' });
    expect(mapGitlab({ object_kind: 'issue' }, 'Issue Hook')).toEqual({ ignored: 'object_kind "issue" is not used' });
  });
});
