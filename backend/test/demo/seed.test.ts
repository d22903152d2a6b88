/** The demo seeder against the real service: tokens, batches, progress, and a clear error when refused. */
import { demoHistory } from '../../src/demo/history';
import { seed, SeedError, type Progress } from '../../src/demo/seed';
import { startService, type RunningService } from '../support/service';
import { openEmbeddedStore, type TestStore } from '../support/stores';

const END = Date.parse('2026-11-25T12:00:00Z');

describe('demo seeder', () => {
  let store: TestStore;
  let service: RunningService;
  beforeAll(async () => {
    store = await openEmbeddedStore();
    service = await startService(store.store, { FLOWMETER_INGEST_TOKENS: 'seeder=in-secret', FLOWMETER_READ_TOKENS: 'reader' });
  });
  afterAll(async () => { await service.close(); await store.dispose(); });

  it('posts every event in batches with the ingest token, reporting progress', async () => {
    const events = [...demoHistory({ days: 1, endMs: END, seed: 3 })];
    const updates: number[] = [];
    let finished = '';
    const progress: Progress = { update: (fraction) => updates.push(fraction), done: (detail) => { finished = detail; } };
    let sent = 0;
    const accepted = await seed((function* () { for (const e of events) { sent++; yield e; } })(), { url: service.url, token: 'in-secret', batchSize: 1000 }, progress, () => ({ fraction: sent / events.length, detail: '' }));
    expect(accepted).toBe(events.length);
    expect(updates.length).toBe(Math.ceil(events.length / 1000));
    expect(updates[updates.length - 1]).toBe(1);
    expect(finished).toMatch(new RegExp(`${events.length.toLocaleString('en-US')} events sent`));
    const res = await fetch(`${service.url}/openapi/statistics/build?startDate=${END / 1000 - 3600 * 12}&endDate=${END / 1000}`, { headers: { authorization: 'Bearer reader' } });
    expect((await res.json()).total).toBe(events.filter((e) => e.kind === 'build').length);
  });

  it('stops with the service\'s answer when the token is refused, without retrying', async () => {
    const started = Date.now();
    await expect(seed(demoHistory({ days: 1, endMs: END }), { url: service.url, token: 'wrong' })).rejects.toThrow(SeedError);
    await expect(seed(demoHistory({ days: 1, endMs: END }), { url: service.url, token: 'wrong' })).rejects.toThrow(/401/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('gives up on an unreachable service after its attempts', async () => {
    await expect(seed(demoHistory({ days: 1, endMs: END }), { url: 'http://127.0.0.1:9', attempts: 1 })).rejects.toThrow();
  });
});
