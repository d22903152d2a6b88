/** "Save & test" against real services: each way it can fail says what is wrong. */
import { INGEST_TOKEN, READ_TOKEN, testServices } from '../test/flowmeterService';
import { realDataSource } from '../test/realDataSource';

const services = testServices();

const check = (serviceUrl: string, readToken: string | null, configuredUrl = serviceUrl) =>
  realDataSource({ serviceUrl, readToken, jsonData: { url: configuredUrl } }).testDatasource();

test('success names the version, the store and how many projects the token sees', async () => {
  const result = await check(services.url, READ_TOKEN);
  expect(result.status).toBe('success');
  expect(result.message).toMatch(new RegExp(`^Flowmeter \\S+ at ${services.url} answers; its embedded store \\(duckdb .+\\) is up; 3 project\\(s\\)\\.$`));
});

test('no URL configured', async () => {
  expect(await check(services.url, READ_TOKEN, '')).toMatchObject({ status: 'error', message: expect.stringMatching(/^Set the URL/) });
});

test('unreachable URL (the proxy answers 502)', async () => {
  const result = await check(services.closed, READ_TOKEN);
  expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(new RegExp(`^Flowmeter is unreachable at ${services.closed}: Bad Gateway`)) });
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
  expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(new RegExp(`^Flowmeter at ${services.storeDown} answers, but its influx store is down.*\\(503\\)\\.$`)) });
});

test('a URL that is not Flowmeter: 404', async () => {
  const result = await check(`${services.url}/not-here`, READ_TOKEN);
  expect(result).toMatchObject({ status: 'error', message: expect.stringContaining('answered 404 for /api/v1/health') });
});
