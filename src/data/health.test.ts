/** "Save & test" against real services: each way it can fail says what is wrong. */
import { INGEST_TOKEN, READ_TOKEN, testServices } from '../test/flowmeterService';
import { realDataSource } from '../test/realDataSource';

const services = testServices();

const check = (serviceUrl: string, readToken: string | null, legacyUrl = false) =>
  realDataSource({ serviceUrl, readToken, legacyUrl }).testDatasource();

test('success names the version, the store and how many projects the token sees', async () => {
  const result = await check(services.url, READ_TOKEN);
  expect(result.status).toBe('success');
  expect(result.message).toMatch(/^Flowmeter \S+ answers; its embedded store \(duckdb .+\) is up; 3 project\(s\)\.$/);
});

test('a data source saved before 0.2 (URL in jsonData.url) still passes, through the legacy routes', async () => {
  expect((await check(services.url, READ_TOKEN, true)).status).toBe('success');
  expect(await check(services.url, 'wrong', true)).toMatchObject({ status: 'error', message: 'Flowmeter rejected the read token (401: invalid token).' });
});

test('no URL configured: Grafana\'s proxy has nowhere to go (502)', async () => {
  const result = await check('', READ_TOKEN);
  expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(/^Flowmeter is unreachable: Bad Gateway/) });
  expect(result.details?.message).toMatch(/URL under Connection/);
});

test('unreachable URL (the proxy answers 502)', async () => {
  const result = await check(services.closed, READ_TOKEN);
  expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(/^Flowmeter is unreachable: Bad Gateway/) });
  expect(result.details?.message).toMatch(/Grafana server/);
});

test('bad token: 401', async () => {
  expect(await check(services.url, 'wrong')).toMatchObject({ status: 'error', message: 'Flowmeter rejected the read token (401: invalid token).' });
  expect(await check(services.url, null)).toMatchObject({ status: 'error', message: 'Flowmeter rejected the read token (401: missing token).' });
});

test('an ingest token: 403', async () => {
  expect(await check(services.url, INGEST_TOKEN)).toMatchObject({ status: 'error', message: expect.stringMatching(/^The token may not read statistics \(403/) });
});

test('store down: 503 with the store\'s kind', async () => {
  const result = await check(services.storeDown, READ_TOKEN);
  expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(/^Flowmeter answers, but its influx store is down.*\(503\)\.$/) });
});

test('a URL that is not Flowmeter: 404', async () => {
  const result = await check(`${services.url}/not-here`, READ_TOKEN);
  expect(result).toMatchObject({ status: 'error', message: expect.stringContaining('answered 404 for /api/v1/health') });
});
