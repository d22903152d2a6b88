/**
 * "Save & test" against real services: the frontend's testDatasource, through the stand-in of
 * Grafana's /api/datasources/uid/<uid>/health, is the real plugin executable's CheckHealth; each
 * way it can fail says what is wrong.
 */
import { INGEST_TOKEN, READ_TOKEN, testServices } from '../test/flowmeterService';
import { realDataSource } from '../test/realDataSource';
import type { SentRequest } from '../test/grafanaBackendSrv';
import { BACKEND_NOT_RUNNING } from './health';

const services = testServices();

const check = (serviceUrl: string, readToken: string | null, legacyUrl = false) =>
  realDataSource({ serviceUrl, readToken, legacyUrl }).testDatasource();

test('success names the version, where the service is, the store and how many projects the token sees; through the health API', async () => {
  const sent: SentRequest[] = [];
  const result = await realDataSource({ sent }).testDatasource();
  expect(result.status).toBe('success');
  expect(result.message).toMatch(/^Flowmeter \S+ at http:\/\/127\.0\.0\.1:\d+ answers; its embedded store \(duckdb .+\) is up; 3 project\(s\)\.$/);
  expect(sent.map((r) => [r.method, r.url])).toEqual([['GET', expect.stringMatching(/^\/api\/datasources\/uid\/flowmeter-test-\d+-\d+\/health$/)]]);
});

test('a data source saved before 0.2 (URL in jsonData.url) still passes: the backend falls back to it', async () => {
  expect((await check(services.url, READ_TOKEN, true)).status).toBe('success');
  expect(await check(services.url, 'wrong', true)).toMatchObject({ status: 'error', message: expect.stringMatching(/^Flowmeter rejected the read token \(401: invalid token\): enter one of the service's FLOWMETER_READ_TOKENS/) });
});

test('no URL configured: says to set one', async () => {
  expect(await check('', READ_TOKEN)).toMatchObject({ status: 'error', message: expect.stringMatching(/^The data source has no URL: set the URL of the Flowmeter service/) });
});

test('unreachable URL: names it, and that the Grafana server must reach it', async () => {
  const result = await check(services.closed, READ_TOKEN);
  expect(result).toMatchObject({ status: 'error', message: expect.stringContaining(`Flowmeter is unreachable at ${services.closed} (ECONNREFUSED)`) });
  expect(result.message).toMatch(/the Grafana server can reach it/);
});

test('bad token: 401', async () => {
  expect(await check(services.url, 'wrong')).toMatchObject({ status: 'error', message: expect.stringMatching(/^Flowmeter rejected the read token \(401: invalid token\)/) });
  expect(await check(services.url, null)).toMatchObject({ status: 'error', message: expect.stringMatching(/^Flowmeter rejected the read token \(401: missing token\)/) });
});

test('an ingest token: 403', async () => {
  expect(await check(services.url, INGEST_TOKEN)).toMatchObject({ status: 'error', message: expect.stringMatching(/token may not read statistics \(403.*use a read token/) });
});

test('store down: 503 with the store\'s kind, and where to look', async () => {
  const result = await check(services.storeDown, READ_TOKEN);
  expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(/^Flowmeter at \S+ answers, but its influx store is down.*\(503\)\.$/) });
  expect(result.details?.message).toMatch(/Check the store/);
});

test('a URL that is not Flowmeter: 404', async () => {
  const result = await check(`${services.url}/not-here`, READ_TOKEN);
  expect(result).toMatchObject({ status: 'error', message: expect.stringContaining('answered 404: is the URL the root of a Flowmeter service?') });
});

test('Grafana answers that the backend is unavailable (its process stopped): says so, and where the plugin runs', async () => {
  const result = await realDataSource({ withoutBackend: true }).testDatasource();
  expect(result).toMatchObject({ status: 'error', message: `${BACKEND_NOT_RUNNING} (Grafana answered plugin.unavailable).` });
  expect(result.details?.message).toMatch(/glibc.*grafana\/grafana:<version>-ubuntu.*not the default Alpine image/);
});
