/**
 * The GitHub history import against a local server that answers as GitHub's REST API does
 * (GitHub's own run, job, deployment and status objects from @octokit/webhooks-examples, which
 * the REST API returns alike; Link pagination; a rate limit; a 502 to retry), into the real
 * service on each store. The import gives the same numbers as the webhooks, and importing and
 * then receiving the same runs by webhook counts nothing twice.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eachStore } from '../support/stores';
import { startService, type RunningService } from '../support/service';
import { postQuery } from '../support/frames';
import { importGithub } from '../../src/import/github';
import { httpSink } from '../../src/import/sink';
import { deliver, githubExample, githubExamples } from './githubExamples';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SECRET = 'import-test';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Three days of a repository: 5 runs (one re-run), a job each, two production deployments. */
function history(now: number) {
  const repository = githubExample('workflow_run', 'completed', 1).repository;
  const runs: Payload[] = [];
  const jobs = new Map<string, Payload[]>();
  const plan = [[0, 1, 'success'], [0, 2, 'failure'], [1, 1, 'success'], [2, 1, 'failure'], [2, 2, 'success']] as const;
  plan.forEach(([daysAgo, n, conclusion], i) => {
    const end = now - daysAgo * DAY - (n + 1) * HOUR;
    const attempt = i === 4 ? 2 : 1;
    const runId = i === 4 ? 6_000_003 : 6_000_000 + i;
    const sha = (0xc0 + i).toString(16).repeat(20);
    const run = githubExample('workflow_run', 'completed', 1).workflow_run;
    Object.assign(run, {
      id: runId, run_attempt: attempt, name: 'CI', status: 'completed', conclusion, head_sha: sha, head_branch: 'master',
      created_at: iso(end - 600_000), run_started_at: iso(end - 300_000), updated_at: iso(end),
      head_commit: { ...run.head_commit, id: sha, timestamp: iso(end - 2 * HOUR) },
    });
    runs.push(run);
    const job = githubExamples('workflow_job', 'completed')[0].workflow_job;
    Object.assign(job, { id: 8_000_000 + i, run_id: runId, run_attempt: attempt, workflow_name: 'CI', name: 'build', status: 'completed', conclusion, head_branch: 'master', started_at: iso(end - 240_000), completed_at: iso(end - 60_000) });
    jobs.set(`${runId}/${attempt}`, [job]);
  });
  const template = githubExamples('deployment_status').find((p) => p.deployment_status.state === 'success')!;
  const deployments = [0, 1].map((i) => ({
    ...template.deployment, id: 9_500_000 + i, sha: runs[i * 2].head_sha, environment: 'production', created_at: runs[i * 2].updated_at,
  }));
  const statuses = new Map(deployments.map((d, i) => [d.id, [{
    ...template.deployment_status, id: 9_600_000 + i, state: 'success', environment: 'production', created_at: iso(Date.parse(d.created_at) + 600_000),
  }]]));
  return { repository, runs, jobs, deployments, statuses };
}

/** GitHub's REST API, as far as the importer reads it. */
function fakeGithub(data: ReturnType<typeof history>) {
  const seen = { rateLimited: false, failedOnce: false, requests: 0 };
  const server = createServer((req, res) => {
    seen.requests++;
    const url = new URL(req.url!, 'http://x');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-ratelimit-remaining': '4999', 'x-ratelimit-limit': '5000', ...headers });
      res.end(JSON.stringify(body));
    };
    const base = `/repos/${data.repository.full_name}`;
    const page = Number(url.searchParams.get('page') ?? 1);
    if (url.pathname === base) return json(200, data.repository);
    if (url.pathname === `${base}/actions/runs`) {
      if (!seen.rateLimited) { // the first page asked for waits for the (primary) rate limit's reset
        seen.rateLimited = true;
        return json(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000)) });
      }
      const day = url.searchParams.get('created');
      const all = data.runs.filter((r) => r.created_at.slice(0, 10) === day);
      // One run a page, so that days with two runs paginate by Link, as GitHub does.
      const next: Record<string, string> = page < all.length ? { link: `<http://${req.headers.host}${url.pathname}?created=${day}&per_page=1&page=${page + 1}>; rel="next"` } : {};
      return json(200, { total_count: all.length, workflow_runs: all.slice(page - 1, page) }, next);
    }
    const jobsPath = new RegExp(`^${base}/actions/runs/(\\d+)/attempts/(\\d+)/jobs$`).exec(url.pathname);
    if (jobsPath) {
      if (!seen.failedOnce) {
        seen.failedOnce = true;
        return json(502, { message: 'Server Error' });
      }
      const list = data.jobs.get(`${jobsPath[1]}/${jobsPath[2]}`) ?? [];
      return json(200, { total_count: list.length, jobs: list });
    }
    if (url.pathname === `${base}/deployments`) return json(200, page === 1 ? data.deployments : []);
    const statusPath = new RegExp(`^${base}/deployments/(\\d+)/statuses$`).exec(url.pathname);
    if (statusPath) return json(200, page === 1 ? data.statuses.get(Number(statusPath[1])) ?? [] : []);
    return json(404, { message: 'Not Found' });
  });
  return { server, seen };
}

