/** The daily delivery frames of POST /api/v1/query: counts, success rate and mean duration per day, on each store. */
import { eachStore } from '../support/stores';
import { ingest, startService, type RunningService } from '../support/service';
import { column, postQuery } from '../support/frames';

const iso = (s: string) => Date.parse(s);
const runs = [
  { id: 'b1', status: 'success', time: '2026-05-04T08:00:00Z', duration: 100 },
  { id: 'b2', status: 'failure', time: '2026-05-04T09:00:00Z', duration: 40 },
  { id: 'b3', status: 'timeout', time: '2026-05-04T10:00:00Z' },
  { id: 'b4', status: 'cancelled', time: '2026-05-06T10:00:00Z', duration: 7.5 },
] as const;

eachStore('Grafana daily delivery frames', (getStore) => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService(getStore());
    await ingest(service.url, runs.map((r) => ({ kind: 'build', project: 'alpha', ...r })));
  });
  afterAll(async () => { await service.close(); });

  it('lists every day with success, failure (failed + timed out), total, success rate and mean duration', async () => {
    const { body } = await postQuery(service.url, { queries: [{ refId: 'A', kind: 'build', projects: ['alpha'] }], range: { from: iso('2026-05-04T00:00:00Z'), to: iso('2026-05-07T00:00:00Z') }, timezone: 'utc' });
    const f = body.results.A.frames![0];
    const col = (name: string) => column(f, name) as Array<number | null>;
    expect(col('time')).toEqual(['2026-05-04', '2026-05-05', '2026-05-06'].map((d) => iso(`${d}T00:00:00Z`)));
    expect(col('success')).toEqual([1, 0, 0]);
    expect(col('failure')).toEqual([2, 0, 0]);
    expect(col('total')).toEqual([3, 0, 1]);
    expect(col('success_rate').map((v) => v ?? null)).toEqual([1 / 3, null, 0]);
    expect(col('duration_mean').map((v) => v ?? null)).toEqual([70, null, 7.5]);
    expect(f.schema.fields.find((x) => x.name === 'duration_mean')!.config.unit).toBe('s');
  });
});
