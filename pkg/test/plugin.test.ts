/**
 * The built executable, driven as Grafana's plugin host drives it (pkg/test/host.ts), against the
 * real service on the embedded store holding demo data: every frame it answers, decoded from
 * Arrow, holds the numbers `POST /api/v1/query` answers for the same query; bad input gets an
 * error for that query that says what to change, and the process stays up; Shutdown stops it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { DataType, type Table } from 'apache-arrow';
import { demoHistory, DEMO_API } from '../../backend/src/demo/history';
import { seed } from '../../backend/src/demo/seed';
import { startService, type RunningService } from '../../backend/test/support/service';
import { openEmbeddedStore, type TestStore } from '../../backend/test/support/stores';
import { postQuery, type Frame } from '../../backend/test/support/frames';
import { dataQuery, decodeFrame, PLUGIN_COMMAND, GrafanaHost, grafanaEnv, type Instance } from './host';

const READ_TOKEN = 'read-token-for-plugin-tests';
const INGEST_TOKEN = 'ingest-token-for-plugin-tests';
const DAY = 86_400_000;

let store: TestStore;
let service: RunningService;
let host: GrafanaHost;
let instance: Instance;
let range: { from: number; to: number };
/** A loopback port nobody listens on: the service down. */
let downUrl: string;

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

beforeAll(async () => {
  store = await openEmbeddedStore();
  service = await startService(store.store, { FLOWMETER_READ_TOKENS: READ_TOKEN, FLOWMETER_INGEST_TOKENS: INGEST_TOKEN });
  downUrl = `http://127.0.0.1:${await closedPort()}`;
  const now = Date.now();
  range = { from: now - 3 * DAY, to: now };
  await seed(demoHistory({ days: 3, endMs: now, seed: 42 }), { url: service.url, token: INGEST_TOKEN });
  instance = { jsonData: { url: service.url, defaultTimeZone: 'UTC' }, readToken: READ_TOKEN };
  host = await GrafanaHost.start();
}, 60_000);

afterAll(async () => {
  await host?.stop();
  await service?.close();
  await store?.dispose();
});

/** The service's own answer for one query, as the frontend used to get it. */
async function serviceFrames(model: Record<string, unknown>): Promise<Frame[]> {
  const { status, body } = await postQuery(service.url, { queries: [{ refId: 'A', ...model }], range, timezone: 'UTC' }, READ_TOKEN);
  expect(status).toBe(200);
  expect(body.results.A.error).toBeUndefined();
  return body.results.A.frames!;
}

/** An Arrow column's values in the service's JSON terms (times: epoch ms, JSON values parsed). */
function columnValues(table: Table, index: number): unknown[] {
  const field = table.schema.fields[index];
  const vector = table.getChildAt(index)!;
  if (DataType.isTimestamp(field.type)) {
    const raw = vector.data[0].values as BigInt64Array;
    return Array.from(raw, (ns, i) => (vector.isValid(i) ? Number(ns / 1_000_000n) : null));
  }
  const values = vector.toArray() as ArrayLike<unknown>;
  return Array.from({ length: vector.length }, (_, i) => {
    if (!vector.isValid(i)) return null;
    return DataType.isBinary(field.type) ? JSON.parse(Buffer.from(vector.get(i) as Uint8Array).toString()) : values[i];
  });
}

/**
 * Floats to 12 significant digits: the plugin's call and the direct one are two queries, and the
 * embedded engine's parallel means may differ in the last bit between them.
 */
const roundFloats = (values: unknown[]) => values.map((v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v));

const kinds: Array<[string, Record<string, unknown>]> = [
  ['daily builds', { kind: 'build', projects: [] }],
  ['deploy events (strings, JSON tags)', { kind: 'deploy', projects: ['payments'], format: 'events' }],
  ['DORA summary', { kind: 'dora', projects: [], env: 'prod', view: 'summary' }],
  ['API metrics (per-minute series)', { kind: 'api_metrics', projectId: DEMO_API.projectId, instanceId: DEMO_API.instanceId, cycle: 'HOUR' }],
  ['overview', { kind: 'overview' }],
];

