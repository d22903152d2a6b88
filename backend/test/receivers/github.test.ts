/**
 * The GitHub receiver over HTTP on each real store: a week of a repository's deliveries (GitHub's
 * own example payloads, re-dated to the last seven days and signed as GitHub signs them) shows in
 * the Zadig and CircleCI endpoints, the DORA query kind and the lookups. Expected numbers are
 * counted here from the deliveries, not with the service's code.
 */
import { eachStore } from '../support/stores';
import { startService, type RunningService } from '../support/service';
import { postQuery } from '../support/frames';
import { deliver, githubExample } from './githubExamples';
import { LEAD, week } from './githubWeek';

// Dozens of deliveries, each answered only once durably stored, on a machine shared with other suites.
jest.setTimeout(30_000);

const SECRET = 'It\'s a Secret to Everybody';
const DAY = 86_400_000;

eachStore('GitHub receiver', (getStore) => {
  let service: RunningService;
  const now = Date.now();
  const data = week(now);
  const get = async (path: string) => {
    const res = await fetch(`${service.url}${path}`);
    return { status: res.status, body: await res.json() };
  };
  const deliverAll = async () => {
    for (const { event, payload } of data.deliveries) {
      const { status, body } = await deliver(service.url, event, payload, SECRET);
      expect([event, status]).toEqual([event, 200]);
      expect(body.accepted).toBeGreaterThanOrEqual(0);
    }
  };
  const zadig = (kind: string) => get(`/openapi/statistics/${kind}?startDate=${Math.floor((now - 8 * DAY) / 1000)}&endDate=${Math.floor(now / 1000)}&productNames=${encodeURIComponent(data.project)}`);

  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_GITHUB_WEBHOOK_SECRET: SECRET });
    await deliverAll();
  });
  afterAll(async () => { await service.close(); });

  /** Expected from the deliveries: attempts are runs; deploy states success | failure/error. */
  const runs = data.runConclusions.length + 1; // day 2 re-run
  const successfulRuns = data.runConclusions.filter((c) => c === 'success').length + 1;
  const deploys = data.deployStates.filter((s) => s === 'success').length;
  const failedDeploys = data.deployStates.length - deploys;

  const assertNumbers = async () => {
    const build = await zadig('build');
    expect(build.status).toBe(200);
    expect({ total: build.body.total, success: build.body.success }).toEqual({ total: runs, success: successfulRuns });
    const deploy = await zadig('deploy');
    expect({ total: deploy.body.total, success: deploy.body.success }).toEqual({ total: data.deployStates.length, success: deploys });
    const release = await get(`/openapi/statistics/v2/release?startDate=${Math.floor((now - DAY) / 1000)}&endDate=${Math.floor(now / 1000)}&productNames=${encodeURIComponent(data.project)}`);
    expect(release.status).toBe(200);
    expect(JSON.stringify(release.body)).toMatch(/"total":1/);

    const slug = data.project;
    const workflows = await get(`/api/v2/insights/${slug}/workflows?reporting-window=last-7-days&branch=master`);
    expect(workflows.status).toBe(200);
    expect(workflows.body.items.map((i: { name: string }) => i.name)).toEqual(['CI']);
    expect(workflows.body.items[0].metrics).toMatchObject({ total_runs: runs, successful_runs: successfulRuns });
    const jobs = await get(`/api/v2/insights/${slug}/workflows/CI/jobs?reporting-window=last-7-days&branch=master`);
    expect(jobs.body.items.map((i: { name: string; metrics: { total_runs: number } }) => [i.name, i.metrics.total_runs])).toEqual([['test', runs]]);
    const runList = await get(`/api/v2/insights/${slug}/workflows/CI?all-branches=true`);
    expect(runList.body.items).toHaveLength(runs);

    const { body } = await postQuery(service.url, { queries: [{ refId: 'A', kind: 'dora', projects: [slug], env: 'production' }], range: { from: now - 8 * DAY, to: now }, timezone: 'utc' });
    const frame = body.results.A.frames![0];
    const dora = Object.fromEntries(frame.schema.fields.map((f, i) => [f.name, frame.data.values[i][0]]));
    // Deployed 5 minutes after the run that finished 3 hours after its commit.
    expect(dora).toMatchObject({ deployments: deploys, failed_deployments: failedDeploys, lead_time_median: LEAD / 1000 + 300 });

    expect((await get('/api/v1/lookup/projects')).body.values).toContain(slug);
    expect((await get('/api/v1/lookup/project_slugs')).body.values).toContain(slug);
    expect((await get(`/api/v1/lookup/workflows?project_slug=${encodeURIComponent(slug)}`)).body.values).toEqual(['CI']);
    expect((await get(`/api/v1/lookup/environments?project=${encodeURIComponent(slug)}`)).body.values).toEqual(['production']);
  };

  it('a week of deliveries shows in Zadig, CircleCI, DORA and the lookups', assertNumbers);

  it('redelivery changes nothing', async () => {
    await deliverAll();
    await assertNumbers();
  });

  it('rejects a wrong, missing or stale signature with 401, and stores nothing', async () => {
    const payload = githubExample('release', 'published');
    payload.repository.full_name = 'octo-org/tampered';
    const wrong = await deliver(service.url, 'release', payload, 'not the secret');
    expect(wrong).toEqual({ status: 401, body: { error: 'X-Hub-Signature-256 is missing or does not match' } });
    expect((await deliver(service.url, 'release', payload, SECRET, { signature: null })).status).toBe(401);
    expect((await deliver(service.url, 'release', payload, SECRET, { signature: 'sha1=0123' })).status).toBe(401);
    // Signed, then changed on the way: the signature is of the original body.
    const { sign } = await import('@octokit/webhooks-methods');
    const original = JSON.stringify(githubExample('release', 'published'));
    const modified = await deliver(service.url, 'release', undefined, SECRET, { body: JSON.stringify(payload), signature: await sign({ secret: SECRET, algorithm: 'sha256' }, original) });
    expect(modified.status).toBe(401);
    expect((await get('/api/v1/lookup/projects')).body.values).not.toContain('gh/octo-org/tampered');
  });

  it('answers 202 with the reason for what it does not map, 400 for malformed JSON', async () => {
    expect(await deliver(service.url, 'issues', githubExample('issues'), SECRET)).toEqual({ status: 202, body: { ignored: 'event "issues" is not used' } });
    expect(await deliver(service.url, 'workflow_run', githubExample('workflow_run', 'requested'), SECRET))
      .toEqual({ status: 202, body: { ignored: 'workflow_run action "requested" is not used (only completed)' } });
    const bad = await deliver(service.url, 'push', undefined, SECRET, { body: '{"ref": "refs/heads/main",' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^body is not valid JSON/);
    const odd = await deliver(service.url, 'workflow_run', { action: 'completed', repository: { full_name: 'a/b' } }, SECRET);
    expect(odd).toEqual({ status: 400, body: { error: 'GitHub workflow_run payload is not as documented: workflow_run: Invalid input: expected object, received undefined' } });
  });
});

