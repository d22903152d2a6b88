/**
 * Write failures are isolated: an event no engine could store is refused at validation on both
 * stores, and on InfluxDB a grouped write that still fails is split, so one client's bad events
 * never fail another client's batch.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eachStore, influxUrl, silentLogger } from '../support/stores';
import { startService, type RunningService } from '../support/service';
import { InfluxStore } from '../../src/store/influx/InfluxStore';

const T0 = Date.UTC(2026, 9, 1, 12);
const build = (id: string, project: string, extra: Record<string, unknown> = {}) =>
  ({ kind: 'build', id, project, status: 'success', time: T0, duration: 10, ...extra });

async function post(url: string, events: unknown[]) {
  const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() as { error?: string; details?: Array<{ path: string; message: string }> } };
}

eachStore('times no engine can store', (getStore) => {
  let service: RunningService;
  beforeAll(async () => { service = await startService(getStore()); });
  afterAll(async () => { await service.close(); });

  it.each([
    ['9999-12-31', '9999-12-31T00:00:00Z', /out of the storable range/],
    ['9e15 ms', 9e15, /out of the storable range/],
    ['1600-01-01', '1600-01-01T00:00:00Z', /out of the storable range/],
    ['2026-02-30', '2026-02-30T10:00:00Z', /real calendar date/],
  ])('refuses %s with 400 and stores nothing of the batch', async (_what, time, message) => {
    const project = `range-${String(time)}`;
    const res = await post(service.url, [build('fine', project), build('bad', project, { time })]);
    expect(res.status).toBe(400);
    expect(res.body.details?.[0]).toEqual(expect.objectContaining({ path: 'time', message: expect.stringMatching(message) }));
    expect(await getStore().count({ measurement: 'build', where: { project: [project] } })).toBe(0);
  });
});

/**
 * influxd behind a proxy that holds each /write 50 ms, as a loaded server would: the one write
 * slot stays busy while the burst arrives, so clients' lines share requests whatever this
 * machine's speed (a 1 ms write alone may finish before the next client's lines are parsed).
 */
async function slowWrites(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      if (req.url?.startsWith('/write')) await new Promise((resolve) => setTimeout(resolve, 50));
      const answer = await fetch(`${target}${req.url}`, {
        method: req.method, headers: { 'content-type': String(req.headers['content-type'] ?? 'text/plain') }, ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
      });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('a burst of clients against InfluxDB, some with events it refuses', () => {
  const database = `flowmeter_isolation_${process.pid}_${Date.now()}`;
  let store: InfluxStore;
  let proxy: Server;
  let service: RunningService;
  const POISON_TIME = Date.UTC(2001, 0, 2);

  beforeAll(async () => {
    const slow = await slowWrites(influxUrl());
    proxy = slow.server;
    // One write slot: callers queue behind it and share requests, the case that used to fail them all.
    store = new InfluxStore({ url: slow.url, database, logger: silentLogger, gzip: false, writeConcurrency: 1 });
    await store.open();
    // A field stored as a string in the shard of early January 2001: a later float there is a
    // type conflict that InfluxDB refuses (400, partial write), though validation cannot know it.
    const res = await fetch(`${influxUrl()}/write?db=${database}&precision=ms`, { method: 'POST', body: `build,project=poison duration="text" ${POISON_TIME}\n` });
    expect(res.status).toBe(204);
    service = await startService(store);
  });
  afterAll(async () => {
    await service.close();
    await store.close();
    proxy.close();
    await fetch(`${influxUrl()}/query?q=${encodeURIComponent(`DROP DATABASE "${database}"`)}`, { method: 'POST' });
  });

  it('answers every good client 200 and stores their events; only the bad ones fail', async () => {
    const CLIENTS = 60;
    const PER_BATCH = 40;
    const kinds = Array.from({ length: CLIENTS }, (_, i) => (i % 12 === 5 ? 'out-of-range' : i % 12 === 11 ? 'conflict' : 'good'));
    const answers = await Promise.all(kinds.map((kind, client) => {
      const events = Array.from({ length: PER_BATCH }, (_, j) => build(`c${client}-${j}`, 'burst', { time: T0 + client * 1000 + j }));
      if (kind === 'out-of-range') events[7] = build(`c${client}-bad`, 'burst', { time: '9999-12-31T00:00:00Z' });
      if (kind === 'conflict') events[3] = build(`c${client}-poison`, 'poison', { time: new Date(POISON_TIME + client).toISOString() });
      return post(service.url, events);
    }));

    const statuses = (kind: string) => answers.filter((_, i) => kinds[i] === kind).map((a) => a.status);
    expect(statuses('good')).toEqual(Array(50).fill(200));
    expect(statuses('out-of-range')).toEqual(Array(5).fill(400));
    // Refused by InfluxDB itself: an error of the service's own (retrying cannot help), not a 503.
    expect(statuses('conflict')).toEqual(Array(5).fill(500));
    // The conflicting clients shared requests with good ones, and those were split.
    expect(store.writeSplits).toBeGreaterThan(0);
    expect(await store.count({ measurement: 'build', where: { project: ['burst'] } })).toBeGreaterThanOrEqual(50 * PER_BATCH);
  });
});
