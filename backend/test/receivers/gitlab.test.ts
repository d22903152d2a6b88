/**
 * The GitLab receiver over HTTP on each real store: a week of a project's hooks (GitLab's
 * documented examples, re-dated to the last seven days) shows in the Zadig and CircleCI
 * endpoints, the DORA query kind and the lookups. Expected numbers are counted from the hooks.
 */
import { eachStore } from '../support/stores';
import { startService, type RunningService } from '../support/service';
import { postQuery } from '../support/frames';
import { deliverGitlab, gitlabExample, type GitlabExample } from './gitlabExamples';

// Dozens of deliveries, each answered only once durably stored, on a machine shared with other suites.
jest.setTimeout(30_000);

const TOKEN = 'gl-webhook-token';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const LEAD = 2 * HOUR;
/** GitLab's "2016-08-12 15:23:28 UTC" form. */
const glTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');

function week(now: number) {
  const project = gitlabExample('pipeline').project;
  const slug = `gl/${project.path_with_namespace}`;
  const hooks: Array<{ name: GitlabExample; payload: Record<string, any> }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  const pipelineStatuses = ['success', 'failed', 'success', 'canceled', 'success', 'success', 'failed'];
  const deployStatuses = ['success', 'failed', 'success', 'success', 'canceled', 'success', 'success'];
  for (let d = 0; d < 7; d++) {
    const end = now - d * DAY - HOUR;
    const sha = (0xa0 + d).toString(16).repeat(20);
    const push = gitlabExample('push');
    push.project = project;
    push.after = sha;
    push.commits = [{ ...push.commits[1], id: sha, timestamp: new Date(end - LEAD).toISOString() }];
    hooks.push({ name: 'push', payload: push });

    const pipeline = gitlabExample('pipeline');
    Object.assign(pipeline.object_attributes, {
      id: 800 + d, name: 'CI', status: pipelineStatuses[d], sha, created_at: glTime(end - 10 * 60_000), finished_at: glTime(end), duration: 540,
    });
    pipeline.commit = { ...pipeline.commit, id: sha, timestamp: new Date(end - LEAD).toISOString() };
    hooks.push({ name: 'pipeline', payload: pipeline });

    const job = gitlabExample('job');
    Object.assign(job, {
      project, ref: 'master', build_id: 9000 + d, build_name: 'rspec', pipeline_id: 800 + d,
      build_status: pipelineStatuses[d], build_started_at: glTime(end - 9 * 60_000), build_finished_at: glTime(end - 60_000), build_duration: 480,
    });
    job.commit.name = 'CI';
    hooks.push({ name: 'job', payload: job });

    const deployment = gitlabExample('deployment');
    Object.assign(deployment, {
      project, deployment_id: 300 + d, status: deployStatuses[d], status_changed_at: glTime(end + 10 * 60_000),
      environment: 'production', environment_tier: 'production', environment_slug: 'production',
      // Every other one names its commit by short sha only.
      short_sha: sha.slice(0, 8), commit_url: d % 2 ? null : `http://10.126.0.2:3000/${project.path_with_namespace}/-/commit/${sha}`,
    });
    hooks.push({ name: 'deployment', payload: deployment });
  }
  const release = gitlabExample('release');
  Object.assign(release, { project, released_at: glTime(now - 2 * HOUR) });
  hooks.push({ name: 'release', payload: release });
  return { slug, hooks, pipelineStatuses, deployStatuses };
}

