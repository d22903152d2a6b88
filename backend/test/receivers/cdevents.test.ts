/**
 * The CDEvents receiver over HTTP on each real store: a week of one source's events (the
 * specification's conformance examples, re-dated, re-identified and named to one project via
 * customData), in structured and binary mode, shows in the Zadig and CircleCI endpoints, the DORA
 * query kind (time to restore from incidents) and the lookups.
 */
import { eachStore } from '../support/stores';
import { startService, type RunningService } from '../support/service';
import { postQuery } from '../support/frames';
import { cdeventExample, sendCdevent } from './cdeventsExamples';

// Dozens of deliveries, each answered only once durably stored, on a machine shared with other suites.
jest.setTimeout(30_000);

const INGEST = 'cd-ingest-token';
const READ = 'cd-read-token';
// Three segments, so that the CircleCI endpoints (whose slugs are vcs/org/repo) list it too.
const PROJECT = 'cd/acme/payments';
const P = encodeURIComponent(PROJECT);
const DAY = 86_400_000;
const HOUR = 3_600_000;

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function week(now: number) {
  const outcomes = ['success', 'failure', 'success', 'cancel', 'success', 'error', 'success'];
  const events: Payload[] = [];
  const at = (ms: number) => new Date(ms).toISOString();
  const make = (name: string, id: string, time: number, change: (e: Payload) => void) => {
    const e = cdeventExample(name);
    e.context.id = `${name}-${id}`;
    e.context.timestamp = at(time);
    e.subject.id = id;
    e.customData = { project: PROJECT };
    change(e);
    events.push(e);
  };
  for (let d = 0; d < 7; d++) {
    const end = now - d * DAY - 3 * HOUR;
    make('pipelinerun_finished', `run-${d}`, end, (e) => { e.subject.content.pipelineName = 'release'; e.subject.content.outcome = outcomes[d]; });
    make('taskrun_finished', `task-${d}`, end - 60_000, (e) => { e.subject.content.pipelineRun.id = 'release'; e.subject.content.outcome = outcomes[d]; });
    make('testsuiterun_finished', `suite-${d}`, end - 30_000, (e) => { e.subject.content.outcome = outcomes[d] === 'cancel' ? 'cancel' : outcomes[d] === 'success' ? 'success' : 'failure'; });
    make('service_deployed', 'checkout', end + 60_000, (e) => { e.context.id = `deploy-${d}`; e.subject.content.environment.id = 'production'; });
  }
  // Two incidents: restored after 30 and 90 minutes; a third still open.
  const incidents = [[now - 2 * DAY, 30], [now - 4 * DAY, 90], [now - HOUR, undefined]] as const;
  incidents.forEach(([detected, minutes], i) => {
    make('incident_detected', `inc-${i}`, detected, (e) => { e.context.id = `detected-${i}`; });
    if (minutes !== undefined) make('incident_resolved', `inc-${i}`, detected + minutes * 60_000, (e) => { e.context.id = `resolved-${i}`; });
  });
  return { outcomes, events };
}

