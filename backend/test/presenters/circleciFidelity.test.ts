/**
 * CircleCI insights as a client of the real service calls them and reads them: the request as
 * CircleCI's own clients send it, the answer as CircleCI's published API v2 document types it.
 * Each block replays one rule of the spec's section 3 on both real stores.
 */
import { eachStore } from '../support/stores';
import { ingest, startService, type RunningService } from '../support/service';
import { circleciSchemaErrors, statusEnum } from '../support/circleciDocument';
import { CircleStatuses } from '../../../contract/events';
import { runId } from '../../src/presenters/circleci/shapes';

const NOW = Date.now();
const MIN = 60_000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

type Run = Record<string, unknown> & { id: string; status: string; branch?: string; created_at: number; stopped_at: number; duration: number };

/** Runs of one workflow, one an hour back from `start`, with the statuses given. */
function runs(slug: string, workflow: string, statuses: string[], extra: (i: number) => Partial<Run> = () => ({}), start = NOW - DAY): Run[] {
  return statuses.map((status, i) => {
    const created = start - (statuses.length - i) * 60 * MIN;
    const duration = 30 + ((i * 13) % 17) * 5;
    return { kind: 'workflow_run', id: `${slug}-${workflow}-${i}`, project_slug: slug, workflow, status, created_at: created, stopped_at: created + duration * 1000, duration, credits_used: i, ...extra(i) };
  });
}

const asWire = (run: Run) => ({ ...run, created_at: iso(run.created_at), stopped_at: iso(run.stopped_at) });

/** MTTR as CircleCI defines it, over runs oldest first by finish. */
function mttr(list: Run[]): { count: number; mean: number | null } {
  let failedAt: number | undefined;
  const times: number[] = [];
  for (const r of [...list].sort((a, b) => a.stopped_at - b.stopped_at)) {
    if ((r.status === 'failed' || r.status === 'error') && failedAt === undefined) failedAt = r.stopped_at;
    if (r.status === 'success' && failedAt !== undefined) { times.push((r.stopped_at - failedAt) / 1000); failedAt = undefined; }
  }
  return { count: times.length, mean: times.length ? times.reduce((a, b) => a + b, 0) / times.length : null };
}

function serviceOn(getStore: Parameters<Parameters<typeof eachStore>[1]>[0], env: Record<string, string> = {}) {
  const state: { service?: RunningService } = {};
  const get = async (path: string) => {
    const res = await fetch(`${state.service!.url}/api/v2/insights/${path}`, { headers: { 'Circle-Token': 'reader', accept: 'application/json' } });
    return { status: res.status, body: await res.json() };
  };
  const start = async (events: unknown[]) => {
    state.service = await startService(getStore(), { FLOWMETER_READ_TOKENS: 'reader', FLOWMETER_INGEST_TOKENS: 'writer', ...env });
    await ingest(state.service.url, events, 'writer');
  };
  afterAll(async () => { await state.service?.close(); });
  return { get, start };
}

