/**
 * Bounded reads: abusive query load (many maximum-size /api/v1/query requests at once) leaves
 * health answering within a second and ingest working, on each real store; a request over the
 * per-request limit is a 400.
 */
import { MAX_QUERIES_PER_REQUEST } from '../../../contract/query';
import { demoHistory, DEMO_PROJECTS } from '../../src/demo/history';
import { seed } from '../../src/demo/seed';
import { eachStore } from '../support/stores';
import { startService, type RunningService } from '../support/service';

const DAY = 86_400_000;
const now = Date.now();
const range = { from: now - 30 * DAY, to: now };

/** A maximum-size request mixing the kinds that cost the store most. */
const heavyQueries = (n: number) => Array.from({ length: n }, (_, i) => {
  const kinds = [
    { kind: 'overview' },
    { kind: 'build', projects: [] },
    { kind: 'deploy', projects: [DEMO_PROJECTS[i % DEMO_PROJECTS.length]], format: 'events' },
    { kind: 'dora', projects: [], view: 'daily' },
    { kind: 'test', projects: [] },
  ];
  return { refId: `Q${i}`, ...kinds[i % kinds.length] };
});

const postQuery = (url: string, queries: unknown[]) =>
  fetch(`${url}/api/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queries, range, timezone: 'UTC' }) });

eachStore('bounded reads', (getStore) => {
  let service: RunningService;
  beforeAll(async () => {
    // Small limits, so that the abuse overflows them on 2 shared cores within the test's time.
    service = await startService(getStore(), { FLOWMETER_QUERY_QUEUE: '200', FLOWMETER_QUERY_TIMEOUT_MS: '5000' });
    await seed(demoHistory({ days: 14, endMs: now }), { url: service.url });
  }, 120_000);
  afterAll(async () => { await service.close(); });

  it(`refuses more than ${MAX_QUERIES_PER_REQUEST} queries in one request with 400, before any store work`, async () => {
    const res = await postQuery(service.url, heavyQueries(2000));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(new RegExp(`at most ${MAX_QUERIES_PER_REQUEST} queries per request`));
    expect((await postQuery(service.url, heavyQueries(MAX_QUERIES_PER_REQUEST))).status).toBe(200);
  }, 60_000);

  it('keeps health under 1 s and ingest working while abusive query requests run', async () => {
    let loadDone = false;
    const abuse = Promise.all(Array.from({ length: 16 }, async () => {
      const res = await postQuery(service.url, heavyQueries(MAX_QUERIES_PER_REQUEST));
      // Parsed after the load: this process is the service too, and the probes time its loop.
      return { status: res.status, text: await res.text() };
    })).finally(() => { loadDone = true; });

    const healthMs: number[] = [];
    const ingestMs: number[] = [];
    const probes = (async () => {
      for (let i = 0; !loadDone || i < 5; i++) {
        let t = performance.now();
        const health = await fetch(`${service.url}/api/v1/health`);
        expect(health.status).toBe(200);
        healthMs.push(performance.now() - t);
        t = performance.now();
        const ingest = await fetch(`${service.url}/api/v1/events`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify(Array.from({ length: 100 }, (_, j) => ({ kind: 'build', project: 'under-load', status: 'success', time: now - i * 1000 - j }))),
        });
        expect(ingest.status).toBe(200);
        ingestMs.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const [responses] = await Promise.all([abuse, probes]);
    const results = responses.map(({ status, text }) => ({
      status, answers: Object.values((JSON.parse(text) as { results?: Record<string, { frames?: unknown[]; status?: number }> }).results ?? {}),
    }));

    expect(healthMs.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...healthMs)).toBeLessThan(1000);
    expect(Math.max(...ingestMs)).toBeLessThan(5000);
    // Every request is answered; each query has frames or says 503 (busy or timed out), never a 500.
    expect(results.every((r) => r.status === 200)).toBe(true);
    const answers = results.flatMap((r) => r.answers);
    expect(answers).toHaveLength(16 * MAX_QUERIES_PER_REQUEST);
    expect(answers.filter((a) => a.frames === undefined && a.status !== 503)).toEqual([]);
    expect(answers.some((a) => a.frames)).toBe(true);
    console.info(`[${getStore().kind}] health max ${Math.max(...healthMs).toFixed(0)} ms over ${healthMs.length} probes; ingest max ${Math.max(...ingestMs).toFixed(0)} ms; ${answers.filter((a) => a.status === 503).length} of ${answers.length} queries answered 503`);
  }, 120_000);
});
