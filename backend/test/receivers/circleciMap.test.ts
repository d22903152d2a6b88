/** CircleCI payload -> events, without a server: the documentation's sample payloads through mapCircleci. */
import { Event } from '../../../contract/events';
import { mapCircleci } from '../../src/receivers/circleci/map';
import { circleciExample } from './circleciExamples';

const mapped = (payload: unknown) => {
  const m = mapCircleci(payload);
  if ('ignored' in m) throw new Error(`ignored: ${m.ignored}`);
  for (const e of m.events) expect(Event.safeParse(e).error).toBeUndefined();
  return m.events;
};

describe('CircleCI mapping', () => {
  it('workflow-completed is a workflow run under CircleCI\'s own slug, a build and its commit', () => {
    const created = Date.parse('2021-09-01T22:49:03.616Z');
    const stopped = Date.parse('2021-09-01T22:49:34.170Z');
    const id = 'fda08377-fe7e-46b1-8992-3a7aaecac9c3';
    expect(mapped(circleciExample('workflow-completed'))).toEqual([
      { kind: 'workflow_run', id, project_slug: 'github/circleci/webhook-service', workflow: 'build-test-deploy', status: 'success', created_at: created, stopped_at: stopped, branch: 'main', duration: (stopped - created) / 1000 },
      { kind: 'build', id, project: 'github/circleci/webhook-service', workflow: 'build-test-deploy', status: 'success', time: stopped, duration: (stopped - created) / 1000 },
      { kind: 'commit', id: 'github/circleci/webhook-service@1dc6aa69429bff4806ad6afe58d3d8f57e25973e', project: 'github/circleci/webhook-service', sha: '1dc6aa69429bff4806ad6afe58d3d8f57e25973e', time: Date.parse('2021-09-01T22:48:53Z'), branch: 'main' },
    ]);
  });

  it('a GitLab project\'s workflow takes its branch and commit from the trigger parameters', () => {
    const [run, build, commit] = mapped(circleciExample('workflow-completed-gitlab'));
    expect(run).toMatchObject({ project_slug: 'circleci/DdaVtNusHqi24D4YT3X4eu/6EkDPZoN4ZdMKKZtBkRodt', status: 'failed', branch: 'main' });
    expect(build).toMatchObject({ status: 'failure' });
    expect(commit).toMatchObject({ sha: '850a1519f25d14e968649cc420d1bd381715c05c', time: Date.parse('2022-04-13T11:10:16Z') });
  });

  it('job-completed is a job run of its workflow; statuses map to the job vocabulary', () => {
    const payload = circleciExample('job-completed');
    const started = Date.parse('2021-09-01T22:49:28.841Z');
    const stopped = Date.parse('2021-09-01T22:49:34.170Z');
    expect(mapped(payload)).toEqual([{
      kind: 'job_run', id: '8b91f9a8-7975-4e60-916c-f0152ccbc937', project_slug: 'github/circleci/webhook-service', workflow: 'welcome', job: 'test',
      status: 'success', started_at: started, stopped_at: stopped, branch: 'main', duration: (stopped - started) / 1000,
    }]);
    for (const [from, to] of [['timedout', 'failed'], ['infrastructure_fail', 'failed'], ['canceled', 'canceled'], ['not_run', 'not_run']]) {
      payload.job.status = from;
      expect(mapped(payload)[0]).toMatchObject({ status: to });
    }
    payload.job.status = 'running';
    expect(mapCircleci(payload)).toEqual({ ignored: 'job status "running" is not a finished job' });
    expect(mapCircleci({ type: 'ping' })).toEqual({ ignored: 'type "ping" is not used' });
  });
});
