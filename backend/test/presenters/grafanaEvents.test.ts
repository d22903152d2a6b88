/**
 * POST /api/v1/query, deploy and release with `format: 'events'`: one row per event with the
 * time/title/text/tags columns Grafana maps to annotations; `daily` stays the default.
 */
import { eachStore } from '../support/stores';
import { ingest, startService, type RunningService } from '../support/service';
import { column, postQuery, type Frame } from '../support/frames';

const at = (s: string) => Date.parse(s);
const events = [
  { kind: 'deploy', id: 'd-1', project: 'payments', service: 'api', env: 'prod', status: 'success', time: '2026-11-20T10:00:00Z', duration: 42 },
  { kind: 'deploy', id: 'd-2', project: 'payments', service: 'worker', env: 'staging', status: 'failure', time: '2026-11-21T10:00:00Z' },
  { kind: 'deploy', id: 'd-3', project: 'search', service: 'api', env: 'prod', status: 'success', time: '2026-11-22T10:00:00Z' },
  { kind: 'deploy', id: 'd-old', project: 'payments', service: 'api', env: 'prod', status: 'success', time: '2026-10-01T10:00:00Z' },
  { kind: 'release', id: 'r-1', project: 'payments', env: 'prod', status: 'success', time: '2026-11-21T12:00:00Z', duration: 7 },
];
const range = { from: at('2026-11-19T00:00:00Z'), to: at('2026-11-23T00:00:00Z') };

async function query(url: string, queries: object[]) {
  const { status, body } = await postQuery(url, { queries, range, timezone: 'UTC' });
  expect(status).toBe(200);
  return body as { results: Record<string, { frames: Frame[] }> };
}

eachStore('grafana deploy/release events', (store) => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService(store());
    await ingest(service.url, events);
  });
  afterAll(() => service.close());

  test('deploy events: newest first, within the range, filtered by project, with annotation columns', async () => {
    const { results } = await query(service.url, [
      { refId: 'A', kind: 'deploy', format: 'events' },
      { refId: 'B', kind: 'deploy', format: 'events', projects: ['payments'] },
    ]);
    const [all] = results.A.frames;
    expect(all.schema.name).toBe('deploy_events');
    expect(all.schema.fields.map((f) => f.name)).toEqual(['time', 'title', 'text', 'tags', 'project', 'status', 'env', 'service', 'duration']);
    expect(column(all, 'time')).toEqual([at('2026-11-22T10:00:00Z'), at('2026-11-21T10:00:00Z'), at('2026-11-20T10:00:00Z')]);
    expect(column(all, 'title')).toEqual(['Deploy of search api to prod: success', 'Deploy of payments worker to staging: failure', 'Deploy of payments api to prod: success']);
    expect(column(all, 'text')[2]).toBe('payments: deploy success after 42s');
    expect(column(all, 'tags')[1]).toEqual(['deploy', 'payments', 'failure', 'staging', 'worker']);
    expect(column(results.B.frames[0], 'service')).toEqual(['worker', 'api']);
  });

  test('release events carry no service column; the default format is still the daily series', async () => {
    const { results } = await query(service.url, [
      { refId: 'R', kind: 'release', format: 'events' },
      { refId: 'D', kind: 'release' },
    ]);
    const [events] = results.R.frames;
    expect(events.schema.fields.map((f) => f.name)).not.toContain('service');
    expect(column(events, 'title')).toEqual(['Release of payments to prod: success']);
    expect(column(events, 'tags')).toEqual([['release', 'payments', 'success', 'prod']]);
    const [daily] = results.D.frames;
    expect(daily.schema.name).toBe('release');
    expect(column(daily, 'total')).toEqual([0, 0, 1, 0]);
  });

  test('an unknown format is that query\'s error', async () => {
    const { results } = await query(service.url, [{ refId: 'X', kind: 'deploy', format: 'hourly' }]);
    expect(results.X).toMatchObject({ status: 400, error: expect.stringContaining('format') });
  });
});