eachStore('CDEvents receiver', (getStore) => {
  let service: RunningService;
  const now = Date.now();
  const data = week(now);
  const get = async (path: string) => {
    const res = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${READ}` } });
    return { status: res.status, body: await res.json() };
  };
  const sendAll = async () => {
    for (const [i, event] of data.events.entries()) {
      const { status, body } = await sendCdevent(service.url, event, INGEST, i % 2 ? 'binary' : 'structured');
      expect([event.context.type, status, body.accepted]).toEqual([event.context.type, 200, event.context.type.includes('pipelinerun') ? 2 : 1]);
    }
  };
  const range = `startDate=${Math.floor((now - 8 * DAY) / 1000)}&endDate=${Math.floor(now / 1000)}&productNames=${P}`;

  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_INGEST_TOKENS: INGEST, FLOWMETER_READ_TOKENS: READ });
    await sendAll();
  });
  afterAll(async () => { await service.close(); });

  const count = (...of: string[]) => data.outcomes.filter((o) => of.includes(o)).length;
  const assertNumbers = async () => {
    const build = (await get(`/openapi/statistics/build?${range}`)).body;
    expect({ total: build.total, success: build.success }).toEqual({ total: 7, success: count('success') });
    const test = (await get(`/openapi/statistics/test?${range}`)).body;
    expect({ exec: test.exec_count, success: test.success_count }).toEqual({ exec: 7, success: count('success') });
    const deploy = (await get(`/openapi/statistics/deploy?${range}`)).body;
    expect({ total: deploy.total, success: deploy.success }).toEqual({ total: 7, success: 7 });
    const workflows = (await get(`/api/v2/insights/${PROJECT}/workflows?reporting-window=last-7-days&all-branches=true`)).body;
    expect(workflows.items.map((i: { name: string; metrics: Record<string, number> }) => [i.name, i.metrics.total_runs, i.metrics.successful_runs])).toEqual([['release', 7, count('success')]]);
    const jobs = (await get(`/api/v2/insights/${PROJECT}/workflows/release/jobs?reporting-window=last-7-days&all-branches=true`)).body;
    expect(jobs.items.map((i: { name: string; metrics: Record<string, number> }) => [i.name, i.metrics.total_runs])).toEqual([['myTask', 7]]);

    const { body } = await postQuery(service.url, { queries: [{ refId: 'A', kind: 'dora', projects: [PROJECT], env: 'production' }], range: { from: now - 8 * DAY, to: now }, timezone: 'utc' }, READ);
    const frame = body.results.A.frames![0];
    const dora = Object.fromEntries(frame.schema.fields.map((f, i) => [f.name, frame.data.values[i][0]]));
    // Time to restore from the two resolved incidents (the project's deploys all succeeded).
    expect(dora).toMatchObject({ deployments: 7, failed_deployments: 0, restores: 2, time_to_restore: 60 * 60 });
    expect((await get('/api/v1/lookup/projects')).body.values).toContain(PROJECT);
    expect((await get(`/api/v1/lookup/services?project=${P}`)).body.values).toEqual(['checkout']);
  };

  it('a week of CDEvents, structured and binary, shows in Zadig, CircleCI, DORA and the lookups', assertNumbers);

  it('redelivery changes nothing', async () => {
    await sendAll();
    await assertNumbers();
  });

  it('needs an ingest token (401 without or wrong, 403 with a read token) and stores nothing then', async () => {
    const event = cdeventExample('service_deployed');
    event.customData = { project: 'intruder' };
    expect((await sendCdevent(service.url, event, undefined, 'binary')).status).toBe(401);
    expect((await sendCdevent(service.url, event, 'nope', 'structured')).status).toBe(401);
    expect((await sendCdevent(service.url, event, READ, 'binary')).status).toBe(403);
    expect((await get('/api/v1/lookup/projects')).body.values).not.toContain('intruder');
  });

  it('400 for an event its schema refuses or malformed JSON, 202 for types it does not map', async () => {
    const bad = cdeventExample('testsuiterun_finished');
    delete bad.subject.content.environment;
    const refused = await sendCdevent(service.url, bad, INGEST, 'structured');
    expect(refused).toEqual({ status: 400, body: { error: 'not a valid dev.cdevents.testsuiterun.finished.0.3.0 event (CDEvents schema): /subject/content must have required property \'environment\'' } });
    expect((await sendCdevent(service.url, bad, INGEST, 'binary', '{"context": ')).status).toBe(400);
    expect(await sendCdevent(service.url, cdeventExample('change_merged'), INGEST, 'binary')).toEqual({ status: 202, body: { ignored: 'change.merged events are not used' } });
  });
});

describe('CDEvents receiver configuration', () => {
  it('is off (404) while no ingest token is configured', async () => {
    const { openEmbeddedStore } = await import('../support/stores');
    const { store, dispose } = await openEmbeddedStore();
    const off = await startService(store);
    try {
      expect(await sendCdevent(off.url, cdeventExample('build_finished'), undefined, 'binary')).toEqual({ status: 404, body: { error: 'the cdevents receiver is off: FLOWMETER_INGEST_TOKENS is not set' } });
    } finally {
      await off.close();
      await dispose();
    }
  });
});