eachStore('CircleCI: no branch means the default branch', (getStore) => {
  // trunk is the default branch the receivers saw; feature runs interleave failures that, mixed
  // in, would make other streaks.
  const named = runs('gh/acme/named', 'ci', ['failed', 'success', 'failed', 'failed', 'success', 'success', 'failed', 'success', 'success', 'failed', 'success', 'failed'],
    (i) => ({ branch: i % 3 === 0 ? 'feature/a' : 'trunk', default_branch: 'trunk' }));
  // An older run named master the default; the newer runs name main.
  const renamed = [
    ...runs('gh/acme/renamed', 'ci', ['success', 'success'], () => ({ branch: 'master', default_branch: 'master' }), NOW - 20 * DAY),
    ...runs('gh/acme/renamed', 'ci', ['success', 'failed', 'success'], () => ({ branch: 'main', default_branch: 'main' })),
  ];
  // Nothing names a default: FLOWMETER_DEFAULT_BRANCH (develop here); a run with no branch counts as on it.
  const unnamed = runs('gh/acme/unnamed', 'ci', ['success', 'failed', 'success', 'success'], (i) => (i === 3 ? {} : { branch: i === 1 ? 'develop' : i === 0 ? 'develop' : 'other' }));
  const { get, start } = serviceOn(getStore, { FLOWMETER_DEFAULT_BRANCH: 'develop' });
  beforeAll(async () => { await start([...named, ...renamed, ...unnamed].map(asWire)); });

  it('workflows: counts, success rate and MTTR of the default branch only, as CircleCI scopes them', async () => {
    const { status, body } = await get('gh/acme/named/workflows?reporting-window=last-7-days');
    expect(status).toBe(200);
    const trunk = named.filter((r) => r.branch === 'trunk');
    const recovery = mttr(trunk);
    expect(body.items[0].metrics).toMatchObject({
      total_runs: trunk.length,
      successful_runs: trunk.filter((r) => r.status === 'success').length,
      failed_runs: trunk.filter((r) => r.status === 'failed').length,
      total_recoveries: recovery.count,
      mttr: Math.round(recovery.mean!),
    });
    // The spelled-out branch answers the same; all-branches answers every run.
    expect((await get('gh/acme/named/workflows?reporting-window=last-7-days&branch=trunk')).body.items[0].metrics).toEqual(body.items[0].metrics);
    expect((await get('gh/acme/named/workflows?reporting-window=last-7-days&all-branches=true')).body.items[0].metrics.total_runs).toBe(named.length);
    expect(mttr(named)).not.toEqual(recovery); // the dataset tells the two apart
  });

  it('workflow runs: the default branch only', async () => {
    const { body } = await get('gh/acme/named/workflows/ci');
    expect(body.items.map((r: { id: string }) => r.id).sort()).toEqual(named.filter((r) => r.branch === 'trunk').map((r) => runId('workflow_run', r.id)).sort());
  });

  it('the default branch named by the latest run wins when it was renamed', async () => {
    const { body } = await get('gh/acme/renamed/workflows/ci');
    expect(body.items.map((r: { branch: string }) => r.branch)).toEqual(['main', 'main', 'main']);
  });

  it('FLOWMETER_DEFAULT_BRANCH when no run names one; a run without a branch counts as on it', async () => {
    const { body } = await get('gh/acme/unnamed/workflows/ci');
    expect(body.items.map((r: { id: string }) => r.id).sort()).toEqual([unnamed[0], unnamed[1], unnamed[3]].map((r) => runId('workflow_run', r.id)).sort());
  });
});

eachStore('CircleCI: nullable values are null when unknown, as the document types them', (getStore) => {
  // Never failed: no recovery. No duration and no stop time sent: duration unknown.
  const green = runs('gh/acme/nulls', 'green', ['success', 'success', 'success'], () => ({ branch: 'main' }));
  const untimed = runs('gh/acme/nulls', 'untimed', ['success', 'failed'], () => ({ branch: 'main' }))
    .map(({ duration: _d, stopped_at: _s, ...run }) => run as Run);
  const job = { kind: 'job_run', id: 'j-1', project_slug: 'gh/acme/nulls', workflow: 'green', job: 'only', branch: 'main', status: 'success', started_at: iso(NOW - DAY), duration: 42 };
  const { get, start } = serviceOn(getStore);
  beforeAll(async () => {
    await start([...green.map(asWire), ...untimed.map((r) => ({ ...r, created_at: iso(r.created_at) })), job]);
  });

  it('workflows: mttr null with no recoveries; duration metrics null with no timed run', async () => {
    const { body } = await get('gh/acme/nulls/workflows?reporting-window=last-7-days');
    expect(circleciSchemaErrors('getProjectWorkflowMetrics', body)).toEqual([]);
    const [greenItem, untimedItem] = body.items;
    expect(greenItem.metrics).toMatchObject({ mttr: null, total_recoveries: 0 });
    expect(greenItem.metrics.duration_metrics.max).toBe(Math.max(...green.map((r) => r.duration)));
    expect(untimedItem.metrics.duration_metrics).toEqual({ min: null, mean: null, median: null, p95: null, max: null, standard_deviation: null });
  });

  it('workflow runs: duration null when neither a duration nor a stop time was sent', async () => {
    const { body } = await get('gh/acme/nulls/workflows/untimed');
    expect(circleciSchemaErrors('getProjectWorkflowRuns', body)).toEqual([]);
    expect(body.items.map((r: { duration: unknown; stopped_at: unknown }) => [r.duration, r.stopped_at])).toEqual([[null, null], [null, null]]);
  });

  it('jobs: the standard deviation of one run is null', async () => {
    const { body } = await get('gh/acme/nulls/workflows/green/jobs');
    expect(circleciSchemaErrors('getProjectWorkflowJobMetrics', body)).toEqual([]);
    expect(body.items[0].metrics.duration_metrics).toEqual({ min: 42, mean: 42, median: 42, p95: 42, max: 42, standard_deviation: null });
  });
});

