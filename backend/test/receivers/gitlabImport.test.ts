/**
 * The GitLab history import against a local server that answers as GitLab's REST API v4 does
 * (the API documentation's own example responses, fixtures/gitlab-api; Link and X-Next-Page
 * pagination; RateLimit-* headers, a 429 with Retry-After and a 503 to retry), into the real
 * service on each store. The import gives the numbers the webhooks give, and the same runs
 * delivered by webhook afterwards count once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eachStore } from '../support/stores';
import { startService, type RunningService } from '../support/service';
import { postQuery } from '../support/frames';
import { importGitlab } from '../../src/import/gitlab';
import { httpSink } from '../../src/import/sink';
import { deliverGitlab, gitlabExample } from './gitlabExamples';

jest.setTimeout(60_000);

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TOKEN = 'gl-import-test';
const apiExample = (name: string): any => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'gitlab-api', `${name}.json`), 'utf8')); // eslint-disable-line @typescript-eslint/no-explicit-any
const iso = (ms: number) => new Date(ms).toISOString();
/** The webhooks' "2016-08-12 15:23:28 UTC" form (whole seconds; the API adds milliseconds). */
const glTime = (ms: number) => iso(ms).replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');

/** Three days of a project: 5 finished pipelines, a job each (one retried), 2 production deploys. */
function history(now: number) {
  const project = gitlabExample('pipeline').project; // the webhook docs' project object is the API's
  const plan = [[0, 1, 'success'], [0, 2, 'failed'], [1, 1, 'success'], [2, 1, 'failed'], [2, 2, 'success']] as const;
  const pipelines: Payload[] = [];
  const details = new Map<number, Payload>();
  const jobs = new Map<number, Payload[]>();
  plan.forEach(([daysAgo, n, status], i) => {
    const end = now - daysAgo * DAY - (n + 1) * HOUR + 175; // milliseconds, as the API writes
    const id = 700 + i;
    const sha = (0xd0 + i).toString(16).repeat(20);
    const times = { created_at: iso(end - 600_000), updated_at: iso(end + 10), finished_at: iso(end) };
    pipelines.push({ ...apiExample('pipelines')[0], id, project_id: project.id, status, ref: 'master', sha, name: 'CI', created_at: times.created_at, updated_at: times.updated_at });
    details.set(id, { ...apiExample('pipeline'), id, project_id: project.id, status, ref: 'master', sha, name: 'CI', ...times, started_at: iso(end - 540_000), duration: 540 });
    const template = apiExample('jobs')[0];
    const job = (jobId: number, jobStatus: string) => ({
      ...template, id: jobId, name: 'rspec', status: jobStatus, ref: 'master',
      created_at: iso(end - 590_000), started_at: iso(end - 480_000), finished_at: iso(end - 60_000), duration: 420.5,
      pipeline: { ...template.pipeline, id, project_id: project.id, sha, status },
      commit: { ...template.commit, id: sha, short_id: sha.slice(0, 8), created_at: iso(end - 2 * HOUR - 175) },
    });
    // The last pipeline's job failed once and was retried (include_retried lists both).
    jobs.set(id, i === 4 ? [job(9104, 'success'), job(9199, 'failed')] : [job(9100 + i, status)]);
  });
  const deployments = [0, 2].map((i, k) => {
    const p = details.get(700 + i)!;
    const template = apiExample('deployments')[0];
    return {
      ...template, id: 40 + k, iid: 1 + k, status: 'success', sha: p.sha, ref: 'master',
      created_at: iso(Date.parse(p.finished_at) + 60_000), updated_at: iso(Math.floor(Date.parse(p.finished_at) / 1000) * 1000 + 600_000),
      environment: { ...template.environment, name: 'production' },
      deployable: { ...template.deployable, commit: jobs.get(700 + i)![0].commit },
    };
  });
  return { project, pipelines, details, jobs, deployments };
}

