/**
 * The CircleCI insights family over HTTP on each real store; expected numbers are computed
 * here from the dataset with plain loops.
 */
import { eachStore } from '../support/stores';
import { ingest, startService, type RunningService } from '../support/service';
import { runId } from '../../src/presenters/circleci/shapes';

const NOW = Date.now();
const MIN = 60_000;
const DAY = 86_400_000;
const SLUG = 'gh/acme/api';
const WORKFLOW = 'build & test ✓';

interface WorkflowRun { kind: 'workflow_run'; id: string; project_slug: string; workflow: string; branch: string; status: string; created_at: number; stopped_at: number; duration: number; credits_used: number }
interface JobRun { kind: 'job_run'; id: string; project_slug: string; workflow: string; job: string; branch: string; status: string; started_at: number; stopped_at: number; duration: number; credits_used: number }

const pattern = ['success', 'failed', 'error', 'success', 'canceled', 'success', 'failed', 'success', 'success', 'running'];
const workflowRuns: WorkflowRun[] = Array.from({ length: 31 }, (_, i) => {
  const created = NOW - (40 - i) * DAY + i * 7 * MIN;
  const duration = 60 + ((i * 37) % 23) * 10;
  return { kind: 'workflow_run', id: `wf-${i}`, project_slug: SLUG, workflow: WORKFLOW, branch: i % 3 === 0 ? 'feature/x' : 'main', status: pattern[i % pattern.length], created_at: created, stopped_at: created + duration * 1000, duration, credits_used: 10 + i };
});
// An old run outside 30 days and another workflow.
workflowRuns.push({ ...workflowRuns[0], id: 'wf-old', created_at: NOW - 80 * DAY, stopped_at: NOW - 80 * DAY + 60_000 });
workflowRuns.push({ ...workflowRuns[1], id: 'wf-deploy', workflow: 'deploy', status: 'success', created_at: NOW - 2 * DAY, stopped_at: NOW - 2 * DAY + 60_000 });

const jobRuns: JobRun[] = Array.from({ length: 12 }, (_, i) => {
  const started = NOW - (10 - i * 0.5) * DAY;
  return { kind: 'job_run', id: `job-${i}`, project_slug: SLUG, workflow: WORKFLOW, job: i % 2 ? 'unit tests' : 'lint', branch: 'main', status: pattern[i % pattern.length], started_at: started, stopped_at: started + (5 + i) * 1000, duration: 5 + i, credits_used: i };
});

// Independent statistics.
const rank = (sorted: number[], p: number) => sorted[Math.max(1, Math.ceil((sorted.length * p) / 100)) - 1];
const median = (s: number[]) => (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2);
const sampleSd = (v: number[]) => { const m = v.reduce((a, b) => a + b, 0) / v.length; return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)); };

function expectedMetrics(runs: Array<{ status: string; duration: number; credits_used: number; stopped_at: number }>, days: number) {
  const durations = runs.map((r) => r.duration).sort((a, b) => a - b);
  const total = runs.length;
  const successful = runs.filter((r) => r.status === 'success').length;
  const canceled = runs.filter((r) => r.status === 'canceled').length;
  return {
    total_runs: total,
    successful_runs: successful,
    failed_runs: runs.filter((r) => r.status === 'failed' || r.status === 'error').length,
    success_rate: successful / (total - canceled),
    total_credits_used: runs.reduce((a, r) => a + r.credits_used, 0),
    throughput: total / days,
    duration_metrics: {
      min: durations[0], max: durations[durations.length - 1], mean: Math.round(durations.reduce((a, b) => a + b, 0) / total),
      median: Math.round(median(durations)), p95: rank(durations, 95), standard_deviation: expect.closeTo(sampleSd(durations), 9),
    },
  };
}

function expectedRecovery(runs: Array<{ status: string; stopped_at: number }>) {
  const ordered = [...runs].sort((a, b) => a.stopped_at - b.stopped_at);
  const times: number[] = [];
  let failedAt: number | null = null;
  for (const r of ordered) {
    if ((r.status === 'failed' || r.status === 'error') && failedAt === null) failedAt = r.stopped_at;
    if (r.status === 'success' && failedAt !== null) { times.push((r.stopped_at - failedAt) / 1000); failedAt = null; }
  }
  return { total_recoveries: times.length, mttr: Math.round(times.reduce((a, b) => a + b, 0) / times.length) };
}

