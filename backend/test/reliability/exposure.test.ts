/**
 * What the service tells whom: health's detail (internal URL, driver error) only to a caller
 * with a token, 503 bodies without it, credentials and tokens in no log line, and the two
 * headers on every answer.
 */
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { createApp } from '../../src/app';
import { configuredSecrets, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { InfluxStore } from '../../src/store/influx/InfluxStore';
import { freePort } from '../support/influxd';
import { openEmbeddedStore, silentLogger, type TestStore } from '../support/stores';

/** The service as server.ts builds it (its logger included), writing its log lines into `lines`. */
async function serve(env: Record<string, string>, store: (config: ReturnType<typeof loadConfig>) => InfluxStore | Promise<TestStore>) {
  const config = loadConfig({ FLOWMETER_HOST: '127.0.0.1', FLOWMETER_PORT: '0', ...env });
  const lines: string[] = [];
  const capture: DestinationStream = { write: (line: string) => { lines.push(line); } };
  const logger = createLogger('info', configuredSecrets(config), capture);
  const made = await store(config);
  const app = createApp({ config, store: 'store' in made ? made.store : made, logger });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, lines,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ('dispose' in made ? made.dispose() : made.close());
    },
  };
}

const TOKENS = { FLOWMETER_READ_TOKENS: 'reader-secret-1', FLOWMETER_INGEST_TOKENS: 'writer-secret-2' };

describe('an unreachable InfluxDB named with credentials in its URL', () => {
  let service: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    const port = await freePort();
    service = await serve({ ...TOKENS, FLOWMETER_INFLUX_URL: `http://flow:hunter2-pass@127.0.0.1:${port}` }, (config) =>
      new InfluxStore({ ...config.influx, url: config.influx.url!, logger: silentLogger, timeoutMs: 2000 }));
  });
  afterAll(async () => { await service.close(); });

  it('gives health\'s detail to a caller with a token only', async () => {
    const anonymous = await fetch(`${service.url}/api/v1/health`);
    expect(anonymous.status).toBe(503);
    const body = await anonymous.text();
    expect(JSON.parse(body)).toEqual({ status: 'unavailable', version: expect.any(String), store: { kind: 'influx', ok: false, engine: 'influxdb' } });
    expect(body).not.toMatch(/127\.0\.0\.1|unreachable/);

    const trusted = await (await fetch(`${service.url}/api/v1/health`, { headers: { authorization: 'Bearer reader-secret-1' } })).json();
    expect(trusted.store.detail).toMatch(/InfluxDB at http:\/\/127\.0\.0\.1:\d+ is unreachable/);
    expect(JSON.stringify(trusted)).not.toMatch(/hunter2/);
  });

  it('answers 503 without the cause, and logs the cause without credentials or tokens', async () => {
    const res = await fetch(`${service.url}/api/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer writer-secret-2' },
      body: JSON.stringify({ kind: 'build', project: 'p', status: 'success', time: 1_764_000_000 }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({ error: 'storage unavailable; retry later' });
    const log = service.lines.join('');
    expect(log).toMatch(/unreachable/);
    expect(log).not.toMatch(/hunter2|reader-secret-1|writer-secret-2/);
  });
});

describe('answers of every kind', () => {
  let service: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => { service = await serve(TOKENS, () => openEmbeddedStore()); });
  afterAll(async () => { await service.close(); });

  it.each([
    ['health', '/api/v1/health', {}],
    ['a statistic', '/openapi/statistics/overview', { authorization: 'Bearer reader-secret-1' }],
    ['a 401', '/api/v2/insights/gh/a/b/workflows', {}],
    ['a 404', '/nowhere', {}],
  ])('%s has nosniff and no-store', async (_what, path, headers) => {
    const res = await fetch(`${service.url}${path}`, { headers });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps a token out of the logs wherever it appears in a line', async () => {
    await fetch(`${service.url}/api/v1/lookup/projects`, { headers: { authorization: 'Bearer reader-secret-1', 'circle-token': 'writer-secret-2' } });
    await fetch(`${service.url}/reader-secret-1/x`);
    expect(service.lines.length).toBeGreaterThan(0);
    expect(service.lines.join('')).not.toMatch(/reader-secret-1|writer-secret-2/);
    expect(service.lines.join('')).toMatch(/\/\*\*\*\/x/);
  });
});
