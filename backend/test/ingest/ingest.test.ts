/**
 * POST /api/v1/events through the real service, on each real store: formats, all-or-nothing
 * validation, idempotency, limits, auth scopes, and hostile strings.
 */
import { gzipSync } from 'node:zlib';
import { eachStore } from '../support/stores';
import { startService, type RunningService } from '../support/service';
import type { Store } from '../../src/store/Store';

const T0 = Date.UTC(2026, 9, 1, 12);
const build = (id: string, extra: Record<string, unknown> = {}) =>
  ({ kind: 'build', id, project: 'ingest-p', status: 'success', time: T0, duration: 10, ...extra });

async function post(url: string, body: string, contentType = 'application/json', token?: string) {
  const res = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, headers: res.headers, body: await res.json() as Record<string, unknown> };
}

const countBuilds = (store: Store, project = 'ingest-p') => store.count({ measurement: 'build', where: { project: [project] } });

eachStore('ingest', (getStore) => {
  let service: RunningService;
  beforeAll(async () => { service = await startService(getStore(), { FLOWMETER_MAX_BODY: '64kb' }); });
  afterAll(async () => { await service.close(); });

  it('accepts one object, an array, and NDJSON, and stores every event', async () => {
    expect((await post(service.url, JSON.stringify(build('one')))).body).toEqual({ accepted: 1 });
    expect((await post(service.url, JSON.stringify([build('two'), build('three')]))).body).toEqual({ accepted: 2 });
    const ndjson = `${JSON.stringify(build('four'))}\n\n${JSON.stringify(build('five'))}\n`;
    expect((await post(service.url, ndjson, 'application/x-ndjson')).body).toEqual({ accepted: 2 });
    expect(await countBuilds(getStore())).toBe(5);
  });

  it('rejects a batch with one bad event, names it, and writes none of it', async () => {
    const before = await countBuilds(getStore());
    const res = await post(service.url, JSON.stringify([build('ok-1'), build('bad', { status: 'green', duration: -1 }), build('ok-2')]));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/1 of 3 events are invalid/);
    expect(res.body.details).toEqual(expect.arrayContaining([
      expect.objectContaining({ index: 1, path: 'status' }),
      expect.objectContaining({ index: 1, path: 'duration' }),
    ]));
    expect(await countBuilds(getStore())).toBe(before);
  });

  it.each([
    ['an unknown kind', { kind: 'coffee', project: 'p', time: T0 }, 'kind'],
    ['a missing required field', { kind: 'deploy', project: 'p', time: T0 }, 'status'],
    ['an unknown field', { ...build('x'), colour: 'red' }, ''],
    ['a time that is not RFC 3339', build('x', { time: 'yesterday' }), 'time'],
    ['a status code out of range', { kind: 'api_call', project_id: 'p', instance_id: 'i', api_id: 'a', time: T0, status_code: 42, latency: 1 }, 'status_code'],
  ])('explains %s', async (_what, event, path) => {
    const res = await post(service.url, JSON.stringify(event));
    expect(res.status).toBe(400);
    expect((res.body.details as Array<{ path: string }>)[0].path).toBe(path);
  });

  it('points at the NDJSON line that is not JSON', async () => {
    const res = await post(service.url, `${JSON.stringify(build('l1'))}\n{"kind": "build",\n`, 'application/x-ndjson');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/line 2/);
  });

  it('counts a re-sent event once, and a re-send with a new status replaces the old one', async () => {
    const store = getStore();
    const event = build('resent', { project: 'idem', status: 'failure' });
    await post(service.url, JSON.stringify([event, event]));
    await post(service.url, JSON.stringify(event));
    expect(await countBuilds(store, 'idem')).toBe(1);
    await post(service.url, JSON.stringify({ ...event, status: 'success' }));
    const [row] = await store.aggregate({ measurement: 'build', where: { project: ['idem'] }, select: { ok: { fn: 'sum', field: 'n_success' }, bad: { fn: 'sum', field: 'n_failure' } } });
    expect(row.values).toEqual({ ok: 1, bad: 0 });
  });

  it('within one batch, the later of two events with the same id wins, even with other tags', async () => {
    const store = getStore();
    const ndjson = [
      build('twice', { project: 'batch-dup', service: 'old', status: 'failure' }),
      build('once', { project: 'batch-dup' }),
      build('twice', { project: 'batch-dup', service: 'new', status: 'success' }),
    ].map((event) => JSON.stringify(event)).join('\n');
    expect((await post(service.url, ndjson, 'application/x-ndjson')).body).toEqual({ accepted: 3 });
    const rows = await store.rows({ measurement: 'build', where: { project: ['batch-dup'] }, columns: ['id', 'service', 'status'], order: 'asc' });
    expect(rows.map((row) => row.values).sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual([
      { id: 'once', service: null, status: 'success' },
      { id: 'twice', service: 'new', status: 'success' },
    ]);
  });

  it('reads UTF-8 with a byte-order mark and CRLF line ends, and gzip; refuses a body declared in another charset', async () => {
    const ndjson = `\ufeff${JSON.stringify(build('crlf-1', { project: 'crlf ✓' }))}\r\n${JSON.stringify(build('crlf-2', { project: 'crlf ✓' }))}\r\n`;
    expect((await post(service.url, ndjson, 'application/x-ndjson; charset=utf-8')).body).toEqual({ accepted: 2 });
    expect(await countBuilds(getStore(), 'crlf ✓')).toBe(2);
    const gzipped = await fetch(`${service.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(build('crlf-3', { project: 'crlf ✓' }))),
    });
    expect(await gzipped.json()).toEqual({ accepted: 1 });
    expect(await countBuilds(getStore(), 'crlf ✓')).toBe(3);
    const latin1 = await post(service.url, JSON.stringify(build('latin1', { project: 'crlf ✓' })), 'application/json; charset=iso-8859-1');
    expect(latin1.status).toBe(415);
    expect(latin1.body.error).toMatch(/UTF-8/);
    expect(await countBuilds(getStore(), 'crlf ✓')).toBe(3);
  });

  it('derives a stable id from the content when none is given', async () => {
    const anonymous = { kind: 'test', project: 'derived', status: 'success', time: T0, suite: 'unit', cases: 3 };
    await post(service.url, JSON.stringify(anonymous));
    await post(service.url, JSON.stringify({ suite: 'unit', cases: 3, time: T0, status: 'success', project: 'derived', kind: 'test' }));
    await post(service.url, JSON.stringify({ ...anonymous, cases: 4 }));
    expect(await getStore().count({ measurement: 'test', where: { project: ['derived'] } })).toBe(2);
  });

  it('answers 415 for other content types and 413 over the size limit, writing nothing', async () => {
    const before = await countBuilds(getStore());
    expect((await post(service.url, JSON.stringify(build('t')), 'text/plain')).status).toBe(415);
    const big = JSON.stringify(Array.from({ length: 1000 }, (_, i) => build(`big-${i}`)));
    const res = await post(service.url, big);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/limit/);
    expect(await countBuilds(getStore())).toBe(before);
  });

  it('keeps hostile strings exactly as sent', async () => {
    const hostile = `a "quoted", 'single' \\ back=slash\nnew line '; DROP DATABASE flowmeter; -- ✓ 日本`;
    await post(service.url, JSON.stringify(build('hostile', { project: hostile, service: hostile, artifact: hostile })));
    const rows = await getStore().rows({ measurement: 'build', where: { project: [hostile] }, columns: ['project', 'service', 'artifact'], order: 'asc' });
    expect(rows).toHaveLength(1);
    expect(rows[0].values).toEqual({ project: hostile, service: hostile, artifact: hostile });
    expect(await countBuilds(getStore())).toBeGreaterThan(0); // the other data is intact
  });
});

eachStore('ingest auth', (getStore) => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_INGEST_TOKENS: 'writer-secret', FLOWMETER_READ_TOKENS: 'alice=reader-secret' });
  });
  afterAll(async () => { await service.close(); });

  it('lets an ingest token write, and refuses others with 401 or 403', async () => {
    const body = JSON.stringify(build('auth-1', { project: 'auth' }));
    expect((await post(service.url, body, 'application/json', 'writer-secret')).status).toBe(200);
    const none = await post(service.url, body);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: 'missing token' });
    expect((await post(service.url, body, 'application/json', 'writer-secreT')).status).toBe(401);
    const readToken = await post(service.url, body, 'application/json', 'reader-secret');
    expect(readToken.status).toBe(403);
    expect(readToken.body.error).toMatch(/may not write/);
    expect(await countBuilds(getStore(), 'auth')).toBe(1);
  });
});