eachStore('GitLab receiver', (getStore) => {
  let service: RunningService;
  const now = Math.floor(Date.now() / 1000) * 1000; // GitLab's times are whole seconds
  const data = week(now);
  const get = async (path: string) => {
    const res = await fetch(`${service.url}${path}`);
    return { status: res.status, body: await res.json() };
  };
  const deliverAll = async () => {
    for (const { name, payload } of data.hooks) expect([name, (await deliverGitlab(service.url, name, payload, TOKEN)).status]).toEqual([name, 200]);
  };
  const q = `startDate=${Math.floor((now - 8 * DAY) / 1000)}&endDate=${Math.floor(now / 1000)}&productNames=${encodeURIComponent(data.slug)}`;

  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_GITLAB_WEBHOOK_TOKEN: TOKEN });
    await deliverAll();
  });
  afterAll(async () => { await service.close(); });

  const count = (list: string[], ...of: string[]) => list.filter((s) => of.includes(s)).length;
  const assertNumbers = async () => {
    const build = (await get(`/openapi/statistics/build?${q}`)).body;
    expect({ total: build.total, success: build.success }).toEqual({ total: 7, success: count(data.pipelineStatuses, 'success') });
    const deploy = (await get(`/openapi/statistics/deploy?${q}`)).body;
    expect({ total: deploy.total, success: deploy.success }).toEqual({ total: 7, success: count(data.deployStatuses, 'success') });

    const workflows = (await get(`/api/v2/insights/${data.slug}/workflows?reporting-window=last-7-days&branch=master`)).body;
    expect(workflows.items.map((i: { name: string; metrics: Record<string, number> }) => [i.name, i.metrics.total_runs, i.metrics.successful_runs, i.metrics.failed_runs]))
      .toEqual([['CI', 7, count(data.pipelineStatuses, 'success'), count(data.pipelineStatuses, 'failed')]]);
    const jobs = (await get(`/api/v2/insights/${data.slug}/workflows/CI/jobs?reporting-window=last-7-days&branch=master`)).body;
    expect(jobs.items.map((i: { name: string; metrics: Record<string, number> }) => [i.name, i.metrics.total_runs])).toEqual([['rspec', 7]]);

    const { body } = await postQuery(service.url, { queries: [{ refId: 'A', kind: 'dora', projects: [data.slug], env: 'production' }], range: { from: now - 8 * DAY, to: now }, timezone: 'utc' });
    const frame = body.results.A.frames![0];
    const dora = Object.fromEntries(frame.schema.fields.map((f, i) => [f.name, frame.data.values[i][0]]));
    // Deployed 10 minutes after the pipeline that finished 2 hours after its commit, short sha or not.
    expect(dora).toMatchObject({
      deployments: count(data.deployStatuses, 'success'), failed_deployments: count(data.deployStatuses, 'failed'),
      lead_time_median: LEAD / 1000 + 600, lead_time_mean: LEAD / 1000 + 600,
    });
    expect((await get('/api/v1/lookup/projects')).body.values).toContain(data.slug);
    expect((await get(`/api/v1/lookup/jobs?project_slug=${encodeURIComponent(data.slug)}&workflow=CI`)).body.values).toEqual(['rspec']);
  };

  it('a week of hooks shows in Zadig, CircleCI, DORA and the lookups', assertNumbers);

  it('GitLab\'s retries change nothing', async () => {
    await deliverAll();
    await assertNumbers();
  });

  it('a wrong or missing X-Gitlab-Token is a 401 and stores nothing; unmapped is a 202; malformed JSON a 400', async () => {
    const pipeline = gitlabExample('pipeline');
    pipeline.project.path_with_namespace = 'intruder/project';
    expect(await deliverGitlab(service.url, 'pipeline', pipeline, 'gl-webhook-tokeN')).toEqual({ status: 401, body: { error: 'X-Gitlab-Token is missing or does not match' } });
    expect((await deliverGitlab(service.url, 'pipeline', pipeline, undefined)).status).toBe(401);
    expect((await deliverGitlab(service.url, 'pipeline', pipeline, TOKEN.slice(0, -1))).status).toBe(401);
    expect((await get('/api/v1/lookup/projects')).body.values).not.toContain('gl/intruder/project');
    expect(await deliverGitlab(service.url, 'job', gitlabExample('job'), TOKEN)).toEqual({ status: 202, body: { ignored: 'job status "created" is not a finished job' } });
    expect((await deliverGitlab(service.url, 'push', undefined, TOKEN, '{"object_kind":')).status).toBe(400);
  });
});
