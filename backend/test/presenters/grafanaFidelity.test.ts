/**
 * Grafana's query as its data-source proxy sends it: ranges are closed (from <= time <= to, as
 * Grafana's own data sources filter them), and the api_latest frame buckets as APIG latest,
 * which it mirrors.
 */
import { eachStore } from '../support/stores';
import { ingest, startService, type RunningService } from '../support/service';
import { column, postQuery } from '../support/frames';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const FROM = Date.parse('2026-05-10T06:00:00Z');
const TO = FROM + 2 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

eachStore('Grafana frames: closed ranges and APIG-latest buckets', (getStore) => {
  let service: RunningService;
  const query = async (q: object, range = { from: FROM, to: TO }) =>
    (await postQuery(service.url, { queries: [{ refId: 'A', ...q }], range, timezone: 'utc' })).body.results.A;

  const call = (id: string, at: number) => ({ kind: 'api_call', id, project_id: 'p1', instance_id: 'i1', api_id: 'orders', time: iso(at), status_code: 200, latency: 10 });
  // For the APIG-latest buckets: calls spread over three days before TO.
  const spread = Array.from({ length: 72 }, (_, i) => call(`s-${i}`, TO - 1 - i * 53 * MIN));
  beforeAll(async () => {
    service = await startService(getStore());
    await ingest(service.url, [
      ...['deploy', 'release'].flatMap((kind) => [FROM, FROM + HOUR, TO, TO + 1].map((at, i) => ({ kind, id: `${kind}-${i}`, project: 'alpha', env: 'prod', status: 'success', time: iso(at) }))),
      call('edge-from', FROM), call('edge-to', TO), call('edge-after', TO + 1),
      ...spread.map((c) => ({ ...c, api_id: 'latest' })),
    ]);
  });
  afterAll(async () => { await service.close(); });

  it.each(['deploy', 'release'])('%s events: an event at exactly range.to is listed, one a millisecond later is not', async (kind) => {
    const { frames } = await query({ kind, format: 'events', projects: ['alpha'] });
    expect([...column(frames![0], 'time')].sort()).toEqual([FROM, FROM + HOUR, TO]);
  });

  it('api_metrics: a call at exactly range.to counts, in the bucket that starts there', async () => {
    const { frames } = await query({ kind: 'api_metrics', projectId: 'p1', instanceId: 'i1', apiId: 'orders', cycle: 'MINUTE' });
    const times = column(frames![0], 'time') as number[];
    const counts = column(frames![0], 'req_count') as number[];
    expect(Object.fromEntries(times.map((t, i) => [t, counts[i]]))).toEqual({ [FROM]: 1, [TO]: 1 });
  });

  /** The calls per bucket start, counted here. */
  const expectedBuckets = (width: number, from: number, to: number) => {
    const out: Record<number, number> = {};
    for (const c of spread) {
      const at = Date.parse(c.time);
      if (at < from || at > to) continue;
      const start = Math.floor(at / width) * width;
      out[start] = (out[start] ?? 0) + 1;
    }
    return out;
  };
  const buckets = async (from: number) => {
    const { frames } = await query({ kind: 'api_latest', apiId: 'latest' }, { from, to: TO });
    const times = column(frames![0], 'time') as number[];
    const counts = column(frames![0], 'req_count') as number[];
    return Object.fromEntries(times.map((t, i) => [t, counts[i]]));
  };

  it.each([
    ['45 minutes: per minute', 45 * MIN, MIN],
    ['2 hours: per hour (the dashboard interval would be minutes)', 2 * HOUR, HOUR],
    ['30 hours: per day (the dashboard interval would be hours)', 30 * HOUR, DAY],
  ])('api_latest buckets as APIG latest does, %s', async (_name, span, width) => {
    const got = await buckets(TO - span);
    expect(got).toEqual(expectedBuckets(width, TO - span, TO));
    expect(Object.keys(got).length).toBeGreaterThan(0);
  });
});
