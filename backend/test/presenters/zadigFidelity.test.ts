/**
 * Zadig as its clients call it: the parameter names of the document and those of Zadig's
 * released server (koderover/zadig v3.4.0, pkg/microservice/aslan/core/stat/handler: `projectKey`
 * on build/deploy/test, `startTime`/`endTime`/`projectKey` on v2/release), project lists with
 * commas in names, and the answers' nulls and error bodies as that server writes them.
 */
import { eachStore } from '../support/stores';
import { ingest, startService, type RunningService } from '../support/service';

const DAY = 86_400;
const START = Date.parse('2026-03-02T00:00:00Z') / 1000; // a Monday; the data lie far from "the last 7 days"
const END = START + 13 * DAY + DAY - 1;
const PROJECTS = ['alpha', 'beta, inc', 'gamma'];
const STATUSES = ['success', 'failure', 'timeout', 'cancelled', 'success', 'success', 'failure'];

/** Different counts per project, so that a filter that leaks shows. */
const events = ['build', 'deploy', 'test', 'release'].flatMap((kind) => PROJECTS.flatMap((project, p) =>
  Array.from({ length: 5 + p * 4 }, (_, i) => ({
    kind, id: `${kind}-${p}-${i}`, project, status: STATUSES[(i + p) % STATUSES.length], time: START + i * DAY + 3600 * (p + 1), duration: 10 + i,
    ...(kind === 'test' ? { cases: 2 + i } : {}),
  }))));

const count = (kind: string, projects: string[]) => events.filter((e) => e.kind === kind && projects.includes(e.project)).length;

eachStore('Zadig: the real server\'s parameter names, and project lists', (getStore) => {
  let service: RunningService;
  const get = async (path: string) => {
    const res = await fetch(`${service.url}/openapi/statistics${path}`);
    return { status: res.status, body: await res.json() };
  };
  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_TZ: 'UTC' });
    await ingest(service.url, events);
  });
  afterAll(async () => { await service.close(); });

  it.each(['build', 'deploy'])('%s: projectKey (the real server\'s name) filters like productNames', async (kind) => {
    const byKey = await get(`/${kind}?startDate=${START}&endDate=${END}&projectKey=gamma`);
    expect(byKey.status).toBe(200);
    expect(byKey.body.total).toBe(count(kind, ['gamma']));
    expect(byKey.body).toEqual((await get(`/${kind}?startDate=${START}&endDate=${END}&productNames=gamma`)).body);
  });

  it('test: projectKey filters like productNames', async () => {
    const byKey = (await get(`/test?startDate=${START}&endDate=${END}&projectKey=alpha`)).body;
    expect(byKey.exec_count).toBe(count('test', ['alpha']));
    expect(byKey).toEqual((await get(`/test?startDate=${START}&endDate=${END}&productNames=alpha`)).body);
  });

  it('v2/release: startTime, endTime and projectKey (the real server\'s names) answer as start_time, end_time and project_name', async () => {
    const real = await get(`/v2/release?startTime=${START}&endTime=${END}&projectKey=${encodeURIComponent('beta, inc')}`);
    expect(real.status).toBe(200);
    expect(real.body.total).toBe(count('release', ['beta, inc']));
    expect(real.body.daily_stat).toHaveLength(14);
    expect(real.body).toEqual((await get(`/v2/release?start_time=${START}&end_time=${END}&project_name=${encodeURIComponent('beta, inc')}`)).body);
  });

  it.each([
    `/build?startDate=${START}&endDate=${END}&productNames=alpha&projectKey=gamma`,
    `/v2/release?start_time=${START}&startTime=${START}&end_time=${END}`,
    `/v2/release?start_time=${START}&end_time=${END}&project_name=alpha&projectKey=gamma`,
  ])('two spellings of one parameter at once: 400 (%s)', async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.description).toMatch(/not both/);
  });

  it('repeated productNames: each value whole, commas included', async () => {
    const { body } = await get(`/build?startDate=${START}&endDate=${END}&productNames=alpha&productNames=${encodeURIComponent('beta, inc')}`);
    expect(body.total).toBe(count('build', ['alpha', 'beta, inc']));
  });

  it('one productNames value: comma-separated', async () => {
    const { body } = await get(`/deploy?startDate=${START}&endDate=${END}&productNames=alpha,gamma`);
    expect(body.total).toBe(count('deploy', ['alpha', 'gamma']));
  });

  it('productNames[] is the same parameter (not ignored)', async () => {
    const brackets = (await get(`/build?startDate=${START}&endDate=${END}&productNames[]=gamma&productNames[]=${encodeURIComponent('beta, inc')}`)).body;
    expect(brackets.total).toBe(count('build', ['gamma', 'beta, inc']));
    const all = (await get(`/build?startDate=${START}&endDate=${END}`)).body;
    expect(all.total).toBe(count('build', PROJECTS));
  });
});