eachStore('CircleCI insights', (getStore) => {
  let service: RunningService;
  const get = async (path: string, token = 'reader') => {
    const res = await fetch(`${service.url}/api/v2/insights/${path}`, { headers: { 'Circle-Token': token } });
    return { status: res.status, body: await res.json() };
  };
  const enc = encodeURIComponent;

  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_READ_TOKENS: 'reader', FLOWMETER_INGEST_TOKENS: 'writer' });
    const asSeconds = <T extends object>(e: T) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, /_at$/.test(k) ? new Date(v as number).toISOString() : v]));
    await ingest(service.url, [...workflowRuns, ...jobRuns].map(asSeconds), 'writer');
    await ingest(service.url, workflowRuns.slice(0, 5).map(asSeconds), 'writer'); // re-sent
  });
  afterAll(async () => { await service.close(); });

  it('workflows: metrics per workflow over the reporting window, all branches', async () => {
    const { status, body } = await get(`${SLUG}/workflows?reporting-window=last-30-days&all-branches=true`);
    expect(status).toBe(200);
    expect(body.next_page_token).toBeNull();
    expect(body.items.map((i: { name: string }) => i.name)).toEqual(['build & test ✓', 'deploy']);
    const inWindow = workflowRuns.filter((r) => r.workflow === WORKFLOW && r.created_at >= NOW - 30 * DAY);
    const item = body.items[0];
    expect(Object.keys(item)).toEqual(['name', 'metrics', 'window_start', 'window_end', 'project_id']);
    expect(Object.keys(item.metrics)).toEqual(['total_runs', 'successful_runs', 'mttr', 'total_credits_used', 'failed_runs', 'success_rate', 'duration_metrics', 'total_recoveries', 'throughput']);
    expect(item.metrics).toEqual({ ...expectedMetrics(inWindow, 30), ...expectedRecovery(inWindow), throughput: expect.closeTo(inWindow.length / 30, 9) });
    // The first and the last run inside the window, as CircleCI answers them.
    expect(item.window_start).toBe(new Date(Math.min(...inWindow.map((r) => r.created_at))).toISOString());
    expect(item.window_end).toBe(new Date(Math.max(...inWindow.map((r) => r.created_at))).toISOString());
    expect(item.project_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('workflows: one branch, and the default 90-day window takes older runs', async () => {
    const main = (await get(`${SLUG}/workflows?branch=main&reporting-window=last-90-days`)).body.items[0];
    expect(main.metrics.total_runs).toBe(workflowRuns.filter((r) => r.workflow === WORKFLOW && r.branch === 'main').length);
    const all = (await get(`${SLUG}/workflows?all-branches=true`)).body.items[0];
    expect(all.metrics.total_runs).toBe(workflowRuns.filter((r) => r.workflow === WORKFLOW).length);
    // No branch: the project's default (no event names one here: FLOWMETER_DEFAULT_BRANCH's main).
    expect((await get(`${SLUG}/workflows`)).body.items[0].metrics).toEqual(main.metrics);
  });

  it('workflow runs: newest first, with the documented fields, paged without loss', async () => {
    const first = await get(`${SLUG}/workflows/${enc(WORKFLOW)}?all-branches=true`);
    expect(first.status).toBe(200);
    const expected = workflowRuns.filter((r) => r.workflow === WORKFLOW && r.status !== 'running').sort((a, b) => b.created_at - a.created_at); // finished runs only
    expect(first.body.items).toHaveLength(expected.length);
    expect(first.body.items[0]).toEqual({
      id: runId('workflow_run', expected[0].id), branch: expected[0].branch, duration: expected[0].duration,
      created_at: new Date(expected[0].created_at).toISOString(), stopped_at: new Date(expected[0].stopped_at).toISOString(),
      credits_used: expected[0].credits_used, status: expected[0].status, is_approval: false,
    });
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual(expected.map((r) => runId('workflow_run', r.id)));
  });

  it('workflow runs: start-date/end-date and branch narrow the list', async () => {
    const start = new Date(NOW - 20 * DAY).toISOString();
    const end = new Date(NOW - 10 * DAY).toISOString();
    const { body } = await get(`${SLUG}/workflows/${enc(WORKFLOW)}?branch=main&start-date=${start}&end-date=${end}`);
    const expected = workflowRuns.filter((r) => r.workflow === WORKFLOW && r.branch === 'main' && r.status !== 'running' && r.created_at >= NOW - 20 * DAY && r.created_at < NOW - 10 * DAY);
    expect(body.items.map((i: { id: string }) => i.id).sort()).toEqual(expected.map((r) => runId('workflow_run', r.id)).sort());
  });

  it('jobs and job runs of a workflow', async () => {
    const jobs = (await get(`${SLUG}/workflows/${enc(WORKFLOW)}/jobs?reporting-window=last-30-days`)).body;
    expect(jobs.items.map((j: { name: string }) => j.name)).toEqual(['lint', 'unit tests']);
    const unit = jobRuns.filter((j) => j.job === 'unit tests');
    expect(Object.keys(jobs.items[1].metrics)).toEqual(['total_runs', 'failed_runs', 'successful_runs', 'duration_metrics', 'success_rate', 'total_credits_used', 'throughput']);
    expect(jobs.items[1].metrics).toEqual({ ...expectedMetrics(unit, 30), throughput: expect.closeTo(unit.length / 30, 9) });
    const runs = (await get(`${SLUG}/workflows/${enc(WORKFLOW)}/jobs/${enc('unit tests')}`)).body;
    expect(runs.items.map((r: { id: string }) => r.id)).toEqual(unit.filter((r) => r.status !== 'running').sort((a, b) => b.started_at - a.started_at).map((r) => runId('job_run', r.id)));
    expect(Object.keys(runs.items[0])).toEqual(['id', 'started_at', 'stopped_at', 'status', 'credits_used', 'duration']);
  });

  it('accepts the slug as one encoded segment and the token as Bearer', async () => {
    const res = await fetch(`${service.url}/api/v2/insights/${enc(SLUG)}/workflows`, { headers: { authorization: 'Bearer reader' } });
    expect(res.status).toBe(200);
    expect((await res.json()).items).toHaveLength(2);
  });

  it.each([
    [`${SLUG}/workflows?reporting-window=last-year`, 400, /reporting-window must be one of/],
    [`${SLUG}/workflows/deploy?start-date=yesterday`, 400, /start-date must be an RFC 3339/],
    [`${SLUG}/workflows/deploy?page-token=not-a-token`, 400, /page-token is not valid/],
    [`${SLUG}/workflows?branch=main&all-branches=true`, 400, /either branch or all-branches/],
    ['gh/acme/unknown/workflows', 404, /Project not found/],
    [`${SLUG}/workflows/nope`, 404, /Workflow not found/],
    [`${SLUG}/pipelines`, 404, /Not found/],
  ])('%s answers %i with {"message"}', async (path, status, message) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(Object.keys(res.body)).toEqual(['message']);
    expect(res.body.message).toMatch(message);
  });

  it('answers 401 for a wrong token and 403 for an ingest token', async () => {
    expect((await get(`${SLUG}/workflows`, 'wrong')).status).toBe(401);
    const forbidden = await get(`${SLUG}/workflows`, 'writer');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ message: 'this token may not read statistics' });
  });
});

eachStore('CircleCI run pages', (getStore) => {
  it('lists the most recent 250 runs in pages of 100, each once', async () => {
    const service = await startService(getStore());
    try {
      const runs = Array.from({ length: 260 }, (_, i) => ({ kind: 'workflow_run', id: `r-${i}`, project_slug: 'gh/acme/paged', workflow: 'ci', status: 'success', created_at: NOW - i * MIN }));
      await ingest(service.url, runs);
      const seen: string[] = [];
      let token: string | null = null;
      let pages = 0;
      do {
        const res: Response = await fetch(`${service.url}/api/v2/insights/gh/acme/paged/workflows/ci${token ? `?page-token=${token}` : ''}`);
        const body = await res.json();
        seen.push(...body.items.map((i: { id: string }) => i.id));
        token = body.next_page_token;
        pages++;
      } while (token && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(runs.slice(0, 250).map((r) => runId('workflow_run', r.id)));
    } finally {
      await service.close();
    }
  });
});