describe('GitHub receiver configuration', () => {
  it('is off (404) without a secret, refuses bodies over FLOWMETER_MAX_BODY (413), and is in the OpenAPI document', async () => {
    const { openEmbeddedStore } = await import('../support/stores');
    const { store, dispose } = await openEmbeddedStore();
    const off = await startService(store);
    const small = await startService(store, { FLOWMETER_GITHUB_WEBHOOK_SECRET: SECRET, FLOWMETER_MAX_BODY: '4kb' });
    try {
      const payload = githubExample('workflow_run', 'completed', 1);
      expect(await deliver(off.url, 'workflow_run', payload, SECRET)).toEqual({ status: 404, body: { error: 'the github receiver is off: FLOWMETER_GITHUB_WEBHOOK_SECRET is not set' } });
      expect(JSON.stringify(payload).length).toBeGreaterThan(4096);
      expect((await deliver(small.url, 'workflow_run', payload, SECRET)).status).toBe(413);
      const doc = await (await fetch(`${off.url}/api/v1/openapi.json`)).json();
      for (const sender of ['github', 'gitlab', 'circleci', 'cdevents']) expect(doc.paths[`/api/v1/webhooks/${sender}`].post.responses).toHaveProperty('202');
    } finally {
      await off.close();
      await small.close();
      await dispose();
    }
  });
});
