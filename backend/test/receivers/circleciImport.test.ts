/**
 * The CircleCI history import against a local server that answers as CircleCI's API v2 does
 * (the response samples of its API reference, fixtures/circleci-api; next_page_token
 * pagination; a 429 with Retry-After and a 500 to retry), into the real service on each store.
 * The import gives the numbers the webhooks give, and the same runs delivered by webhook
 * afterwards count once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eachStore } from '../support/stores';
import { startService, type RunningService } from '../support/service';
import { importCircleci } from '../../src/import/circleci';
import { httpSink } from '../../src/import/sink';
import { circleciExample, deliverCircleci } from './circleciExamples';

jest.setTimeout(60_000);

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SECRET = 'circleci-import-test';
/** A response sample's first item, free to change. */
const sample = (name: 'pipelines' | 'workflows' | 'jobs'): Payload =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'circleci-api', `${name}.json`), 'utf8')).items[0];
const iso = (ms: number) => new Date(ms).toISOString();
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * Three days of a project (the webhook samples' github/circleci/webhook-service, which the API
 * writes gh/...): 5 pipelines with a finished workflow each and one still running, 6 finished
 * jobs, and a pipeline from before the range that must not be read.
 */
function history(now: number) {
  const plan = [[0, 1, 'success'], [0, 2, 'failed'], [0, 3, 'running'], [1, 1, 'success'], [2, 1, 'canceled'], [2, 2, 'success'], [5, 1, 'success']] as const;
  const pipelines: Payload[] = [];
  const workflows = new Map<string, Payload[]>();
  const jobs = new Map<string, Payload[]>();
  plan.forEach(([daysAgo, n, status], i) => {
    const end = now - daysAgo * DAY - n * HOUR;
    const pipeline = {
      ...sample('pipelines'), id: uuid(100 + i), number: 130 + i, project_slug: 'gh/circleci/webhook-service', state: 'created',
      created_at: iso(end - 600_000), updated_at: iso(end - 600_000),
      vcs: { ...sample('pipelines').vcs, branch: 'main', revision: (0xe0 + i).toString(16).repeat(20), tag: undefined },
    };
    pipelines.push(pipeline);
    const workflow = {
      ...sample('workflows'), id: uuid(200 + i), pipeline_id: pipeline.id, pipeline_number: pipeline.number, project_slug: pipeline.project_slug,
      name: 'build-test-deploy', status, tag: null, created_at: iso(end - 590_000), stopped_at: status === 'running' ? null : iso(end),
    };
    workflows.set(pipeline.id, [workflow]);
    const job = (id: number, name: string, jobStatus: string) => ({
      ...sample('jobs'), id: uuid(id), job_number: id, name, status: jobStatus, type: 'build', project_slug: pipeline.project_slug,
      dependencies: [], started_at: iso(end - 500_000), stopped_at: jobStatus === 'running' ? null : iso(end - 10_000),
    });
    const jobStatus = status === 'canceled' ? 'canceled' : status;
    // The first workflow has two jobs, so that its job list paginates.
    jobs.set(workflow.id, i === 0 ? [job(300 + i, 'test', jobStatus), job(399, 'lint', 'success')] : [job(300 + i, 'test', jobStatus)]);
  });
  return { pipelines, workflows, jobs };
}

/** CircleCI's API v2, as far as the importer reads it: two pipelines a page, one workflow or job a page. */
function fakeCircleci(data: ReturnType<typeof history>) {
  const seen = { tooMany: false, failed: false, requests: 0, paths: [] as string[] };
  const server = createServer((req, res) => {
    seen.requests++;
    const url = new URL(req.url!, 'http://x');
    seen.paths.push(url.pathname);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers['circle-token'] !== 'cci-test') return json(401, { message: 'You must log in first.' });
    const paged = (all: Payload[], size: number) => {
      const from = Number(url.searchParams.get('page-token') ?? 0);
      return json(200, { items: all.slice(from, from + size), next_page_token: from + size < all.length ? String(from + size) : null });
    };
    if (url.pathname === '/api/v2/project/gh/circleci/webhook-service/pipeline') {
      if (!seen.tooMany) {
        seen.tooMany = true;
        return json(429, { message: 'Rate limit exceeded' }, { 'retry-after': '1' });
      }
      return paged([...data.pipelines].reverse().sort((a, b) => b.created_at.localeCompare(a.created_at)), 2);
    }
    const workflowsOf = /^\/api\/v2\/pipeline\/([\w-]+)\/workflow$/.exec(url.pathname);
    if (workflowsOf) {
      if (!seen.failed) {
        seen.failed = true;
        return json(500, { message: 'Internal Server Error' });
      }
      return paged(data.workflows.get(workflowsOf[1]) ?? [], 1);
    }
    const jobsOf = /^\/api\/v2\/workflow\/([\w-]+)\/job$/.exec(url.pathname);
    if (jobsOf) return paged(data.jobs.get(jobsOf[1]) ?? [], 1);
    return json(404, { message: 'Not found' });
  });
  return { server, seen };
}