describe('the plugin executable as Grafana runs it', () => {
  it('hands shakes as go-plugin expects and answers the health service', async () => {
    expect(host.handshake).toMatch(/^1\|2\|tcp\|127\.0\.0\.1:\d+\|grpc$/);
    const port = Number(host.address.split(':')[1]);
    expect(port).toBeGreaterThanOrEqual(10_000);
    expect(port).toBeLessThanOrEqual(25_000);
    await expect(host.ping()).resolves.toEqual({ status: 'SERVING' });
    // Logs are hclog JSON lines on stderr, all of them (grpc-js's own too: other plugins may hold ports of the range).
    const lines = host.stderr.map((line) => JSON.parse(line) as Record<string, string>);
    const first = lines.find((line) => line['@level'] !== 'debug')!;
    expect(first).toMatchObject({ '@level': 'info', '@message': 'plugin serving' });
    // go-plugin parses it with the layout 2006-01-02T15:04:05.000000Z07:00 (six fractional digits), or loses the level.
    expect(first['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}(Z|[+-]\d\d:\d\d)$/);
    expect(Date.parse(first['@timestamp'])).not.toBeNaN();
  });

  it.each(kinds)('QueryData: %s frames hold the numbers POST /api/v1/query answers', async (_name, model) => {
    const expected = await serviceFrames(model);
    const { responses } = await host.queryData(instance, [dataQuery('A', { ...model, timezone: 'UTC' }, range)]);
    const answer = responses.A;
    expect(answer.error).toBe('');
    expect(answer.status).toBe(200);
    expect(answer.frames).toHaveLength(expected.length);
    expected.forEach((frame, f) => {
      const table = decodeFrame(answer.frames[f]);
      expect(table.schema.metadata.get('refId')).toBe('A');
      expect(table.schema.metadata.get('name')).toBe(frame.schema.name);
      expect(JSON.parse(table.schema.metadata.get('meta')!)).toMatchObject({ typeVersion: [0, 0], executedQueryString: expect.any(String) });
      expect(table.schema.fields.map((x) => x.name)).toEqual(frame.schema.fields.map((x) => x.name));
      frame.schema.fields.forEach((spec, i) => {
        const field = table.schema.fields[i];
        expect(field.metadata.get('tstype')).toBe(spec.type);
        expect(DataType.isDictionary(field.type) || DataType.isDate(field.type)).toBe(false);
        if (Object.keys(spec.config).length) expect(JSON.parse(field.metadata.get('config')!)).toEqual(spec.config);
        expect([spec.name, roundFloats(columnValues(table, i))]).toEqual([spec.name, roundFloats(frame.data.values[i])]);
      });
    });
    // The data set is not empty: the comparison compared something.
    expect(expected.some((f) => f.data.values[0]?.length)).toBe(true);
  });

  it('QueryData: several queries in one call, each answered under its refId; an alert evaluation (FromAlert, no user) too', async () => {
    const { responses } = await host.queryData(instance, [
      dataQuery('builds', { kind: 'build', projects: ['payments'] }, range),
      dataQuery('dora', { kind: 'dora', projects: ['payments'], view: 'daily' }, { from: range.from + DAY, to: range.to }),
    ], { FromAlert: 'true' }, null);
    expect(Object.keys(responses).sort()).toEqual(['builds', 'dora']);
    for (const r of Object.values(responses)) expect([r.error, r.frames.length > 0]).toEqual(['', true]);
  });

  it('takes the standard url setting before jsonData.url', async () => {
    const { responses } = await host.queryData({ ...instance, url: service.url, jsonData: { url: downUrl } }, [dataQuery('A', { kind: 'overview' }, range)]);
    expect(responses.A.error).toBe('');
  });

  const bad: Array<[string, () => Instance, Record<string, unknown>, number, RegExp]> = [
    ['an unknown kind', () => instance, { kind: 'pipelines' }, 400, /Unknown query kind "pipelines": pick one of overview, build/],
    ['a query without kind', () => instance, { projects: [] }, 400, /Unknown query kind null/],
    ['a bad option', () => instance, { kind: 'api_metrics', projectId: 'p', instanceId: 'i', cycle: 'WEEK' }, 400, /Invalid api_metrics query: cycle: /],
    ['a missing option', () => instance, { kind: 'workflows' }, 400, /Invalid workflows query: projectSlug/],
    ['a bad time zone', () => instance, { kind: 'overview', timezone: 'Mars/Olympus' }, 400, /timezone "Mars\/Olympus" is not an IANA time zone/],
    ['the service down', () => ({ ...instance, jsonData: { url: downUrl } }), { kind: 'overview' }, 502, /Flowmeter is unreachable at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): check the data source's URL/],
    ['a wrong token', () => ({ ...instance, readToken: 'wrong' }), { kind: 'overview' }, 401, /Flowmeter rejected the read token \(401: .*\): enter one of the service's FLOWMETER_READ_TOKENS/],
    ['no URL', () => ({ readToken: READ_TOKEN }), { kind: 'overview' }, 400, /The data source has no URL/],
  ];

  it.each(bad)('QueryData with %s: an error for that query the user can act on; the others answered; the process stays up', async (_name, inst, model, status, message) => {
    const { responses } = await host.queryData(inst(), [dataQuery('bad', model, range), dataQuery('good', { kind: 'overview' }, range)]);
    expect([responses.bad.status, responses.bad.frames]).toEqual([status, []]);
    expect(responses.bad.error).toMatch(message);
    if (inst() === instance) expect(responses.good.error).toBe('');
    await expect(host.ping()).resolves.toEqual({ status: 'SERVING' });
    expect(host.child.exitCode).toBeNull();
  });

  it('CheckHealth: OK with the version, store and project count; the failure named otherwise', async () => {
    const ok = await host.checkHealth(instance);
    expect(ok.status).toBe('OK');
    expect(ok.message).toMatch(/^Flowmeter \S+ at http:\/\/127\.0\.0\.1:\d+ answers; its embedded store \(.+\) is up; 6 project\(s\)\.$/);
    const token = await host.checkHealth({ ...instance, readToken: 'wrong' });
    expect([token.status, token.message]).toEqual(['ERROR', expect.stringMatching(/rejected the read token/)]);
    const down = await host.checkHealth({ jsonData: { url: downUrl } });
    expect([down.status, down.message]).toEqual(['ERROR', expect.stringMatching(/unreachable at http:\/\/127\.0\.0\.1:\d+/)]);
  });

  it('CallResource: lookups as the service answers them, filters and range passed on, other paths 404', async () => {
    const [projects] = await host.callResource(instance, 'lookup/projects');
    const direct = await (await fetch(`${service.url}/api/v1/lookup/projects`, { headers: { authorization: `Bearer ${READ_TOKEN}` } })).json();
    expect(projects.code).toBe(200);
    expect(projects.headers['Content-Type'].values[0]).toMatch(/application\/json/);
    expect(JSON.parse(projects.body.toString())).toEqual(direct);
    const [services] = await host.callResource(instance, 'lookup/services', 'project=payments&ignored=x');
    const directServices = await (await fetch(`${service.url}/api/v1/lookup/services?project=payments`, { headers: { authorization: `Bearer ${READ_TOKEN}` } })).json();
    expect(JSON.parse(services.body.toString())).toEqual(directServices);
    // The range passes too: an empty one lists nothing, a bad one is the service's 400.
    const [none] = await host.callResource(instance, 'lookup/projects', `from=${range.to + DAY}&to=${range.to + 2 * DAY}`);
    expect(JSON.parse(none.body.toString())).toEqual({ values: [] });
    const [inverted] = await host.callResource(instance, 'lookup/projects', `from=${range.to}&to=${range.from}`);
    expect(inverted.code).toBe(400);
    const [unknown] = await host.callResource(instance, 'lookup/secrets');
    expect(unknown.code).toBe(404);
    const [denied] = await host.callResource({ ...instance, readToken: 'wrong' }, 'lookup/projects');
    expect(denied.code).toBe(401);
  });

  it('a port of the range held by another process (another plugin): the next one, and stderr stays hclog JSON', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as AddressInfo;
    const other = await GrafanaHost.start(PLUGIN_COMMAND, grafanaEnv({ PLUGIN_MIN_PORT: String(port), PLUGIN_MAX_PORT: String(port + 10) }));
    try {
      expect(other.address).not.toBe(`127.0.0.1:${port}`);
      await expect(other.ping()).resolves.toEqual({ status: 'SERVING' });
      // grpc-js logs the refused bind ("No address added..."); Grafana would read a plain line as a debug message of unknown level.
      for (const line of other.stderr) expect(() => JSON.parse(line)).not.toThrow();
    } finally {
      await other.stop();
      blocker.close();
    }
  });

  it('CollectMetrics: the process metrics in Prometheus text', async () => {
    const { metrics } = await host.collectMetrics(instance);
    const text = metrics.prometheus.toString();
    expect(Number(/^process_resident_memory_bytes (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(10_000_000);
    expect(Number(/^flowmeter_plugin_queries_total (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
  });
});

describe('stopping', () => {
  it('Shutdown: the process exits 0 within Grafana\'s 2 s', async () => {
    const plugin = await GrafanaHost.start();
    await expect(plugin.ping()).resolves.toEqual({ status: 'SERVING' });
    const asked = Date.now();
    await plugin.shutdown();
    expect(await plugin.exited).toBe(0);
    expect(Date.now() - asked).toBeLessThan(2000);
    await plugin.stop();
  });

  it('stops on SIGTERM even when its stdout and stderr are gone (no loop on EPIPE)', async () => {
    const plugin = await GrafanaHost.start();
    // The reading ends closed, as when the host has died: the plugin's next log line gets EPIPE.
    plugin.child.stdout!.destroy();
    plugin.child.stderr!.destroy();
    plugin.child.kill('SIGTERM');
    const timer = setTimeout(() => plugin.child.kill('SIGKILL'), 5000);
    expect(await plugin.exited).toBe(0);
    clearTimeout(timer);
    await plugin.stop();
  }, 20_000);

  it('refuses to run outside a plugin host (no magic cookie)', async () => {
    const child = spawn(PLUGIN_COMMAND[0], PLUGIN_COMMAND.slice(1), { env: { ...grafanaEnv(), grafana_plugin_type: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += c; });
    expect(await new Promise((done) => child.on('exit', done))).toBe(1);
    expect(stderr).toMatch(/This binary is a plugin/);
  });

  it('exits when its host dies without asking', async () => {
    // The host: a shell that starts the plugin and is then killed outright.
    const shell = spawn('/bin/sh', ['-c', `${PLUGIN_COMMAND.map((w) => `"${w}"`).join(' ')} & echo "pid $!" >&2; wait`], { env: grafanaEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = await new Promise<number>((done) => shell.stderr.on('data', (c: Buffer) => { const m = /pid (\d+)/.exec(c.toString()); if (m) done(Number(m[1])); }));
    await new Promise<void>((done) => shell.stdout.once('data', () => done()));
    shell.kill('SIGKILL');
    // Gone, or a zombie nobody has reaped yet (state Z in /proc/<pid>/stat).
    const alive = () => { try { return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; } };
    const deadline = Date.now() + 8000;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const survived = alive();
    if (survived) process.kill(pid, 'SIGKILL');
    expect(survived).toBe(false);
  }, 60_000);
});