eachStore('CircleCI: run ids are UUIDs', (getStore) => {
  const UUID = '1f0e4c2a-5b7d-4e3f-9a8b-0c1d2e3f4a5b';
  const { get, start } = serviceOn(getStore);
  beforeAll(async () => {
    const base = { kind: 'workflow_run', project_slug: 'gh/acme/ids', workflow: 'ci', branch: 'main', status: 'success', duration: 10 };
    await start([
      { ...base, id: UUID.toUpperCase(), created_at: iso(NOW - 3 * DAY) },
      { ...base, id: '12345', created_at: iso(NOW - 2 * DAY) },
      { ...base, created_at: iso(NOW - DAY) }, // no id: derived from the content
      { kind: 'job_run', project_slug: 'gh/acme/ids', workflow: 'ci', job: 'lint', branch: 'main', status: 'success', started_at: iso(NOW - DAY), duration: 5 },
    ]);
  });

  it('a UUID passes through; other and derived ids answer as stable UUIDs, distinct per run', async () => {
    const first = await get('gh/acme/ids/workflows/ci');
    expect(circleciSchemaErrors('getProjectWorkflowRuns', first.body)).toEqual([]);
    const ids = first.body.items.map((r: { id: string }) => r.id);
    expect(ids[2]).toBe(UUID);
    expect(ids[1]).toBe(runId('workflow_run', '12345'));
    expect(new Set(ids).size).toBe(3);
    expect((await get('gh/acme/ids/workflows/ci')).body.items.map((r: { id: string }) => r.id)).toEqual(ids);
    const jobs = await get('gh/acme/ids/workflows/ci/jobs/lint');
    expect(circleciSchemaErrors('getProjectJobRuns', jobs.body)).toEqual([]);
  });
});

eachStore('CircleCI: run lists hold finished runs, with the document\'s status enums', (getStore) => {
  const every = runs('gh/acme/states', 'ci', [...CircleStatuses], () => ({ branch: 'main' }));
  const jobs = CircleStatuses.map((status, i) => ({
    kind: 'job_run', id: `job-${status}`, project_slug: 'gh/acme/states', workflow: 'ci', job: 'build', branch: 'main', status,
    started_at: iso(NOW - DAY + i * MIN), duration: 5 + i,
  }));
  const { get, start } = serviceOn(getStore);
  beforeAll(async () => { await start([...every.map(asWire), ...jobs]); });

  it('workflow runs: success, failed, error, canceled, unauthorized only; decodes as the document types it', async () => {
    const { body } = await get('gh/acme/states/workflows/ci');
    expect(circleciSchemaErrors('getProjectWorkflowRuns', body)).toEqual([]);
    const listed = body.items.map((r: { status: string }) => r.status).sort();
    expect(listed).toEqual([...statusEnum('getProjectWorkflowRuns')].sort());
  });

  it('job runs: the job enum; a job that ended in error is listed as failed', async () => {
    const { body } = await get('gh/acme/states/workflows/ci/jobs/build');
    expect(circleciSchemaErrors('getProjectJobRuns', body)).toEqual([]);
    const byId = Object.fromEntries(body.items.map((r: { id: string; status: string }) => [r.id, r.status]));
    expect(byId[runId('job_run', 'job-error')]).toBe('failed');
    expect(body.items.map((r: { status: string }) => r.status).sort()).toEqual([...statusEnum('getProjectJobRuns'), 'failed'].sort());
  });

  it('metrics still count every run, running and on-hold ones included (the document\'s total_runs)', async () => {
    const { body } = await get('gh/acme/states/workflows?reporting-window=last-7-days');
    expect(body.items[0].metrics.total_runs).toBe(CircleStatuses.length);
  });
});