eachStore('GitHub history import', (getStore) => {
  let service: RunningService;
  let github: Server;
  let seen: { rateLimited: boolean; failedOnce: boolean; requests: number };
  const now = Date.now();
  const data = history(now);
  const slug = `gh/${data.repository.full_name}`;
  const lines: string[] = [];
  const progress = { update: (t: string) => lines.push(t), done: (t: string) => lines.push(t) };

  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_GITHUB_WEBHOOK_SECRET: SECRET });
    const fake = fakeGithub(data);
    github = fake.server;
    seen = fake.seen;
    await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await service.close();
    await new Promise<void>((resolve) => github.close(() => resolve()));
  });

  const numbers = async () => {
    const runs = (await (await fetch(`${service.url}/api/v2/insights/${slug}/workflows/CI?all-branches=true`)).json()).items.length;
    const jobs = (await (await fetch(`${service.url}/api/v2/insights/${slug}/workflows/CI/jobs?reporting-window=last-7-days&all-branches=true`)).json()).items[0]?.metrics.total_runs;
    const { body } = await postQuery(service.url, { queries: [{ refId: 'A', kind: 'dora', projects: [slug], env: 'production' }], range: { from: now - 7 * DAY, to: now }, timezone: 'utc' });
    const f = body.results.A.frames![0];
    const dora = Object.fromEntries(f.schema.fields.map((field, i) => [field.name, f.data.values[i][0]]));
    return { runs, jobs, deployments: dora.deployments, lead: dora.lead_time_median };
  };

  it('imports runs, jobs and deployments with their lead times, through rate limits, pagination and a 502', async () => {
    const summary = await importGithub({
      owner: data.repository.owner.login, repo: data.repository.name, sinceMs: now - 3 * DAY, nowMs: now,
      apiUrl: `http://127.0.0.1:${(github.address() as AddressInfo).port}`, sink: httpSink(service.url, undefined),
      progress, checkpointFile: join(mkdtempSync(join(tmpdir(), 'flowmeter-import-')), 'github.json'),
    });
    expect(summary).toMatchObject({ runs: 5, jobs: 5, deployments: 2, complete: true });
    expect(seen).toMatchObject({ rateLimited: true, failedOnce: true });
    // Deployed 10 minutes after a run that finished 2 hours after its commit.
    expect(await numbers()).toEqual({ runs: 5, jobs: 5, deployments: 2, lead: 2 * 3600 + 600 });
    expect(lines.at(-1)).toMatch(/100% 5 runs, 5 jobs, 2 deploys/);
  });

  it('the same runs delivered by webhook afterwards count once', async () => {
    for (const run of data.runs) {
      expect((await deliver(service.url, 'workflow_run', { action: 'completed', repository: data.repository, workflow_run: run }, SECRET)).status).toBe(200);
    }
    for (const [, list] of data.jobs) for (const job of list) await deliver(service.url, 'workflow_job', { action: 'completed', repository: data.repository, workflow_job: job }, SECRET);
    for (const deployment of data.deployments) {
      const [status] = data.statuses.get(deployment.id)!;
      await deliver(service.url, 'deployment_status', { action: 'created', repository: data.repository, deployment, deployment_status: status }, SECRET);
    }
    expect(await numbers()).toEqual({ runs: 5, jobs: 5, deployments: 2, lead: 2 * 3600 + 600 });
  });

  it('resumes from its checkpoint: a finished import asks GitHub for nothing but the repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowmeter-import-'));
    const options = {
      owner: data.repository.owner.login, repo: data.repository.name, sinceMs: now - 3 * DAY, nowMs: now,
      apiUrl: `http://127.0.0.1:${(github.address() as AddressInfo).port}`, sink: httpSink(service.url, undefined),
      progress, checkpointFile: join(dir, 'github.json'),
    };
    let days = 0;
    const first = await importGithub({ ...options, stopped: () => days++ >= 2 }); // interrupted after two days
    expect(first.complete).toBe(false);
    const before = seen.requests;
    const rest = await importGithub(options);
    expect(rest.complete).toBe(true);
    expect(rest.runs).toBeLessThan(5); // only the days the first run did not finish
    expect(seen.requests - before).toBeGreaterThan(1);
    const again = seen.requests;
    await importGithub(options);
    expect(seen.requests - again).toBe(1);
    expect(await numbers()).toEqual({ runs: 5, jobs: 5, deployments: 2, lead: 2 * 3600 + 600 });
  });
});