eachStore('CircleCI history import', (getStore) => {
  let service: RunningService;
  let circleci: Server;
  let seen: ReturnType<typeof fakeCircleci>['seen'];
  const now = Date.now();
  const data = history(now);
  const SLUG = 'github/circleci/webhook-service';
  const lines: string[] = [];
  const progress = { update: (t: string) => lines.push(t), done: (t: string) => lines.push(t) };
  const options = () => ({
    projectSlug: 'gh/circleci/webhook-service', sinceMs: now - 3 * DAY, nowMs: now, token: 'cci-test',
    apiUrl: `http://127.0.0.1:${(circleci.address() as AddressInfo).port}/api/v2`, sink: httpSink(service.url, undefined),
    progress, checkpointFile: join(mkdtempSync(join(tmpdir(), 'flowmeter-import-')), 'circleci.json'),
  });

  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_CIRCLECI_WEBHOOK_SECRET: SECRET });
    const fake = fakeCircleci(data);
    circleci = fake.server;
    seen = fake.seen;
    await new Promise<void>((resolve) => circleci.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await service.close();
    await new Promise<void>((resolve) => circleci.close(() => resolve()));
  });

  const get = async (path: string) => (await fetch(`${service.url}${path}`)).json();
  const numbers = async () => {
    const build = await get(`/openapi/statistics/build?startDate=${Math.floor((now - 8 * DAY) / 1000)}&endDate=${Math.ceil(now / 1000)}&productNames=${encodeURIComponent(SLUG)}`);
    const workflows = (await get(`/api/v2/insights/${SLUG}/workflows?reporting-window=last-7-days&branch=main`)).items;
    const jobs = (await get(`/api/v2/insights/${SLUG}/workflows/build-test-deploy/jobs?reporting-window=last-7-days&branch=main`)).items;
    return {
      builds: [build.total, build.success],
      runs: workflows.map((w: Payload) => [w.name, w.metrics.total_runs, w.metrics.successful_runs, w.metrics.failed_runs]),
      jobs: jobs.map((j: Payload) => [j.name, j.metrics.total_runs]).sort(),
    };
  };
  // In the range: 5 finished workflows (3 passed, 1 failed, 1 canceled), a running one left out;
  // 6 jobs (the first workflow's two, one each for the others).
  const expected = { builds: [5, 3], runs: [['build-test-deploy', 5, 3, 1]], jobs: [['lint', 1], ['test', 5]] };

  it('imports workflows and jobs through next_page_token pages, a 429 with Retry-After and a 500', async () => {
    const summary = await importCircleci(options());
    expect(summary).toMatchObject({ pipelines: 6, workflows: 5, jobs: 6, complete: true });
    expect(seen).toMatchObject({ tooMany: true, failed: true });
    // The pipeline from before the range is not read: no request for its workflows.
    expect(seen.paths).not.toContain(`/api/v2/pipeline/${data.pipelines[6].id}/workflow`);
    expect(await numbers()).toEqual(expected);
    expect(lines.at(-1)).toMatch(/100% 5 workflows, 6 jobs/);
  });

  it('the same runs delivered by webhook afterwards count once', async () => {
    for (const p of data.pipelines.slice(0, 6)) {
      const [w] = data.workflows.get(p.id)!;
      if (w.status === 'running') continue; // CircleCI sends workflow-completed only when it completes
      const hook = circleciExample('workflow-completed');
      hook.workflow = { ...hook.workflow, id: w.id, name: w.name, status: w.status, created_at: w.created_at, stopped_at: w.stopped_at };
      hook.pipeline = { ...hook.pipeline, id: p.id, number: p.number, vcs: { ...hook.pipeline.vcs, branch: 'main', revision: p.vcs.revision } };
      expect((await deliverCircleci(service.url, hook, SECRET)).status).toBe(200);
      for (const j of data.jobs.get(w.id)!) {
        const jobHook = circleciExample('job-completed');
        jobHook.workflow = { ...jobHook.workflow, id: w.id, name: w.name };
        jobHook.pipeline = hook.pipeline;
        jobHook.job = { ...jobHook.job, id: j.id, name: j.name, status: j.status, started_at: j.started_at, stopped_at: j.stopped_at, number: j.job_number };
        expect((await deliverCircleci(service.url, jobHook, SECRET)).status).toBe(200);
      }
    }
    expect(await numbers()).toEqual(expected);
  });

  it('resumes from its checkpoint: a finished import reads only the pipeline list', async () => {
    const o = options();
    let pages = 0;
    const first = await importCircleci({ ...o, stopped: () => pages++ >= 1 }); // interrupted after one page
    expect(first.complete).toBe(false);
    expect(first.pipelines).toBe(2);
    const rest = await importCircleci(o);
    expect(rest).toMatchObject({ pipelines: 4, complete: true });
    const before = seen.paths.length;
    await importCircleci(o);
    expect(seen.paths.slice(before).every((p) => p.endsWith('/webhook-service/pipeline'))).toBe(true);
    expect(await numbers()).toEqual(expected);
  });

  it('a wrong token is a clear error', async () => {
    await expect(importCircleci({ ...options(), token: 'wrong' })).rejects.toThrow(/CircleCI answered 401/);
  });
});
