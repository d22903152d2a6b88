/**
 * The CircleCI receiver over HTTP on each real store: a week of a project's workflow-completed
 * and job-completed deliveries (CircleCI's documented samples, re-dated and re-numbered) shows in
 * the CircleCI and Zadig endpoints and the lookups. Expected numbers are counted from the deliveries.
 */
import { randomUUID } from 'node:crypto';
import { eachStore } from '../support/stores';
import { startService, type RunningService } from '../support/service';
import { circleciExample, circleciSignature, deliverCircleci } from './circleciExamples';

// Dozens of deliveries, each answered only once durably stored, on a machine shared with other suites.
jest.setTimeout(30_000);

const SECRET = 'circleci signing secret';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const SLUG = 'github/circleci/webhook-service';

function week(now: number) {
  const statuses = ['success', 'failed', 'success', 'canceled', 'success', 'error', 'success'];
  const deliveries: Array<Record<string, any>> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (let d = 0; d < 7; d++) {
    const end = now - d * DAY - HOUR;
    const workflow = circleciExample('workflow-completed');
    Object.assign(workflow.workflow, { id: randomUUID(), status: statuses[d], created_at: new Date(end - 300_000).toISOString(), stopped_at: new Date(end).toISOString() });
    deliveries.push(workflow);
    const job = circleciExample('job-completed');
    job.workflow.name = workflow.workflow.name;
    Object.assign(job.job, { id: randomUUID(), status: statuses[d] === 'error' ? 'infrastructure_fail' : statuses[d], started_at: new Date(end - 240_000).toISOString(), stopped_at: new Date(end - 60_000).toISOString() });
    deliveries.push(job);
  }
  return { statuses, deliveries };
}

eachStore('CircleCI receiver', (getStore) => {
  let service: RunningService;
  const now = Date.now();
  const data = week(now);
  const get = async (path: string) => {
    const res = await fetch(`${service.url}${path}`);
    return { status: res.status, body: await res.json() };
  };
  const deliverAll = async () => {
    for (const payload of data.deliveries) expect((await deliverCircleci(service.url, payload, SECRET)).status).toBe(200);
  };

  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_CIRCLECI_WEBHOOK_SECRET: SECRET });
    await deliverAll();
  });
  afterAll(async () => { await service.close(); });

  const count = (...of: string[]) => data.statuses.filter((s) => of.includes(s)).length;
  const assertNumbers = async () => {
    const workflows = (await get(`/api/v2/insights/${SLUG}/workflows?reporting-window=last-7-days&branch=main`)).body;
    expect(workflows.items.map((i: { name: string; metrics: Record<string, number> }) => [i.name, i.metrics.total_runs, i.metrics.successful_runs, i.metrics.failed_runs]))
      .toEqual([['build-test-deploy', 7, count('success'), count('failed', 'error')]]);
    const jobs = (await get(`/api/v2/insights/${SLUG}/workflows/build-test-deploy/jobs?reporting-window=last-7-days&branch=main`)).body;
    expect(jobs.items.map((i: { name: string; metrics: Record<string, number> }) => [i.name, i.metrics.total_runs, i.metrics.successful_runs])).toEqual([['test', 7, count('success')]]);
    const runs = (await get(`/api/v2/insights/${SLUG}/workflows/build-test-deploy?branch=main`)).body;
    expect(runs.items.map((r: { id: string }) => r.id).sort()).toEqual(data.deliveries.filter((p) => p.type === 'workflow-completed').map((p) => p.workflow.id).sort());
    const build = (await get(`/openapi/statistics/build?startDate=${Math.floor((now - 8 * DAY) / 1000)}&endDate=${Math.floor(now / 1000)}&productNames=${encodeURIComponent(SLUG)}`)).body;
    expect({ total: build.total, success: build.success }).toEqual({ total: 7, success: count('success') });
    expect((await get(`/api/v1/lookup/workflows?project_slug=${encodeURIComponent(SLUG)}`)).body.values).toEqual(['build-test-deploy']);
  };

  it('a week of deliveries shows in CircleCI, Zadig and the lookups', assertNumbers);

  it('at-least-once delivery changes nothing', async () => {
    await deliverAll();
    await assertNumbers();
  });

  it('a wrong, missing or stale circleci-signature is a 401 and stores nothing', async () => {
    const payload = circleciExample('workflow-completed');
    payload.project.slug = 'github/intruder/repo';
    expect(await deliverCircleci(service.url, payload, 'wrong secret')).toEqual({ status: 401, body: { error: 'circleci-signature is missing or does not match' } });
    expect((await deliverCircleci(service.url, payload, SECRET, { signature: null })).status).toBe(401);
    const original = JSON.stringify(circleciExample('workflow-completed'));
    expect((await deliverCircleci(service.url, payload, SECRET, { signature: circleciSignature(SECRET, original) })).status).toBe(401);
    expect((await get('/api/v1/lookup/project_slugs')).body.values).not.toContain('github/intruder/repo');
    // Several versioned signatures in one header: the v1 among them counts.
    const body = JSON.stringify(circleciExample('job-completed'));
    expect((await deliverCircleci(service.url, undefined, SECRET, { body, signature: `v0=abc, ${circleciSignature(SECRET, body)}` })).status).toBe(200);
  });

  it('unmapped types are a 202 with the reason; malformed JSON is a 400', async () => {
    expect(await deliverCircleci(service.url, { type: 'ping', id: 'x' }, SECRET)).toEqual({ status: 202, body: { ignored: 'type "ping" is not used' } });
    expect((await deliverCircleci(service.url, undefined, SECRET, { body: '{"type": "job-completed"' })).status).toBe(400);
  });
});