eachStore('CircleCI: job-name, end-date and the window\'s first and last run', (getStore) => {
  const base = { kind: 'job_run', project_slug: 'gh/acme/jobs', workflow: 'ci', branch: 'main', status: 'success' };
  const jobs = ['lint', 'unit tests', 'integration tests', 'deploy'].flatMap((job, j) => [0, 1, 2].map((i) => ({
    ...base, id: `${job}-${i}`, job, started_at: NOW - (3 + i + j) * DAY + 60 * MIN, duration: 10 * (j + 1) + i,
  })));
  // Runs exactly at the bounds of a run-list request.
  const START = Math.floor(NOW / MIN) * MIN - 30 * DAY;
  const END = START + 5 * DAY;
  const edges = [START - 1, START, END - 1, END].map((at, i) => ({ kind: 'workflow_run', id: `edge-${i}`, project_slug: 'gh/acme/jobs', workflow: 'ci', branch: 'main', status: 'success', created_at: iso(at), duration: 1 }));
  const { get, start } = serviceOn(getStore);
  beforeAll(async () => { await start([...jobs.map((j) => ({ ...j, started_at: iso(j.started_at) })), ...edges]); });

  it('/jobs honours job-name: the full name or a substring of it', async () => {
    const full = await get('gh/acme/jobs/workflows/ci/jobs?job-name=lint');
    expect(circleciSchemaErrors('getProjectWorkflowJobMetrics', full.body)).toEqual([]);
    expect(full.body.items.map((j: { name: string }) => j.name)).toEqual(['lint']);
    const part = await get(`gh/acme/jobs/workflows/ci/jobs?job-name=${encodeURIComponent('tests')}`);
    expect(part.body.items.map((j: { name: string }) => j.name)).toEqual(['integration tests', 'unit tests']);
    expect((await get('gh/acme/jobs/workflows/ci/jobs?job-name=nothing')).body.items).toEqual([]);
    expect((await get('gh/acme/jobs/workflows/ci/jobs')).body.items).toHaveLength(4);
  });

  it('window_start and window_end are the first and last run inside the reporting window', async () => {
    const { body } = await get('gh/acme/jobs/workflows/ci/jobs?reporting-window=last-7-days&job-name=deploy');
    const deploy = jobs.filter((j) => j.job === 'deploy' && j.started_at >= NOW - 7 * DAY);
    expect(body.items[0].window_start).toBe(iso(Math.min(...deploy.map((j) => j.started_at))));
    expect(body.items[0].window_end).toBe(iso(Math.max(...deploy.map((j) => j.started_at))));
  });

  it('run lists: start-date inclusive, end-date exclusive ("started before")', async () => {
    const { body } = await get(`gh/acme/jobs/workflows/ci?start-date=${iso(START)}&end-date=${iso(END)}`);
    expect(body.items.map((r: { id: string }) => r.id)).toEqual(['edge-2', 'edge-1'].map((id) => runId('workflow_run', id)));
  });

  it('end-date without start-date is a 400, as the document requires start-date with it', async () => {
    const { status, body } = await get(`gh/acme/jobs/workflows/ci?end-date=${iso(END)}`);
    expect(status).toBe(400);
    expect(body).toEqual({ message: 'start-date must be given with end-date' });
  });
});