/** GitLab's REST API v4, as far as the importer reads it. */
function fakeGitlab(data: ReturnType<typeof history>) {
  const seen = { tooMany: false, unavailable: false, spentAt: 0, waitedMs: 0, requests: 0 };
  const server = createServer((req, res) => {
    seen.requests++;
    if (seen.spentAt && !seen.waitedMs) seen.waitedMs = Date.now() - seen.spentAt;
    const url = new URL(req.url!, 'http://x');
    const rateLimit = { 'ratelimit-limit': '2000', 'ratelimit-remaining': '1990', 'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 60) };
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...rateLimit, ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers['private-token'] !== 'glpat-test') return json(401, { message: '401 Unauthorized' });
    const base = `/api/v4/projects/${data.project.id}`;
    const page = Number(url.searchParams.get('page') ?? 1);
    /** One object a page, so that lists paginate, with GitLab's Link and X-Next-Page headers. */
    const paged = (all: Payload[]) => {
      const headers: Record<string, string> = { 'x-page': String(page), 'x-per-page': '1', 'x-total': String(all.length), 'x-next-page': page < all.length ? String(page + 1) : '' };
      if (page < all.length) {
        const next = new URL(`http://${req.headers.host}${url.pathname}${url.search}`);
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next}>; rel="next"`;
      }
      return json(200, all.slice(page - 1, page), headers);
    };
    if (url.pathname === `/api/v4/projects/${encodeURIComponent(data.project.path_with_namespace)}`) {
      // The rate limit is spent: the next request must wait for RateLimit-Reset.
      seen.spentAt = Date.now();
      seen.waitedMs = 0;
      return json(200, data.project, { 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) });
    }
    if (url.pathname === `${base}/pipelines`) {
      if (!seen.tooMany) {
        seen.tooMany = true;
        return json(429, { message: '429 Too Many Requests' }, { 'retry-after': '1' });
      }
      const after = Date.parse(url.searchParams.get('updated_after')!);
      const before = Date.parse(url.searchParams.get('updated_before')!);
      return paged(data.pipelines.filter((p) => url.searchParams.get('scope') === 'finished' && Date.parse(p.updated_at) >= after && Date.parse(p.updated_at) <= before));
    }
    const one = new RegExp(`^${base}/pipelines/(\\d+)$`).exec(url.pathname);
    if (one) return data.details.has(Number(one[1])) ? json(200, data.details.get(Number(one[1]))) : json(404, { message: '404 Not found' });
    const jobsOf = new RegExp(`^${base}/pipelines/(\\d+)/jobs$`).exec(url.pathname);
    if (jobsOf) {
      if (!seen.unavailable) {
        seen.unavailable = true;
        return json(503, { message: 'Service Unavailable' });
      }
      const all = data.jobs.get(Number(jobsOf[1])) ?? [];
      return json(200, url.searchParams.get('include_retried') === 'true' ? all : all.slice(0, 1));
    }
    if (url.pathname === `${base}/deployments`) {
      const after = Date.parse(url.searchParams.get('updated_after')!);
      return paged(data.deployments.filter((d) => Date.parse(d.updated_at) >= after));
    }
    return json(404, { message: '404 Not found' });
  });
  return { server, seen };
}

eachStore('GitLab history import', (getStore) => {
  let service: RunningService;
  let gitlab: Server;
  let seen: ReturnType<typeof fakeGitlab>['seen'];
  const now = Math.floor(Date.now() / 1000) * 1000; // the webhooks' times are whole seconds
  const data = history(now);
  const slug = `gl/${data.project.path_with_namespace}`;
  const lines: string[] = [];
  const progress = { update: (t: string) => lines.push(t), done: (t: string) => lines.push(t) };
  const options = () => ({
    project: data.project.path_with_namespace, sinceMs: now - 3 * DAY, nowMs: now, token: 'glpat-test',
    baseUrl: `http://127.0.0.1:${(gitlab.address() as AddressInfo).port}`, sink: httpSink(service.url, undefined),
    progress, checkpointFile: join(mkdtempSync(join(tmpdir(), 'flowmeter-import-')), 'gitlab.json'),
  });

  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_GITLAB_WEBHOOK_TOKEN: TOKEN });
    const fake = fakeGitlab(data);
    gitlab = fake.server;
    seen = fake.seen;
    await new Promise<void>((resolve) => gitlab.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await service.close();
    await new Promise<void>((resolve) => gitlab.close(() => resolve()));
  });

  const numbers = async () => {
    const q = `startDate=${Math.floor((now - 7 * DAY) / 1000)}&endDate=${Math.ceil(now / 1000)}&productNames=${encodeURIComponent(slug)}`;
    const build = await (await fetch(`${service.url}/openapi/statistics/build?${q}`)).json();
    const workflows = (await (await fetch(`${service.url}/api/v2/insights/${slug}/workflows?reporting-window=last-7-days&branch=master`)).json()).items;
    const jobs = (await (await fetch(`${service.url}/api/v2/insights/${slug}/workflows/CI/jobs?reporting-window=last-7-days&branch=master`)).json()).items;
    const { body } = await postQuery(service.url, { queries: [{ refId: 'A', kind: 'dora', projects: [slug], env: 'production' }], range: { from: now - 7 * DAY, to: now + HOUR }, timezone: 'utc' });
    const f = body.results.A.frames![0];
    const dora = Object.fromEntries(f.schema.fields.map((field, i) => [field.name, f.data.values[i][0]]));
    return {
      builds: [build.total, build.success],
      runs: workflows.map((w: Payload) => [w.name, w.metrics.total_runs, w.metrics.successful_runs]),
      jobs: jobs.map((j: Payload) => [j.name, j.metrics.total_runs]),
      deployments: dora.deployments, lead: dora.lead_time_median,
    };
  };
  // 5 pipelines (3 passed), 6 job runs (a retry included), 2 deploys 10 minutes after a pipeline
  // that finished 2 hours after its commit.
  const expected = { builds: [5, 3], runs: [['CI', 5, 3]], jobs: [['rspec', 6]], deployments: 2, lead: 2 * 3600 + 600 };

  it('imports pipelines, jobs and deployments through pagination, RateLimit-*, a 429 and a 503', async () => {
    const summary = await importGitlab(options());
    expect(summary).toMatchObject({ pipelines: 5, jobs: 6, deployments: 2, complete: true });
    expect(seen).toMatchObject({ tooMany: true, unavailable: true });
    expect(seen.waitedMs).toBeGreaterThanOrEqual(500); // RateLimit-Remaining: 0 until RateLimit-Reset
    expect(await numbers()).toEqual(expected);
    expect(lines.at(-1)).toMatch(/100% 5 pipelines, 6 jobs, 2 deploys/);
  });

  it('the same runs delivered by webhook afterwards count once', async () => {
    const project = data.project;
    for (const p of data.details.values()) {
      const hook = gitlabExample('pipeline');
      Object.assign(hook.object_attributes, {
        id: p.id, name: p.name, ref: p.ref, tag: false, status: p.status, sha: p.sha,
        created_at: glTime(Date.parse(p.created_at)), finished_at: glTime(Date.parse(p.finished_at)), duration: p.duration,
      });
      hook.commit = { ...hook.commit, id: p.sha, timestamp: data.jobs.get(p.id)![0].commit.created_at };
      expect((await deliverGitlab(service.url, 'pipeline', hook, TOKEN)).status).toBe(200);
      for (const j of data.jobs.get(p.id)!) {
        const job = gitlabExample('job');
        Object.assign(job, {
          project, ref: j.ref, tag: false, build_id: j.id, build_name: j.name, build_status: j.status, pipeline_id: p.id,
          build_started_at: glTime(Date.parse(j.started_at)), build_finished_at: glTime(Date.parse(j.finished_at)), build_duration: j.duration,
        });
        job.commit.name = p.name;
        expect((await deliverGitlab(service.url, 'job', job, TOKEN)).status).toBe(200);
      }
    }
    for (const d of data.deployments) {
      const hook = gitlabExample('deployment');
      Object.assign(hook, {
        project, deployment_id: d.id, status: d.status, status_changed_at: glTime(Date.parse(d.updated_at)),
        environment: 'production', environment_tier: 'production', short_sha: d.sha.slice(0, 8), commit_url: `${project.web_url}/-/commit/${d.sha}`,
      });
      expect((await deliverGitlab(service.url, 'deployment', hook, TOKEN)).status).toBe(200);
    }
    expect(await numbers()).toEqual(expected);
  });

  it('resumes from its checkpoint: a finished import asks GitLab for nothing but the project', async () => {
    const o = options();
    let days = 0;
    const first = await importGitlab({ ...o, stopped: () => days++ >= 2 }); // interrupted after two days
    expect(first.complete).toBe(false);
    const rest = await importGitlab(o);
    expect(rest.complete).toBe(true);
    expect(rest.pipelines).toBeLessThan(5); // only the days the first run did not finish
    const before = seen.requests;
    await importGitlab(o);
    expect(seen.requests - before).toBe(1);
    expect(await numbers()).toEqual(expected);
  });

  it('a wrong token is a clear error and imports nothing', async () => {
    await expect(importGitlab({ ...options(), token: 'wrong' })).rejects.toThrow(/GitLab answered 401/);
  });
});
